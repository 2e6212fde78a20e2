package exchange

// The archive format, version 1. docs/export-format.md describes it for
// people; these types are its definition. Adding a field or changing a
// meaning bumps FormatVersion (strict readers reject unknown fields).

// Archive format identity.
const (
	FormatName    = "hearth-export"
	FormatVersion = 1
)

// Entry names inside the archive.
const (
	entryReadme   = "README.txt"
	entryProfile  = "profile.json"
	entryModules  = "modules.json"
	entryMemories = "memories.json"
	dirSessions   = "sessions/" // sessions/<module>/<session>.json
	dirMarkdown   = "markdown/" // markdown/<module>/<date>-<title>-<id>.md, ignored on import
	// dirDocuments holds one file per document a module reads from,
	// documents/<id>.json (a DocumentRecord). Archives made before
	// documents existed have none and import as before.
	dirDocuments = "documents/"
)

// Scopes of an export.
const (
	ScopeProfile = "profile"
	ScopeModule  = "module"
)

// Manifest is profile.json.
type Manifest struct {
	Format        string `json:"format"`        // always FormatName
	FormatVersion int    `json:"formatVersion"` // readers refuse a higher one
	SchemaVersion int    `json:"schemaVersion"` // database schema at export; readers refuse a higher one
	ProfileName   string `json:"profileName"`   // display name, informational
	Scope         string `json:"scope"`         // ScopeProfile or ScopeModule
	ModuleID      string `json:"moduleId,omitempty"`
	ExportedAt    int64  `json:"exportedAt"` // unix ms
	Counts        Counts `json:"counts"`
}

// Counts are what an archive declares it holds (checked on import).
type Counts struct {
	Modules  int `json:"modules"`
	Sessions int `json:"sessions"`
	Messages int `json:"messages"`
	Memories int `json:"memories"`
	// Documents is absent (0) in archives without documents.
	Documents int `json:"documents,omitempty"`
}

// ModuleRecord is one entry of modules.json. Endpoints are not exported:
// an imported module uses the profile's default endpoint.
type ModuleRecord struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Icon         string  `json:"icon"`
	Description  string  `json:"description"`
	SystemPrompt string  `json:"systemPrompt"`
	Model        string  `json:"model"`
	Temperature  float64 `json:"temperature"`
	// ReasoningEffort is absent in exports made before it existed.
	ReasoningEffort string       `json:"reasoningEffort,omitempty"`
	Policy          PolicyRecord `json:"policy"`
	Builtin         bool         `json:"builtin"`
	Archived        bool         `json:"archived"`
	SortOrder       int          `json:"sortOrder"`
	CreatedAt       int64        `json:"createdAt"`
	UpdatedAt       int64        `json:"updatedAt"`
}

// PolicyRecord is a module's memory policy.
type PolicyRecord struct {
	UseMemory   bool `json:"useMemory"`
	WriteMemory bool `json:"writeMemory"`
	ReadShared  bool `json:"readShared"`
}

type modulesFile struct {
	Modules []ModuleRecord `json:"modules"`
}

// SessionRecord is the head of a session file; its messages follow in the
// same JSON object under "messages", which must be the last key.
type SessionRecord struct {
	ID        string `json:"id"`
	ModuleID  string `json:"moduleId"`
	Title     string `json:"title"`
	CreatedAt int64  `json:"createdAt"`
	UpdatedAt int64  `json:"updatedAt"`
}

// MessageRecord is one message of a session file.
type MessageRecord struct {
	ID               string   `json:"id"`
	Role             string   `json:"role"`
	Content          string   `json:"content"`
	Status           string   `json:"status"`
	Error            string   `json:"error"`
	Model            string   `json:"model"`
	PromptTokens     int64    `json:"promptTokens"`
	CompletionTokens int64    `json:"completionTokens"`
	UsedMemories     []string `json:"usedMemories"`
	HeldBack         int64    `json:"heldBack"`
	CreatedAt        int64    `json:"createdAt"`
}

// MemoryRecord is one entry of memories.json, with its history oldest first.
type MemoryRecord struct {
	ID            string         `json:"id"`
	Scope         string         `json:"scope"`
	OriginModule  string         `json:"originModule"`
	Text          string         `json:"text"`
	Kind          string         `json:"kind"`
	Sensitivity   string         `json:"sensitivity"`
	SourceSession string         `json:"sourceSession"`
	SourceMessage string         `json:"sourceMessage"`
	CreatedAt     int64          `json:"createdAt"`
	UpdatedAt     int64          `json:"updatedAt"`
	History       []ChangeRecord `json:"history"`
}

// ChangeRecord is one memory_history row.
type ChangeRecord struct {
	Action   string `json:"action"`
	OldText  string `json:"oldText"`
	NewText  string `json:"newText"`
	OldScope string `json:"oldScope"`
	NewScope string `json:"newScope"`
	At       int64  `json:"at"`
}

type memoriesFile struct {
	Memories []MemoryRecord `json:"memories"`
}

// DocumentRecord is one file of documents/: a document a module reads
// from, with its text as the chunks Hearth cut it into (the file itself
// is not kept). Scope is a module id or "shared".
type DocumentRecord struct {
	ID           string        `json:"id"`
	Scope        string        `json:"scope"`
	OriginModule string        `json:"originModule"`
	Name         string        `json:"name"`
	Kind         string        `json:"kind"`        // text | markdown | html | pdf | docx
	Sensitivity  string        `json:"sensitivity"` // normal | sensitive
	Bytes        int64         `json:"bytes"`       // size of the file as added
	Pages        int           `json:"pages"`
	CreatedAt    int64         `json:"createdAt"`
	Chunks       []ChunkRecord `json:"chunks"`
}

// ChunkRecord is one passage of a document, in order.
type ChunkRecord struct {
	Page    int    `json:"page"`              // 1-based PDF page, 0 = none
	Heading string `json:"heading,omitempty"` // heading path
	Text    string `json:"text"`
}

const sharedScope = "shared"

// Stats counts what an export wrote or an import created.
type Stats struct {
	Modules  int `json:"modules"`
	Sessions int `json:"sessions"`
	Messages int `json:"messages"`
	Memories int `json:"memories"`
	// Documents a module reads from, with their chunks.
	Documents int   `json:"documents"`
	Bytes     int64 `json:"bytes"` // bytes written (export) or read (import)
}
