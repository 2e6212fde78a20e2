package exchange

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"hearth/backend/internal/safezip"
)

// Bounds on documents in an archive (Hearth's own limits are lower: a file
// of at most 64 MB with at most 16 MB of text).
const (
	maxDocuments     = 10_000
	maxDocEntryBytes = 64 << 20
	maxDocChunks     = 100_000
	maxDocNameLen    = 255
)

// docSink is implemented by sinks that take documents; they arrive after
// begin and before the first session.
type docSink interface {
	document(d *DocumentRecord) error
}

// readDocuments reads and checks documents/*.json, counting them into got
// and handing each to s. An archive without documents/ has none.
func readDocuments(ctx context.Context, zr *safezip.Reader, lim Limits, mods map[string]struct{}, got *Counts, s sink) error {
	seen := map[string]struct{}{}
	for _, f := range zr.Files() {
		if !strings.HasPrefix(f.Name, dirDocuments) || !strings.HasSuffix(f.Name, ".json") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if got.Documents >= maxDocuments {
			return errf(ErrTooLarge, nil, "The archive holds more than %d documents, more than Hearth imports at once.", maxDocuments)
		}
		var d DocumentRecord
		if err := readSmallJSON(zr, f.Name, maxDocEntryBytes, &d); err != nil {
			return err
		}
		if p := d.problem(lim); p != "" {
			return invalid(nil, f.Name, "%s", p)
		}
		if _, ok := mods[d.Scope]; !ok && d.Scope != sharedScope {
			return invalid(nil, f.Name, "its scope is not a module in the archive")
		}
		if _, dup := seen[d.ID]; dup {
			return invalid(nil, f.Name, "the id %q appears twice", d.ID)
		}
		seen[d.ID] = struct{}{}
		got.Documents++
		if ds, ok := s.(docSink); ok {
			if err := ds.document(&d); err != nil {
				return err
			}
		}
	}
	return nil
}

var docKinds = map[string]bool{"text": true, "markdown": true, "html": true, "pdf": true, "docx": true}

func (d *DocumentRecord) problem(lim Limits) string {
	r := firstProblem(checkID(d.ID), checkTime("createdAt", d.CreatedAt))
	switch {
	case r != "":
		return r
	case d.Name == "" || len(d.Name) > maxDocNameLen || !utf8.ValidString(d.Name) || strings.ContainsAny(d.Name, "/\\\x00"):
		return "has a missing or unusable name"
	case !docKinds[d.Kind]:
		return fmt.Sprintf("has an unknown kind %q", d.Kind)
	case d.Sensitivity != "normal" && d.Sensitivity != "sensitive":
		return fmt.Sprintf("has an unknown sensitivity %q", d.Sensitivity)
	case d.Bytes < 0 || d.Pages < 0 || d.Pages > 100_000:
		return "has impossible sizes"
	case len(d.OriginModule) > maxIDLen:
		return "has an origin module id longer than 128 bytes"
	case len(d.Chunks) == 0:
		return "has no text"
	case len(d.Chunks) > maxDocChunks:
		return fmt.Sprintf("has more than %d passages", maxDocChunks)
	}
	for i, c := range d.Chunks {
		switch {
		case c.Text == "" || len(c.Text) > lim.MaxTextBytes:
			return fmt.Sprintf("passage %d is empty or longer than %d bytes", i+1, lim.MaxTextBytes)
		case c.Page < 0 || c.Page > d.Pages && d.Pages > 0:
			return fmt.Sprintf("passage %d has an impossible page", i+1)
		case len(c.Heading) > maxShortLen:
			return fmt.Sprintf("passage %d has a heading longer than %d bytes", i+1, maxShortLen)
		}
	}
	return ""
}
