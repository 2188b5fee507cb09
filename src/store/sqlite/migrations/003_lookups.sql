-- Tessera schema, version 3: lookups that must not scan a growing table.

-- The licenses an order issued (read back when its payment executes it).
CREATE INDEX licenses_order ON licenses(order_pk) WHERE order_pk IS NOT NULL;

-- The vendor organization, without walking every customer.
CREATE INDEX orgs_kind ON orgs(kind, pk);

-- Idempotency keys move to a rowid table with a unique index on the key.
-- As a WITHOUT ROWID table its rows, stored reply bodies included, sat in
-- the key's own b-tree, whose interior pages then held a few cells each:
-- every lookup went down a deep tree and read overflow pages on its way.
CREATE TABLE idempotency_keys_v3 (
	pk INTEGER PRIMARY KEY,
	user_pk INTEGER NOT NULL REFERENCES users(pk),
	key TEXT NOT NULL,
	request_hash BLOB NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (user_pk, key)
);
INSERT INTO idempotency_keys_v3 (user_pk, key, request_hash, status, body, created_at)
	SELECT user_pk, key, request_hash, status, body, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_v3 RENAME TO idempotency_keys;
