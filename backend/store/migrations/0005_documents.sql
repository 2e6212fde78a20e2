-- 0005: documents a module reads from. A document's text lives only as its
-- chunks, inside the encrypted database; nothing is kept beside it. scope
-- is a module id or 'shared' (like memories); chunks copy it so retrieval
-- names its scopes in SQL. Sensitive documents' passages never go to a
-- non-local endpoint.
CREATE TABLE documents (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    scope         TEXT NOT NULL,            -- a module id, or 'shared'
    origin_module TEXT NOT NULL,            -- where it was added; unshare returns it here
    name          TEXT NOT NULL,            -- the file's base name
    kind          TEXT NOT NULL CHECK (kind IN ('text', 'markdown', 'html', 'pdf', 'docx')),
    sensitivity   TEXT NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'sensitive')),
    bytes         INTEGER NOT NULL DEFAULT 0, -- size of the file as added
    pages         INTEGER NOT NULL DEFAULT 0, -- PDF pages
    chunks        INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX documents_scope ON documents(scope, created_at DESC);

CREATE TABLE chunks (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    ord         INTEGER NOT NULL,           -- position in the document
    page        INTEGER NOT NULL DEFAULT 0, -- 1-based PDF page, 0 = none
    heading     TEXT NOT NULL DEFAULT '',   -- heading path, for citations
    text        TEXT NOT NULL
);
CREATE INDEX chunks_document ON chunks(document_id, ord);
CREATE INDEX chunks_scope ON chunks(scope);

CREATE VIRTUAL TABLE chunks_fts USING fts5(
    heading, text, content='chunks', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2'
);
-- A deleted chunk's tokens leave the index at once (persistent setting).
INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('secure-delete', 1);
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, heading, text) VALUES (new.seq, new.heading, new.text);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, heading, text) VALUES ('delete', old.seq, old.heading, old.text);
    DELETE FROM vectors WHERE owner = 'chunk' AND owner_id = old.id;
END;
CREATE TRIGGER chunks_au AFTER UPDATE OF heading, text ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, heading, text) VALUES ('delete', old.seq, old.heading, old.text);
    INSERT INTO chunks_fts(rowid, heading, text) VALUES (new.seq, new.heading, new.text);
    DELETE FROM vectors WHERE owner = 'chunk' AND owner_id = old.id;
END;
-- A chunk's vector follows it when its document is shared or unshared.
CREATE TRIGGER chunks_vec_as AFTER UPDATE OF scope ON chunks BEGIN
    UPDATE vectors SET scope = new.scope WHERE owner = 'chunk' AND owner_id = old.id;
END;
-- A module's documents go with it (their chunks by the foreign key, the
-- chunks' index rows and vectors by the triggers above).
CREATE TRIGGER modules_documents_ad AFTER DELETE ON modules BEGIN
    DELETE FROM documents WHERE scope = old.id;
END;

-- Which passages (chunk ids only: a removed document leaves no name or
-- text behind in a reply) an assistant reply was given.
ALTER TABLE messages ADD COLUMN used_passages TEXT NOT NULL DEFAULT '[]';
