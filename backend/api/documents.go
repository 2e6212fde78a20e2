package api

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"hearth/backend/apperr"
	"hearth/backend/docs"
	"hearth/backend/docs/extract"
)

// Documents manages what a module reads from: files added with the native
// file dialog or dropped on the module's page. Their text is kept only in
// the open profile's encrypted database.
type Documents struct{ b *Backend }

// AddRequest is how a new document is kept.
type AddRequest struct {
	ModuleID  string `json:"moduleId"`
	Shared    bool   `json:"shared"`
	Sensitive bool   `json:"sensitive"`
}

// AddResult is the added document; Canceled when the person closed the
// file dialog without choosing.
type AddResult struct {
	Document docs.Document `json:"document"`
	Canceled bool          `json:"canceled"`
}

// List returns a module's documents and the shared ones, newest first.
func (d *Documents) List(moduleID string) ([]docs.Document, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return nil, err
	}
	out, err := ws.Docs.List(context.Background(), moduleID)
	if out == nil {
		out = []docs.Document{}
	}
	return out, d.b.fail("docs.list", err)
}

// AddFile asks for a file with the native dialog and adds it.
func (d *Documents) AddFile(req AddRequest) (AddResult, error) {
	if d.b.cfg.Dialogs == nil {
		return AddResult{}, d.b.fail("docs.add", apperr.New(apperr.Invalid, "No file dialog is available; drop the file on the module instead."))
	}
	path, err := d.b.cfg.Dialogs.OpenFile("Add a document")
	if err != nil {
		return AddResult{}, d.b.fail("docs.add", err)
	}
	if path == "" {
		return AddResult{Canceled: true}, nil
	}
	data, err := readFile(path)
	if err != nil {
		return AddResult{}, d.b.fail("docs.add", err)
	}
	doc, err := d.add(req, filepath.Base(path), data)
	return AddResult{Document: doc}, err
}

// AddData adds a file the window read itself (a drop): its name and its
// bytes in base64.
func (d *Documents) AddData(req AddRequest, name, base64Data string) (docs.Document, error) {
	if base64.StdEncoding.DecodedLen(len(base64Data)) > extract.MaxFileBytes+3 {
		return docs.Document{}, d.b.fail("docs.add", tooLarge())
	}
	data, err := base64.StdEncoding.DecodeString(base64Data)
	if err != nil {
		return docs.Document{}, d.b.fail("docs.add", apperr.Wrap(apperr.Invalid, err, "The dropped file could not be read."))
	}
	return d.add(req, name, data)
}

func (d *Documents) add(req AddRequest, name string, data []byte) (docs.Document, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return docs.Document{}, err
	}
	doc, err := ws.Docs.Add(context.Background(), req.ModuleID, name, data, docs.AddOptions{Shared: req.Shared, Sensitive: req.Sensitive})
	return doc, d.b.fail("docs.add", err)
}

func tooLarge() error {
	return apperr.New(apperr.Invalid, fmt.Sprintf("The file is too large: documents may be at most %d MB.", extract.MaxFileBytes>>20))
}

// readFile reads a chosen file, refusing one too large before reading it.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "That file could not be opened.")
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, apperr.Wrap(apperr.Invalid, errors.Join(err, errors.New("not a regular file")), "That is not a file Hearth can read.")
	}
	if fi.Size() > extract.MaxFileBytes {
		return nil, tooLarge()
	}
	data, err := io.ReadAll(io.LimitReader(f, extract.MaxFileBytes+1))
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "That file could not be read.")
	}
	return data, nil
}

// Remove erases a document with its passages.
func (d *Documents) Remove(moduleID, id string) error {
	ws, err := d.b.workspace()
	if err != nil {
		return err
	}
	return d.b.fail("docs.remove", ws.Docs.Remove(context.Background(), moduleID, id))
}

// SetShared shares a document with every module that reads shared memory,
// or returns it to the module it was added to.
func (d *Documents) SetShared(moduleID, id string, shared bool) (docs.Document, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return docs.Document{}, err
	}
	out, err := ws.Docs.SetShared(context.Background(), moduleID, id, shared)
	return out, d.b.fail("docs.share", err)
}

// SetSensitive marks a document sensitive (never sent to a non-local
// endpoint) or normal.
func (d *Documents) SetSensitive(moduleID, id string, sensitive bool) (docs.Document, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return docs.Document{}, err
	}
	out, err := ws.Docs.SetSensitive(context.Background(), moduleID, id, sensitive)
	return out, d.b.fail("docs.sensitive", err)
}

// UsedPassages returns the passages a reply was given (those still kept).
func (d *Documents) UsedPassages(moduleID, messageID string) ([]docs.Passage, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	m, err := ws.Chats.GetMessage(ctx, moduleID, messageID)
	if err != nil {
		return nil, d.b.fail("docs.used", err)
	}
	out := []docs.Passage{}
	for _, id := range m.UsedPassages {
		// Shared ones too: the reply was given them, whatever the policy is now.
		if p, err := ws.Docs.Passage(ctx, moduleID, id, true); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// Passage returns one passage of a module's (or a shared) document.
func (d *Documents) Passage(moduleID, id string) (docs.Passage, error) {
	ws, err := d.b.workspace()
	if err != nil {
		return docs.Passage{}, err
	}
	out, err := ws.Docs.Passage(context.Background(), moduleID, id, true)
	return out, d.b.fail("docs.passage", err)
}
