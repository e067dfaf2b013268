-- The public catalog (home, specialists list, profiles, clinic pages, the services tree) is
-- kept in memory on the same terms as the schedule (migration 0008): the counter now also
-- moves on every write to the catalog tables the schedule does not read, so one number read
-- per request tells a server whether what it holds is still current.
CREATE TRIGGER specializations_insert_schedule_version AFTER INSERT ON specializations
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specializations_update_schedule_version AFTER UPDATE ON specializations
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specializations_delete_schedule_version AFTER DELETE ON specializations
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialist_specializations_insert_schedule_version AFTER INSERT ON specialist_specializations
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialist_specializations_update_schedule_version AFTER UPDATE ON specialist_specializations
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER specialist_specializations_delete_schedule_version AFTER DELETE ON specialist_specializations
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_categories_insert_schedule_version AFTER INSERT ON service_categories
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_categories_update_schedule_version AFTER UPDATE ON service_categories
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER service_categories_delete_schedule_version AFTER DELETE ON service_categories
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clinic_hours_insert_schedule_version AFTER INSERT ON clinic_hours
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clinic_hours_update_schedule_version AFTER UPDATE ON clinic_hours
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER clinic_hours_delete_schedule_version AFTER DELETE ON clinic_hours
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reviews_insert_schedule_version AFTER INSERT ON reviews
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reviews_update_schedule_version AFTER UPDATE ON reviews
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reviews_delete_schedule_version AFTER DELETE ON reviews
BEGIN UPDATE schedule_version SET version = version + 1 WHERE id = 1; END;
