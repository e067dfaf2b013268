-- One counter that moves whenever anything the slot search reads, other than appointments,
-- changes: clinics, rooms, specialists (and their names), services, who offers what where,
-- working hours, exceptions and booking policies. Servers keep those parts in memory and
-- compare this number on every search, so a change shows at once on every server, whichever
-- wrote it. Triggers, not application code, move it: no write path can forget.
CREATE TABLE schedule_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO schedule_version (id, version) VALUES (1, 1);

CREATE TRIGGER clinics_insert_schedule_version AFTER INSERT ON clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clinics_update_schedule_version AFTER UPDATE ON clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clinics_delete_schedule_version AFTER DELETE ON clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rooms_insert_schedule_version AFTER INSERT ON rooms
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rooms_update_schedule_version AFTER UPDATE ON rooms
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER rooms_delete_schedule_version AFTER DELETE ON rooms
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialists_insert_schedule_version AFTER INSERT ON specialists
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialists_update_schedule_version AFTER UPDATE ON specialists
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialists_delete_schedule_version AFTER DELETE ON specialists
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialist_clinics_insert_schedule_version AFTER INSERT ON specialist_clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialist_clinics_update_schedule_version AFTER UPDATE ON specialist_clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialist_clinics_delete_schedule_version AFTER DELETE ON specialist_clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER services_insert_schedule_version AFTER INSERT ON services
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER services_update_schedule_version AFTER UPDATE ON services
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER services_delete_schedule_version AFTER DELETE ON services
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_specialists_insert_schedule_version AFTER INSERT ON service_specialists
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_specialists_update_schedule_version AFTER UPDATE ON service_specialists
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_specialists_delete_schedule_version AFTER DELETE ON service_specialists
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_clinics_insert_schedule_version AFTER INSERT ON service_clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_clinics_update_schedule_version AFTER UPDATE ON service_clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_clinics_delete_schedule_version AFTER DELETE ON service_clinics
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER working_hours_insert_schedule_version AFTER INSERT ON working_hours
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER working_hours_update_schedule_version AFTER UPDATE ON working_hours
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER working_hours_delete_schedule_version AFTER DELETE ON working_hours
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedule_exceptions_insert_schedule_version AFTER INSERT ON schedule_exceptions
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedule_exceptions_update_schedule_version AFTER UPDATE ON schedule_exceptions
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER schedule_exceptions_delete_schedule_version AFTER DELETE ON schedule_exceptions
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER booking_policies_insert_schedule_version AFTER INSERT ON booking_policies
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER booking_policies_update_schedule_version AFTER UPDATE ON booking_policies
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER booking_policies_delete_schedule_version AFTER DELETE ON booking_policies
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER users_name_schedule_version AFTER UPDATE OF full_name ON users
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
