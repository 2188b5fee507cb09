-- Tessera schema, version 11: the audit log read by who acted, in either
-- order (GET /api/v1/audit-events?actor=), walks an index of its own.
CREATE INDEX audit_events_actor ON audit_events(actor_user_pk, pk)
	WHERE actor_user_pk IS NOT NULL;
