package exchange

import (
	"archive/zip"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"

	"hearth/backend/apperr"
	"hearth/backend/exchange/internal/utf8check"
	"hearth/backend/internal/safezip"
)

// sink receives a validated archive in order: the manifest, modules and
// memories first (so references can be remapped), then each session head
// followed by its messages, then end.
type sink interface {
	begin(m *Manifest, mods []ModuleRecord, mems []MemoryRecord) error
	session(s *SessionRecord) error
	message(m *MessageRecord) error
	end() error
}

// parseArchive reads and validates a Hearth archive, feeding sink. Every
// check lives here, so the fuzz target exercises exactly what import runs.
func parseArchive(ctx context.Context, zr *safezip.Reader, lim Limits, s sink) error {
	var man Manifest
	if err := readSmallJSON(zr, entryProfile, 1<<20, &man); err != nil {
		return err
	}
	if err := checkManifest(&man, lim); err != nil {
		return err
	}
	var mods modulesFile
	if err := readSmallJSON(zr, entryModules, lim.MaxEntryBytes, &mods); err != nil {
		return err
	}
	modSet, err := checkModules(mods.Modules, lim)
	if err != nil {
		return err
	}
	var mems memoriesFile
	if err := readSmallJSON(zr, entryMemories, lim.MaxEntryBytes, &mems); err != nil {
		return err
	}
	if err := checkMemories(mems.Memories, modSet, lim); err != nil {
		return err
	}
	got := Counts{Modules: len(mods.Modules), Memories: len(mems.Memories)}
	if err := s.begin(&man, mods.Modules, mems.Memories); err != nil {
		return err
	}
	mems.Memories = nil
	if err := readDocuments(ctx, zr, lim, modSet, &got, s); err != nil {
		return err
	}
	seen := newIDSet()
	sessions := map[string]struct{}{}
	for _, f := range zr.Files() {
		if !strings.HasPrefix(f.Name, dirSessions) || !strings.HasSuffix(f.Name, ".json") {
			continue // README, Markdown and folders are for people
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(sessions) >= lim.MaxSessions {
			return errf(ErrTooLarge, nil, "The archive holds more than %d sessions, more than Hearth imports at once.", lim.MaxSessions)
		}
		rc, err := zr.OpenFile(f)
		if err != nil {
			return classify(f.Name, err)
		}
		err = readSession(rc, f.Name, lim, modSet, sessions, seen, &got, s)
		rc.Close()
		if err != nil {
			return classify(f.Name, err)
		}
	}
	if got != man.Counts {
		return invalid(nil, entryProfile, "it declares %d modules, %d sessions, %d messages and %d memories but the archive holds %d, %d, %d and %d (files are missing or extra)",
			man.Counts.Modules, man.Counts.Sessions, man.Counts.Messages, man.Counts.Memories,
			got.Modules, got.Sessions, got.Messages, got.Memories)
	}
	return s.end()
}

func checkManifest(m *Manifest, lim Limits) error {
	switch {
	case m.Format != FormatName:
		return invalid(nil, entryProfile, "it is not a %s manifest", FormatName)
	case m.FormatVersion > FormatVersion:
		return errf(ErrNewerVersion, nil, "This export was made by a newer version of Hearth (format %d); update Hearth to import it.", m.FormatVersion)
	case m.FormatVersion < 1:
		return invalid(nil, entryProfile, "it has no format version")
	case m.SchemaVersion < 1:
		return invalid(nil, entryProfile, "it has no schema version")
	case m.Scope != ScopeProfile && m.Scope != ScopeModule:
		return invalid(nil, entryProfile, "it has an unknown scope")
	case len(m.ProfileName) > maxNameLen || len(m.ModuleID) > maxIDLen:
		return invalid(nil, entryProfile, "a name is too long")
	}
	c := m.Counts
	if c.Modules < 0 || c.Sessions < 0 || c.Messages < 0 || c.Memories < 0 {
		return invalid(nil, entryProfile, "it declares negative counts")
	}
	if c.Modules > lim.MaxModules || c.Sessions > lim.MaxSessions || c.Messages > lim.MaxMessages || c.Memories > lim.MaxMemories {
		return errf(ErrTooLarge, nil, "The archive declares %d modules, %d sessions, %d messages and %d memories, more than Hearth imports at once (%d, %d, %d, %d).",
			c.Modules, c.Sessions, c.Messages, c.Memories, lim.MaxModules, lim.MaxSessions, lim.MaxMessages, lim.MaxMemories)
	}
	return nil
}

func checkModules(mods []ModuleRecord, lim Limits) (map[string]struct{}, error) {
	if len(mods) > lim.MaxModules {
		return nil, errf(ErrTooLarge, nil, "The archive holds more than %d modules.", lim.MaxModules)
	}
	set := make(map[string]struct{}, len(mods))
	for i := range mods {
		where := fmt.Sprintf("%s: module %d", entryModules, i+1)
		if p := mods[i].problem(lim); p != "" {
			return nil, invalid(nil, where, "%s", p)
		}
		if _, dup := set[mods[i].ID]; dup {
			return nil, invalid(nil, where, "the id %q appears twice", mods[i].ID)
		}
		set[mods[i].ID] = struct{}{}
	}
	return set, nil
}

func checkMemories(mems []MemoryRecord, mods map[string]struct{}, lim Limits) error {
	if len(mems) > lim.MaxMemories {
		return errf(ErrTooLarge, nil, "The archive holds more than %d memories.", lim.MaxMemories)
	}
	set := make(map[string]struct{}, len(mems))
	for i := range mems {
		m := &mems[i]
		where := fmt.Sprintf("%s: memory %d", entryMemories, i+1)
		if p := m.problem(lim); p != "" {
			return invalid(nil, where, "%s", p)
		}
		if _, ok := mods[m.Scope]; !ok && m.Scope != sharedScope {
			return invalid(nil, where, "its scope is not a module in the archive")
		}
		if _, dup := set[m.ID]; dup {
			return invalid(nil, where, "the id %q appears twice", m.ID)
		}
		set[m.ID] = struct{}{}
	}
	return nil
}

// readSmallJSON decodes a whole entry strictly (known fields only, valid
// UTF-8, one value, at most max bytes).
func readSmallJSON(zr *safezip.Reader, name string, max uint64, v any) error {
	if !zr.Has(name) {
		return invalid(nil, name, "the file is missing")
	}
	rc, err := zr.Open(name)
	if err != nil {
		return classify(name, err)
	}
	defer rc.Close()
	dec := json.NewDecoder(utf8check.NewReader(io.LimitReader(rc, int64(max)+1)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return classify(name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return invalid(nil, name, "there is data after the JSON value")
		}
		return classify(name, err)
	}
	return nil
}

// idSet remembers message ids by a keyed 64-bit hash: 8 bytes per id
// instead of the id itself, so five million ids stay small. A collision
// (odds ~n²/2⁶⁵) would only reject a valid archive as having duplicates.
type idSet struct {
	seed maphash.Seed
	m    map[uint64]struct{}
}

func newIDSet() *idSet { return &idSet{seed: maphash.MakeSeed(), m: map[uint64]struct{}{}} }

// add reports whether id was new.
func (s *idSet) add(id string) bool {
	h := maphash.String(s.seed, id)
	if _, ok := s.m[h]; ok {
		return false
	}
	s.m[h] = struct{}{}
	return true
}

// classify turns reader and decoder failures into *apperr.Error for where.
func classify(where string, err error) error {
	var e *apperr.Error
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e):
		return err
	case errors.Is(err, safezip.ErrTooLarge):
		return errf(ErrTooLarge, err, "The archive is too large to import (%v).", err)
	case errors.Is(err, safezip.ErrBomb), errors.Is(err, safezip.ErrUnsafe):
		return errf(ErrUnsafe, err, "The archive was refused as unsafe (%v).", err)
	case errors.Is(err, safezip.ErrNotZip):
		return errf(ErrInvalid, err, "The archive is damaged or truncated (%v).", err)
	case errors.As(err, new(flate.CorruptInputError)), errors.Is(err, zip.ErrChecksum),
		errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm):
		// Found by FuzzParseArchive: a damaged compressed entry.
		return invalid(err, where, "its compressed data is damaged")
	case errors.Is(err, utf8check.ErrInvalid):
		return invalid(err, where, "the text is not valid UTF-8")
	case errors.As(err, &syn):
		return invalid(err, where, "it is not valid JSON (near byte %d)", syn.Offset)
	case errors.As(err, &typ):
		return invalid(err, where, "the field %q has the wrong type (%s where %s was expected)", typ.Field, typ.Value, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return invalid(err, where, "it has an unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return invalid(err, where, "it ends too early")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("import %s: %w", where, err)
}
