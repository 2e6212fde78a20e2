//go:build hearthtest

package main

import (
	"os"
	"path/filepath"

	"hearth/backend/api"
	"hearth/backend/cli"
	"hearth/backend/vault"
)

// Test hooks, compiled only into binaries built with -tags hearthtest (the
// end-to-end and screenshot scripts). Never in a release build:
// release_test.go builds the release binary and checks.
//
//   HEARTH_TEST_LOW_KDF=1        cheap Argon2id, so many unlocks stay fast
//   HEARTH_TEST_DIALOG_DIR=DIR   file dialogs answer with files in DIR, as a
//                                GTK dialog would block the browser-driven page

func lowKDF() bool { return os.Getenv("HEARTH_TEST_LOW_KDF") == "1" }

func applyWindowTestHooks(cfg *api.Config) {
	if lowKDF() {
		cfg.KDF = vault.LowSecurityKDFParams()
	}
	if dir := os.Getenv("HEARTH_TEST_DIALOG_DIR"); dir != "" {
		cfg.Dialogs = folderDialogs{dir: dir}
	}
}

func applyCLITestHooks(env *cli.Env) {
	if lowKDF() {
		env.KDF = vault.LowSecurityKDFParams()
	}
}

// folderDialogs answers file dialogs from one folder: save goes to
// DIR/<default name>, open returns the newest file there.
type folderDialogs struct{ dir string }

func (d folderDialogs) SaveFile(_, defaultName string) (string, error) {
	return filepath.Join(d.dir, defaultName), nil
}

func (d folderDialogs) OpenFile(string) (string, error) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return "", err
	}
	best, bestTime := "", int64(0)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() && info.ModTime().UnixNano() > bestTime {
			best, bestTime = filepath.Join(d.dir, e.Name()), info.ModTime().UnixNano()
		}
	}
	return best, nil
}
