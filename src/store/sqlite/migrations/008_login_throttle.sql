-- Tessera schema, version 7: login throttling slows guessing down instead
-- of locking accounts. Failures are counted per (account, client address)
-- pair and per address, under the BLAKE2b-256 of the pair or the address
-- (no typed email is kept), and forgotten some minutes after the last one;
-- the index lets each new failure delete a few forgotten records, so the
-- table holds only recent failures. The old per-account and per-address
-- records, and the locks they held, are dropped.
DROP TABLE login_failures;
CREATE TABLE login_throttle (
	key BLOB PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_failure INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_throttle_last ON login_throttle(last_failure);
