// docs/openapi.yaml tells the truth: what the description promises of
// every operation (a 400 for an unknown query parameter, each request
// body's size limit, the error codes, the headers of a replay) is what the
// server does. Every reply below is also checked against the description
// by the harness (tests/api/openapi.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startServer, assertError, missingId, newKey, USERS, PASSWORD } from './harness.mjs';
import { SPEC, ROOT } from './openapi.mjs';
import { collectErrorCodes } from './error_codes.mjs';

let srv;
let admin, alex, pat;

before(async () => {
	srv = await startServer();
	[admin, alex, pat] = await Promise.all([USERS.admin, USERS.alex, USERS.pat].map((u) => srv.as(u)));
});
after(async () => {
	await srv?.stop();
});

test('every error code in the C source is documented, and every documented code is in the source', () => {
	const { codes, unknown } = collectErrorCodes(join(ROOT, 'src'));
	assert.deepEqual(unknown, [], 'every code argument in the source can be read');
	assert.ok(codes.size > 50, `${codes.size} codes found`);
	const documented = SPEC.components.schemas.ErrorDetail.properties.code.enum;
	assert.equal(new Set(documented).size, documented.length, 'no code listed twice');
	const missing = [...codes.keys()].filter((c) => !documented.includes(c)).sort();
	assert.deepEqual(missing, [], 'codes the server sends that ErrorDetail.code does not list');
	const stale = documented.filter((c) => !codes.has(c)).sort();
	assert.deepEqual(stale, [], 'codes ErrorDetail.code lists that the server never sends');
	const prose = SPEC.components.schemas.ErrorDetail.properties.code.description;
	for (const c of documented) assert.ok(prose.includes('`' + c + '`'), `the description of code names ${c}`);
});

test('every route of src/api/routes.c is a documented operation, and every operation a route', () => {
	const table = readFileSync(join(ROOT, 'src', 'api', 'routes.c'), 'utf8');
	const base = new URL(SPEC.servers[0].url, 'http://x').pathname;
	const routes = [...table.matchAll(/\{METHOD_(\w+), "([^"]+)"/g)]
		.map(([, m, path]) => `${m} ${path.slice(base.length).replace(/:\w+/g, '{}')}`)
		.sort();
	const ops = Object.entries(SPEC.paths)
		.flatMap(([tpl, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${tpl.replace(/\{[^}]+\}/g, '{}')}`))
		.sort();
	assert.ok(routes.length >= 30, `${routes.length} routes read`);
	assert.deepEqual(ops, routes);
});

// The ids of one readable object of each kind, to fill path templates.
async function someIds() {
	const first = async (client, path) => {
		const res = await client.get(path);
		assert.equal(res.status, 200, `${path}: ${res.text}`);
		assert.ok(res.body.data.length > 0, `${path} lists something`);
		return res.body.data[0].id;
	};
	const q = await twoLineQuote();
	const o = await alex.post(`/api/v1/quotes/${q.id}/order`, { payment_method: 'bank_transfer' });
	assert.equal(o.status, 201, o.text);
	return {
		subscription_id: await first(admin, '/api/v1/subscriptions?limit=1'),
		customer_id: await first(admin, '/api/v1/customers?limit=1'),
		quote_id: q.id,
		order_id: o.body.id,
		invoice_id: o.body.invoice.id,
		license_id: missingId('lic'), // the demo has none; the parameters are checked first
	};
}

test('every documented GET refuses an unknown query parameter with 400 naming it', async () => {
	const ids = await someIds();
	let n = 0;
	for (const [tpl, item] of Object.entries(SPEC.paths)) {
		if (!item.get) continue;
		assert.ok(item.get.responses['400'], `GET ${tpl} documents its 400`);
		const path = '/api/v1' + tpl.replace(/\{([^}]+)\}/g, (_, name) => {
			assert.ok(ids[name], `an id for ${name}`);
			return ids[name];
		});
		const client = item.get.security?.length === 0 ? srv.anon() : admin;
		const res = await client.get(`${path}?no_such_parameter=1`);
		assertError(res, 400, 'unknown_parameter', 'no_such_parameter');
		n++;
	}
	assert.ok(n >= 20, `${n} GET operations`);
});

// Who may send a body to each POST (the role check comes before the body's size).
const WRITERS = {
	'/sessions': () => srv.anon(),
	'/tokens': () => alex,
	'/subscriptions/{subscription_id}/cancel': () => pat,
	'/subscriptions/{subscription_id}/reactivate': () => admin,
	'/subscriptions/{subscription_id}/actions': () => pat,
	'/quotes': () => alex,
	'/quotes/preview': () => alex,
	'/quotes/{quote_id}/order': () => alex,
	'/quotes/{quote_id}/cancel': () => alex,
	'/orders/{order_id}/approve': () => alex,
	'/orders/{order_id}/reject': () => alex,
	'/invoices/{invoice_id}/payments': () => alex,
	'/invoices/{invoice_id}/refunds': () => admin,
};

test('each request body is limited to the size its operation documents', async () => {
	let n = 0;
	for (const [tpl, item] of Object.entries(SPEC.paths)) {
		const op = item.post;
		if (!op?.requestBody) continue;
		const m = /at most (\d+) KiB/.exec(op.requestBody.description ?? '');
		assert.ok(m, `POST ${tpl}: the request body states its limit`);
		const limit = Number(m[1]) * 1024;
		assert.ok(WRITERS[tpl], `a writer for POST ${tpl}`);
		const client = WRITERS[tpl]();
		const path = '/api/v1' + tpl.replace(/\{([^}]+)\}/g, (_, name) => missingId(name.split('_')[0].slice(0, 3)));
		// `{}` padded with JSON whitespace to the limit, then one byte over.
		const at = '{}' + ' '.repeat(limit - 2);
		const over = at + ' ';
		const ok = await client.request('POST', path, { raw: at });
		assert.notEqual(ok.status, 413, `POST ${tpl}: a body of ${limit} bytes is accepted (${ok.text})`);
		assertError(await client.request('POST', path, { raw: over }), 413, 'body_too_large');
		n++;
	}
	assert.ok(n >= 12, `${n} operations with a body`);
});

test('a body nested deeper than jansson parses is 400 too_deep, like one past the 32 levels', async () => {
	const nested = (depth) => '{"notes":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
	assertError(await alex.request('POST', '/api/v1/quotes', { raw: nested(40) }), 400, 'too_deep');
	// 20,000 bytes: within the 64 KiB of POST /quotes, past jansson's own depth limit.
	assertError(await alex.request('POST', '/api/v1/quotes', { raw: nested(10000) }), 400, 'too_deep');
	assertError(await alex.request('POST', '/api/v1/tokens', { raw: nested(5000) }), 400, 'too_deep');
});

test('GET /health and GET /me refuse unknown query parameters', async () => {
	assertError(await srv.anon().get('/api/v1/health?verbose=1'), 400, 'unknown_parameter', 'verbose');
	assertError(await pat.get('/api/v1/me?x=1'), 400, 'unknown_parameter', 'x');
	assert.equal((await srv.anon().get('/api/v1/health')).status, 200);
	assert.equal((await pat.get('/api/v1/me')).status, 200);
});

test('DELETE /sessions/current with an API token revokes that token', async () => {
	const s = await srv.login(USERS.casey);
	const t = await s.post('/api/v1/tokens', { name: 'logout' });
	assert.equal(t.status, 201, t.text);
	const bearer = srv.bearer(t.body.token);
	assert.equal((await bearer.get('/api/v1/me')).status, 200);
	const out = await bearer.delete('/api/v1/sessions/current');
	assert.equal(out.status, 204, out.text);
	assertError(await bearer.get('/api/v1/me'), 401, 'unauthenticated');
	// The session that made the token is not touched.
	assert.equal((await s.get('/api/v1/me')).status, 200);
	assert.ok(!(await s.get('/api/v1/tokens')).body.data.some((x) => x.id === t.body.id), 'the token is revoked');
});

// A quote of two lines for Acme on Bluebird's US account.
async function twoLineQuote() {
	const [cat, bas, customers] = await Promise.all([
		alex.get('/api/v1/catalog/products'),
		alex.get('/api/v1/billing-accounts'),
		alex.get('/api/v1/customers?name=acme'),
	]);
	const tracker = cat.body.data.find((p) => p.code === 'HLX-TRK-C');
	const usd = bas.body.data.find((b) => b.currency === 'USD');
	const acme = customers.body.data.find((c) => c.name === 'Acme Robotics');
	assert.ok(tracker && usd && acme, 'demo data');
	const line = (quantity) => ({ product: tracker.id, edition: 'standard', user_tier: 10, billing_period: 'annual', quantity });
	const res = await alex.post('/api/v1/quotes', { customer: acme.id, billing_account: usd.id, lines: [line(1), line(3)] });
	assert.equal(res.status, 201, res.text);
	return res.body;
}

test('lines are numbered from 1 on quotes, orders and invoices alike', async () => {
	const q = await twoLineQuote();
	assert.deepEqual(q.lines.map((l) => [l.line_no, l.quantity]), [[1, 1], [2, 3]]);
	assert.deepEqual((await alex.get(`/api/v1/quotes/${q.id}`)).body.lines.map((l) => l.line_no), [1, 2]);
	const o = await alex.post(`/api/v1/quotes/${q.id}/order`, { payment_method: 'bank_transfer' });
	assert.equal(o.status, 201, o.text);
	assert.deepEqual(o.body.lines.map((l) => [l.line_no, l.quantity]), [[1, 1], [2, 3]]);
	const inv = await alex.get(`/api/v1/invoices/${o.body.invoice.id}`);
	assert.equal(inv.status, 200, inv.text);
	assert.deepEqual(inv.body.lines.map((l) => [l.line_no, l.quantity]), [[1, 1], [2, 3]]);
});

test('order, action, approve and reject replays carry Idempotent-Replayed (documented on each)', async () => {
	const replayed = async (client, path, body, what) => {
		const key = newKey('replay');
		const first = await client.post(path, body, { idempotencyKey: key });
		assert.ok(first.status < 300, `${what}: ${first.text}`);
		assert.equal(first.headers.get('idempotent-replayed'), null, `${what}: the first reply is no replay`);
		const again = await client.post(path, body, { idempotencyKey: key });
		assert.equal(again.status, first.status, what);
		assert.equal(again.headers.get('idempotent-replayed'), 'true', `${what}: the replay says so`);
		assert.equal(again.body.id, first.body.id, what);
		return first.body;
	};
	const q = await twoLineQuote();
	await replayed(alex, `/api/v1/quotes/${q.id}/order`, { payment_method: 'bank_transfer' }, 'order');

	const subs = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	const tracker = subs.body.data.find((s) => s.product.name === 'Helix Tracker');
	assert.ok(tracker, 'Acme has a live Helix Tracker');
	const action = { action: 'buy_licenses', quantity: 1, payment_method: 'card' };
	const a1 = await replayed(pat, `/api/v1/subscriptions/${tracker.id}/actions`, action, 'action');
	await replayed(alex, `/api/v1/orders/${a1.id}/approve`, {}, 'approve');
	const a2 = await replayed(pat, `/api/v1/subscriptions/${tracker.id}/actions`, action, 'second action');
	const rejected = await replayed(alex, `/api/v1/orders/${a2.id}/reject`, { note: 'not now' }, 'reject');
	assert.equal(rejected.status, 'cancelled');

	for (const tpl of ['/quotes/{quote_id}/order', '/subscriptions/{subscription_id}/actions', '/orders/{order_id}/approve', '/orders/{order_id}/reject']) {
		const [status, r] = Object.entries(SPEC.paths[tpl].post.responses).find(([s]) => s.startsWith('2'));
		assert.ok(r.headers?.['Idempotent-Replayed'], `POST ${tpl} ${status} documents Idempotent-Replayed`);
	}
});

test('a login names its body limit truthfully: 4 KiB, not the 16 KiB of other writes', async () => {
	const body = JSON.stringify({ email: USERS.pat, password: PASSWORD });
	const res = await srv.anon().request('POST', '/api/v1/sessions', { raw: body + ' '.repeat(4096 - body.length) });
	assert.equal(res.status, 201, res.text);
	assertError(await srv.anon().request('POST', '/api/v1/sessions', { raw: body + ' '.repeat(4097 - body.length) }), 413);
});
