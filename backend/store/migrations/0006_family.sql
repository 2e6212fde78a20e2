-- 0006: family mode. A guardian profile keeps its signing key and age
-- identity (family_guardian) and one row per child it supervises
-- (family_children); a child profile keeps the guardian's pinned public
-- keys and the last policy it verified (family_supervision) and counts its
-- sent messages per local day (family_usage). Package family says what
-- each column holds; nothing here leaves the encrypted database.
CREATE TABLE family_guardian (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    sign_key     BLOB NOT NULL,  -- ed25519 private key (seed form, 32 bytes)
    age_identity TEXT NOT NULL,  -- AGE-SECRET-KEY-1...
    created_at   INTEGER NOT NULL
);

CREATE TABLE family_children (
    child_id       TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    supervision_id TEXT NOT NULL UNIQUE,
    policy_key     BLOB NOT NULL, -- seals the child's policy file
    seq            INTEGER NOT NULL,
    policy         TEXT NOT NULL, -- the policy last signed, JSON
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE family_supervision (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    supervision_id TEXT NOT NULL,
    guardian_id    TEXT NOT NULL,
    guardian_name  TEXT NOT NULL,
    sign_pub       BLOB NOT NULL, -- pinned ed25519 public key
    age_recipient  TEXT NOT NULL, -- pinned age X25519 recipient (PIN reset slot)
    policy_key     BLOB NOT NULL,
    seen_seq       INTEGER NOT NULL, -- highest policy sequence verified
    envelope       BLOB NOT NULL,    -- that signed policy, carried by exports
    created_at     INTEGER NOT NULL
);

CREATE TABLE family_usage (
    day  TEXT PRIMARY KEY, -- YYYY-MM-DD, the child's local day
    sent INTEGER NOT NULL
);
