-- Tessera schema, version 10: a cancelled order's status is spelt
-- 'cancelled', as a cancelled quote's and a cancelled subscription's are,
-- so that the API spells the word one way. The orders table's CHECK is
-- edited in place (as in version 5: the new text accepts exactly the
-- renamed set of values), the schema is reloaded, then the rows are
-- renamed under the new CHECK. Audit events keep the word as it was
-- written at the time.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	' OR status = ''executed'' OR status = ''canceled'')',
	' OR status = ''executed'' OR status = ''cancelled'')')
	WHERE type = 'table' AND name = 'orders';
PRAGMA writable_schema = RESET;
UPDATE orders SET status = 'cancelled' WHERE status = 'canceled';
