package doctor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"hearth/backend/store"
)

// Database checks an open profile database: SQLite's quick_check and the
// search indexes' integrity checks (store.DB.CheckIntegrity), and files in
// the profile folder dir that Hearth kept aside after finding damage
// (*.damaged-*), which stay reported until the person removes them.
func Database(name, dir string, db *store.DB) Check {
	return Check{Name: "database of " + name, Run: func(ctx context.Context) (string, error) {
		res, err := db.CheckIntegrity(ctx)
		if err != nil {
			return "", fmt.Errorf("the check could not run: %w", err)
		}
		if !res.OK() {
			return "", fmt.Errorf("damaged (%s); export what can still be read with 'hearth export --force' and import it as a new profile", strings.Join(res.Problems, "; "))
		}
		kept, _ := filepath.Glob(filepath.Join(dir, "*.damaged-*"))
		if len(kept) > 0 {
			var names []string
			for _, k := range kept {
				names = append(names, filepath.Base(k))
			}
			return "", fmt.Errorf("intact now, but damaged files were kept aside in %s: %s (changes in them could not be recovered; remove them once you have checked your data)", dir, strings.Join(names, ", "))
		}
		return "intact (quick_check and search indexes)", nil
	}}
}
