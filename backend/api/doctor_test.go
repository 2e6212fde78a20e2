package api_test

import (
	"strings"
	"testing"

	"hearth/backend/api"
	"hearth/backend/doctor"
	"hearth/backend/llm/llmtest"
)

func checkNames(rs []doctor.Result) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return strings.Join(names, ",")
}

// TestSystem_Doctor: the window's Diagnostics shows the shared check list
// (package doctor): the machine, then the open profile's files, database
// and endpoints, with the settings the profile keeps read through the
// settings service.
func TestSystem_Doctor(t *testing.T) {
	b, _ := newBackend(t)
	rs := b.System.Doctor()
	if got := checkNames(rs); got != "data dir,keychain,webkit/gtk,AI endpoints" {
		t.Fatalf("no profile open: %s", got)
	}
	if last := rs[len(rs)-1]; !last.Skip || !rs[1].OK {
		t.Fatalf("no profile open: %+v", rs)
	}

	bob, err := b.Profiles.Create(api.CreateRequest{Name: "Bob", Protection: "keychain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Profiles.Unlock(bob.Profile.ID, ""); err != nil {
		t.Fatal(err)
	}
	rs = b.System.Doctor()
	if got := checkNames(rs); got != "data dir,keychain,webkit/gtk,files of Bob,database of Bob,AI endpoints of Bob" {
		t.Fatalf("open profile without endpoints: %s", got)
	}
	srv := llmtest.NewServer(t, "fake-model")
	if _, err := b.Endpoints.Add("Home", srv.URL+"/v1", "fake-model", ""); err != nil {
		t.Fatal(err)
	}
	rs = b.System.Doctor()
	last := rs[len(rs)-1]
	if last.Name != "endpoint Home" || !last.OK || !strings.Contains(last.Detail, "answers") {
		t.Fatalf("endpoint check: %+v", rs)
	}

	if n, err := b.Profiles.GetAutoLock(); err != nil || n != 15 {
		t.Fatalf("auto-lock default: %d %v", n, err)
	}
	if err := b.Profiles.SetAutoLock(0); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Profiles.GetAutoLock(); err != nil || n != 0 {
		t.Fatalf("auto-lock after setting 0 (never): %d %v", n, err)
	}
}
