-- Notifications: the outbox of messages (email, SMS, Telegram, in-app), each row written in the
-- same transaction as the change that causes it and sent by a background worker; patients'
-- channel choices; Telegram chat links; password-reset tokens (stored hashed).

-- status: pending (waits for due_at) → sending (one attempt in flight, claimed by a worker)
-- → sent | pending again (retry after a backoff) | failed (parked: permanent error, too many
-- attempts, or interrupted mid-send so delivery is unknown). cancelled: no longer wanted
-- (visit cancelled, channel off). A row's text is rendered at send time from its kind, its
-- visit and payload, so a reminder always shows the visit's current time and place; an in-app
-- row keeps its one-line text in body once delivered.
CREATE TABLE notifications (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'telegram', 'in_app')),
    address        TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('booking_created', 'booking_confirmed',
                       'booking_cancelled', 'booking_rescheduled', 'reminder', 'review_request',
                       'password_reset', 'telegram_linked')),
    appointment_id INTEGER REFERENCES appointments (id),
    lang           TEXT NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'en')),
    payload        TEXT NOT NULL DEFAULT '{}',
    status         TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    due_at         INTEGER NOT NULL,
    claimed_at     INTEGER,
    claimed_by     TEXT,
    sent_at        INTEGER,
    read_at        INTEGER,
    last_error     TEXT,
    body           TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CHECK (channel = 'in_app' OR address IS NOT NULL)
);
CREATE INDEX notifications_due ON notifications (status, due_at);
CREATE INDEX notifications_by_visit ON notifications (appointment_id);
CREATE INDEX notifications_inbox ON notifications (user_id, channel, status, read_at);

-- A patient's channels; no row means the defaults (email and SMS on, Telegram once linked).
CREATE TABLE notification_prefs (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    email      INTEGER NOT NULL DEFAULT 1 CHECK (email IN (0, 1)),
    sms        INTEGER NOT NULL DEFAULT 1 CHECK (sms IN (0, 1)),
    telegram   INTEGER NOT NULL DEFAULT 1 CHECK (telegram IN (0, 1)),
    updated_at INTEGER NOT NULL
);

-- One-time tokens of Telegram deep links and of password resets: SHA-256 (hex) of the token.
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('telegram_link', 'password_reset')),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose, created_at);

CREATE TABLE telegram_chats (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id),
    chat_id   TEXT NOT NULL UNIQUE,
    linked_at INTEGER NOT NULL
);

-- Telegram redelivers an update until it gets 200: each update_id is handled once.
CREATE TABLE telegram_updates (
    update_id   INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL
);
