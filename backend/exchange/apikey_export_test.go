package exchange_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"hearth/backend/chat"
	"hearth/backend/exchange"
	"hearth/backend/llm"
	"hearth/backend/memory"
	"hearth/backend/module"
)

// TestExport_NoAPIKeys guards isolation rule 6 for exports: a profile whose
// endpoints carry API keys, one of them a module's own endpoint, is
// exported as a readable archive and as an encrypted bundle, whole and
// module by module; the key (raw, hex, base64) appears in no file of any
// of them, inside or outside the ZIP's compression, and no temp file is
// left next to them.
func TestExport_NoAPIKeys(t *testing.T) {
	const key = "sk-hearth-export-canary-7f3a9c"
	const defaultKey = "sk-hearth-default-canary-41be02"
	db := openDB(t)
	now := func() time.Time { return time.UnixMilli(1700000000000) }
	eps := llm.NewEndpoints(db, now)
	if _, err := eps.Add(ctx, llm.EndpointInput{Name: "Default", BaseURL: "https://api.example.com/v1", DefaultModel: "m", APIKey: defaultKey}); err != nil {
		t.Fatal(err)
	}
	ep, err := eps.Add(ctx, llm.EndpointInput{Name: "Kitchen's", BaseURL: "https://kitchen.example.com/v1", DefaultModel: "k", APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	mods := module.NewService(db, now)
	if err := mods.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	kitchen, err := mods.Get(ctx, "kitchen")
	if err != nil {
		t.Fatal(err)
	}
	kitchen.EndpointID = ep.ID
	if _, err := mods.Update(ctx, kitchen); err != nil {
		t.Fatal(err)
	}
	st := chat.NewStore(db, now)
	sess, err := st.CreateSession(ctx, "kitchen", "Soup")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddMessage(ctx, "kitchen", chat.Message{SessionID: sess.ID, Role: "user", Content: "leek soup?"}); err != nil {
		t.Fatal(err)
	}
	if _, err := memory.NewService(db, now).Add(ctx, "kitchen", memory.Memory{Text: "Likes leeks"}); err != nil {
		t.Fatal(err)
	}
	// Control: the key is really in the profile, so its absence below means something.
	var stored int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM endpoints WHERE api_key IN (?, ?)`, key, defaultKey).Scan(&stored); err != nil || stored != 2 {
		t.Fatalf("keys stored: %d, %v", stored, err)
	}

	needles := map[string][]byte{}
	for _, k := range []string{key, defaultKey} {
		needles[k] = []byte(k)
		needles[k+" hex"] = []byte(hex.EncodeToString([]byte(k)))
		needles[k+" base64"] = []byte(base64.StdEncoding.EncodeToString([]byte(k)))
		needles[k+" base64 raw"] = []byte(base64.RawStdEncoding.EncodeToString([]byte(k)))
	}
	check := func(t *testing.T, where string, b []byte) {
		t.Helper()
		for name, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("%s holds the API key (%s)", where, name)
			}
		}
	}

	for _, format := range []exchange.Format{exchange.FormatZip, exchange.FormatBundle} {
		for _, scope := range []string{"", "kitchen"} {
			t.Run(string(format)+"/"+map[string]string{"": "profile", "kitchen": "module"}[scope], func(t *testing.T) {
				dir := t.TempDir()
				out := filepath.Join(dir, "export."+string(format))
				if _, err := exchange.ExportFile(ctx, db, out, format, testPass, lowCost(exchange.ExportOptions{ModuleID: scope, ProfileName: "Ada"})); err != nil {
					t.Fatal(err)
				}
				raw, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "the export file", raw)
				if format == exchange.FormatBundle {
					id, err := age.NewScryptIdentity(testPass)
					if err != nil {
						t.Fatal(err)
					}
					r, err := age.Decrypt(bytes.NewReader(raw), id)
					if err != nil {
						t.Fatal(err)
					}
					if raw, err = io.ReadAll(r); err != nil {
						t.Fatal(err)
					}
					check(t, "the decrypted bundle", raw)
				}
				zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, f := range zr.File {
					names = append(names, f.Name)
					check(t, "an entry name", []byte(f.Name))
					check(t, f.Name+"'s comment", []byte(f.Comment))
					rc, err := f.Open()
					if err != nil {
						t.Fatal(err)
					}
					b, err := io.ReadAll(rc)
					rc.Close()
					if err != nil {
						t.Fatal(err)
					}
					check(t, f.Name, b)
				}
				check(t, "the archive comment", []byte(zr.Comment))
				// Control: the export really holds the module and its chat.
				all := strings.Join(names, " ")
				if !strings.Contains(all, "modules.json") || !strings.Contains(all, "sessions/kitchen/") || !strings.Contains(all, "markdown/kitchen/") {
					t.Fatalf("export lacks the kitchen module's files: %v", names)
				}
				ents, _ := os.ReadDir(dir)
				if len(ents) != 1 {
					t.Errorf("files next to the export: %v", ents)
				}
			})
		}
	}
}
