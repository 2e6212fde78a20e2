-- 0002: a module may choose how hard a reasoning model thinks
-- ("" = the server's default; "minimal", "low", "medium", "high").
ALTER TABLE modules ADD COLUMN reasoning_effort TEXT NOT NULL DEFAULT '';
