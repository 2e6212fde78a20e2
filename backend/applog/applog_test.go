package applog_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hearth/backend/applog"
)

func TestFile_Rotates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hearth.log")
	f, err := applog.OpenFile(path, 200, 2)
	if err != nil {
		t.Fatal(err)
	}
	log := applog.New(f, slog.LevelInfo)
	for i := 0; i < 50; i++ {
		log.Info("tick", "i", i)
	}
	f.Close()
	for _, p := range []string{path, path + ".1", path + ".2"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if st.Size() > 200 {
			t.Errorf("%s is %d bytes, over the limit", p, st.Size())
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", p, st.Mode().Perm())
		}
	}
	if _, err := os.Stat(path + ".3"); !os.IsNotExist(err) {
		t.Errorf("kept more than 2 rotated files")
	}
}

func TestNew_RedactsSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hearth.log")
	f, err := applog.OpenFile(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	log := applog.New(f, slog.LevelInfo)
	log.Info("unlock", "pin", "4711-canary", "api_key", "sk-canary", "content", "hello-canary", "profile_id", "abc")
	f.Close()
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "canary") {
		t.Fatalf("secret reached the log: %s", b)
	}
	if !strings.Contains(string(b), "profile_id=abc") {
		t.Fatalf("ordinary attribute lost: %s", b)
	}
}
