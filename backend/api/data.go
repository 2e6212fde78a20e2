package api

import (
	"context"
	"time"

	"hearth/backend/exchange"
	"hearth/backend/household"
)

// Data exports and imports the open profile.
type Data struct{ b *Backend }

// ChooseExportFile asks where to save an export ("" if cancelled).
func (d *Data) ChooseExportFile(format string) (string, error) {
	if d.b.cfg.Dialogs == nil {
		return "", invalid("File dialogs are not available here.")
	}
	ext := ".zip"
	if format == string(exchange.FormatBundle) {
		ext = ".hearth"
	}
	name := "hearth-export-" + time.Now().Format("2006-01-02") + ext
	if cur, err := d.b.home.Current(); err == nil {
		name = "hearth-" + safeName(cur.Name) + "-" + time.Now().Format("2006-01-02") + ext
	}
	return d.b.cfg.Dialogs.SaveFile("Export profile", name)
}

// ChooseImportFile asks which export to import ("" if cancelled).
func (d *Data) ChooseImportFile() (string, error) {
	if d.b.cfg.Dialogs == nil {
		return "", invalid("File dialogs are not available here.")
	}
	return d.b.cfg.Dialogs.OpenFile("Import a Hearth export")
}

// ExportRequest is what to export and where.
type ExportRequest struct {
	Format     string `json:"format"`   // zip | hearth
	ModuleID   string `json:"moduleId"` // "" = whole profile
	Path       string `json:"path"`
	Passphrase string `json:"passphrase"` // hearth only
}

// ExportResult summarises a finished export.
type ExportResult struct {
	Path     string `json:"path"`
	Modules  int    `json:"modules"`
	Sessions int    `json:"sessions"`
	Messages int    `json:"messages"`
	Memories int    `json:"memories"`
	Bytes    int64  `json:"bytes"`
}

// Export writes the open profile (or one module) to req.Path, reporting
// progress as export:progress events.
func (d *Data) Export(req ExportRequest) (ExportResult, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return ExportResult{}, err
	}
	if req.Path == "" {
		return ExportResult{}, invalid("Choose where to save the export.")
	}
	st, err := exchange.ExportFile(context.Background(), ws.DB, req.Path, exchange.Format(req.Format), req.Passphrase, exchange.ExportOptions{
		ModuleID:    req.ModuleID,
		ProfileName: ws.Profile.Name,
		Progress: func(done, total int) {
			d.b.cfg.Emit(EventExportProgress, ExportProgress{Done: done, Total: total})
		},
	})
	if err != nil {
		return ExportResult{}, d.b.fail("data.export", err)
	}
	return ExportResult{Path: req.Path, Modules: st.Modules, Sessions: st.Sessions, Messages: st.Messages, Memories: st.Memories, Bytes: st.Bytes}, nil
}

// ImportResult counts what an import added.
type ImportResult struct {
	Modules  int `json:"modules"`
	Sessions int `json:"sessions"`
	Messages int `json:"messages"`
	Memories int `json:"memories"`
}

// ImportInto adds a .zip or .hearth export to the open profile as new
// modules and sessions (nothing is overwritten or merged).
func (d *Data) ImportInto(path, passphrase string) (ImportResult, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return ImportResult{}, err
	}
	st, err := exchange.ImportFile(context.Background(), ws.DB, path, passphrase, exchange.ImportOptions{})
	if err != nil {
		return ImportResult{}, d.b.fail("data.import", err)
	}
	return ImportResult{Modules: st.Modules, Sessions: st.Sessions, Messages: st.Messages, Memories: st.Memories}, nil
}

func safeName(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			out = append(out, r)
		case r == ' ':
			out = append(out, '-')
		}
	}
	if len(out) == 0 {
		return "profile"
	}
	return string(out)
}

// NeedsPassphrase says whether a chosen file is an encrypted .hearth bundle.
func (d *Data) NeedsPassphrase(path string) bool { return household.IsBundle(path) }

// ImportChatGPT adds a ChatGPT export (conversations.json or its ZIP) to a
// module of the open profile: each conversation becomes a session.
func (d *Data) ImportChatGPT(path, moduleID string) (ImportResult, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return ImportResult{}, err
	}
	st, err := exchange.ImportChatGPTFile(context.Background(), ws.DB, path, moduleID, exchange.ChatGPTOptions{})
	if err != nil {
		return ImportResult{}, d.b.fail("data.import-chatgpt", err)
	}
	return ImportResult{Sessions: st.Sessions, Messages: st.Messages}, nil
}
