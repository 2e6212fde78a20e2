// Package module holds a profile's GPT modules: the built-in catalog seeded
// into every new profile, the user's own modules, and each module's policy
// (endpoint, model, memory use). Definitions live inside the encrypted
// profile database, so they are per person.
package module

import "errors"

// ErrNotFound is returned for an unknown (or archived, where it matters) module.
var ErrNotFound = errors.New("module not found")

// ErrInvalid is returned (wrapped with the reason) for a module that fails validation.
var ErrInvalid = errors.New("invalid module")

// ErrExists is returned when the id or display name is already taken.
var ErrExists = errors.New("a module with this id or name already exists")

// ErrBuiltin is returned when deleting a built-in module (archive it instead).
var ErrBuiltin = errors.New("built-in modules cannot be deleted")

// Policy says how a module may use memory.
type Policy struct {
	UseMemory   bool `json:"useMemory"`   // put memories into prompts
	WriteMemory bool `json:"writeMemory"` // extract new memories after turns
	ReadShared  bool `json:"readShared"`  // also read profile-wide shared memories
}

// Module is one GPT persona of a profile.
type Module struct {
	ID           string  `json:"id"` // slug: [a-z0-9-]{1,40}
	Name         string  `json:"name"`
	Icon         string  `json:"icon"`
	Description  string  `json:"description"`
	SystemPrompt string  `json:"systemPrompt"`
	EndpointID   string  `json:"endpointId"`  // "" = the profile's default endpoint
	Model        string  `json:"model"`       // "" = the endpoint's default model
	Temperature  float32 `json:"temperature"` // not sent to reasoning models, which refuse it
	// ReasoningEffort is how hard a reasoning model thinks ("" = server
	// default, "minimal", "low", "medium", "high"); other models ignore it.
	ReasoningEffort string `json:"reasoningEffort"`
	Policy          Policy `json:"policy"`
	Builtin         bool   `json:"builtin"`
	Archived        bool   `json:"archived"`
	SortOrder       int    `json:"sortOrder"`
	CreatedAt       int64  `json:"createdAt"` // unix ms
	UpdatedAt       int64  `json:"updatedAt"` // unix ms
}
