-- 0001: the profile schema. Append-only: change it with a new numbered file.
-- Public ids are random text; integer seq columns exist only as FTS5 rowids.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE endpoints (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    base_url      TEXT NOT NULL,
    default_model TEXT NOT NULL DEFAULT '',
    api_key       TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

CREATE TABLE modules (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    icon          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    endpoint_id   TEXT REFERENCES endpoints(id) ON DELETE SET NULL,
    model         TEXT NOT NULL DEFAULT '',
    temperature   REAL NOT NULL DEFAULT 0.7,
    use_memory    INTEGER NOT NULL DEFAULT 1,
    write_memory  INTEGER NOT NULL DEFAULT 1,
    read_shared   INTEGER NOT NULL DEFAULT 1,
    builtin       INTEGER NOT NULL DEFAULT 0,
    archived      INTEGER NOT NULL DEFAULT 0,
    sort_order    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    module_id  TEXT NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
    title      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_module_updated ON sessions(module_id, updated_at DESC);

CREATE TABLE messages (
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    session_id        TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    module_id         TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content           TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'interrupted', 'error')),
    error             TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL DEFAULT '',
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    used_memories     TEXT NOT NULL DEFAULT '[]',
    held_back         INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);
CREATE INDEX messages_session ON messages(session_id, seq);
CREATE INDEX messages_module ON messages(module_id, seq);

CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content='messages', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
END;
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
END;
CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
    INSERT INTO messages_fts(rowid, content) VALUES (new.seq, new.content);
END;

CREATE TABLE memories (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    scope          TEXT NOT NULL,            -- a module id, or 'shared'
    origin_module  TEXT NOT NULL,            -- where it was made; unshare returns it here
    text           TEXT NOT NULL,
    kind           TEXT NOT NULL DEFAULT 'fact' CHECK (kind IN ('fact', 'preference', 'instruction')),
    sensitivity    TEXT NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'private', 'sensitive')),
    source_session TEXT NOT NULL DEFAULT '',
    source_message TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX memories_scope ON memories(scope, updated_at DESC);

CREATE VIRTUAL TABLE memories_fts USING fts5(
    text, content='memories', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER memories_ai AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts(rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER memories_ad AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER memories_au AFTER UPDATE OF text ON memories BEGIN
    INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    INSERT INTO memories_fts(rowid, text) VALUES (new.seq, new.text);
END;

-- Every change to a memory, so it can be undone. Deleted with its memory:
-- forgetting must not leave the text behind on disk.
CREATE TABLE memory_history (
    seq        INTEGER PRIMARY KEY,
    memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
    action     TEXT NOT NULL CHECK (action IN ('add', 'update', 'share', 'unshare')),
    old_text   TEXT NOT NULL DEFAULT '',
    new_text   TEXT NOT NULL DEFAULT '',
    old_scope  TEXT NOT NULL DEFAULT '',
    new_scope  TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX memory_history_memory ON memory_history(memory_id, seq);

-- Security-relevant events. Never message or memory text.
CREATE TABLE audit_log (
    seq    INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    event  TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
