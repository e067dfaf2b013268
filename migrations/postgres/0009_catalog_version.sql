-- The public catalog (home, specialists list, profiles, clinic pages, the services tree) is
-- kept in memory on the same terms as the schedule (migration 0008): the counter now also
-- moves on every write to the catalog tables the schedule does not read, so one number read
-- per request tells a server whether what it holds is still current.
CREATE TRIGGER specializations_schedule_version AFTER INSERT OR UPDATE OR DELETE ON specializations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER specialist_specializations_schedule_version AFTER INSERT OR UPDATE OR DELETE ON specialist_specializations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER service_categories_schedule_version AFTER INSERT OR UPDATE OR DELETE ON service_categories
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER clinic_hours_schedule_version AFTER INSERT OR UPDATE OR DELETE ON clinic_hours
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
CREATE TRIGGER reviews_schedule_version AFTER INSERT OR UPDATE OR DELETE ON reviews
    FOR EACH STATEMENT EXECUTE FUNCTION bump_schedule_version();
