package family

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"
)

func TestPolicy_InQuiet(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 1, 2, h, m, 0, 0, time.UTC) }
	cases := []struct {
		quiet string
		t     time.Time
		in    bool
	}{
		{"21:00-07:00", at(20, 59), false},
		{"21:00-07:00", at(21, 0), true},
		{"21:00-07:00", at(0, 0), true},
		{"21:00-07:00", at(6, 59), true},
		{"21:00-07:00", at(7, 0), false},
		{"13:00-14:30", at(14, 29), true},
		{"13:00-14:30", at(14, 30), false},
		{"13:00-14:30", at(12, 59), false},
		{"", at(22, 0), false},
	}
	for _, c := range cases {
		if in, _ := (Policy{Quiet: c.quiet}).InQuiet(c.t); in != c.in {
			t.Errorf("%q at %s: in=%v, want %v", c.quiet, c.t.Format("15:04"), in, c.in)
		}
	}
	for _, bad := range []string{"21:00", "25:00-07:00", "21:00-21:00", "nine-ten"} {
		p := Policy{Quiet: bad}
		if err := p.Validate(); err == nil {
			t.Errorf("quiet %q accepted", bad)
		}
	}
}

func TestEnvelope_SignedBySomeoneElseOrEdited(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	st := Statement{SupervisionID: "s1", Seq: 3, GuardianName: "Ann", Policy: Policy{Modules: []string{"tutor"}}}
	env, err := sign(priv, st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := verify(pub, env)
	if err != nil || got.Seq != 3 || got.Policy.Modules[0] != "tutor" {
		t.Fatalf("verify: %+v %v", got, err)
	}
	forged, _ := sign(other, st)
	if _, err := verify(pub, forged); err == nil {
		t.Fatal("a policy signed by another key verified")
	}
	edited := bytes.Replace(env, []byte("tutor"), []byte("games"), 1)
	if _, err := verify(pub, edited); err == nil {
		t.Fatal("an edited policy verified")
	}
	key := make([]byte, 32)
	rand.Read(key)
	sealed, err := seal(key, "s1", env)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("tutor")) {
		t.Fatal("the sealed policy is readable")
	}
	if _, err := unseal(key, "s2", sealed); err == nil {
		t.Fatal("a policy file of another supervision opened")
	}
	if back, err := unseal(key, "s1", sealed); err != nil || !bytes.Equal(back, env) {
		t.Fatalf("unseal: %v", err)
	}
}
