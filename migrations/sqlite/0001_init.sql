-- Priyom schema, SQLite flavour. Instants are Unix seconds (UTC), dates 'YYYY-MM-DD',
-- money in kopecks, flags 0/1, enums as TEXT with CHECK. Keep in step with postgres/0001_init.sql.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    phone         TEXT NOT NULL UNIQUE,
    email         TEXT UNIQUE,
    full_name     TEXT NOT NULL,
    birth_date    TEXT,
    gender        TEXT CHECK (gender IN ('female', 'male')),
    password_hash TEXT,
    lang          TEXT NOT NULL DEFAULT 'ru' CHECK (lang IN ('ru', 'en')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE clinics (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    address     TEXT NOT NULL,
    address_en  TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT,
    tz          TEXT NOT NULL,
    lat         REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon         REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL
);

-- Opening hours of the clinic itself, per weekday (Monday = 0), local time in minutes.
CREATE TABLE clinic_hours (
    clinic_id  INTEGER NOT NULL REFERENCES clinics (id),
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    open_min   INTEGER NOT NULL CHECK (open_min BETWEEN 0 AND 1440),
    close_min  INTEGER NOT NULL CHECK (close_min BETWEEN 0 AND 1440),
    CHECK (open_min < close_min),
    PRIMARY KEY (clinic_id, weekday)
);

-- Roles; operator and manager roles are scoped to a clinic, others have clinic_id NULL.
CREATE TABLE user_roles (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('patient', 'specialist', 'operator', 'manager', 'admin')),
    clinic_id  INTEGER REFERENCES clinics (id),
    granted_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, COALESCE(clinic_id, 0));

CREATE TABLE rooms (
    id        INTEGER PRIMARY KEY,
    clinic_id INTEGER NOT NULL REFERENCES clinics (id),
    name      TEXT NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (clinic_id, name)
);

CREATE TABLE specializations (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL UNIQUE,
    name_en        TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    icon           TEXT NOT NULL DEFAULT 'leaf'
);

CREATE TABLE specialists (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL UNIQUE REFERENCES users (id),
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    title_en         TEXT NOT NULL,
    photo_url        TEXT,
    bio              TEXT NOT NULL DEFAULT '',
    bio_en           TEXT NOT NULL DEFAULT '',
    practice_since   INTEGER CHECK (practice_since BETWEEN 1950 AND 2100),
    education        TEXT NOT NULL DEFAULT '',
    certificates     TEXT NOT NULL DEFAULT '',
    rating_x100      INTEGER NOT NULL DEFAULT 0,
    review_count     INTEGER NOT NULL DEFAULT 0,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE specialist_specializations (
    specialist_id     INTEGER NOT NULL REFERENCES specialists (id),
    specialization_id INTEGER NOT NULL REFERENCES specializations (id),
    PRIMARY KEY (specialist_id, specialization_id)
);

CREATE TABLE specialist_clinics (
    specialist_id INTEGER NOT NULL REFERENCES specialists (id),
    clinic_id     INTEGER NOT NULL REFERENCES clinics (id),
    PRIMARY KEY (specialist_id, clinic_id)
);

CREATE TABLE service_categories (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES service_categories (id),
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE services (
    id                INTEGER PRIMARY KEY,
    category_id       INTEGER NOT NULL REFERENCES service_categories (id),
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    description_en    TEXT NOT NULL DEFAULT '',
    duration_min      INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
    buffer_before_min INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_min BETWEEN 0 AND 120),
    buffer_after_min  INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_min BETWEEN 0 AND 120),
    price_kopecks     INTEGER NOT NULL CHECK (price_kopecks >= 0),
    preparation       TEXT NOT NULL DEFAULT '',
    preparation_en    TEXT NOT NULL DEFAULT '',
    needs_room        INTEGER NOT NULL DEFAULT 0 CHECK (needs_room IN (0, 1)),
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- Which specialists offer a service; price_kopecks overrides the service price when set.
CREATE TABLE service_specialists (
    service_id    INTEGER NOT NULL REFERENCES services (id),
    specialist_id INTEGER NOT NULL REFERENCES specialists (id),
    price_kopecks INTEGER CHECK (price_kopecks >= 0),
    PRIMARY KEY (service_id, specialist_id)
);

CREATE TABLE service_clinics (
    service_id INTEGER NOT NULL REFERENCES services (id),
    clinic_id  INTEGER NOT NULL REFERENCES clinics (id),
    PRIMARY KEY (service_id, clinic_id)
);

-- Weekly hours: several rows per day make breaks (the gaps between them).
CREATE TABLE working_hours (
    id            INTEGER PRIMARY KEY,
    specialist_id INTEGER NOT NULL REFERENCES specialists (id),
    clinic_id     INTEGER NOT NULL REFERENCES clinics (id),
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_min     INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
    end_min       INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
    CHECK (start_min < end_min)
);
CREATE INDEX working_hours_by_specialist ON working_hours (specialist_id, clinic_id, weekday);

-- A day off over a date range, or replacement hours on one date (several rows = several intervals).
CREATE TABLE schedule_exceptions (
    id            INTEGER PRIMARY KEY,
    specialist_id INTEGER NOT NULL REFERENCES specialists (id),
    clinic_id     INTEGER REFERENCES clinics (id),
    date_from     TEXT NOT NULL,
    date_to       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('day_off', 'hours')),
    start_min     INTEGER CHECK (start_min BETWEEN 0 AND 1440),
    end_min       INTEGER CHECK (end_min BETWEEN 0 AND 1440),
    note          TEXT NOT NULL DEFAULT '',
    CHECK (date_from <= date_to),
    CHECK ((kind = 'day_off' AND start_min IS NULL AND end_min IS NULL)
        OR (kind = 'hours' AND date_from = date_to AND start_min < end_min))
);
CREATE INDEX schedule_exceptions_by_specialist ON schedule_exceptions (specialist_id, date_from);

-- Booking policy per clinic, optionally overridden for one service.
CREATE TABLE booking_policies (
    id                    INTEGER PRIMARY KEY,
    clinic_id             INTEGER NOT NULL REFERENCES clinics (id),
    service_id            INTEGER REFERENCES services (id),
    step_min              INTEGER NOT NULL CHECK (step_min BETWEEN 5 AND 240),
    min_notice_min        INTEGER NOT NULL CHECK (min_notice_min >= 0),
    horizon_days          INTEGER NOT NULL CHECK (horizon_days BETWEEN 1 AND 366),
    cancel_notice_min     INTEGER NOT NULL CHECK (cancel_notice_min >= 0),
    requires_confirmation INTEGER NOT NULL CHECK (requires_confirmation IN (0, 1))
);
CREATE UNIQUE INDEX booking_policies_unique ON booking_policies (clinic_id, COALESCE(service_id, 0));

-- block_start/block_end is the visit widened by the service's buffers: what the specialist
-- and the room are really busy for, and what the no-overlap guarantee compares.
CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES users (id),
    specialist_id   INTEGER NOT NULL REFERENCES specialists (id),
    service_id      INTEGER NOT NULL REFERENCES services (id),
    clinic_id       INTEGER NOT NULL REFERENCES clinics (id),
    room_id         INTEGER REFERENCES rooms (id),
    start_at        INTEGER NOT NULL,
    end_at          INTEGER NOT NULL,
    block_start     INTEGER NOT NULL,
    block_end       INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('scheduled', 'confirmed', 'completed', 'cancelled', 'no_show')),
    price_kopecks   INTEGER NOT NULL CHECK (price_kopecks >= 0),
    payment_status  TEXT NOT NULL DEFAULT 'pending' CHECK (payment_status IN ('pending', 'paid', 'refunded')),
    notes           TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL CHECK (source IN ('web', 'operator', 'api', 'vk', 'chat')),
    cancel_reason   TEXT,
    idempotency_key TEXT UNIQUE,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK (start_at < end_at),
    CHECK (block_start <= start_at AND end_at <= block_end)
);
CREATE INDEX appointments_specialist_time ON appointments (specialist_id, block_start);
CREATE INDEX appointments_room_time ON appointments (room_id, block_start);
CREATE INDEX appointments_patient ON appointments (patient_id, start_at);
CREATE INDEX appointments_clinic_time ON appointments (clinic_id, start_at);

-- No double booking, enforced by the database: an active visit may not overlap another active
-- visit of the same specialist, nor of the same room. Callers write inside BEGIN IMMEDIATE, so
-- the check and the write cannot interleave with another writer.
CREATE TRIGGER appointments_no_overlap_insert
BEFORE INSERT ON appointments
WHEN NEW.status IN ('scheduled', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'appointment_overlap: specialist is busy')
    WHERE EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.specialist_id = NEW.specialist_id
          AND a.status IN ('scheduled', 'confirmed')
          AND a.block_start < NEW.block_end AND NEW.block_start < a.block_end);
    SELECT RAISE(ABORT, 'room_overlap: room is busy')
    WHERE NEW.room_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.room_id = NEW.room_id
          AND a.status IN ('scheduled', 'confirmed')
          AND a.block_start < NEW.block_end AND NEW.block_start < a.block_end);
END;

CREATE TRIGGER appointments_no_overlap_update
BEFORE UPDATE OF specialist_id, room_id, block_start, block_end, status ON appointments
WHEN NEW.status IN ('scheduled', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'appointment_overlap: specialist is busy')
    WHERE EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.id <> NEW.id
          AND a.specialist_id = NEW.specialist_id
          AND a.status IN ('scheduled', 'confirmed')
          AND a.block_start < NEW.block_end AND NEW.block_start < a.block_end);
    SELECT RAISE(ABORT, 'room_overlap: room is busy')
    WHERE NEW.room_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.id <> NEW.id
          AND a.room_id = NEW.room_id
          AND a.status IN ('scheduled', 'confirmed')
          AND a.block_start < NEW.block_end AND NEW.block_start < a.block_end);
END;

CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES users (id),
    specialist_id  INTEGER NOT NULL REFERENCES specialists (id),
    appointment_id INTEGER UNIQUE REFERENCES appointments (id),
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT NOT NULL DEFAULT '',
    verified       INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected')),
    reject_reason  TEXT,
    moderated_at   INTEGER,
    moderated_by   INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX reviews_by_specialist ON reviews (specialist_id, status);

CREATE TABLE content_pages (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL,
    lang            TEXT NOT NULL CHECK (lang IN ('ru', 'en')),
    title           TEXT NOT NULL,
    body_md         TEXT NOT NULL,
    seo_description TEXT NOT NULL DEFAULT '',
    published       INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    updated_at      INTEGER NOT NULL,
    UNIQUE (slug, lang)
);

-- Consent to personal-data processing is separate from marketing consent (152-FZ).
CREATE TABLE consent_records (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER REFERENCES users (id),
    kind              TEXT NOT NULL CHECK (kind IN ('personal_data', 'marketing')),
    text_version_hash TEXT NOT NULL,
    purposes          TEXT NOT NULL,
    given_at          INTEGER NOT NULL,
    ip                TEXT,
    user_agent        TEXT,
    recorded_by       INTEGER REFERENCES users (id),
    withdrawn_at      INTEGER
);
CREATE INDEX consent_records_by_user ON consent_records (user_id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    actor_id  INTEGER REFERENCES users (id),
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    at        INTEGER NOT NULL,
    ip        TEXT,
    details   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Sessions live in the database so several app instances can share them.
-- id is the SHA-256 of the cookie token, never the token itself.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT,
    user_agent   TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
