// Package exchange moves a profile's data in and out, and erases it.
//
// # Export
//
// [Export] writes a readable ZIP archive (documented in docs/export-format.md):
// profile.json, modules.json, memories.json with each memory's history, one
// JSON file and one Markdown file per session, and a README.txt saying that
// the archive is not encrypted. [ExportFile] writes it to a path atomically,
// either as that ZIP or as an encrypted bundle (.hearth): the same ZIP
// stream encrypted with filippo.io/age to a passphrase (scrypt recipient).
// Rows are streamed from one read transaction; nothing buffers the whole
// profile. API keys, endpoints, settings and the audit log are never exported.
//
// # Import
//
// [ImportFile] reads a bundle or an archive into the open profile as new
// modules, sessions and memories with fresh ids. An imported module whose id
// is taken gets a new slug ("kitchen-2") and a name ending in "(imported)":
// nothing is overwritten or merged. [ImportChatGPT] reads a ChatGPT data
// export into one module. Every importer is bounded (see [Limits]) and runs
// in one transaction, so bad input leaves the profile exactly as it was.
// Failures are [*apperr.Error] values carrying one sentence for the user.
//
// # Erasure
//
// [DeleteSession], [DeleteMemory], [DeleteModuleMemories] and
// [DeleteModuleData] delete rows through the erasure service that every
// delete path of the app uses (package hearth/backend/erase: FTS5
// secure-delete, an audit entry, a WAL checkpoint with truncation), and
// also optimize the FTS5 indexes so every segment is rewritten. With the store's secure_delete=ON, freed
// pages and cells are zeroed, so a deleted text is neither searchable nor
// present in the decrypted database.
//
// Every export, import and erasure appends an audit_log entry naming its
// kind and scope, never a path or any text.
package exchange
