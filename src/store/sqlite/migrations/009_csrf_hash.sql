-- Tessera schema, version 8: a session's CSRF token is kept as its
-- BLAKE2b-256 hash, as the session secret is, so that a copy of the
-- database lets no one forge a write. SQLite has no BLAKE2b to convert
-- the plaintext tokens with, so the sessions still open are ended (their
-- users sign in again; API tokens have no CSRF token and stay), and the
-- plaintext column goes.
ALTER TABLE credentials ADD COLUMN csrf_hash BLOB;
UPDATE credentials SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
	WHERE kind = 'session' AND revoked_at IS NULL;
ALTER TABLE credentials DROP COLUMN csrf_token;
