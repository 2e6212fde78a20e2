package profile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hearth/backend/vault"
)

// CheckFiles checks profile id's folder without unlocking it (hearth
// doctor): both copies of the key slots (a damaged or missing copy is
// rewritten from the other, and said so), the database file, and files
// kept aside after damage (*.damaged-*). It returns a one-line summary, or
// an error saying what is wrong and what to do.
func (m *Manager) CheckFiles(ctx context.Context, id string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.findID(id); err != nil {
		return "", err
	}
	dir := m.Dir(id)
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return "", fmt.Errorf("the profile folder %s is a symbolic link", dir)
	}
	var repairs []string
	v := vault.New(dir, id, m.kc, vault.Options{OnRepair: func(msg string) {
		m.log.Warn("key slots repaired", "profile", id, "detail", msg)
		repairs = append(repairs, msg)
	}})
	if _, err := v.Mode(ctx); err != nil {
		return "", fmt.Errorf("key slots: %w", err)
	}
	fi, err := os.Stat(filepath.Join(dir, DBFileName))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("%s is missing; put it back from a backup or import an export as a new profile", DBFileName)
	case err != nil:
		return "", fmt.Errorf("%s: %w", DBFileName, err)
	case fi.Size() == 0:
		return "", fmt.Errorf("%s is empty (0 bytes); put it back from a backup or import an export as a new profile", DBFileName)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "*.damaged-*"))
	if len(kept) > 0 {
		var names []string
		for _, k := range kept {
			names = append(names, filepath.Base(k))
		}
		return "", fmt.Errorf("damaged files were kept aside in %s: %s (remove them once you have checked your data)", dir, strings.Join(names, ", "))
	}
	if len(repairs) > 0 {
		return "key slots repaired: " + strings.Join(repairs, "; "), nil
	}
	return "key slots (two copies) and database file present", nil
}
