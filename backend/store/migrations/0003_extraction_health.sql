-- 0003: how memory extraction has been going, per module, so the memory
-- panel can say when it keeps failing. Counts, kinds and times only: never
-- the model's reply.
CREATE TABLE extraction_health (
    module_id         TEXT PRIMARY KEY REFERENCES modules(id) ON DELETE CASCADE,
    failures          INTEGER NOT NULL DEFAULT 0, -- consecutive, reset by a success
    last_failure_kind TEXT NOT NULL DEFAULT '' CHECK (last_failure_kind IN ('', 'bad_reply', 'server_error')),
    last_failure_at   INTEGER NOT NULL DEFAULT 0,
    last_success_at   INTEGER NOT NULL DEFAULT 0
);
