// GET /api/v1/me lists the routes the caller's role may call
// (`permissions`), read from the route table that authorizes requests:
// every operation of docs/openapi.yaml that a role's list leaves out
// answers it 403, and every one it names does not. SPEC section 1: vendor
// support reads everything and reactivates, but does not decide orders,
// record payments, refund or cancel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertError, USERS } from './harness.mjs';
import { SPEC } from './openapi.mjs';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Calls that would end the session the test runs in.
const SKIP = new Set(['DELETE /api/v1/sessions/current']);

let srv;
before(async () => {
	srv = await startServer();
});
after(async () => {
	await srv?.stop();
});

// "POST /api/v1/orders/{order_id}/approve" and "POST /api/v1/orders/:id/approve" alike.
const shape = (s) => s.replace(/\{[^}]+\}|:[a-z_]+/g, ':');

function operations() {
	const ops = [];
	for (const [path, item] of Object.entries(SPEC.paths))
		for (const m of METHODS)
			if (item[m])
				ops.push({ method: m.toUpperCase(), path: '/api/v1' + path, op: item[m] });
	return ops;
}

async function permissionsOf(client) {
	const res = await client.get('/api/v1/me');
	assert.equal(res.status, 200, res.text);
	assert.ok(Array.isArray(res.body.permissions));
	return res.body.permissions;
}

for (const who of ['admin', 'support', 'alex', 'pat']) {
	test(`${who}: a route is in /me permissions exactly when the role check lets the call through`, async () => {
		const client = await srv.login(USERS[who]);
		const perms = await permissionsOf(client);
		assert.equal(new Set(perms).size, perms.length, 'no route is listed twice');
		const ops = operations();
		const documented = new Set(ops.map((o) => shape(`${o.method} ${o.path}`)));
		for (const p of perms) assert.ok(documented.has(shape(p)), `${p} is an operation of docs/openapi.yaml`);
		const listed = new Set(perms.map(shape));
		for (const o of ops) {
			const name = `${o.method} ${o.path}`;
			if (SKIP.has(name)) continue;
			const url = o.path.replace(/\{[^}]+\}/g, 'x_aaaaaaaaaaaaaaaaaaaa');
			const res = await client.request(o.method, url, o.method === 'GET' ? {} : { body: {} });
			if (listed.has(shape(name)))
				assert.ok(
					!(res.status === 403 && res.body?.error?.code === 'forbidden'),
					`${name} is listed for ${who} but answered ${res.status} ${res.text}`,
				);
			else assertError(res, 403, 'forbidden');
		}
	});
}

test('vendor support may read and reactivate but not decide, pay, refund or cancel', async () => {
	const support = await permissionsOf(await srv.login(USERS.support));
	const admin = await permissionsOf(await srv.login(USERS.admin));
	const decisions = [
		'POST /api/v1/orders/:id/approve',
		'POST /api/v1/orders/:id/reject',
		'POST /api/v1/invoices/:id/payments',
		'POST /api/v1/invoices/:id/refunds',
		'POST /api/v1/subscriptions/:id/cancel',
	];
	for (const d of decisions) {
		assert.ok(admin.includes(d), `the vendor admin may ${d}`);
		assert.ok(!support.includes(d), `vendor support may not ${d}`);
	}
	for (const r of ['POST /api/v1/subscriptions/:id/reactivate', 'GET /api/v1/audit-events', 'GET /api/v1/invoices/:id/pdf'])
		assert.ok(support.includes(r), `vendor support may ${r}`);
	const pat = await permissionsOf(await srv.login(USERS.pat));
	assert.ok(!pat.includes('GET /api/v1/audit-events'), 'a customer contact reads no audit log');
	assert.ok(!pat.includes('GET /api/v1/invoices'), 'nor invoices');
});

test('/me takes no query parameters', async () => {
	const client = await srv.as(USERS.support);
	assertError(await client.get('/api/v1/me?permissions=1'), 400, 'unknown_parameter');
	assertError(await client.get('/api/v1/me?permissions='), 400, 'unknown_parameter');
});
