package doctor_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hearth/backend/doctor"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	checks := []doctor.Check{
		doctor.DataDir(dir),
		{Name: "fails", Run: func(context.Context) (string, error) { return "", errors.New("boom") }},
		{Name: "hangs", Run: func(ctx context.Context) (string, error) { <-ctx.Done(); return "", ctx.Err() }},
		{Name: "skips", Run: func(context.Context) (string, error) { return "locked", doctor.ErrSkipped }},
	}
	res := doctor.Run(context.Background(), checks, 50*time.Millisecond)
	if !res[0].OK {
		t.Fatalf("data dir: %+v", res[0])
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("data dir not created 0700: %v %v", st, err)
	}
	if res[1].OK || res[1].Detail != "boom" {
		t.Fatalf("fails: %+v", res[1])
	}
	if res[2].OK {
		t.Fatalf("hang reported OK")
	}
	if !res[3].Skip || res[3].Detail != "locked" {
		t.Fatalf("skip: %+v", res[3])
	}
}

func TestDataDir_NotWritable(t *testing.T) {
	// A path under a regular file fails even for root.
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o600)
	res := doctor.Run(context.Background(), []doctor.Check{doctor.DataDir(filepath.Join(f, "sub"))}, time.Second)
	if res[0].OK {
		t.Fatalf("a path under a file reported writable")
	}
}
