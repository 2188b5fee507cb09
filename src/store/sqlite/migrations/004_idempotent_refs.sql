-- Tessera schema, version 4: a stored idempotent reply may name what it
-- showed instead of holding its bytes. A write whose reply is the
-- representation of one resource (a quote, an order, a paid invoice)
-- stores the kind and id of that resource; the reply, and any replay of
-- it, is built from the resource after the commit, off the writer.
ALTER TABLE idempotency_keys ADD COLUMN reply_kind TEXT;
ALTER TABLE idempotency_keys ADD COLUMN reply_id TEXT;
