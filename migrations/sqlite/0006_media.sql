-- Uploaded images (specialists' photos) live in the database: every server of a scaled-out
-- deployment serves the same files, and a backup of the database holds them. Content is
-- addressed by its SHA-256, so one image uploaded twice is stored once.
CREATE TABLE media (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
