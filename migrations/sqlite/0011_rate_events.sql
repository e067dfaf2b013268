-- Events counted against a limit: registrations and guest bookings per client address.
-- The key is a SHA-256 of the subject, so the table holds no addresses or phone numbers;
-- rows are pruned once they age out of their window.
CREATE TABLE rate_events (
    id   INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX rate_events_by_key ON rate_events (kind, key, at);
