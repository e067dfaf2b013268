-- Overlap checks that stay fast with years of history. The triggers' range scan on
-- (specialist_id, block_start) and (room_id, block_start) used to start at the first visit
-- ever; with a lower bound on block_start they read only the 12 hours before the new block.
-- The bound is exact because no block (visit plus buffers) is longer than 12 hours: services
-- allow at most 480 minutes and 120 minutes of buffer on each side, and the length triggers
-- below refuse anything longer.
DROP TRIGGER appointments_no_overlap_insert;
DROP TRIGGER appointments_no_overlap_update;

CREATE TRIGGER appointments_block_length_insert
BEFORE INSERT ON appointments
WHEN NEW.block_end - NEW.block_start > 43200
BEGIN
    SELECT RAISE(ABORT, 'block_too_long: a visit with its buffers lasts at most 12 hours');
END;

CREATE TRIGGER appointments_block_length_update
BEFORE UPDATE OF block_start, block_end ON appointments
WHEN NEW.block_end - NEW.block_start > 43200
BEGIN
    SELECT RAISE(ABORT, 'block_too_long: a visit with its buffers lasts at most 12 hours');
END;

CREATE TRIGGER appointments_no_overlap_insert
BEFORE INSERT ON appointments
WHEN NEW.status IN ('scheduled', 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'appointment_overlap: specialist is busy')
    WHERE EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.specialist_id = NEW.specialist_id
          AND a.block_start > NEW.block_start - 43200 AND a.block_start < NEW.block_end
          AND NEW.block_start < a.block_end
          AND a.status IN ('scheduled', 'confirmed'));
    SELECT RAISE(ABORT, 'room_overlap: room is busy')
    WHERE NEW.room_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.room_id = NEW.room_id
          AND a.block_start > NEW.block_start - 43200 AND a.block_start < NEW.block_end
          AND NEW.block_start < a.block_end
          AND a.status IN ('scheduled', 'confirmed'));
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
          AND a.block_start > NEW.block_start - 43200 AND a.block_start < NEW.block_end
          AND NEW.block_start < a.block_end
          AND a.status IN ('scheduled', 'confirmed'));
    SELECT RAISE(ABORT, 'room_overlap: room is busy')
    WHERE NEW.room_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.id <> NEW.id
          AND a.room_id = NEW.room_id
          AND a.block_start > NEW.block_start - 43200 AND a.block_start < NEW.block_end
          AND NEW.block_start < a.block_end
          AND a.status IN ('scheduled', 'confirmed'));
END;
