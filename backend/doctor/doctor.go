// Package doctor checks the machine Hearth runs on: the data dir, the OS
// keychain, the WebKit/GTK libraries the window needs and each configured
// LLM endpoint. Each check is one line, OK or FAIL with a reason.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Result is one line of the report.
type Result struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Skip   bool   `json:"skip"`
	Detail string `json:"detail"`
}

// Check runs one probe.
type Check struct {
	Name string
	Run  func(ctx context.Context) (detail string, err error)
}

// ErrSkipped marks a check that could not run (e.g. a locked profile).
var ErrSkipped = errors.New("skipped")

// Run runs every check with its own timeout, in order.
func Run(ctx context.Context, checks []Check, timeout time.Duration) []Result {
	out := make([]Result, 0, len(checks))
	for _, c := range checks {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		detail, err := c.Run(cctx)
		cancel()
		r := Result{Name: c.Name, OK: err == nil, Detail: detail}
		if err != nil {
			if errors.Is(err, ErrSkipped) {
				r.Skip = true
			}
			if r.Detail == "" {
				r.Detail = err.Error()
			}
		}
		out = append(out, r)
	}
	return out
}

// DataDir checks that dir exists (creating it 0700) and is writable.
func DataDir(dir string) Check {
	return Check{Name: "data dir", Run: func(context.Context) (string, error) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("%s cannot be created: %w", dir, err)
		}
		f, err := os.CreateTemp(dir, ".doctor-*")
		if err != nil {
			return "", fmt.Errorf("%s is not writable: %w", dir, err)
		}
		name := f.Name()
		f.Close()
		os.Remove(name)
		return dir + " (writable)", nil
	}}
}

// libDirs are where Debian and friends keep shared libraries.
var libDirs = []string{"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu"}

// WebKit checks that the GTK 3 and WebKitGTK 4.1 runtime libraries exist.
func WebKit() Check {
	return Check{Name: "webkit/gtk", Run: func(context.Context) (string, error) {
		want := []string{"libgtk-3.so.0", "libwebkit2gtk-4.1.so.0"}
		var found []string
		for _, lib := range want {
			path := findLib(lib)
			if path == "" {
				return "", fmt.Errorf("%s not found (install libgtk-3-0 and libwebkit2gtk-4.1-0); the command line still works", lib)
			}
			found = append(found, path)
		}
		return fmt.Sprintf("%s, %s", filepath.Base(found[0]), filepath.Base(found[1])), nil
	}}
}

func findLib(name string) string {
	for _, d := range libDirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}
