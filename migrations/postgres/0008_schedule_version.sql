-- One counter that moves whenever anything the slot search reads, other than appointments,
-- changes: clinics, rooms, specialists (and their names), services, who offers what where,
-- working hours, exceptions and booking policies. Servers keep those parts in memory and
-- compare this number on every search, so a change shows at once on every server, whichever
-- wrote it. Triggers, not application code, move it: no write path can forget.
CREATE TABLE schedule_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO schedule_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_schedule_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE schedule_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER clinics_schedule_version AFTER INSERT OR UPDATE OR DELETE ON clinics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER rooms_schedule_version AFTER INSERT OR UPDATE OR DELETE ON rooms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER specialists_schedule_version AFTER INSERT OR UPDATE OR DELETE ON specialists
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER specialist_clinics_schedule_version AFTER INSERT OR UPDATE OR DELETE ON specialist_clinics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER services_schedule_version AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER service_specialists_schedule_version AFTER INSERT OR UPDATE OR DELETE ON service_specialists
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER service_clinics_schedule_version AFTER INSERT OR UPDATE OR DELETE ON service_clinics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER working_hours_schedule_version AFTER INSERT OR UPDATE OR DELETE ON working_hours
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER schedule_exceptions_schedule_version AFTER INSERT OR UPDATE OR DELETE ON schedule_exceptions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER booking_policies_schedule_version AFTER INSERT OR UPDATE OR DELETE ON booking_policies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER users_name_schedule_version AFTER UPDATE OF full_name ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
