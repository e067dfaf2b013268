-- No block (visit plus buffers) is longer than 12 hours: services allow at most 480 minutes
-- and 120 minutes of buffer on each side. Stated here so that busy-time reads may bound
-- block_start from below (as SQLite's overlap triggers now do) and stay exact.
ALTER TABLE appointments ADD CONSTRAINT appointments_block_at_most_12h
    CHECK (block_end - block_start <= 43200);
