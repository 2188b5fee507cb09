// GET /api/v1/dashboard: the billing dashboard's counts and newest orders,
// within the caller's tenancy (SPEC section 1), with amounts hidden as the
// order list hides them (SPEC rule 16), for every role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertError, walk, newKey } from './harness.mjs';

let srv;
let pat, robin, alex, casey, admin, support;
let acme; // {id, name}
let partnerOrder, customerOrder; // orders placed for Acme by Bluebird and by pat

function post(client, path, body) {
	return client.post(path, body, { idempotencyKey: newKey('dash') });
}

// The counts the dashboard must show, read from the lists themselves.
async function countsFromLists(client) {
	const n = async (path) => (await walk(client, path, 200)).items.length;
	const [upcoming, active, inactive, orders, assets] = await Promise.all([
		n('/api/v1/subscriptions?status=upcoming'),
		n('/api/v1/subscriptions?status=active'),
		n('/api/v1/subscriptions?status=inactive'),
		n('/api/v1/orders'),
		n('/api/v1/licenses'),
	]);
	return {
		orders,
		subscriptions: upcoming + active + inactive,
		subscriptions_by_status: { upcoming, active, inactive },
		assets,
	};
}

async function dashboard(client) {
	const res = await client.get('/api/v1/dashboard');
	assert.equal(res.status, 200, res.text);
	return res.body;
}

before(async () => {
	srv = await startServer();
	[pat, robin, alex, casey, admin, support] = await Promise.all([
		srv.login('pat@acme.example'),
		srv.login('robin@birch.example'),
		srv.login('alex@bluebird.example'),
		srv.login('casey@cedar.example'),
		srv.login('admin@helix.example'),
		srv.login('support@helix.example'),
	]);
	const subs = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	assert.equal(subs.status, 200, subs.text);
	const tracker = subs.body.data.find((s) => s.product.name === 'Helix Tracker');
	assert.ok(tracker, 'Acme has an active Helix Tracker (demo data)');
	acme = tracker.customer;

	// Bluebird buys a datacenter license for Acme through a quote and pays
	// it: a partner-placed order and an asset.
	const accounts = await alex.get('/api/v1/billing-accounts');
	const usd = accounts.body.data.find((a) => a.currency === 'USD');
	assert.ok(usd, 'Bluebird has a USD billing account');
	const cat = await alex.get('/api/v1/catalog/products');
	const dc = cat.body.data.find((p) => p.code === 'HLX-TRK-DC');
	assert.ok(dc, 'the datacenter tracker');
	const quote = await post(alex, '/api/v1/quotes', {
		customer: acme.id,
		billing_account: usd.id,
		lines: [{ product: dc.id, edition: 'enterprise', user_tier: 500, billing_period: 'annual' }],
	});
	assert.equal(quote.status, 201, quote.text);
	const ordered = await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'ach' });
	assert.equal(ordered.status, 201, ordered.text);
	partnerOrder = ordered.body;
	assert.ok(partnerOrder.invoice, 'the order issued its invoice');
	const paid = await post(alex, `/api/v1/invoices/${partnerOrder.invoice.id}/payments`, { method: 'ach' });
	assert.equal(paid.status, 201, paid.text);
	assert.equal(paid.body.licenses.length, 1);

	// pat buys two licenses on the storefront: a customer-placed order.
	const bought = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'buy_licenses',
		quantity: 2,
		payment_method: 'card',
	});
	assert.equal(bought.status, 201, bought.text);
	customerOrder = bought.body;
});

after(async () => {
	await srv?.stop();
});

test("a customer contact's counts are its customer's, equal to what its lists hold", async () => {
	const d = await dashboard(pat);
	assert.deepEqual(d.counts, await countsFromLists(pat));
	assert.equal(d.counts.orders, 2, 'the partner order and the storefront order');
	assert.equal(d.counts.assets, 1, 'the datacenter license');
	assert.ok(d.counts.subscriptions > 0);
	const s = d.counts.subscriptions_by_status;
	assert.equal(s.upcoming + s.active + s.inactive, d.counts.subscriptions);
	// Acme's demo data has subscriptions in every status.
	assert.ok(s.upcoming > 0 && s.active > 0 && s.inactive > 0, JSON.stringify(s));
});

test("tenancy: another customer's dashboard holds none of Acme's rows", async () => {
	const mine = await dashboard(pat);
	const theirs = await dashboard(robin);
	assert.deepEqual(theirs.counts, await countsFromLists(robin));
	assert.equal(theirs.counts.orders, 0, 'Birch placed no order');
	assert.equal(theirs.counts.assets, 0);
	assert.deepEqual(theirs.recent_orders, []);
	assert.ok(mine.recent_orders.every((o) => o.customer.id === acme.id));
	// Another partner sees none of Bluebird's orders for Acme.
	const cedar = await dashboard(casey);
	assert.deepEqual(cedar.counts, await countsFromLists(casey));
	assert.ok(!cedar.recent_orders.some((o) => o.id === partnerOrder.id || o.id === customerOrder.id));
});

test('partners and vendor staff count their own tenancy: a partner its own, the vendor everything', async () => {
	for (const client of [alex, admin, support]) {
		const d = await dashboard(client);
		assert.deepEqual(d.counts, await countsFromLists(client));
	}
	const vendor = await dashboard(admin);
	const bluebird = await dashboard(alex);
	const cedar = await dashboard(casey);
	assert.ok(vendor.counts.subscriptions >= bluebird.counts.subscriptions + cedar.counts.subscriptions);
	assert.ok(bluebird.counts.subscriptions > (await dashboard(pat)).counts.subscriptions);
});

test('the recent orders are the newest five, newest first, exactly as the order list shows them', async () => {
	// Three more storefront orders, so that there are more than five.
	const subs = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	const tracker = subs.body.data.find((s) => s.product.name === 'Helix Tracker');
	for (let i = 0; i < 4; i++) {
		const res = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
			action: 'buy_licenses',
			quantity: 1 + i,
			payment_method: 'card',
		});
		assert.equal(res.status, 201, res.text);
	}
	for (const client of [pat, alex, admin]) {
		const all = (await walk(client, '/api/v1/orders', 200)).items;
		const d = await dashboard(client);
		assert.deepEqual(d.recent_orders, all.slice(-5).reverse());
	}
	const d = await dashboard(pat);
	assert.equal(d.recent_orders.length, 5);
	assert.equal(d.counts.orders, 6);
});

test('SPEC rule 16: the order the partner placed shows the customer no amount; its partner sees it', async () => {
	// The partner's order is the oldest of Acme's; read it from the list, as the dashboard does.
	const asPat = (await walk(pat, '/api/v1/orders', 200)).items.find((o) => o.id === partnerOrder.id);
	assert.equal(asPat.origin, 'partner');
	assert.equal(asPat.total, null);
	assert.equal(asPat.amount_text, '-');

	const fresh = await startServer();
	try {
		// On a fresh server the partner's order is among the newest five.
		const [p, a] = await Promise.all([fresh.login('pat@acme.example'), fresh.login('alex@bluebird.example')]);
		const accounts = await a.get('/api/v1/billing-accounts');
		const usd = accounts.body.data.find((x) => x.currency === 'USD');
		const cat = await a.get('/api/v1/catalog/products');
		const trk = cat.body.data.find((x) => x.code === 'HLX-TRK-C');
		const me = await p.get('/api/v1/customers');
		assert.equal(me.body.data.length, 1, 'a customer contact sees its own customer');
		const quote = await post(a, '/api/v1/quotes', {
			customer: me.body.data[0].id,
			billing_account: usd.id,
			lines: [{ product: trk.id, edition: 'standard', user_tier: 25, billing_period: 'annual' }],
		});
		assert.equal(quote.status, 201, quote.text);
		const ordered = await post(a, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'ach' });
		assert.equal(ordered.status, 201, ordered.text);

		const mine = (await dashboard(p)).recent_orders;
		assert.equal(mine.length, 1);
		assert.equal(mine[0].id, ordered.body.id);
		assert.equal(mine[0].total, null, 'no amount for a partner-placed order');
		assert.equal(mine[0].net, null);
		assert.equal(mine[0].invoice, null);
		assert.equal(mine[0].amount_text, '-');
		const theirs = (await dashboard(a)).recent_orders;
		assert.deepEqual(theirs[0].total, ordered.body.total);
		assert.notEqual(theirs[0].amount_text, '-');
	} finally {
		await fresh.stop();
	}
});

test('bad input: no query parameter is accepted; a caller must be signed in', async () => {
	for (const q of ['?limit=5', '?status=active', '?status=', '?x=null', '?counts[]=1']) {
		const res = await pat.get(`/api/v1/dashboard${q}`);
		assertError(res, 400, 'unknown_parameter');
	}
	assertError(await srv.anon().get('/api/v1/dashboard'), 401);
});

test("a subscription's charges: the partner sees every amount, the customer what it pays for published items only", async () => {
	const subs = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	const tracker = subs.body.data.find((s) => s.product.name === 'Helix Tracker');
	const detail = (await pat.get(`/api/v1/subscriptions/${tracker.id}`)).body;
	const cents = (m) => Math.round(Number(m.amount) * 100);

	const asAlex = await alex.get(`/api/v1/subscriptions/${tracker.id}/charges`);
	assert.equal(asAlex.status, 200, asAlex.text);
	const lines = asAlex.body.lines;
	assert.deepEqual(lines.map((l) => l.subscription_id), [tracker.id, ...detail.apps.map((a) => a.id)]);
	assert.equal(lines[0].kind, 'product');
	let sum = 0;
	for (const l of lines) {
		assert.ok(l.unit_price && l.list_unit_price && l.discount && l.total, 'a partner sees every amount');
		assert.equal(cents(l.unit_price), cents(l.list_unit_price) - cents(l.discount));
		assert.equal(cents(l.total), cents(l.unit_price) * l.quantity);
		if (l.status !== 'inactive') sum += cents(l.total);
	}
	assert.equal(cents(asAlex.body.total), sum, 'the summary sums the lines not inactive');

	// SPEC rule 16: the tracker and its add-ons are published on Bluebird's
	// storefront: pat sees what it pays, never the list price or discount.
	const asPat = await pat.get(`/api/v1/subscriptions/${tracker.id}/charges`);
	assert.equal(asPat.status, 200, asPat.text);
	assert.equal(asPat.body.lines.length, lines.length);
	asPat.body.lines.forEach((l, i) => {
		assert.deepEqual(l.unit_price, lines[i].unit_price);
		assert.deepEqual(l.total, lines[i].total);
		assert.equal(l.list_unit_price, null);
		assert.equal(l.discount, null);
	});
	assert.deepEqual(asPat.body.total, asAlex.body.total);

	// Code Review is listed but not published on Bluebird's storefront: "-" to pat.
	const cr = subs.body.data.find((s) => s.product.name === 'Helix Code Review');
	assert.ok(cr, 'Acme has an active Helix Code Review (demo data)');
	const crPat = (await pat.get(`/api/v1/subscriptions/${cr.id}/charges`)).body;
	assert.equal(crPat.lines[0].unit_price, null);
	assert.equal(crPat.lines[0].total, null);
	assert.equal(crPat.total, null, 'no summary when a line it sums is hidden');
	const crAlex = (await alex.get(`/api/v1/subscriptions/${cr.id}/charges`)).body;
	assert.ok(crAlex.lines[0].unit_price && crAlex.total);

	// Tenancy: another customer and another partner find no such subscription.
	assertError(await robin.get(`/api/v1/subscriptions/${tracker.id}/charges`), 404, 'not_found');
	assertError(await casey.get(`/api/v1/subscriptions/${tracker.id}/charges`), 404, 'not_found');
	// Bad input.
	assertError(await pat.get(`/api/v1/subscriptions/${tracker.id}/charges?limit=1`), 400, 'unknown_parameter');
	assertError(await pat.get('/api/v1/subscriptions/nonsense/charges'), 404);
	assertError(await pat.get(`/api/v1/subscriptions/${tracker.id.replace('sub_', 'ord_')}/charges`), 404);
});
