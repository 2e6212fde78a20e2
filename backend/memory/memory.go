// Package memory keeps what a profile's modules remember: per-module
// memories, profile-wide shared ones (only where the user shared them), the
// history of every change, retrieval for a turn and mem0-style extraction.
//
// Every query names its scope; a memory id from another module is "not
// found", never the row.
package memory

import "errors"

// ErrNotFound is returned for a memory id outside the caller's scope.
var ErrNotFound = errors.New("memory not found")

// ErrInvalid is returned (wrapped with the reason) for input that fails validation.
var ErrInvalid = errors.New("invalid memory")

// ErrNothingToUndo is returned by Undo when the latest change is the add.
var ErrNothingToUndo = errors.New("nothing to undo")

// ErrBadExtraction is returned (wrapped with a reason that never quotes the
// model's output) when an extraction reply is rejected; nothing was changed.
var ErrBadExtraction = errors.New("memory extraction rejected")

// MaxTextLen bounds a memory's text, in runes.
const MaxTextLen = 1000

// SharedScope is the scope of profile-wide memories.
const SharedScope = "shared"

// Kind and Sensitivity values.
const (
	KindFact        = "fact"
	KindPreference  = "preference"
	KindInstruction = "instruction"

	Normal    = "normal"
	Private   = "private"
	Sensitive = "sensitive"
)

// Memory is one remembered item.
type Memory struct {
	ID            string `json:"id"`
	Scope         string `json:"scope"`        // module id or "shared"
	OriginModule  string `json:"originModule"` // module that made it
	Text          string `json:"text"`
	Kind          string `json:"kind"`
	Sensitivity   string `json:"sensitivity"`
	SourceSession string `json:"sourceSession,omitempty"`
	SourceMessage string `json:"sourceMessage,omitempty"`
	CreatedAt     int64  `json:"createdAt"` // unix ms
	UpdatedAt     int64  `json:"updatedAt"` // unix ms
}

// Change is one entry of a memory's history.
type Change struct {
	Seq      int64  `json:"seq"`
	MemoryID string `json:"memoryId"`
	Action   string `json:"action"` // add | update | share | unshare
	OldText  string `json:"oldText"`
	NewText  string `json:"newText"`
	OldScope string `json:"oldScope"`
	NewScope string `json:"newScope"`
	At       int64  `json:"at"`
}

// RetrieveOptions bound what Retrieve returns for a turn.
type RetrieveOptions struct {
	IncludeShared  bool // the module's policy allows shared memory
	AllowSensitive bool // the endpoint is local (loopback)
	TokenBudget    int  // approximate tokens the memories may take
	Limit          int  // max memories (default 20)
	// QueryVector, if set, is the turn's query embedded with Model:
	// memories whose vectors (made by Model) are near it become candidates
	// too, ranked together with BM25 by reciprocal rank fusion so exact
	// words still win. Without it retrieval is by keywords only.
	QueryVector []float32
	Model       string
	// MinSimilarity is the cosine a memory's vector needs to count as a
	// match by meaning (default DefaultMinSimilarity).
	MinSimilarity float32
}

// Retrieved is what a turn gets: the memories to put in the prompt and how
// many sensitive ones were held back because the endpoint is not local.
type Retrieved struct {
	Memories []Memory
	HeldBack int
}
