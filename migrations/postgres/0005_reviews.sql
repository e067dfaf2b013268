-- A patient may withdraw their review: the row stays (a visit is reviewed once) but leaves the
-- public profile and the rating.
ALTER TABLE reviews ADD COLUMN withdrawn_at BIGINT;
CREATE INDEX reviews_moderation ON reviews (status, created_at);
