-- Tessera schema, version 11: indexes for the lists the consoles read,
-- oldest or newest first. A partner's orders or invoices of one status
-- (the storefront approval queue, the invoices still open), the orders
-- placed by one side, and the audit log of one user each walk an index of
-- their own, so that a first page stops at its limit however few rows
-- match.
CREATE INDEX orders_partner_status ON orders(partner_pk, status, pk);
CREATE INDEX orders_partner_origin ON orders(partner_pk, origin, pk);
CREATE INDEX orders_origin ON orders(origin, pk);
CREATE INDEX invoices_partner_status ON invoices(partner_pk, status, pk);
CREATE INDEX audit_events_actor ON audit_events(actor_user_pk, pk)
	WHERE actor_user_pk IS NOT NULL;
