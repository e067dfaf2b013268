-- Accounts: throttling of failed sign-ins, and session rotation when a user's roles change.

-- One row per failed sign-in, per account and per IP. key is the SHA-256 (hex) of the
-- normalised login or of the IP, never the value itself. Old rows are pruned on write.
CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('account', 'ip')),
    key   TEXT NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (scope, key, at);

-- Bumped on every change of a user's roles; a session issued under an older version gets a
-- new id on its next request (no clock comparison, so changes within one second count).
ALTER TABLE users ADD COLUMN roles_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN roles_version INTEGER NOT NULL DEFAULT 0;

-- sessions.csrf_token stays empty from now on: the CSRF token is a per-browser cookie sent
-- back in every form (double submit), so it also protects forms before sign-in.
