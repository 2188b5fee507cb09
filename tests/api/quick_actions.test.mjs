// Rules on the storefront's quick actions and what follows them that no
// other test reaches: cancelled apps are no add-ons (rule 17), a partner
// cannot buy monthly cloud by a quick action either (rule 5), "order
// placed" goes to the customer's other contacts (rule 19), a cancel at
// term end takes the live apps with it (rule 14), and a subscription that
// starts today is active (rule 15).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { startServer, assertError, newKey, walk, USERS, TODAY } from './harness.mjs';

let srv;
let alex, pat, dana;

function sql(query) {
	const r = spawnSync('sqlite3', ['-bail', '-json', srv.db], { input: query, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout.trim() === '' ? [] : JSON.parse(r.stdout);
}
const post = (client, path, body) => client.post(path, body, { idempotencyKey: newKey('qa') });

// A second customer contact of Acme with a login (pat's password hash), so
// that the one who places an order is not the only one to tell.
const T0 = '2026-06-01T00:00:00Z';
const SAM = `
INSERT INTO users (id, email, name, password_hash, created_at)
  SELECT 'usr_qasamfixtureaaaaaaa', 'sam@acme.example', 'Sam Ortiz', password_hash, created_at
    FROM users WHERE email = '${USERS.pat}';
INSERT INTO memberships (user_pk, org_pk, role, created_at)
  VALUES ((SELECT pk FROM users WHERE email = 'sam@acme.example'),
          (SELECT pk FROM orgs WHERE name = 'Acme Robotics'), 'customer_contact', '${T0}');
INSERT INTO contacts (id, customer_pk, user_pk, name, email, created_at)
  VALUES ('con_qasamfixtureaaaaaaa', (SELECT pk FROM orgs WHERE name = 'Acme Robotics'),
          (SELECT pk FROM users WHERE email = 'sam@acme.example'), 'Sam Ortiz', 'sam@acme.example', '${T0}');
`;

before(async () => {
	srv = await startServer({
		beforeServe: (db) => {
			const r = spawnSync('sqlite3', ['-bail', db], { input: SAM, encoding: 'utf8' });
			assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
		},
	});
	[alex, pat, dana] = await Promise.all([USERS.alex, USERS.pat, USERS.dana].map((u) => srv.as(u)));
});
after(async () => {
	await srv?.stop();
});

// Bluebird's active product subscriptions with their apps, as the API shows them.
async function withApps() {
	const { items } = await walk(alex, '/api/v1/subscriptions?status=active&kind=product', 200);
	const out = [];
	for (const s of items) {
		const d = await alex.get(`/api/v1/subscriptions/${s.id}`);
		assert.equal(d.status, 200, d.text);
		out.push(d.body);
	}
	return out;
}

test('rule 17: cancelled apps are not add-ons for the "I want to..." actions', async () => {
	const subs = await withApps();
	const onlyCancelled = subs.find((s) => s.apps.length > 0 && s.apps.every((a) => a.status === 'inactive'));
	assert.ok(onlyCancelled, 'a subscription whose apps are all cancelled (demo data)');
	const list = await alex.get(`/api/v1/subscriptions/${onlyCancelled.id}/actions`);
	assert.equal(list.status, 200, list.text);
	for (const name of ['cancel_addon', 'decrease_addon']) {
		const a = list.body.data.find((x) => x.action === name);
		assert.equal(a.available, false, `${name} not offered`);
		assert.match(a.reason, /no add-ons/);
	}
	const refused = await post(alex, `/api/v1/subscriptions/${onlyCancelled.id}/actions`, {
		action: 'cancel_addon',
		addon: onlyCancelled.apps[0].id,
	});
	assertError(refused, 409, 'action_not_available');

	// Beside a live app, a cancelled one is still no add-on to cancel.
	const mixed = subs.find(
		(s) => s.apps.some((a) => a.status === 'inactive') && s.apps.some((a) => a.status !== 'inactive'),
	);
	assert.ok(mixed, 'a subscription with a live and a cancelled app (demo data)');
	const gone = mixed.apps.find((a) => a.status === 'inactive');
	const res = await post(alex, `/api/v1/subscriptions/${mixed.id}/actions`, { action: 'cancel_addon', addon: gone.id });
	assertError(res, 422, 'addon_not_found', 'addon');
});

test('rule 5: a partner cannot buy for a monthly cloud subscription by a quick action', async () => {
	const rows = sql(
		`SELECT s.id FROM subscriptions s JOIN products p ON p.pk = s.product_pk
		   JOIN orgs pa ON pa.pk = s.partner_pk
		  WHERE pa.name = 'Dune Resellers' AND p.hosting = 'cloud' AND s.period = 'monthly'
		    AND s.state = 'live' AND s.start_date <= '${TODAY}' AND s.kind = 'product'
		  ORDER BY s.pk LIMIT 1`,
	);
	assert.equal(rows.length, 1, 'Dune has a live monthly cloud subscription from before the rule (demo data)');
	const id = rows[0].id;
	const list = await dana.get(`/api/v1/subscriptions/${id}/actions`);
	assert.equal(list.status, 200, list.text);
	const offered = list.body.data.filter((a) => a.available).map((a) => a.action);
	const paid = offered.find((a) => a === 'buy_licenses' || a === 'upgrade');
	assert.ok(paid, `a paid action is offered (offered: ${offered})`);
	const sub = await dana.get(`/api/v1/subscriptions/${id}`);
	const body =
		paid === 'buy_licenses'
			? { action: 'buy_licenses', quantity: 1, payment_method: 'card' }
			: { action: 'upgrade', user_tier: [10, 25, 50, 100, 250, 500, 1000, 2000, 5000].find((n) => n > sub.body.user_tier), payment_method: 'card' };
	const before = sql('SELECT count(*) AS n FROM orders')[0].n;
	const res = await post(dana, `/api/v1/subscriptions/${id}/actions`, body);
	assertError(res, 422, 'monthly_cloud_not_allowed_for_partners');
	assert.equal(sql('SELECT count(*) AS n FROM orders')[0].n, before, 'no order');
});

test('rule 19: "order placed" goes to the customer contacts other than the one who placed it', async () => {
	const tracker = (await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200)).items.find(
		(s) => s.product.name === 'Helix Tracker',
	);
	assert.ok(tracker, 'Acme has an active Helix Tracker');
	const contacts = sql(
		`SELECT DISTINCT c.email FROM contacts c JOIN orgs o ON o.pk = c.customer_pk
		  WHERE o.name = 'Acme Robotics' AND (c.user_pk IS NOT NULL OR EXISTS (SELECT 1 FROM
		        subscription_contacts sc WHERE sc.contact_pk = c.pk AND sc.role = 'customer'))`,
	).map((r) => r.email);
	const others = contacts.filter((e) => e !== USERS.pat).sort();
	assert.ok(others.length > 0, 'Acme has customer contacts besides pat');

	const mail = (orderId, template) =>
		sql(`SELECT recipient, data_json FROM outbox WHERE template = '${template}'`)
			.filter((m) => JSON.parse(m.data_json).order_id === orderId)
			.map((m) => m.recipient)
			.sort();

	const mine = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'buy_licenses',
		quantity: 1,
		payment_method: 'card',
	});
	assert.equal(mine.status, 201, mine.text);
	assert.deepEqual(mail(mine.body.id, 'order_placed'), others, 'every other customer contact, not pat');
	assert.deepEqual(mail(mine.body.id, 'order_confirmation'), [USERS.pat]);

	const partners = await post(alex, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'buy_licenses',
		quantity: 1,
		payment_method: 'card',
	});
	assert.equal(partners.status, 201, partners.text);
	assert.deepEqual(mail(partners.body.id, 'order_placed'), [...contacts].sort(), 'every customer contact');
});

test('rule 14: a cancel at term end marks the live apps of the product too', async () => {
	const subs = await withApps();
	const s = subs.find((x) => x.customer.name === 'Acme Robotics' && x.apps.some((a) => a.status === 'active') && !x.cancel_at_period_end);
	assert.ok(s, 'an Acme product with a live app');
	const live = s.apps.filter((a) => a.status === 'active');
	const res = await post(alex, `/api/v1/subscriptions/${s.id}/actions`, { action: 'cancel', effective: 'term_end' });
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.status, 'executed');
	const after = await alex.get(`/api/v1/subscriptions/${s.id}`);
	assert.equal(after.body.cancel_at_period_end, true);
	assert.equal(after.body.status, 'active', 'it runs to the end of its term');
	for (const app of live) {
		const a = await alex.get(`/api/v1/subscriptions/${app.id}`);
		assert.equal(a.body.cancel_at_period_end, true, `${app.product.name} ends with its product`);
		assert.equal(a.body.status, 'active');
	}
});

test('rule 15: a subscription that starts today is active, not upcoming', async () => {
	const ba = sql("SELECT id FROM billing_accounts WHERE name = 'Bluebird Solutions US'")[0].id;
	const acme = sql("SELECT id FROM orgs WHERE name = 'Acme Robotics'")[0].id;
	const product = sql("SELECT id FROM products WHERE code = 'HLX-TRK-C'")[0].id;
	const quote = await post(alex, '/api/v1/quotes', {
		customer: acme,
		billing_account: ba,
		lines: [{ product, edition: 'standard', user_tier: 10, billing_period: 'annual' }],
	});
	assert.equal(quote.status, 201, quote.text);
	const order = await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'bank_transfer' });
	assert.equal(order.status, 201, order.text);
	const paid = await post(alex, `/api/v1/invoices/${order.body.invoice.id}/payments`, {
		method: 'bank_transfer',
		reference: 'BT-TODAY',
	});
	assert.equal(paid.status, 201, paid.text);
	const done = await alex.get(`/api/v1/orders/${order.body.id}`);
	const id = done.body.lines[0].subscription_id;
	assert.ok(id, 'the order made a subscription');
	const sub = await alex.get(`/api/v1/subscriptions/${id}`);
	assert.equal(sub.body.start_date, TODAY);
	assert.equal(sub.body.status, 'active');
	assert.equal(sub.body.starts_in_days, null);
	const list = (status) => walk(alex, `/api/v1/subscriptions?status=${status}&customer=${acme}`, 200);
	assert.ok((await list('active')).items.some((x) => x.id === id), 'listed as active');
	assert.ok(!(await list('upcoming')).items.some((x) => x.id === id), 'not listed as upcoming');
});
