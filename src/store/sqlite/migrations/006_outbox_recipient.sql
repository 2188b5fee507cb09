-- Tessera schema, version 6: no index of the outbox by recipient. Nothing
-- reads the outbox that way (delivery takes messages by their due time),
-- and the index cost every message an insert on a page of its own: some
-- 5% of the pages each commit appends to the log.
DROP INDEX outbox_recipient;
