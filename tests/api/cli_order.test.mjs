// `tessera order approve|reject ORDER --as EMAIL`: the operation the API's
// approve runs, from the command line against the database a running
// server uses, with the named user's role, tenancy and rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, run, newKey, USERS } from './harness.mjs';

let srv, alex, pat, admin;
let tracker;

before(async () => {
	srv = await startServer();
	[alex, pat, admin] = await Promise.all([
		srv.login(USERS.alex),
		srv.login(USERS.pat),
		srv.login(USERS.admin),
	]);
	const res = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	assert.equal(res.status, 200, res.text);
	tracker = res.body.data.find((s) => s.product.name === 'Helix Tracker');
	assert.ok(tracker, 'Acme has an active Helix Tracker (demo data)');
});

after(async () => {
	await srv.stop();
});

// A storefront order of Acme's, waiting for Bluebird's approval.
async function storefrontOrder() {
	const res = await pat.post(
		`/api/v1/subscriptions/${tracker.id}/actions`,
		{ action: 'buy_licenses', quantity: 1, payment_method: 'card' },
		{ idempotencyKey: newKey('cli') },
	);
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.status, 'pending_reseller_approval');
	return res.body;
}

function order(...args) {
	return run(['order', ...args, '--db', srv.db]);
}

test('an operator approves as the partner: the order goes on as through the API', async () => {
	const o = await storefrontOrder();
	const out = await order('approve', o.id, '--as', USERS.alex, '--note', 'approved by phone');
	assert.equal(out.code, 0, out.stderr);
	assert.equal(out.stdout, `${o.number} in_progress\n`);

	const got = await alex.get(`/api/v1/orders/${o.id}`);
	assert.equal(got.status, 200, got.text);
	assert.equal(got.body.status, 'in_progress');
	assert.equal(got.body.decision_note, 'approved by phone');
	assert.notEqual(got.body.invoice, null, 'approving issued the invoice');
	const audit = await admin.get(`/api/v1/audit-events?object_id=${o.id}`);
	assert.equal(audit.status, 200, audit.text);
	const approve = audit.body.data.find((e) => e.action === 'order.approve');
	assert.ok(approve, audit.text);

	// A second decision is refused by the same rule the API applies, and changes nothing.
	const again = await order('reject', o.id, '--as', USERS.alex);
	assert.equal(again.code, 1);
	assert.match(again.stderr, /order_transition_invalid/);
	assert.equal((await alex.get(`/api/v1/orders/${o.id}`)).body.status, 'in_progress');
});

test('the named user\'s role and tenancy hold: a customer, another partner, nobody', async () => {
	const o = await storefrontOrder();
	const own = await order('approve', o.id, '--as', USERS.pat);
	assert.equal(own.code, 1);
	assert.match(own.stderr, /\(forbidden\)/);
	const other = await order('approve', o.id, '--as', USERS.casey);
	assert.equal(other.code, 1);
	assert.match(other.stderr, /\(not_found\)/);
	const nobody = await order('approve', o.id, '--as', 'nobody@nowhere.example');
	assert.equal(nobody.code, 1);
	assert.match(nobody.stderr, /\(unknown_user\)/);
	assert.equal((await alex.get(`/api/v1/orders/${o.id}`)).body.status, 'pending_reseller_approval');

	const rejected = await order('reject', o.id, '--as', USERS.alex);
	assert.equal(rejected.code, 0, rejected.stderr);
	assert.equal(rejected.stdout, `${o.number} cancelled\n`);
});

test('bad usage exits 2 and touches nothing', async () => {
	const o = await storefrontOrder();
	for (const args of [
		['approve', o.id],
		['approve', '--as', USERS.alex],
		['decide', o.id, '--as', USERS.alex],
		['approve', o.id, '--as', USERS.alex, '--colour', 'blue'],
	]) {
		const out = await order(...args);
		assert.equal(out.code, 2, `${args.join(' ')}: ${out.stderr}`);
	}
	const help = await run(['order', '--help']);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /tessera order approve ORDER --as EMAIL/);
	assert.equal((await alex.get(`/api/v1/orders/${o.id}`)).body.status, 'pending_reseller_approval');
});
