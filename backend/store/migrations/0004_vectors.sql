-- 0004: vectors for retrieval by meaning. One vector per memory or document
-- chunk (owner 'memory' | 'chunk'), from one embedding model, stored inside
-- the encrypted database like the text it was made from. vec is a unit
-- vector quantised to int8 with one float32 scale (package semantic says
-- the layout). scope copies the owner's scope (a module id or 'shared') so
-- a search names its scopes in SQL like every other module-scoped query.
CREATE TABLE vectors (
    owner    TEXT NOT NULL CHECK (owner IN ('memory', 'chunk')),
    owner_id TEXT NOT NULL,
    scope    TEXT NOT NULL,
    model    TEXT NOT NULL,
    vec      BLOB NOT NULL,
    PRIMARY KEY (owner, owner_id)
);
CREATE INDEX vectors_model ON vectors(owner, model, scope);

-- How often each owner's vectors changed, so the in-memory search cache
-- knows when to reload (one small read per search instead of a scan).
CREATE TABLE vector_gen (
    owner TEXT PRIMARY KEY,
    gen   INTEGER NOT NULL
);
CREATE TRIGGER vectors_gen_ai AFTER INSERT ON vectors BEGIN
    INSERT INTO vector_gen(owner, gen) VALUES (new.owner, 1)
        ON CONFLICT(owner) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER vectors_gen_au AFTER UPDATE ON vectors BEGIN
    INSERT INTO vector_gen(owner, gen) VALUES (new.owner, 1)
        ON CONFLICT(owner) DO UPDATE SET gen = gen + 1;
END;
CREATE TRIGGER vectors_gen_ad AFTER DELETE ON vectors BEGIN
    INSERT INTO vector_gen(owner, gen) VALUES (old.owner, 1)
        ON CONFLICT(owner) DO UPDATE SET gen = gen + 1;
END;

-- A memory's vector goes with it, goes stale with its text (the background
-- worker embeds the new text) and follows it when it is shared or unshared.
CREATE TRIGGER memories_vec_ad AFTER DELETE ON memories BEGIN
    DELETE FROM vectors WHERE owner = 'memory' AND owner_id = old.id;
END;
CREATE TRIGGER memories_vec_au AFTER UPDATE OF text ON memories BEGIN
    DELETE FROM vectors WHERE owner = 'memory' AND owner_id = old.id;
END;
CREATE TRIGGER memories_vec_as AFTER UPDATE OF scope ON memories BEGIN
    UPDATE vectors SET scope = new.scope WHERE owner = 'memory' AND owner_id = old.id;
END;
