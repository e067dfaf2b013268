-- The public REST API (/api/v1): sign-ins from apps, keys for integrations, idempotent writes.

-- Secrets every instance shares, made once on first use (the key that signs access tokens).
CREATE TABLE app_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- One family per sign-in from an app. Each refresh token works once and is replaced by the
-- next; a token used twice ends its family (someone copied it). A family also ends with
-- "sign out everywhere" and when the person's roles change, as cookie sessions do.
CREATE TABLE api_token_families (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    roles_version INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    ended_why     TEXT CHECK (ended_why IN ('reused', 'signed_out', 'roles_changed'))
);
CREATE INDEX api_token_families_by_user ON api_token_families (user_id);

-- Refresh tokens, by the SHA-256 of the token: the database never holds a usable one.
CREATE TABLE api_refresh_tokens (
    hash       TEXT PRIMARY KEY,
    family_id  INTEGER NOT NULL REFERENCES api_token_families (id),
    created_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX api_refresh_tokens_by_family ON api_refresh_tokens (family_id);

-- Keys for integrations, made by an admin and shown once: the SHA-256 of the key is kept,
-- with its first characters to tell keys apart in lists.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    clinic_id    INTEGER REFERENCES clinics (id),
    rate_per_min INTEGER NOT NULL CHECK (rate_per_min BETWEEN 1 AND 10000),
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

-- What an Idempotency-Key was first sent with: the same key with another body is refused.
CREATE TABLE api_idempotency (
    key_hash     TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX api_idempotency_by_age ON api_idempotency (created_at);
