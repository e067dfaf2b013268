-- A phone belongs to an account only once its owner has proven it with a one-time SMS code.
-- Accounts that existed before codes were asked keep their phones (marked proven at their
-- creation): they cannot be told apart from the rightful owners, and refusing them would lock
-- every earlier patient out. Passwordless rows (guests, callers) prove nothing and stay NULL.
ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
UPDATE users SET phone_verified_at = created_at WHERE password_hash IS NOT NULL;

-- One-time codes sent by SMS, before any account exists for the phone. Only a hash of the
-- code is kept; a code works once, within its lifetime, and dies after a few wrong tries.
CREATE TABLE phone_codes (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'guest_booking')),
    code_hash  TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX phone_codes_by_phone ON phone_codes (phone, purpose, created_at);

-- A specialist added by a manager is public only after the person agrees (by a link sent to
-- them); earlier specialists were already public and stay as they are.
ALTER TABLE specialists ADD COLUMN awaiting_consent INTEGER NOT NULL DEFAULT 0
    CHECK (awaiting_consent IN (0, 1));

-- The outbox carries messages to a phone that has no account yet (the code itself, or "this
-- number already has an account"), and the specialist's invitation. SQLite cannot change a
-- column's NOT NULL or a CHECK in place: the table is rebuilt with every row kept.
CREATE TABLE notifications_new (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER REFERENCES users (id),
    channel        TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'telegram', 'in_app')),
    address        TEXT,
    kind           TEXT NOT NULL CHECK (kind IN ('booking_created', 'booking_confirmed',
                       'booking_cancelled', 'booking_rescheduled', 'reminder', 'review_request',
                       'password_reset', 'telegram_linked', 'phone_code', 'phone_in_use',
                       'specialist_invite')),
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
    CHECK (channel = 'in_app' OR address IS NOT NULL),
    CHECK (user_id IS NOT NULL OR channel = 'sms')
);
INSERT INTO notifications_new (id, user_id, channel, address, kind, appointment_id, lang, payload,
        status, attempts, due_at, claimed_at, claimed_by, sent_at, read_at, last_error, body,
        created_at, updated_at)
    SELECT id, user_id, channel, address, kind, appointment_id, lang, payload, status, attempts,
           due_at, claimed_at, claimed_by, sent_at, read_at, last_error, body, created_at,
           updated_at
      FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_due ON notifications (status, due_at);
CREATE INDEX notifications_by_visit ON notifications (appointment_id);
CREATE INDEX notifications_inbox ON notifications (user_id, channel, status, read_at);

-- The specialist's invitation is a one-time link like a password reset's.
CREATE TABLE one_time_tokens_new (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL
                   CHECK (purpose IN ('telegram_link', 'password_reset', 'specialist_invite')),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
INSERT INTO one_time_tokens_new (token_hash, purpose, user_id, created_at, expires_at, used_at)
    SELECT token_hash, purpose, user_id, created_at, expires_at, used_at FROM one_time_tokens;
DROP TABLE one_time_tokens;
ALTER TABLE one_time_tokens_new RENAME TO one_time_tokens;
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose, created_at);
