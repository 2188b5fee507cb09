// Bad input for every endpoint: malformed JSON, bodies that are not
// objects, wrong types, unknown and missing fields, values out of range,
// oversized bodies (413), wrong content types (415), bad ids and bad query
// parameters. Each is the one error shape with a 4xx, and changes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, walk, missingId, USERS, PASSWORD } from './harness.mjs';

let srv;
let admin, alex, pat;
let target; // an active Acme product subscription
let snapshot;

before(async () => {
	srv = await startServer();
	[admin, alex, pat] = await Promise.all([USERS.admin, USERS.alex, USERS.pat].map((u) => srv.as(u)));
	const { items } = await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200);
	target = items.find((s) => !s.cancel_at_period_end);
	assert.ok(target);
	snapshot = await state();
});
after(async () => {
	await srv?.stop();
});

// Everything a bad request could have changed.
async function state() {
	const [sub, history, audit, tokens, list] = await Promise.all([
		admin.get(`/api/v1/subscriptions/${target.id}`),
		admin.get(`/api/v1/subscriptions/${target.id}/history`),
		admin.get(`/api/v1/audit-events?object_id=${target.id}`),
		alex.get('/api/v1/tokens'),
		walk(admin, '/api/v1/subscriptions', 200),
	]);
	return { sub: sub.body, history: history.body, audit: audit.body, tokens: tokens.body, list: list.items };
}

const BIG = 'x'.repeat(17 * 1024);
const JSON_WRITES = () => [
	['POST', '/api/v1/sessions', srv.anon(), { email: USERS.pat, password: PASSWORD }],
	['POST', '/api/v1/tokens', alex, { name: 'ok' }],
	['POST', `/api/v1/subscriptions/${target.id}/cancel`, pat, { effective: 'now' }],
	['POST', `/api/v1/subscriptions/${target.id}/reactivate`, admin, {}],
];

test('malformed JSON is 400 on every JSON endpoint', async () => {
	const bad = ['{', '{"name":', '{"name": "a",}', "{'name': 'a'}", '{"name": "a"} trailing', 'nul', '\u0000', '{"a":1'];
	for (const [method, path, client] of JSON_WRITES()) {
		for (const raw of bad) {
			const res = await client.request(method, path, { raw });
			assertError(res, 400);
			assert.notEqual(res.body.error.code, 'internal');
		}
	}
});

test('a body that is not a JSON object is 400', async () => {
	for (const [method, path, client] of JSON_WRITES()) {
		for (const raw of ['[]', '[{}]', '"text"', '42', 'true', 'null']) {
			const res = await client.request(method, path, { raw });
			assertError(res, 400);
		}
	}
});

test('invalid UTF-8 in a body is 400', async () => {
	const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
	assertError(await alex.request('POST', '/api/v1/tokens', { raw }), 400);
	const raw2 = Buffer.concat([Buffer.from('{"effective":"now","note":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
	assertError(await pat.request('POST', `/api/v1/subscriptions/${target.id}/cancel`, { raw: raw2 }), 400);
});

test('unknown fields are 400 naming the field', async () => {
	const cases = [
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: PASSWORD, remember: true }, 'remember'],
		[alex, '/api/v1/tokens', { name: 'x', scope: 'all' }, 'scope'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: 'now', quantity: 1 }, 'quantity'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { Effective: 'now' }, 'Effective'],
		[admin, `/api/v1/subscriptions/${target.id}/reactivate`, { note: 'x' }, 'note'],
	];
	for (const [client, path, body, field] of cases) {
		assertError(await client.post(path, body), 400, undefined, field);
	}
});

test('wrong types are 400 naming the field', async () => {
	const cases = [
		[srv.anon(), '/api/v1/sessions', { email: 42, password: PASSWORD }, 'email'],
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: ['tessera-demo'] }, 'password'],
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: null }, 'password'],
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: PASSWORD, org: 7 }, 'org'],
		[alex, '/api/v1/tokens', { name: 7 }, 'name'],
		[alex, '/api/v1/tokens', { name: { a: 1 } }, 'name'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: '30' }, 'expires_in_days'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: 1.5 }, 'expires_in_days'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: true }, 'expires_in_days'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: true }, 'effective'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: ['now'] }, 'effective'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { note: 12 }, 'note'],
	];
	for (const [client, path, body, field] of cases) {
		assertError(await client.post(path, body), 400, undefined, field);
	}
});

test('missing required fields and values out of range are 400 naming the field', async () => {
	const cases = [
		[srv.anon(), '/api/v1/sessions', { password: PASSWORD }, 'email'],
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat }, 'password'],
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: '' }, 'password'],
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: PASSWORD, org: 'not-an-id' }, 'org'],
		[alex, '/api/v1/tokens', {}, 'name'],
		[alex, '/api/v1/tokens', { name: '' }, 'name'],
		[alex, '/api/v1/tokens', { name: 'n'.repeat(5000) }, 'name'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: 0 }, 'expires_in_days'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: -3 }, 'expires_in_days'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: 100000 }, 'expires_in_days'],
		[alex, '/api/v1/tokens', { name: 'x', expires_in_days: 2 ** 53 }, 'expires_in_days'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: 'later' }, 'effective'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: '' }, 'effective'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: 'NOW' }, 'effective'],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { note: 'n'.repeat(1001) }, 'note'],
	];
	for (const [client, path, body, field] of cases) {
		const res = await client.post(path, body);
		assertError(res, 400, undefined, field);
	}
});

test('a body over 16 KiB is 413 on every endpoint that takes one', async () => {
	const cases = [
		[srv.anon(), '/api/v1/sessions', { email: USERS.pat, password: BIG }],
		[alex, '/api/v1/tokens', { name: BIG }],
		[pat, `/api/v1/subscriptions/${target.id}/cancel`, { effective: 'now', note: BIG }],
		[admin, `/api/v1/subscriptions/${target.id}/reactivate`, { pad: BIG }],
	];
	for (const [client, path, body] of cases) {
		const res = await client.post(path, body);
		assertError(res, 413, 'body_too_large');
	}
	// Well past the limit (512 KiB) it is the same JSON answer with the security headers.
	const huge = await alex.post('/api/v1/tokens', { name: 'y'.repeat(512 * 1024) });
	assertError(huge, 413, 'body_too_large');
	assert.equal(huge.headers.get('x-content-type-options'), 'nosniff');
	assert.ok(huge.headers.get('x-request-id'));
	// Still serving afterwards.
	assert.equal((await srv.raw('GET', '/api/v1/health')).status, 200);
});

test('a body that is not application/json is 415', async () => {
	const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'];
	for (const [method, path, client, body] of JSON_WRITES()) {
		for (const contentType of types) {
			const res = await client.request(method, path, { raw: JSON.stringify(body), contentType });
			assertError(res, 415, 'unsupported_media_type');
		}
		const none = await client.request(method, path, { raw: JSON.stringify(body), contentType: null });
		assert.ok(none.status === 415 || none.status === 400, `no content type: ${none.status}`);
		assertError(none);
	}
	// A charset parameter is fine.
	const ok = await alex.request('POST', '/api/v1/tokens', {
		raw: JSON.stringify({ name: 'charset ok' }),
		contentType: 'application/json; charset=utf-8',
	});
	assert.equal(ok.status, 201, ok.text);
	assert.equal((await alex.delete(`/api/v1/tokens/${ok.body.id}`)).status, 204);
});

test('bad and unknown ids in paths are 4xx, never 500', async () => {
	const ids = [
		missingId('sub'),
		'sub_',
		'sub_AAAAAAAAAAAAAAAAAAAA',
		'sub_0000000000000000000l',
		'org_aaaaaaaaaaaaaaaaaaaa',
		'x'.repeat(300),
		'%00',
		'sub_aaaa%2F..%2Fbbbb',
		'1',
		"sub_aaaa'--",
	];
	for (const id of ids) {
		for (const suffix of ['', '/contacts', '/history']) {
			const res = await pat.get(`/api/v1/subscriptions/${id}${suffix}`);
			assertError(res);
			assert.ok(res.status === 404 || res.status === 400, `GET ${id}${suffix}: ${res.status}`);
		}
		for (const action of ['cancel', 'reactivate']) {
			const res = await admin.post(`/api/v1/subscriptions/${id}/${action}`, {});
			assertError(res);
			assert.ok(res.status === 404 || res.status === 400, `POST ${id}/${action}: ${res.status}`);
		}
		const del = await alex.delete(`/api/v1/tokens/${id}`);
		assertError(del);
		assert.ok(del.status === 404 || del.status === 400, `DELETE token ${id}: ${del.status}`);
	}
	assertError(await pat.get(`/api/v1/subscriptions/${missingId('sub')}`), 404, 'not_found');
});

test('bad list query parameters are 400 naming the parameter', async () => {
	const cases = [
		['status=cancelled', 'status'],
		['status=', 'status'],
		['status=ACTIVE', 'status'],
		['kind=bundle', 'kind'],
		['limit=0', 'limit'],
		['limit=201', 'limit'],
		['limit=-1', 'limit'],
		['limit=abc', 'limit'],
		['limit=1.5', 'limit'],
		['limit=99999999999999999999', 'limit'],
		['after=not-a-cursor', 'after'],
		['after=', 'after'],
		['after=%00%01', 'after'],
		['customer=not-an-id', 'customer'],
	];
	for (const [q, field] of cases) {
		const res = await pat.get(`/api/v1/subscriptions?${q}`);
		assertError(res, 400, undefined, field);
	}
	for (const q of ['foo=1', 'page=2', 'offset=10', 'Status=active', 'status=active&sort=id']) {
		const res = await pat.get(`/api/v1/subscriptions?${q}`);
		assertError(res, 400);
	}
	// The valid extremes are accepted.
	assert.equal((await pat.get('/api/v1/subscriptions?limit=1')).status, 200);
	assert.equal((await pat.get('/api/v1/subscriptions?limit=200')).status, 200);
});

test('bad query parameters on the token list are 400 naming the parameter', async () => {
	for (const [q, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=x', 'limit'], ['after=garbage', 'after']]) {
		assertError(await alex.get(`/api/v1/tokens?${q}`), 400, undefined, field);
	}
	assertError(await alex.get('/api/v1/tokens?foo=1'), 400);
	assert.equal((await alex.get('/api/v1/tokens?limit=200')).status, 200);
});

test('bad query parameters on the customer and billing account lists are 400 naming the parameter', async () => {
	const cases = [
		['limit=0', 'limit'],
		['limit=201', 'limit'],
		['limit=-1', 'limit'],
		['limit=abc', 'limit'],
		['limit=1.5', 'limit'],
		['limit=', 'limit'],
		['after=not-a-cursor', 'after'],
		['after=', 'after'],
		['after=%00%01', 'after'],
		['q=acme', 'q'],
		['foo=1', 'foo'],
		['customer=' + missingId('org'), 'customer'],
		['limit=5&Limit=5', 'Limit'],
	];
	for (const path of ['/api/v1/customers', '/api/v1/billing-accounts']) {
		for (const client of [admin, alex, pat]) {
			for (const [q, field] of cases) assertError(await client.get(`${path}?${q}`), 400, undefined, field);
			assertError(await client.get(`${path}?foo=1`), 400, 'unknown_parameter', 'foo');
			assertError(await client.get(`${path}?limit=0`), 400, 'out_of_range', 'limit');
			assertError(await client.get(`${path}?after=garbage`), 400, 'invalid_cursor', 'after');
			assert.equal((await client.get(`${path}?limit=1`)).status, 200);
			assert.equal((await client.get(`${path}?limit=200`)).status, 200);
		}
		assertError(await srv.anon().get(path), 401, 'unauthenticated');
	}
});

test('unknown query parameters on subscription reads are 400', async () => {
	for (const suffix of ['', '/contacts', '/history']) {
		assertError(await pat.get(`/api/v1/subscriptions/${target.id}${suffix}?foo=1`), 400);
	}
});

test('bad query parameters on the audit log are 400', async () => {
	for (const q of ['foo=1', 'object=x', 'limit=0']) {
		assertError(await admin.get(`/api/v1/audit-events?object_id=${target.id}&${q}`), 400);
	}
	assertError(await admin.get(`/api/v1/audit-events?object_id=${'x'.repeat(65)}`), 400, undefined, 'object_id');
	// Without object_id the list is the whole log (tests/api/lists.test.mjs).
	assert.equal((await admin.get('/api/v1/audit-events')).status, 200);
	assertError(await admin.get('/api/v1/audit-events?object_id='), 400, undefined, 'object_id');
});

test('a bad Idempotency-Key header is 400 naming it, and acts not', async () => {
	for (const key of ['k'.repeat(256), 'caf\u00e9-key', 'tab\there']) {
		let res;
		try {
			res = await alex.post('/api/v1/tokens', { name: 'bad key' }, { idempotencyKey: key });
		} catch {
			continue; // fetch itself refuses some header values
		}
		assertError(res, 400, undefined, 'Idempotency-Key');
	}
	const tokens = (await alex.get('/api/v1/tokens')).body.data;
	assert.ok(!tokens.some((t) => t.name === 'bad key'));
});

test('unknown paths are 404 and wrong methods 405, with the error shape', async () => {
	for (const path of ['/api/v1', '/api/v1/', '/api/v1/subscription', '/api/v2/health', '/api/v1/subscriptions/x/y/z']) {
		const res = await pat.get(path);
		assertError(res, 404, 'not_found');
	}
	const methods = [
		['PUT', '/api/v1/subscriptions'],
		['DELETE', '/api/v1/subscriptions'],
		['PATCH', `/api/v1/subscriptions/${target.id}`],
		['GET', `/api/v1/subscriptions/${target.id}/cancel`],
		['GET', '/api/v1/sessions'],
		['POST', '/api/v1/me'],
		['POST', '/api/v1/customers'],
		['DELETE', '/api/v1/billing-accounts'],
	];
	for (const [method, path] of methods) {
		const res = await pat.request(method, path, method === 'GET' ? {} : { body: {} });
		assertError(res, 405, 'method_not_allowed');
	}
});

test('login with a well-formed but foreign org is refused without a session', async () => {
	const res = await srv.raw('POST', '/api/v1/sessions', {
		body: { email: USERS.pat, password: PASSWORD, org: alex.session.org.id },
	});
	assertError(res);
	assert.ok([400, 401, 403, 404].includes(res.status), `status ${res.status}`);
	assert.equal(res.headers.getSetCookie().filter((c) => /tessera_session=[^;]/.test(c)).length, 0);
});

test('nothing changed after all the bad requests', async () => {
	const now = await state();
	assert.deepEqual(now.sub, snapshot.sub, 'the subscription is unchanged');
	assert.equal(now.sub.status, 'active');
	assert.deepEqual(now.history, snapshot.history, 'no history event');
	assert.deepEqual(now.audit, snapshot.audit, 'no audit event');
	assert.deepEqual(now.tokens, snapshot.tokens, 'no token created');
	assert.deepEqual(now.list, snapshot.list, 'no subscription changed');
	// The sessions still work.
	for (const c of [admin, alex, pat]) assert.equal((await c.get('/api/v1/me')).status, 200);
});
