// Upgrades and renewals after payment: one upgrade price for quotes and
// the storefront quick action (the difference over what the customer pays
// now, refused when it is not positive), and SPEC rule 13: annual cloud
// upgrades and renewals take effect from the payment date.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { startServer, assertError, newKey, daysBetween, USERS, TODAY } from './harness.mjs';

let srv;
let alex;
let catalog; // by id, as alex sees it
let bluebirdUsd;

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-bail', '-json', db], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout.trim() === '' ? [] : JSON.parse(r.stdout);
}
const sql = (query) => sqlite(srv.db, query);
const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

const minor = (s) => Math.round(Number(s) * 100);
function divHalfEven(num, den) {
	const f = Math.floor(num / den);
	const r = num - f * den;
	if (r * 2 > den) return f + 1;
	if (r * 2 < den) return f;
	return f % 2 === 0 ? f : f + 1;
}
function addMonths(date, months) {
	const d = new Date(date + 'T00:00:00Z');
	const day = d.getUTCDate();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() + months);
	const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	d.setUTCDate(Math.min(day, last));
	return d.toISOString().slice(0, 10);
}

// The live annual cloud subscription of a customer and product, as stored.
function storedSub(customer, product) {
	const rows = sql(
		`SELECT s.id, s.unit_price_minor AS unit, s.period_end, s.start_date, s.quantity, s.edition,
		        s.user_tier, p.id AS product_id, si.url AS site
		   FROM subscriptions s JOIN orgs o ON o.pk = s.customer_pk
		   JOIN products p ON p.pk = s.product_pk LEFT JOIN sites si ON si.pk = s.site_pk
		  WHERE o.name = ${q(customer)} AND p.name = ${q(product)} AND s.state = 'live'
		    AND s.period = 'annual' AND s.start_date <= ${q(TODAY)} AND s.period_end > ${q(TODAY)}
		  ORDER BY s.pk LIMIT 1`,
	);
	assert.equal(rows.length, 1, `${customer} has a live annual ${product} (demo data)`);
	return rows[0];
}

// The next user tier above the subscription's that the catalog prices, and its price.
function nextTier(s) {
	const g = catalog[s.product_id].prices.find(
		(p) => p.edition === s.edition && p.billing_period === 'annual' && p.currency === 'USD',
	);
	assert.ok(g, 'an annual USD price group');
	const t = g.tiers.find((x) => x.users > s.user_tier);
	assert.ok(t, `a tier above ${s.user_tier} users`);
	return { users: t.users, price: minor(t.amount) };
}

// What one license of an annual cloud upgrade costs (docs/PRICING.md): a new
// term at the target price, less the days left of the current one at the
// price paid for it.
function annualCloudUpgrade(s, target) {
	const start = addMonths(s.period_end, -12);
	const periodDays = daysBetween(start, s.period_end);
	const left = Math.min(daysBetween(TODAY, s.period_end), periodDays);
	return target - divHalfEven(s.unit * left, periodDays);
}

function action(sub, body) {
	return alex.post(`/api/v1/subscriptions/${sub.id}/actions`, body, { idempotencyKey: newKey('act') });
}
function quote(site, lines) {
	return alex.post(
		'/api/v1/quotes',
		{ site, billing_account: bluebirdUsd, currency: 'USD', lines },
		{ idempotencyKey: newKey('quote') },
	);
}

// Kestrel Aerospace's Wiki was bought under an earlier price list: it pays
// for its tier what the next tier costs today.
let kestrelWiki;

before(async () => {
	srv = await startServer({
		beforeServe: (db) => {
			const tier = sqlite(
				db,
				`SELECT pr.amount_minor AS price FROM subscriptions s
				   JOIN orgs o ON o.pk = s.customer_pk JOIN products p ON p.pk = s.product_pk
				   JOIN prices pr ON pr.product_pk = s.product_pk AND pr.edition = s.edition
				    AND pr.period = s.period AND pr.currency = s.currency
				    AND pr.users > s.user_tier
				  WHERE o.name = 'Kestrel Aerospace' AND p.name = 'Helix Wiki' AND s.state = 'live'
				  ORDER BY pr.users LIMIT 1`,
			);
			assert.equal(tier.length, 1, 'Kestrel has a live Wiki with a higher tier');
			sqlite(
				db,
				`UPDATE subscriptions SET unit_price_minor = ${tier[0].price}
				  WHERE pk = (SELECT s.pk FROM subscriptions s JOIN orgs o ON o.pk = s.customer_pk
				               JOIN products p ON p.pk = s.product_pk
				              WHERE o.name = 'Kestrel Aerospace' AND p.name = 'Helix Wiki'
				                AND s.state = 'live' ORDER BY s.pk LIMIT 1);`,
			);
		},
	});
	alex = await srv.as(USERS.alex);
	const cat = await alex.get('/api/v1/catalog/products');
	assert.equal(cat.status, 200, cat.text);
	catalog = Object.fromEntries(cat.body.data.map((p) => [p.id, p]));
	bluebirdUsd = sql("SELECT id FROM billing_accounts WHERE name = 'Bluebird Solutions US'")[0].id;
	kestrelWiki = storedSub('Kestrel Aerospace', 'Helix Wiki');
});
after(async () => {
	await srv?.stop();
});

test('an upgrade costs the same on a quote and as a quick action, from what the customer pays now', async () => {
	const s = storedSub('Acme Robotics', 'Helix Tracker');
	const t = nextTier(s);
	const unit = annualCloudUpgrade(s, t.price);
	assert.ok(unit > 0 && unit < t.price, 'the days left are credited');

	const qr = await quote(s.site, [
		{
			action: 'upgrade',
			subscription: s.id,
			product: s.product_id,
			edition: s.edition,
			user_tier: t.users,
			billing_period: 'annual',
			quantity: s.quantity,
		},
	]);
	assert.equal(qr.status, 201, qr.text);
	const ql = qr.body.lines[0];
	assert.equal(minor(ql.list_price.amount), unit * s.quantity);
	// SPEC rule 13: the upgraded term runs a year from now.
	assert.equal(ql.start_date, TODAY);
	assert.equal(ql.end_date, addMonths(TODAY, 12));

	const ar = await action(s, { action: 'upgrade', user_tier: t.users, payment_method: 'bank_transfer' });
	assert.equal(ar.status, 201, ar.text);
	const al = ar.body.lines[0];
	assert.equal(al.action, 'upgrade');
	assert.equal(minor(al.list_price.amount), unit * s.quantity, 'the quick action prices as the quote');
	assert.equal(al.end_date, addMonths(TODAY, 12));
	assert.equal(minor(al.amount.amount), minor(ql.amount.amount), 'and discounts it alike');
});

test('an upgrade to a tier that costs no more than the customer pays now is refused on both paths', async () => {
	const s = kestrelWiki;
	const t = nextTier(s);
	assert.ok(t.price <= s.unit, 'the fixture pays the next tier price already');
	const orders = sql('SELECT count(*) AS n FROM orders')[0].n;
	const quotes = sql('SELECT count(*) AS n FROM quotes')[0].n;

	const qr = await quote(s.site, [
		{
			action: 'upgrade',
			subscription: s.id,
			product: s.product_id,
			edition: s.edition,
			user_tier: t.users,
			billing_period: 'annual',
			quantity: 1,
		},
	]);
	assertError(qr, 422, 'upgrade_not_higher', 'lines[0].user_tier');
	const ar = await action(s, { action: 'upgrade', user_tier: t.users, payment_method: 'card' });
	assertError(ar, 422, 'upgrade_not_higher', 'user_tier');
	assert.match(ar.body.error.message, /must cost more/);
	assert.equal(sql('SELECT count(*) AS n FROM orders')[0].n, orders, 'no order');
	assert.equal(sql('SELECT count(*) AS n FROM quotes')[0].n, quotes, 'no quote');
});

test('rule 13: an annual cloud upgrade paid today starts today, at the new tier price', async () => {
	const s = storedSub('Acme Robotics', 'Helix Wiki');
	assert.ok(s.start_date < TODAY, 'the subscription started before today');
	const t = nextTier(s);
	const ar = await action(s, { action: 'upgrade', user_tier: t.users, payment_method: 'bank_transfer' });
	assert.equal(ar.status, 201, ar.text);
	assert.equal(ar.body.status, 'in_progress', ar.text);
	const paid = await alex.post(
		`/api/v1/invoices/${ar.body.invoice.id}/payments`,
		{ method: 'bank_transfer', reference: 'BT-UP' },
		{ idempotencyKey: newKey('pay') },
	);
	assert.equal(paid.status, 201, paid.text);
	const sub = await alex.get(`/api/v1/subscriptions/${s.id}`);
	assert.equal(sub.status, 200, sub.text);
	assert.equal(sub.body.user_tier, t.users);
	assert.equal(sub.body.start_date, TODAY, 'the new term starts on the payment date');
	assert.equal(sub.body.bill_date, addMonths(TODAY, 12));
	// What a license costs from now on, and the base of the next upgrade.
	const after = storedSub('Acme Robotics', 'Helix Wiki');
	assert.equal(after.unit, t.price);
});

test('rule 13: an annual cloud renewal paid today runs a year from today; the days left come off its price', async () => {
	const s = storedSub('Acme Robotics', 'Helix Tracker');
	assert.ok(s.period_end > TODAY, 'the current term has days left');
	const g = catalog[s.product_id].prices.find(
		(p) => p.edition === s.edition && p.billing_period === 'annual' && p.currency === 'USD',
	);
	const tier = minor(g.tiers.find((x) => x.users === s.user_tier).amount);
	const qr = await quote(s.site, [
		{
			action: 'renew',
			subscription: s.id,
			product: s.product_id,
			edition: s.edition,
			user_tier: s.user_tier,
			billing_period: 'annual',
			quantity: s.quantity,
		},
	]);
	assert.equal(qr.status, 201, qr.text);
	const ql = qr.body.lines[0];
	assert.equal(ql.start_date, TODAY);
	assert.equal(ql.end_date, addMonths(TODAY, 12));
	assert.equal(minor(ql.list_price.amount), annualCloudUpgrade(s, tier) * s.quantity);

	const order = await alex.post(
		`/api/v1/quotes/${qr.body.id}/order`,
		{ payment_method: 'bank_transfer' },
		{ idempotencyKey: newKey('ord') },
	);
	assert.equal(order.status, 201, order.text);
	assert.equal(order.body.status, 'in_progress');
	const paid = await alex.post(
		`/api/v1/invoices/${order.body.invoice.id}/payments`,
		{ method: 'bank_transfer', reference: 'BT-RENEW' },
		{ idempotencyKey: newKey('pay') },
	);
	assert.equal(paid.status, 201, paid.text);
	const sub = await alex.get(`/api/v1/subscriptions/${s.id}`);
	assert.equal(sub.body.start_date, TODAY, 'the renewed term starts on the payment date');
	assert.equal(sub.body.bill_date, addMonths(TODAY, 12), 'not a year after the old bill date');
	// A license costs the tier price from now on, not the price less the credit.
	assert.equal(storedSub('Acme Robotics', 'Helix Tracker').unit, tier);
});
