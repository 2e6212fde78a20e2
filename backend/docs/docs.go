// Package docs keeps the documents a profile's modules read from: a file
// added to a module is parsed (package extract), cut into chunks that keep
// their page or heading for citations, and stored only inside the
// profile's encrypted database (documents, chunks and an FTS5 index with
// secure-delete; vectors through package semantic). Nothing is written
// beside the database.
//
// # Scope
//
// Like memories, a document belongs to one module or, when the person
// shares it on purpose, to the shared scope; a module reads shared
// documents only if its policy reads shared memory (module.Policy
// ReadShared). Every query names its scope: a document or passage id of
// another module is "not found", never the row.
//
// # Sensitive documents
//
// A document marked sensitive is never sent to a non-local endpoint: its
// passages are held back from a turn on such an endpoint (counted, as for
// memories), and its chunks are not embedded by a non-local embedding
// endpoint.
//
// # Erasure
//
// Removing a document goes through package erase (FTS5 secure-delete,
// audit, WAL checkpoint); deleting its module removes it too (a trigger of
// migration 0005), and the chunks' vectors and index rows go with them.
package docs

import (
	"errors"
	"fmt"

	"hearth/backend/apperr"
)

// Errors, checked with errors.Is. The service returns them inside an
// *apperr.Error that words them for a person.
var (
	ErrNotFound = errors.New("document not found")
	ErrInvalid  = errors.New("invalid document")
)

func notFound() error {
	return apperr.Wrap(apperr.NotFound, ErrNotFound, "That document is not in this module.")
}

func invalid(sentence string) error {
	return apperr.Wrap(apperr.Invalid, ErrInvalid, sentence)
}

// unreadable words a parser's refusal: the file's name and why, never its
// contents. errors.Is still finds both ErrInvalid and extract's sentinel.
func unreadable(name string, err error) error {
	return apperr.Wrap(apperr.Invalid, fmt.Errorf("%w: %w", ErrInvalid, err),
		fmt.Sprintf("Hearth could not add %q: %s.", name, err.Error()))
}

// SharedScope is the scope of documents every module may read (if its
// policy reads shared memory).
const SharedScope = "shared"

// Sensitivity values.
const (
	Normal    = "normal"
	Sensitive = "sensitive"
)

// MaxNameLen bounds a document's name, in bytes.
const MaxNameLen = 255

// Document is one added file, without its text.
type Document struct {
	ID           string `json:"id"`
	Scope        string `json:"scope"`        // module id or "shared"
	OriginModule string `json:"originModule"` // where it was added
	Name         string `json:"name"`
	Kind         string `json:"kind"` // text | markdown | html | pdf | docx
	Sensitivity  string `json:"sensitivity"`
	Bytes        int64  `json:"bytes"`
	Pages        int    `json:"pages"`
	Chunks       int    `json:"chunks"`
	CreatedAt    int64  `json:"createdAt"` // unix ms
}

// Shared reports whether the document is in the shared scope.
func (d Document) Shared() bool { return d.Scope == SharedScope }

// Passage is one chunk of a document, with what a citation shows.
type Passage struct {
	ID           string `json:"id"`
	DocumentID   string `json:"documentId"`
	DocumentName string `json:"documentName"`
	Scope        string `json:"scope"`
	Page         int    `json:"page,omitempty"`
	Heading      string `json:"heading,omitempty"`
	Text         string `json:"text"`
	Sensitive    bool   `json:"sensitive"`
}

// Where is the passage's place for a citation: "page 12", a heading
// path, or "" when the document has neither.
func (p Passage) Where() string {
	switch {
	case p.Page > 0 && p.Heading != "":
		return "page " + itoa(p.Page) + ", " + p.Heading
	case p.Page > 0:
		return "page " + itoa(p.Page)
	}
	return p.Heading
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// AddOptions says how a new document is kept.
type AddOptions struct {
	Shared    bool // readable by every module whose policy reads shared memory
	Sensitive bool // never sent to a non-local endpoint
}
