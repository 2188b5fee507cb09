// Authentication: login for each role, the session cookie, logout, /me,
// API tokens (bearer), CSRF on cookie-authenticated writes, and the
// login throttle (tests/api/login.test.mjs has the rest of it).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, USERS, PASSWORD, NOW, missingId, Client } from './harness.mjs';

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

const NOW_MS = Date.parse(NOW);

test('login as each role returns the user, org, role, CSRF token and cookie', async () => {
	const cases = [
		[USERS.admin, 'vendor_admin', 'vendor', null],
		[USERS.support, 'vendor_support', 'vendor', null],
		[USERS.alex, 'partner_user', 'partner', 'Bluebird Solutions'],
		[USERS.casey, 'partner_user', 'partner', 'Cedar Consulting'],
		[USERS.pat, 'customer_contact', 'customer', 'Acme Robotics'],
		[USERS.robin, 'customer_contact', 'customer', 'Birch Analytics'],
	];
	const vendorIds = new Set();
	for (const [email, role, kind, orgName] of cases) {
		const res = await srv.raw('POST', '/api/v1/sessions', { body: { email, password: PASSWORD } });
		assert.equal(res.status, 201, `${email}: ${res.text}`);
		const s = res.body;
		assert.deepEqual(Object.keys(s).sort(), ['csrf_token', 'expires_at', 'org', 'role', 'user']);
		assert.equal(s.user.email, email);
		assert.equal(typeof s.user.id, 'string');
		assert.ok(s.user.name.length > 0);
		assert.equal(s.role, role);
		assert.equal(s.org.kind, kind);
		if (orgName) assert.equal(s.org.name, orgName);
		else vendorIds.add(s.org.id);
		assert.match(s.org.id, /^org_/);
		assert.equal(typeof s.csrf_token, 'string');
		assert.ok(s.csrf_token.length >= 16, 'a CSRF token of some entropy');
		assert.ok(Date.parse(s.expires_at) > NOW_MS, `the session expires after now: ${s.expires_at}`);

		const cookies = res.headers.getSetCookie();
		const c = cookies.find((x) => x.startsWith('tessera_session='));
		assert.ok(c, `Set-Cookie tessera_session in ${JSON.stringify(cookies)}`);
		assert.ok(c.split(';')[0].length > 'tessera_session='.length + 16, 'a session secret');
		assert.match(c, /;\s*HttpOnly/i);
		assert.match(c, /;\s*SameSite=Strict/i);
		assert.ok(!c.includes(s.csrf_token), 'the cookie is not the CSRF token');
	}
	assert.equal(vendorIds.size, 1, 'admin and support are in the same vendor org');
});

test('two logins of the same user get different sessions and CSRF tokens', async () => {
	const a = await srv.login(USERS.casey);
	const b = await srv.login(USERS.casey);
	assert.notEqual(a.cookie, b.cookie);
	assert.notEqual(a.csrf, b.csrf);
	// A session's CSRF token does not work with the other session's cookie.
	const crossed = await a.post('/api/v1/tokens', { name: 'crossed' }, { csrf: b.csrf });
	assertError(crossed, 403, 'csrf_token_invalid');
});

test('login may name the org to act in: its own works, another is refused', async () => {
	const first = await srv.login(USERS.casey);
	const orgId = first.session.org.id;
	const res = await srv.raw('POST', '/api/v1/sessions', { body: { email: USERS.casey, password: PASSWORD, org: orgId } });
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.org.id, orgId);
	assert.equal(res.body.role, 'partner_user');
	const alex = await srv.as(USERS.alex);
	const other = await srv.raw('POST', '/api/v1/sessions', {
		body: { email: USERS.casey, password: PASSWORD, org: alex.session.org.id },
	});
	assertError(other);
	assert.ok(other.status >= 400 && other.status < 500);
	assert.equal(other.headers.getSetCookie().filter((c) => /tessera_session=[^;]/.test(c)).length, 0);
});

test('email is matched case-insensitively', async () => {
	const res = await srv.raw('POST', '/api/v1/sessions', {
		body: { email: 'Casey@Cedar.Example', password: PASSWORD },
	});
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.user.email, USERS.casey);
});

test('wrong password and unknown email are both 401 invalid_credentials, told alike', async () => {
	const wrong = await srv.raw('POST', '/api/v1/sessions', {
		body: { email: USERS.robin, password: 'not-the-password' },
	});
	assertError(wrong, 401, 'invalid_credentials');
	assert.equal(wrong.headers.getSetCookie().filter((c) => /tessera_session=[^;]/.test(c)).length, 0);

	const unknown = await srv.raw('POST', '/api/v1/sessions', {
		body: { email: 'nobody@nowhere.example', password: 'not-the-password' },
	});
	assertError(unknown, 401, 'invalid_credentials');
	assert.equal(unknown.body.error.message, wrong.body.error.message, 'no account enumeration');
	assert.equal(unknown.body.error.field, wrong.body.error.field);
});

test('/me without a credential, with a bogus cookie or a bogus bearer is 401', async () => {
	assertError(await srv.raw('GET', '/api/v1/me'), 401, 'unauthenticated');
	const bogusCookie = new Client(srv.baseUrl, { cookie: 'tessera_session=' + 'ab'.repeat(32) });
	assertError(await bogusCookie.get('/api/v1/me'), 401, 'unauthenticated');
	assertError(await srv.bearer('tsk_' + 'cd'.repeat(24)).get('/api/v1/me'), 401, 'unauthenticated');
	assertError(await srv.bearer('not-a-token').get('/api/v1/me'), 401, 'unauthenticated');
	const basic = await srv.raw('GET', '/api/v1/me', { headers: { authorization: 'Basic eDp5' } });
	assertError(basic, 401, 'unauthenticated');
});

test('/me tells the user, org, role, memberships and the session credential', async () => {
	const pat = await srv.as(USERS.pat);
	const res = await pat.get('/api/v1/me');
	assert.equal(res.status, 200, res.text);
	const me = res.body;
	assert.deepEqual(Object.keys(me).sort(), ['credential', 'memberships', 'org', 'permissions', 'role', 'user']);
	assert.equal(me.user.email, USERS.pat);
	assert.equal(me.user.id, pat.session.user.id);
	assert.equal(me.org.id, pat.session.org.id);
	assert.equal(me.org.name, 'Acme Robotics');
	assert.equal(me.org.kind, 'customer');
	assert.equal(me.role, 'customer_contact');
	assert.ok(Array.isArray(me.memberships) && me.memberships.length >= 1);
	assert.ok(
		me.memberships.some((m) => m.org.id === me.org.id && m.role === 'customer_contact'),
		'the current org is among the memberships',
	);
	assert.equal(me.credential.kind, 'session');
	assert.equal(typeof me.credential.id, 'string');

	const alex = await srv.as(USERS.alex);
	const am = (await alex.get('/api/v1/me')).body;
	assert.equal(am.role, 'partner_user');
	assert.equal(am.org.name, 'Bluebird Solutions');
	assert.equal(am.org.kind, 'partner');
});

test('logout needs the CSRF token, then the cookie is refused', async () => {
	const c = await srv.login(USERS.casey);
	assert.equal((await c.get('/api/v1/me')).status, 200);

	const noCsrf = await c.delete('/api/v1/sessions/current', { csrf: false });
	assertError(noCsrf, 403, 'csrf_token_invalid');
	assert.equal((await c.get('/api/v1/me')).status, 200, 'still logged in after a refused logout');

	const out = await c.delete('/api/v1/sessions/current');
	assert.equal(out.status, 204, out.text);
	assert.equal(out.text, '', '204 has no body');
	const cleared = out.headers.getSetCookie().find((x) => x.startsWith('tessera_session='));
	assert.ok(cleared, 'logout clears the cookie');
	assert.match(cleared, /^tessera_session=;/);
	assert.match(cleared, /Max-Age=0|Expires=Thu, 01 Jan 1970/i);

	assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
	assertError(await c.delete('/api/v1/sessions/current'), 401, 'unauthenticated');
	assertError(await c.post('/api/v1/tokens', { name: 'after logout' }), 401, 'unauthenticated');
});

test('cookie-authenticated writes without or with a wrong CSRF token are 403 and change nothing', async () => {
	const alex = await srv.as(USERS.alex);
	const before = (await alex.get('/api/v1/tokens')).body.data.length;

	assertError(await alex.post('/api/v1/tokens', { name: 'no csrf' }, { csrf: false }), 403, 'csrf_token_invalid');
	assertError(await alex.post('/api/v1/tokens', { name: 'bad csrf' }, { csrf: 'x'.repeat(64) }), 403, 'csrf_token_invalid');
	assertError(await alex.post('/api/v1/tokens', { name: 'empty csrf' }, { csrf: '' , headers: { 'x-csrf-token': '' } }), 403, 'csrf_token_invalid');

	const after = (await alex.get('/api/v1/tokens')).body.data;
	assert.equal(after.length, before, 'no token was created');
	assert.ok(!after.some((t) => /csrf/.test(t.name)));
});

test('reads with a cookie need no CSRF token', async () => {
	const alex = await srv.as(USERS.alex);
	const res = await alex.get('/api/v1/subscriptions?limit=2', { csrf: false });
	assert.equal(res.status, 200);
	assert.equal(res.body.data.length, 2);
});

test('API tokens: create, list, use as bearer (no CSRF), revoke', async () => {
	const alex = await srv.as(USERS.alex);
	const created = await alex.post('/api/v1/tokens', { name: 'ci export', expires_in_days: 30 });
	assert.equal(created.status, 201, created.text);
	const t = created.body;
	assert.deepEqual(Object.keys(t).sort(), ['created_at', 'expires_at', 'id', 'name', 'role', 'token']);
	assert.equal(t.name, 'ci export');
	assert.equal(t.role, 'partner_user');
	assert.match(t.token, /^tsk_[A-Za-z0-9_-]{20,}$/);
	assert.ok(Math.abs(Date.parse(t.created_at) - NOW_MS) < 10 * 60 * 1000, `created now: ${t.created_at}`);
	const lifetime = Date.parse(t.expires_at) - Date.parse(t.created_at);
	assert.ok(Math.abs(lifetime - 30 * 86400000) < 60 * 1000, `expires 30 days later: ${t.expires_at}`);

	const list = await alex.get('/api/v1/tokens');
	assert.equal(list.status, 200);
	assert.equal(list.body.next, null);
	const row = list.body.data.find((x) => x.id === t.id);
	assert.ok(row, 'the new token is listed');
	assert.deepEqual(Object.keys(row).sort(), ['created_at', 'expires_at', 'id', 'name', 'org_id', 'role']);
	assert.equal(row.org_id, alex.session.org.id);
	assert.equal(row.role, 'partner_user');
	assert.equal(row.created_at, t.created_at);
	assert.equal(row.name, 'ci export');
	assert.equal(row.expires_at, t.expires_at);
	assert.ok(!('token' in row), 'the list does not show the secret');
	assert.ok(!list.text.includes(t.token), 'the secret appears nowhere in the list');

	const bearer = srv.bearer(t.token);
	const me = await bearer.get('/api/v1/me');
	assert.equal(me.status, 200, me.text);
	assert.equal(me.body.user.email, USERS.alex);
	assert.equal(me.body.role, 'partner_user');
	assert.equal(me.body.org.name, 'Bluebird Solutions');
	assert.deepEqual(me.body.credential, { id: t.id, kind: 'token' });

	// A bearer write needs no CSRF token.
	const viaBearer = await bearer.post('/api/v1/tokens', { name: 'made by bearer' });
	assert.equal(viaBearer.status, 201, viaBearer.text);
	assert.equal(viaBearer.body.role, 'partner_user');
	assert.equal(viaBearer.body.expires_at, null, 'without expires_in_days the token does not expire');

	// Another user cannot see or revoke alex's token.
	const casey = await srv.as(USERS.casey);
	const caseyList = await casey.get('/api/v1/tokens');
	assert.ok(!caseyList.body.data.some((x) => x.id === t.id), "casey does not list alex's token");
	assertError(await casey.delete(`/api/v1/tokens/${t.id}`), 404, 'not_found');
	assert.equal((await bearer.get('/api/v1/me')).status, 200, 'still valid');

	// Revoking with the cookie needs the CSRF token too.
	assertError(await alex.delete(`/api/v1/tokens/${t.id}`, { csrf: false }), 403, 'csrf_token_invalid');
	assert.equal((await bearer.get('/api/v1/me')).status, 200, 'not revoked without the CSRF token');

	const del = await alex.delete(`/api/v1/tokens/${t.id}`);
	assert.equal(del.status, 204, del.text);
	assertError(await bearer.get('/api/v1/me'), 401, 'unauthenticated');
	assertError(await alex.delete(`/api/v1/tokens/${t.id}`), 404, 'not_found');
	assert.ok(!(await alex.get('/api/v1/tokens')).body.data.some((x) => x.id === t.id), 'gone from the list');
	assertError(await alex.delete(`/api/v1/tokens/${missingId('tok')}`), 404, 'not_found');

	// Clean up the second token through the bearer that made it.
	const t2 = viaBearer.body;
	const b2 = srv.bearer(t2.token);
	assert.equal((await b2.delete(`/api/v1/tokens/${t2.id}`)).status, 204);
	assertError(await b2.get('/api/v1/me'), 401, 'unauthenticated');
});

test('a token gets the role of its creator: a customer contact token sees only its customer', async () => {
	const pat = await srv.as(USERS.pat);
	const created = await pat.post('/api/v1/tokens', { name: 'pat script' });
	assert.equal(created.status, 201, created.text);
	assert.equal(created.body.role, 'customer_contact');
	const b = srv.bearer(created.body.token);
	const list = await b.get('/api/v1/subscriptions?limit=200');
	assert.equal(list.status, 200);
	assert.ok(list.body.data.length > 0);
	for (const s of list.body.data) assert.equal(s.customer.name, 'Acme Robotics');
	assert.equal((await pat.delete(`/api/v1/tokens/${created.body.id}`)).status, 204);
});

test('logging out one session leaves the user\'s other sessions and tokens alone', async () => {
	const a = await srv.login(USERS.robin);
	const b = await srv.login(USERS.robin);
	const tok = await a.post('/api/v1/tokens', { name: 'survives logout' });
	assert.equal(tok.status, 201);
	assert.equal((await a.delete('/api/v1/sessions/current')).status, 204);
	assert.equal((await b.get('/api/v1/me')).status, 200);
	assert.equal((await srv.bearer(tok.body.token).get('/api/v1/me')).status, 200);
	assert.equal((await b.delete(`/api/v1/tokens/${tok.body.id}`)).status, 204);
});

// Last: it slows one account's logins from this address.
test('3 failed logins slow that account from this address: 429 with Retry-After, even with the right password', async () => {
	const email = USERS.dana;
	for (let i = 1; i <= 3; i++) {
		const res = await srv.raw('POST', '/api/v1/sessions', { body: { email, password: `wrong-${i}` } });
		assertError(res, 401, 'invalid_credentials');
	}
	const slowed = await srv.raw('POST', '/api/v1/sessions', { body: { email, password: PASSWORD } });
	assertError(slowed, 429, 'too_many_attempts');
	const retry = slowed.headers.get('retry-after');
	assert.ok(retry !== null, 'a Retry-After header');
	const secs = Number(retry);
	assert.ok(Number.isInteger(secs) && secs > 0 && secs <= 120, `Retry-After in seconds: ${retry}`);
	assert.equal(slowed.headers.getSetCookie().filter((c) => /tessera_session=[^;]/.test(c)).length, 0);

	// Only that pair is slowed: another account still logs in from this address.
	const other = await srv.raw('POST', '/api/v1/sessions', { body: { email: USERS.support, password: PASSWORD } });
	assert.equal(other.status, 201, other.text);
});

test('the session cookie is Secure only when the server is started with --secure-cookies', async () => {
	const plain = await srv.raw('POST', '/api/v1/sessions', { body: { email: USERS.casey, password: PASSWORD } });
	assert.equal(plain.status, 201, plain.text);
	const pc = plain.headers.getSetCookie().find((x) => x.startsWith('tessera_session='));
	assert.doesNotMatch(pc, /;\s*Secure/i);

	const secure = await startServer({ threads: 1, args: ['--secure-cookies'] });
	try {
		const login = await secure.login(USERS.casey);
		const res = await secure.raw('POST', '/api/v1/sessions', { body: { email: USERS.casey, password: PASSWORD } });
		assert.equal(res.status, 201, res.text);
		const c = res.headers.getSetCookie().find((x) => x.startsWith('tessera_session='));
		assert.match(c, /;\s*Secure/i);
		// Logout clears the cookie with the same attributes.
		const out = await login.delete('/api/v1/sessions/current');
		assert.equal(out.status, 204, out.text);
		const cleared = out.headers.getSetCookie().find((x) => x.startsWith('tessera_session='));
		assert.match(cleared, /Max-Age=0/);
		assert.match(cleared, /;\s*Secure/i);
	} finally {
		await secure.stop();
	}
});
