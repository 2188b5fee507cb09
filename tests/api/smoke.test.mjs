// Smoke: the server starts on a demo database, answers health, and every
// response (success or error, public or authenticated) carries the
// security headers and a request id.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, USERS } from './harness.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

function assertSecurityHeaders(res) {
	assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
	assert.equal(res.headers.get('x-frame-options'), 'DENY');
	const csp = res.headers.get('content-security-policy');
	assert.ok(csp && csp.length > 0, 'a Content-Security-Policy');
	assert.match(csp, /default-src|frame-ancestors/, `a restrictive CSP, got ${csp}`);
	assert.match(res.headers.get('cache-control') ?? '', /no-store/);
	const rid = res.headers.get('x-request-id');
	assert.ok(rid && rid.length > 0, 'an X-Request-Id');
	return rid;
}

test('health answers ok with the schema version', async () => {
	const res = await srv.raw('GET', '/api/v1/health');
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^application\/json/);
	assert.deepEqual(Object.keys(res.body).sort(), ['schema_version', 'status']);
	assert.equal(res.body.status, 'ok');
	assert.ok(Number.isInteger(res.body.schema_version), 'schema_version is an integer');
	assert.ok(res.body.schema_version >= 1);
});

test('health carries the security headers, with a fresh request id each time', async () => {
	const a = await srv.raw('GET', '/api/v1/health');
	const b = await srv.raw('GET', '/api/v1/health');
	const ra = assertSecurityHeaders(a);
	const rb = assertSecurityHeaders(b);
	assert.notEqual(ra, rb, 'request ids differ between requests');
});

test('errors carry the security headers too', async () => {
	const unknown = await srv.raw('GET', '/api/v1/no-such-thing');
	assertError(unknown, 404, 'not_found');
	assertSecurityHeaders(unknown);

	const unauth = await srv.raw('GET', '/api/v1/me');
	assertError(unauth, 401, 'unauthenticated');
	assertSecurityHeaders(unauth);

	const badLogin = await srv.raw('POST', '/api/v1/sessions', { raw: '{"email":' });
	assertError(badLogin, 400);
	assertSecurityHeaders(badLogin);
});

test('a wrong method on a known path is 405 with the error shape', async () => {
	const res = await srv.raw('PUT', '/api/v1/health');
	assertError(res, 405, 'method_not_allowed');
	assertSecurityHeaders(res);
});

test('authenticated responses carry the security headers', async () => {
	const pat = await srv.as(USERS.pat);
	const me = await pat.get('/api/v1/me');
	assert.equal(me.status, 200);
	assert.equal(me.body.user.email, USERS.pat);
	assertSecurityHeaders(me);

	const list = await pat.get('/api/v1/subscriptions?limit=1');
	assert.equal(list.status, 200);
	assert.equal(list.body.data.length, 1);
	assertSecurityHeaders(list);
});

test('the server handles concurrent requests', async () => {
	const pat = await srv.as(USERS.pat);
	const results = await Promise.all(
		Array.from({ length: 40 }, (_, i) =>
			i % 2 ? srv.raw('GET', '/api/v1/health') : pat.get('/api/v1/subscriptions?limit=5'),
		),
	);
	for (const [i, res] of results.entries()) {
		assert.equal(res.status, 200, `request ${i}: ${res.text}`);
		if (i % 2 === 0) assert.equal(res.body.data.length, 5);
	}
	const ids = new Set(results.map((r) => r.headers.get('x-request-id')));
	assert.equal(ids.size, results.length, 'every request has its own request id');
});
