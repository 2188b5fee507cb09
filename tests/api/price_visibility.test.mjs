// SPEC rule 16 on every path a customer contact reads: orders placed by
// the partner show the customer no amount, and a unit price only for
// items published on the partner's storefront. Each reply a customer gets
// is searched whole for money values (any string with a decimal amount),
// not only the field expected to hold one; the partner sees every amount
// of the same objects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { startServer, assertError, newKey, walk } from './harness.mjs';

let srv;
let alex, pat, admin;
let acmeSubs; // active Acme product subscriptions, by product name
// Orders made in before(), each as the partner saw it when it was executed.
const made = {};

// Every string in v that holds a decimal amount ("123.45", "6,111.60 USD"), with its path.
function moneyValues(v, path = '$', out = []) {
	if (typeof v === 'string') {
		if (/\d\.\d\d\b/.test(v)) out.push(`${path}: ${v}`);
	} else if (Array.isArray(v)) {
		v.forEach((x, i) => moneyValues(x, `${path}[${i}]`, out));
	} else if (v !== null && typeof v === 'object') {
		for (const [k, x] of Object.entries(v)) moneyValues(x, `${path}.${k}`, out);
	}
	return out;
}

function assertNoMoney(v, what) {
	assert.deepEqual(moneyValues(v), [], `${what} shows no amount`);
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout;
}

function post(client, path, body) {
	return client.post(path, body, { idempotencyKey: newKey('pv') });
}

async function ok(resPromise, status = 200) {
	const res = await resPromise;
	assert.equal(res.status, status, res.text);
	return res.body;
}

// Approves (when the customer placed it) and pays an order as the partner.
async function execute(order) {
	let o = order;
	if (o.status === 'pending_reseller_approval') o = await ok(post(alex, `/api/v1/orders/${o.id}/approve`, {}));
	assert.equal(o.status, 'in_progress', JSON.stringify(o));
	await ok(post(alex, `/api/v1/invoices/${o.invoice.id}/payments`, { method: 'card' }), 201);
	return ok(alex.get(`/api/v1/orders/${o.id}`));
}

function nextTier(sub) {
	const t = [10, 25, 50, 100, 250, 500, 1000].find((x) => x > sub.user_tier);
	assert.ok(t, `a tier above ${sub.user_tier} users`);
	return t;
}

before(async () => {
	srv = await startServer();
	[alex, pat, admin] = await Promise.all([
		srv.login('alex@bluebird.example'),
		srv.login('pat@acme.example'),
		srv.login('admin@helix.example'),
	]);
	acmeSubs = {};
	const subs = await ok(pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200'));
	for (const s of subs.data) acmeSubs[s.product.name] ??= s;
	// Demo data: Tracker is published on Bluebird's storefront, Code Review listed but not published.
	const tracker = acmeSubs['Helix Tracker'];
	const review = acmeSubs['Helix Code Review'];
	assert.ok(tracker && review, 'Acme has Helix Tracker and Helix Code Review');

	// Placed by the partner, on a published item: hidden from the customer all the same.
	made.partner = await ok(
		post(alex, `/api/v1/subscriptions/${tracker.id}/actions`, {
			action: 'buy_licenses',
			quantity: 1,
			payment_method: 'card',
		}),
		201,
	);
	// Placed by the customer on its storefront, an item not published there.
	made.unpublishedReply = await ok(
		post(pat, `/api/v1/subscriptions/${review.id}/actions`, {
			action: 'upgrade',
			user_tier: nextTier(review),
			payment_method: 'card',
		}),
		201,
	);
	// Placed by the customer, a published item: the customer sees what it pays.
	made.publishedReply = await ok(
		post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
			action: 'buy_licenses',
			quantity: 3,
			payment_method: 'card',
		}),
		201,
	);
	made.partner = await execute(made.partner);
	made.unpublished = await execute(made.unpublishedReply);
	made.published = await execute(made.publishedReply);
	made.tracker = tracker;
	made.review = review;
});

after(async () => {
	await srv?.stop();
});

// ---- The two bugs of issue 10, item 7 ----

test('purchase history shows a customer no amount of what its partner bought', async () => {
	// The demo's purchases were made by the partner (a "created" event with its price).
	const tracker = made.tracker;
	const partnerView = await ok(alex.get(`/api/v1/subscriptions/${tracker.id}/history`));
	const created = partnerView.data.find((e) => e.kind === 'created' && e.subscription_id === tracker.id);
	assert.ok(created, 'the demo subscription has its "created" event');
	assert.notEqual(created.amount, null, 'the partner sees what it paid');

	const seen = await ok(pat.get(`/api/v1/subscriptions/${tracker.id}/history`));
	const same = seen.data.find((e) => e.id === created.id);
	assert.ok(same, 'the customer sees the event');
	assert.equal(same.amount, null);
	assertNoMoney(same, 'the created event');
});

test('a storefront order line of an unpublished item shows the customer no amount', async () => {
	const reply = made.unpublishedReply;
	assert.equal(reply.origin, 'customer');
	assert.equal(reply.lines[0].unit_price_text, '-');
	assert.equal(reply.lines[0].amount, null);
	assertNoMoney(reply, 'the order reply');
	const detail = await ok(pat.get(`/api/v1/orders/${reply.id}`));
	assertNoMoney(detail, 'the order detail');
	assert.equal(detail.amount_text, '-');

	const partnerView = await ok(alex.get(`/api/v1/orders/${reply.id}`));
	assert.notEqual(partnerView.lines[0].amount, null, 'the partner sees the amount');
	assert.notEqual(partnerView.lines[0].unit_price, null, 'and the unit price');
	assert.notEqual(partnerView.total, null);
});

// ---- Every path a customer reads ----

test('orders list: no amount on partner orders or unpublished items, the partner sees them all', async () => {
	const { items } = await walk(pat, '/api/v1/orders', 200);
	const byId = Object.fromEntries(items.map((o) => [o.id, o]));
	for (const id of [made.partner.id, made.unpublished.id]) {
		assert.ok(byId[id], `${id} listed for the customer`);
		assertNoMoney(byId[id], `order ${byId[id].number} in the list`);
		assert.equal(byId[id].amount_text, '-');
	}
	// Whatever else the list holds follows the same rule.
	for (const o of items) if (o.origin === 'partner') assertNoMoney(o, `partner order ${o.number}`);

	const pub = byId[made.published.id];
	assert.equal(pub.total.amount, made.published.total.amount, 'its own storefront order shows its total');
	assert.equal(pub.subtotal, null, 'no list price behind it');
	assert.equal(pub.discount, null);
	assert.equal(pub.markup, null);

	const partnerList = (await walk(alex, '/api/v1/orders', 200)).items;
	for (const id of [made.partner.id, made.unpublished.id, made.published.id]) {
		const o = partnerList.find((x) => x.id === id);
		assert.ok(o && o.total !== null && o.subtotal !== null && o.amount_text !== '-', `the partner sees ${id}`);
	}
});

test('order detail: partner-placed and unpublished orders show the customer no amount', async () => {
	for (const o of [made.partner, made.unpublished]) {
		const seen = await ok(pat.get(`/api/v1/orders/${o.id}`));
		assertNoMoney(seen, `order ${o.number}`);
		assert.equal(seen.invoice, null, 'nor its invoice');
		assert.equal(seen.lines[0].unit_price_text, '-');
		// The partner and the vendor see every amount.
		for (const who of [alex, admin]) {
			const full = await ok(who.get(`/api/v1/orders/${o.id}`));
			assert.notEqual(full.total, null);
			assert.notEqual(full.lines[0].amount, null);
			assert.notEqual(full.lines[0].list_price, null);
			assert.notEqual(full.lines[0].unit_price_text, '-');
		}
	}
});

test('order detail: a customer sees its published storefront order without list price, discount or markup', async () => {
	const full = made.published;
	assert.notEqual(full.markup, null, 'the partner sees its markup');
	assert.notEqual(full.lines[0].list_price, null);
	const seen = await ok(pat.get(`/api/v1/orders/${full.id}`));
	const line = seen.lines[0];
	assert.equal(line.unit_price.amount, full.lines[0].unit_price.amount);
	assert.equal(line.amount.amount, full.lines[0].amount.amount);
	assert.equal(seen.total.amount, full.total.amount);
	for (const k of ['list_price', 'discount', 'markup']) assert.equal(line[k], null, `line ${k}`);
	for (const k of ['subtotal', 'discount', 'markup']) assert.equal(seen[k], null, `order ${k}`);
	// Nothing else carries the hidden figures.
	const hidden = [full.lines[0].list_price, full.lines[0].markup, full.subtotal, full.markup]
		.map((m) => m.amount)
		.filter((a) => a !== '0.00');
	const shown = moneyValues(seen).join('\n');
	for (const a of hidden) assert.ok(!shown.includes(a), `${a} appears nowhere:\n${shown}`);
	// The same reply as the customer got when it placed the order.
	assertNoMoneyBeyond(made.publishedReply, seen);
});

// The customer's placement reply shows no more amounts than its later reads.
function assertNoMoneyBeyond(reply, later) {
	const strip = (v) => moneyValues(v).map((s) => s.split(': ')[1]).sort();
	const allowed = new Set(strip(later));
	for (const m of strip(reply)) assert.ok(allowed.has(m), `${m} in the placement reply`);
}

test('purchase history: amounts only of the customer\'s own published storefront orders', async () => {
	const hist = await ok(pat.get(`/api/v1/subscriptions/${made.tracker.id}/history`));
	const full = await ok(alex.get(`/api/v1/subscriptions/${made.tracker.id}/history`));
	assert.equal(hist.data.length, full.data.length, 'the customer sees every event');
	const added = full.data.filter((e) => e.kind === 'licenses_added');
	assert.equal(added.length, 2, 'the partner\'s and the customer\'s purchase');
	for (const e of added) assert.notEqual(e.amount, null, 'the partner sees both amounts');
	for (const e of hist.data) {
		if (e.kind === 'licenses_added' && e.quantity === 3) {
			// The customer's own order of a published item: what it pays.
			assert.equal(e.amount.amount, made.published.lines[0].amount.amount);
		} else {
			assertNoMoney(e, `history event ${e.kind}`);
		}
	}
	const review = await ok(pat.get(`/api/v1/subscriptions/${made.review.id}/history`));
	assert.ok(review.data.some((e) => e.kind === 'upgraded'), 'the upgrade is in the history');
	assertNoMoney(review, 'the history of an unpublished item');
	const reviewFull = await ok(alex.get(`/api/v1/subscriptions/${made.review.id}/history`));
	assert.notEqual(reviewFull.data.find((e) => e.kind === 'upgraded').amount, null);
});

test('purchase history of every Acme subscription holds no amount the rule hides', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions', 200);
	assert.ok(items.length > 3);
	for (const s of items) {
		const hist = await ok(pat.get(`/api/v1/subscriptions/${s.id}/history`));
		for (const e of hist.data)
			if (!(e.kind === 'licenses_added' && e.quantity === 3 && e.subscription_id === made.tracker.id))
				assertNoMoney(e, `${s.product.name}: ${e.kind}`);
	}
});

test('subscriptions: list, detail with add-ons, contacts and actions show the customer no amount', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions', 50);
	assertNoMoney(items, 'the subscription list');
	for (const s of [made.tracker, made.review]) {
		const detail = await ok(pat.get(`/api/v1/subscriptions/${s.id}`));
		assertNoMoney(detail, `${s.product.name} detail`);
		assertNoMoney(await ok(pat.get(`/api/v1/subscriptions/${s.id}/contacts`)), 'contacts');
		assertNoMoney(await ok(pat.get(`/api/v1/subscriptions/${s.id}/actions`)), 'actions');
	}
	const withApps = await ok(pat.get(`/api/v1/subscriptions/${made.tracker.id}`));
	assert.ok(withApps.apps.length > 0, 'Tracker has add-ons');
});

test('the reply of a customer\'s write shows no hidden amount: cancel, and a quick action replayed', async () => {
	const review = made.review;
	const key = newKey('pv-cancel');
	const body = { action: 'cancel', effective: 'term_end' };
	const placed = await pat.post(`/api/v1/subscriptions/${review.id}/actions`, body, { idempotencyKey: key });
	assert.equal(placed.status, 201, placed.text);
	const replay = await pat.post(`/api/v1/subscriptions/${review.id}/actions`, body, { idempotencyKey: key });
	assert.equal(replay.status, 201, replay.text);
	assert.equal(replay.body.id, placed.body.id);
	assertNoMoney(placed.body, 'a cancel order of an unpublished item');
	assertNoMoney(replay.body, 'its replay');

	const cancelled = await ok(post(pat, `/api/v1/subscriptions/${review.id}/cancel`, { effective: 'term_end' }));
	assertNoMoney(cancelled, 'the cancel reply');
});

test('order emails to a customer carry no amount the rule hides', async () => {
	const rows = sqlite(
		srv.db,
		`SELECT data_json FROM outbox WHERE recipient = 'pat@acme.example' ` +
			`AND template IN ('order_placed', 'order_confirmation');`,
	)
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l));
	const of = (o) => rows.filter((d) => d.order_id === o.id);
	assert.equal(of(made.partner).length, 1, 'pat was told of the partner\'s order');
	assert.equal(of(made.unpublished).length, 1, 'pat has the confirmation of its own order');
	for (const o of [made.partner, made.unpublished]) assertNoMoney(of(o), `mail of ${o.number}`);
	const pub = of(made.published);
	assert.equal(pub.length, 1);
	assert.equal(pub[0].total, `${made.published.total.amount} ${made.published.currency}`);
});

// Half-even rounding of cents x bp / 10000, as pricing.c rounds each discount and markup.
function percentOf(cents, bp) {
	const exact = (cents * bp) / 10000;
	const floor = Math.floor(exact);
	const rest = exact - floor;
	if (rest > 0.5 || (rest === 0.5 && floor % 2 === 1)) return floor + 1;
	return floor;
}

const toCents = (amount) => Math.round(Number(amount) * 100);
const fromCents = (c) => (c / 100).toFixed(2);

test('catalog: a customer sees its storefront\'s prices of published items and no price of others', async () => {
	const list = Object.fromEntries((await ok(alex.get('/api/v1/catalog/products'))).data.map((p) => [p.name, p]));
	const seen = Object.fromEntries((await ok(pat.get('/api/v1/catalog/products'))).data.map((p) => [p.name, p]));
	assert.deepEqual(Object.keys(seen).sort(), Object.keys(list).sort(), 'the customer sees every item');

	// Not published on Bluebird's storefront (Code Review is listed but unpublished): no price.
	for (const name of ['Helix Code Review', 'Helix Wiki']) {
		assert.ok(moneyValues(list[name]).length > 0, `the partner sees the list prices of ${name}`);
		assertNoMoney(seen[name], name);
		assert.ok(seen[name].prices.length > 0 && seen[name].prices[0].tiers.length > 0, 'its tiers are listed');
	}
	// Published with a 15% markup: Acme (no eligibility discount) pays Bluebird's cost
	// (list less its 20% tier discount) plus the markup, never the list price.
	const tracker = list['Helix Tracker'];
	assert.equal(tracker.storefront.published, true);
	assert.equal(tracker.storefront.markup_bp, 1500);
	tracker.prices.forEach((g, i) =>
		g.tiers.forEach((t, k) => {
			const cents = toCents(t.amount);
			const cost = cents - percentOf(cents, 2000);
			const shown = seen['Helix Tracker'].prices[i].tiers[k];
			assert.equal(shown.users, t.users);
			assert.equal(shown.amount, fromCents(cost + percentOf(cost, 1500)), `${g.edition} ${g.currency} ${t.users} users`);
		}),
	);
	assert.equal(seen['Helix Tracker'].storefront, undefined, 'no storefront entry for customers');

	// A customer of a partner without a storefront sees no catalog price at all.
	const kim = await srv.login('kim@sandpiper.example');
	assertNoMoney(await ok(kim.get('/api/v1/catalog/products')), 'the catalog of a Dune customer');
	// Vendor staff see the list prices.
	const vendor = await ok(admin.get('/api/v1/catalog/products'));
	assert.deepEqual(vendor.data.find((p) => p.name === 'Helix Tracker').prices, tracker.prices);
});

test('invoices and quotes are not a customer\'s to read', async () => {
	assertError(await pat.get('/api/v1/invoices'), 403);
	assertError(await pat.get(`/api/v1/invoices/${made.partner.invoice.id}`), 403);
	assertError(await pat.get('/api/v1/quotes'), 403);
});
