// Contract: the server's answers match docs/openapi.yaml. The harness
// checks every reply against the description (tests/api/openapi.mjs): its
// status must be documented for its operation, its body must validate
// against the documented schema and its headers must be the documented
// ones. The calls below go through each operation of sessions, tokens,
// subscriptions, customers and the audit log with its answers, good and
// bad, and the last test checks that each was answered a documented 2xx.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, walk, newKey, missingId, USERS, PASSWORD } from './harness.mjs';
import { SPEC as spec, checked } from './openapi.mjs';

let srv;
let admin, support, alex, pat;

before(async () => {
	srv = await startServer();
	[admin, support, alex, pat] = await Promise.all(
		[USERS.admin, USERS.support, USERS.alex, USERS.pat].map((u) => srv.as(u)),
	);
});
after(async () => {
	await srv?.stop();
});

// The harness has checked the reply by the time it is returned.
function call(client, method, url, opts) {
	return client.request(method, url, opts);
}

// ---- the calls -------------------------------------------------------------

test('every documented operation and response used below conforms', async () => {
	// System and sessions.
	await call(srv.anon(), 'GET', '/api/v1/health');
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.casey, password: PASSWORD } });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.casey, password: 'nope' } });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.casey } });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { raw: '{}', contentType: 'text/plain' });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: 'x'.repeat(20000), password: 'y' } });
	await call(pat, 'GET', '/api/v1/me');
	await call(srv.anon(), 'GET', '/api/v1/me');

	// Tokens.
	const key = newKey('contract');
	const tok = await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'contract', expires_in_days: 7 }, idempotencyKey: key });
	assert.equal(tok.status, 201);
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'contract', expires_in_days: 7 }, idempotencyKey: key });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'other' }, idempotencyKey: key });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 5 } });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'x' }, csrf: false });
	await call(srv.anon(), 'POST', '/api/v1/tokens', { body: { name: 'x' } });
	await call(alex, 'POST', '/api/v1/tokens', { raw: 'name=x', contentType: 'application/x-www-form-urlencoded' });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'x'.repeat(20000) } });
	await call(alex, 'GET', '/api/v1/tokens');
	await call(srv.bearer(tok.body.token), 'GET', '/api/v1/me');
	await call(alex, 'DELETE', `/api/v1/tokens/${tok.body.id}`);
	await call(alex, 'DELETE', `/api/v1/tokens/${tok.body.id}`);

	// Subscriptions.
	const { items } = await walk(pat, '/api/v1/subscriptions', 200);
	await call(pat, 'GET', '/api/v1/subscriptions?limit=5');
	await call(admin, 'GET', '/api/v1/subscriptions?status=upcoming&kind=app&limit=200');
	await call(pat, 'GET', '/api/v1/subscriptions?status=nope');
	await call(pat, 'GET', `/api/v1/subscriptions?customer=${missingId('org')}`);
	await call(srv.anon(), 'GET', '/api/v1/subscriptions');
	const product = items.find((s) => s.kind === 'product' && s.status === 'active' && items.some((a) => a.parent_id === s.id && a.status === 'active'));
	const app = items.find((a) => a.parent_id === product.id && a.status === 'active');
	for (const s of items) await call(pat, 'GET', `/api/v1/subscriptions/${s.id}`);
	await call(pat, 'GET', `/api/v1/subscriptions/${missingId('sub')}`);
	await call(pat, 'GET', `/api/v1/subscriptions/${product.id}/contacts`);
	await call(pat, 'GET', `/api/v1/subscriptions/${app.id}/contacts`);
	await call(pat, 'GET', `/api/v1/subscriptions/${missingId('sub')}/contacts`);
	await call(pat, 'GET', `/api/v1/subscriptions/${product.id}/history`);
	await call(pat, 'GET', `/api/v1/subscriptions/${missingId('sub')}/history`);

	// Customers and billing accounts, for each kind of caller.
	for (const c of [admin, alex, pat]) {
		const page = await call(c, 'GET', '/api/v1/customers?limit=2');
		assert.equal(page.status, 200);
		if (page.body.next !== null)
			await call(c, 'GET', `/api/v1/customers?limit=2&after=${encodeURIComponent(page.body.next)}`);
		assert.equal((await call(c, 'GET', '/api/v1/billing-accounts?limit=1')).status, 200);
	}
	await call(admin, 'GET', '/api/v1/customers?limit=0');
	await call(alex, 'GET', '/api/v1/customers?q=acme');
	await call(alex, 'GET', '/api/v1/billing-accounts?after=nope');
	await call(srv.anon(), 'GET', '/api/v1/customers');
	await call(srv.anon(), 'GET', '/api/v1/billing-accounts');

	// Cancel and reactivate.
	await call(support, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: {} });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: { effective: 'soon' } });
	await call(pat, 'POST', `/api/v1/subscriptions/${missingId('sub')}/cancel`, { body: {} });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { raw: 'x', contentType: 'text/plain' });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: { note: 'x'.repeat(20000) } });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: {} });
	const c = await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: { effective: 'now', note: 'contract' } });
	assert.equal(c.status, 200);
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: {} });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: {} });
	await call(support, 'POST', `/api/v1/subscriptions/${app.id}/reactivate`, { body: {} });
	await call(support, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: { x: 1 } });
	const r = await call(support, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: {} });
	assert.equal(r.status, 200);
	await call(support, 'POST', `/api/v1/subscriptions/${missingId('sub')}/reactivate`, { body: {} });
	const term = items.find((s) => s.status === 'active' && s.site === null);
	await call(alex, 'POST', `/api/v1/subscriptions/${term.id}/cancel`, { body: { effective: 'term_end' } });
	await call(alex, 'POST', `/api/v1/subscriptions/${term.id}/cancel`, { body: { effective: 'term_end' } });
	const ended = items.find((x) => x.state === 'cancelled' && x.bill_date < '2026-06-15');
	if (ended) await call(support, 'POST', `/api/v1/subscriptions/${ended.id}/reactivate`, { body: {} });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.pat, password: PASSWORD, org: missingId('org') } });
	await call(srv.anon(), 'POST', `/api/v1/subscriptions/${term.id}/cancel`, { body: {} });

	// Audit.
	const audit = await call(admin, 'GET', `/api/v1/audit-events?object_id=${product.id}`);
	assert.ok(audit.body.data.length >= 2, 'cancel and reactivate are audited');
	await call(admin, 'GET', '/api/v1/audit-events');
	await call(pat, 'GET', `/api/v1/audit-events?object_id=${product.id}`);
	await call(srv.anon(), 'GET', `/api/v1/audit-events?object_id=${product.id}`);

	// Logout.
	const s = await srv.login(USERS.casey);
	await call(s, 'DELETE', '/api/v1/sessions/current', { csrf: false });
	await call(s, 'DELETE', '/api/v1/sessions/current');
	await call(s, 'DELETE', '/api/v1/sessions/current');

	// Throttle.
	for (let i = 0; i < 5; i++)
		await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.dana, password: 'nope' } });
	const locked = await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.dana, password: PASSWORD } });
	assert.equal(locked.status, 429);
});

// The operations this file covers; each must be documented and answer a documented 2xx.
const COVERED = [
	'GET /health',
	'POST /sessions',
	'DELETE /sessions/current',
	'GET /me',
	'POST /tokens',
	'GET /tokens',
	'DELETE /tokens/{token_id}',
	'GET /subscriptions',
	'GET /subscriptions/{subscription_id}',
	'GET /subscriptions/{subscription_id}/contacts',
	'GET /subscriptions/{subscription_id}/history',
	'POST /subscriptions/{subscription_id}/cancel',
	'POST /subscriptions/{subscription_id}/reactivate',
	'GET /customers',
	'GET /billing-accounts',
	'GET /audit-events',
];

test('every covered operation is documented and was exercised', () => {
	for (const op of COVERED) {
		const [m, tpl] = op.split(' ');
		assert.ok(spec.paths[tpl]?.[m.toLowerCase()], `${op} is documented`);
	}
	for (const op of COVERED) {
		const [m, tpl] = op.split(' ');
		const successes = [...checked].filter((c) => c.startsWith(`${m} ${tpl} 2`));
		assert.ok(successes.length > 0, `${op} answered a documented 2xx`);
	}
	assert.ok(checked.size >= 40, `${checked.size} (operation, status) pairs checked`);
});
