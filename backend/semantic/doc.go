// Package semantic retrieves by meaning: vectors from an embedding model,
// kept in the profile's encrypted database, searched per scope and blended
// with BM25 so exact names still win.
//
// # Storage
//
// A vector is stored as a unit vector quantised to int8 (one byte per
// dimension) after a little-endian float32 scale: dim+4 bytes, a quarter of
// float32. Quantising a unit vector to 127 steps per component moves a
// cosine by well under 0.01, far below the gap between a relevant and an
// unrelated text. See [Encode].
//
// # Search
//
// [Index.Search] is brute force over the quantised vectors of the owner's
// scopes, kept in memory after the first search and reloaded when the
// vectors table changes (a trigger counts changes per owner in vector_gen).
// BENCHMARKS.md compares it with an approximate prefilter.
//
// # Scope
//
// Like every module-scoped query, a search names its scopes: a memory or
// chunk of module A is never a hit for module B unless it is in the shared
// scope and B's caller asked for shared ones.
//
// # Background embedding
//
// A [Worker] embeds what has no vector for the profile's embedding model
// ([Source.Pending]) in small batches, catches up when the endpoint comes
// back, and re-embeds everything when the model changes. Chat never waits
// for it: a turn embeds only its own query, with a short timeout, and falls
// back to keywords when that fails.
package semantic

import "context"

// Embedder turns texts into vectors, one per text, in order, with one model.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Owners of vectors.
const (
	OwnerMemory = "memory"
	OwnerChunk  = "chunk"
)
