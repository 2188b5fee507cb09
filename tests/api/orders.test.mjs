// Orders: from a quote, storefront quick actions, partner approval, the
// vendor's review queue, what customers see of an order (SPEC rules 1-6,
// 11, 12, 16-19) and tenancy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertError, missingId, newKey, TODAY } from './harness.mjs';

const REVIEW_MESSAGE = 'Your order will be processed within one to three business days.';

let srv;
let alex, pat, admin, erin, casey, robin, support;
let catalog; // code -> product
let acmeSubs; // active Acme product subscriptions, by product name
let acme; // {id, name}

function post(client, path, body) {
	return client.post(path, body, { idempotencyKey: newKey('ord') });
}

async function activeProducts(client) {
	const res = await client.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	assert.equal(res.status, 200, res.text);
	return res.body.data;
}

async function orderCount(client) {
	const res = await client.get('/api/v1/orders?limit=200');
	assert.equal(res.status, 200, res.text);
	return res.body.data.length;
}

function actionOf(list, name) {
	const a = list.data.find((x) => x.action === name);
	assert.ok(a, `action ${name} listed`);
	return a;
}

before(async () => {
	srv = await startServer();
	[alex, pat, admin, erin, casey, robin, support] = await Promise.all([
		srv.login('alex@bluebird.example'),
		srv.login('pat@acme.example'),
		srv.login('admin@helix.example'),
		srv.login('erin@ember.example'),
		srv.login('casey@cedar.example'),
		srv.login('robin@birch.example'),
		srv.login('support@helix.example'),
	]);
	const cat = await alex.get('/api/v1/catalog/products');
	assert.equal(cat.status, 200, cat.text);
	catalog = Object.fromEntries(cat.body.data.map((p) => [p.code, p]));
	acmeSubs = {};
	for (const s of await activeProducts(pat)) acmeSubs[s.product.name] ??= s;
	const tracker = acmeSubs['Helix Tracker'];
	assert.ok(tracker, 'Acme has an active Helix Tracker (demo data)');
	acme = tracker.customer;
});

after(async () => {
	await srv?.stop();
});

test('actions list says which actions are available and why not', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const res = await pat.get(`/api/v1/subscriptions/${tracker.id}/actions`);
	assert.equal(res.status, 200, res.text);
	assert.deepEqual(
		res.body.data.map((a) => a.action),
		['buy_licenses', 'upgrade', 'cancel_addon', 'decrease_addon', 'cancel'],
	);
	// Tracker is published on Bluebird's storefront and has add-ons.
	assert.equal(actionOf(res.body, 'buy_licenses').available, true);
	assert.equal(actionOf(res.body, 'buy_licenses').reason, null);
	assert.equal(actionOf(res.body, 'cancel_addon').available, true);
	assert.equal(actionOf(res.body, 'cancel').available, true);

	// Code Review is listed but unpublished on Bluebird's storefront and has no add-ons.
	const cr = acmeSubs['Helix Code Review'];
	const res2 = await pat.get(`/api/v1/subscriptions/${cr.id}/actions`);
	assert.equal(res2.status, 200, res2.text);
	const buy = actionOf(res2.body, 'buy_licenses');
	assert.equal(buy.available, false);
	assert.match(buy.reason, /not published/);
	const addon = actionOf(res2.body, 'cancel_addon');
	assert.equal(addon.available, false);
	assert.match(addon.reason, /no add-ons/);

	// Nothing on an inactive subscription.
	const inactive = await pat.get('/api/v1/subscriptions?status=inactive&kind=product');
	assert.equal(inactive.status, 200);
	assert.ok(inactive.body.data.length > 0, 'Acme has an inactive subscription');
	const res3 = await pat.get(`/api/v1/subscriptions/${inactive.body.data[0].id}/actions`);
	assert.equal(res3.status, 200);
	for (const a of res3.body.data) {
		assert.equal(a.available, false);
		assert.match(a.reason, /inactive/);
	}
});

test('an unavailable action is refused with its reason and creates nothing', async () => {
	const cr = acmeSubs['Helix Code Review'];
	const before = await orderCount(pat);
	const res = await post(pat, `/api/v1/subscriptions/${cr.id}/actions`, {
		action: 'buy_licenses',
		quantity: 1,
		payment_method: 'card',
	});
	assertError(res, 409, 'action_not_available');
	assert.match(res.body.error.message, /not published/);
	assert.equal(await orderCount(pat), before);
});

test('customer storefront order waits for the partner, who approves: in progress with an invoice', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const res = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'buy_licenses',
		quantity: 2,
		payment_method: 'card',
	});
	assert.equal(res.status, 201, res.text);
	const o = res.body;
	assert.equal(res.headers.get('location'), `/api/v1/orders/${o.id}`);
	assert.match(o.number, /^O-\d{6}$/);
	assert.equal(o.status, 'pending_reseller_approval');
	assert.equal(o.origin, 'customer');
	assert.equal(o.invoice, null);
	// A customer's own storefront order shows its amount and the published unit price.
	assert.notEqual(o.total, null);
	assert.equal(o.lines[0].action, 'add_licenses');
	assert.equal(o.lines[0].quantity, 2);
	assert.notEqual(o.lines[0].unit_price_text, '-');
	assert.equal(o.lines[0].unit_price.currency, o.currency);

	// The customer cannot approve its own order (route table).
	assertError(await post(pat, `/api/v1/orders/${o.id}/approve`, {}), 403);
	// The vendor's review event does not apply before the partner decides.
	const wrong = await post(admin, `/api/v1/orders/${o.id}/approve`, {});
	assertError(wrong, 409, 'order_transition_invalid');
	assert.match(wrong.body.error.message, /pending_reseller_approval/);

	const ok = await post(alex, `/api/v1/orders/${o.id}/approve`, { note: 'fine' });
	assert.equal(ok.status, 200, ok.text);
	assert.equal(ok.body.status, 'in_progress');
	assert.ok(ok.body.invoice, 'an invoice is issued');
	assert.match(ok.body.invoice.number, /^INV-\d{6}$/);
	assert.equal(ok.body.invoice.terms, 'due_on_receipt');
	assert.equal(ok.body.invoice.issued_on, TODAY);
	assert.equal(ok.body.invoice.due_on, TODAY);
	assert.equal(ok.body.decision_note, 'fine');

	// Approving again is a wrong transition.
	assertError(await post(alex, `/api/v1/orders/${o.id}/approve`, {}), 409, 'order_transition_invalid');
	assertError(await post(alex, `/api/v1/orders/${o.id}/reject`, {}), 409, 'order_transition_invalid');

	// The customer sees it in its list; its purchase history and the audit log record it.
	const list = await pat.get('/api/v1/orders?status=in_progress');
	assert.ok(list.body.data.some((x) => x.id === o.id));
	const hist = await pat.get(`/api/v1/subscriptions/${tracker.id}/history`);
	const kinds = hist.body.data.map((e) => e.kind);
	assert.ok(kinds.includes('order_placed') && kinds.includes('order_approved'), kinds.join());
	const audit = await admin.get(`/api/v1/audit-events?object_id=${o.id}`);
	assert.equal(audit.status, 200, audit.text);
	const actions = audit.body.data.map((e) => e.action);
	assert.ok(actions.includes('order.place') && actions.includes('order.approve'), actions.join());
});

test('partner rejects a storefront order: cancelled, and final', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const res = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'buy_licenses',
		quantity: 1,
		payment_method: 'paypal',
	});
	assert.equal(res.status, 201, res.text);
	const rej = await post(alex, `/api/v1/orders/${res.body.id}/reject`, { note: 'not now' });
	assert.equal(rej.status, 200, rej.text);
	assert.equal(rej.body.status, 'cancelled');
	assert.equal(rej.body.invoice, null);
	const again = await post(alex, `/api/v1/orders/${res.body.id}/approve`, {});
	assertError(again, 409, 'order_transition_invalid');
	assert.match(again.body.error.message, /already cancelled/);
});

test('instructions hold a partner order for review; the vendor approves it', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const target = [10, 25, 50, 100, 250, 500, 1000].find((t) => t > tracker.user_tier);
	const res = await post(alex, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'upgrade',
		user_tier: target,
		quantity: 1,
		payment_method: 'bank_transfer',
		instructions: 'Align with the Wiki renewal, please.',
	});
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.status, 'pending_review');
	assert.equal(res.body.origin, 'partner');
	assert.equal(res.body.customer_message, REVIEW_MESSAGE);
	assert.equal(res.body.lines[0].action, 'upgrade');
	assert.equal(res.body.lines[0].user_tier, target);

	// The review queue: vendor roles see it; the partner cannot decide it.
	const queue = await support.get('/api/v1/orders?status=pending_review');
	assert.equal(queue.status, 200);
	assert.ok(queue.body.data.some((x) => x.id === res.body.id));
	assertError(await post(alex, `/api/v1/orders/${res.body.id}/approve`, {}), 409, 'order_transition_invalid');
	assertError(await post(support, `/api/v1/orders/${res.body.id}/approve`, {}), 403);

	// The customer is told when it will be processed, and sees no amount.
	const seen = await pat.get(`/api/v1/orders/${res.body.id}`);
	assert.equal(seen.status, 200);
	assert.equal(seen.body.customer_message, REVIEW_MESSAGE);
	assert.equal(seen.body.total, null);
	assert.equal(seen.body.amount_text, '-');

	const ok = await post(admin, `/api/v1/orders/${res.body.id}/approve`, {});
	assert.equal(ok.status, 200, ok.text);
	assert.equal(ok.body.status, 'in_progress');
	assert.ok(ok.body.invoice);
	assert.equal(ok.body.customer_message, null);
});

test('a partner cancelling an add-on has nothing to pay: executed at once, no invoice', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const detail = await alex.get(`/api/v1/subscriptions/${tracker.id}`);
	const app = detail.body.apps.find((a) => a.status === 'active');
	assert.ok(app, 'Tracker has a live add-on');
	const res = await post(alex, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'cancel_addon',
		addon: app.id,
	});
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.status, 'executed');
	assert.equal(res.body.invoice, null);
	assert.equal(res.body.payment_method, null);
	const after = await alex.get(`/api/v1/subscriptions/${app.id}`);
	assert.equal(after.body.status, 'inactive');
});

test('customer sees no amount on partner-placed orders and "-" for unpublished unit prices', async () => {
	// Partner-placed, on a published item: still no amount and no unit price for the customer.
	const tracker = acmeSubs['Helix Tracker'];
	const res = await post(alex, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'buy_licenses',
		quantity: 1,
		payment_method: 'card',
	});
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.status, 'in_progress');
	assert.notEqual(res.body.total, null, 'the partner sees its amounts');
	assert.notEqual(res.body.lines[0].unit_price_text, '-');
	const seen = await pat.get(`/api/v1/orders/${res.body.id}`);
	assert.equal(seen.status, 200);
	assert.equal(seen.body.total, null);
	assert.equal(seen.body.net, null);
	assert.equal(seen.body.amount_text, '-');
	assert.equal(seen.body.invoice, null);
	assert.equal(seen.body.lines[0].unit_price, null);
	assert.equal(seen.body.lines[0].unit_price_text, '-');
	assert.equal(seen.body.lines[0].amount, null);
	const listed = (await pat.get('/api/v1/orders')).body.data.find((x) => x.id === res.body.id);
	assert.equal(listed.total, null);
	assert.equal(listed.amount_text, '-');

	// Customer-placed upgrade of an item not published on the storefront: no unit price and
	// no amount either (with a quantity of one the amount would be the unit price).
	const cr = acmeSubs['Helix Code Review'];
	const nextTier = [10, 25, 50, 100, 250, 500, 1000].find((t) => t > cr.user_tier);
	assert.ok(nextTier, `a cloud tier above ${cr.user_tier} users`);
	const up = await post(pat, `/api/v1/subscriptions/${cr.id}/actions`, {
		action: 'upgrade',
		user_tier: nextTier,
		payment_method: 'card',
	});
	assert.equal(up.status, 201, up.text);
	assert.equal(up.body.status, 'pending_reseller_approval');
	assert.equal(up.body.total, null);
	assert.equal(up.body.amount_text, '-');
	assert.equal(up.body.lines[0].unit_price_text, '-');
	assert.equal(up.body.lines[0].unit_price, null);
	assert.equal(up.body.lines[0].amount, null);
	// The partner sees the price.
	const partnerView = await alex.get(`/api/v1/orders/${up.body.id}`);
	assert.notEqual(partnerView.body.lines[0].unit_price_text, '-');
});

test('two-tier reselling is refused with a clear error', async () => {
	const subs = await activeProducts(erin);
	assert.ok(subs.length > 0, 'Ember has customers with subscriptions');
	const before = await orderCount(erin);
	const res = await post(erin, `/api/v1/subscriptions/${subs[0].id}/actions`, {
		action: 'cancel',
		effective: 'term_end',
	});
	assertError(res, 422, 'two_tier_reselling_not_allowed');
	assert.match(res.body.error.message, /distributor/);
	assert.equal(await orderCount(erin), before);
});

test('AUD orders cannot be paid by card (SPEC rule 3)', async () => {
	const subs = await alex.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	// Quokka Media (Sydney) is billed from Bluebird's AUD account: upgrade one of its
	// annual subscriptions to the next user tier the catalog prices in AUD.
	let quokka = null;
	let action = null;
	for (const s of subs.body.data) {
		if (s.customer.name !== 'Quokka Media' || s.billing_period !== 'annual') continue;
		const product = Object.values(catalog).find((p) => p.id === s.product.id);
		const row = product.prices.find(
			(r) => r.edition === s.plan && r.billing_period === 'annual' && r.currency === 'AUD',
		);
		const next = row?.tiers.find((t) => t.users > s.user_tier);
		if (next) {
			quokka = s;
			action = { action: 'upgrade', user_tier: next.users };
			break;
		}
	}
	assert.ok(quokka, 'Quokka Media has an active annual subscription with a higher tier');
	const before = await orderCount(alex);
	const res = await post(alex, `/api/v1/subscriptions/${quokka.id}/actions`, {
		...action,
		payment_method: 'card',
	});
	assertError(res, 422, 'payment_method_not_allowed');
	assert.match(res.body.error.message, /AUD/);
	assert.equal(await orderCount(alex), before);
});

test('quote -> order: in progress with an invoice, ordered once; notes go to review', async (t) => {
	const probe = await alex.get('/api/v1/quotes');
	if (probe.status === 404 || probe.status === 405) {
		t.skip('quotes endpoints are not available in this build');
		return;
	}
	// A billing account id of Bluebird's, in USD: from one of its orders.
	const orders = (await alex.get('/api/v1/orders?limit=200')).body.data;
	const usd = orders.find((o) => o.currency === 'USD');
	assert.ok(usd, 'an earlier test placed a USD order');
	const tracker = catalog['HLX-TRK-C'];
	const quote = await post(alex, '/api/v1/quotes', {
		customer: acme.id,
		billing_account: usd.billing_account_id,
		lines: [{ product: tracker.id, edition: 'standard', user_tier: 25, billing_period: 'annual' }],
	});
	assert.equal(quote.status, 201, quote.text);

	assertError(await post(alex, `/api/v1/quotes/${quote.body.id}/order`, {}), 400);
	assertError(
		await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'bitcoin' }),
		400,
	);
	// Net-30 needs 10,000.00 USD or more (SPEC rule 1).
	assertError(
		await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'net30' }),
		422,
		'net30_not_allowed',
	);
	// Another partner's quote does not exist for it.
	assertError(await post(casey, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'card' }), 404);

	const res = await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'ach' });
	assert.equal(res.status, 201, res.text);
	assert.equal(res.headers.get('location'), `/api/v1/orders/${res.body.id}`);
	assert.equal(res.body.status, 'in_progress');
	assert.equal(res.body.origin, 'partner');
	assert.equal(res.body.quote_id, quote.body.id);
	assert.equal(res.body.payment_method, 'ach');
	assert.ok(res.body.invoice);
	assert.equal(res.body.invoice.due_on, TODAY);
	assert.equal(res.body.lines.length, 1);
	assert.equal(res.body.lines[0].action, 'new');

	const q = await alex.get(`/api/v1/quotes/${quote.body.id}`);
	assert.equal(q.body.status, 'ordered');
	assertError(
		await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'card' }),
		409,
		'quote_already_ordered',
	);

	// Notes hold the order for review with the message of SPEC rule 12.
	const noted = await post(alex, '/api/v1/quotes', {
		customer: acme.id,
		billing_account: usd.billing_account_id,
		notes: 'Co-term with the Wiki licenses.',
		lines: [{ product: tracker.id, edition: 'standard', user_tier: 10, billing_period: 'annual' }],
	});
	assert.equal(noted.status, 201, noted.text);
	const held = await post(alex, `/api/v1/quotes/${noted.body.id}/order`, { payment_method: 'card' });
	assert.equal(held.status, 201, held.text);
	assert.equal(held.body.status, 'pending_review');
	assert.equal(held.body.customer_message, REVIEW_MESSAGE);
	assert.equal(held.body.invoice, null);
	const approved = await post(admin, `/api/v1/orders/${held.body.id}/approve`, {});
	assert.equal(approved.status, 200, approved.text);
	assert.equal(approved.body.status, 'in_progress');
	assert.ok(approved.body.invoice);
});

test('tenancy: other tenants\' orders and subscriptions are 404', async () => {
	const mine = (await alex.get('/api/v1/orders')).body.data;
	assert.ok(mine.length > 0);
	const id = mine[0].id;
	assertError(await casey.get(`/api/v1/orders/${id}`), 404, 'not_found');
	assertError(await robin.get(`/api/v1/orders/${id}`), 404, 'not_found');
	assertError(await post(casey, `/api/v1/orders/${id}/approve`, {}), 404);
	assertError(await pat.get(`/api/v1/orders/${missingId('ord')}`), 404);
	assertError(await pat.get('/api/v1/orders/nonsense'), 404);
	const caseyOrders = (await casey.get('/api/v1/orders?limit=200')).body.data;
	assert.ok(!caseyOrders.some((o) => o.id === id));
	const robinOrders = (await robin.get('/api/v1/orders?limit=200')).body.data;
	assert.ok(!robinOrders.some((o) => o.id === id));
	const tracker = acmeSubs['Helix Tracker'];
	assertError(await robin.get(`/api/v1/subscriptions/${tracker.id}/actions`), 404);
	assertError(
		await post(casey, `/api/v1/subscriptions/${tracker.id}/actions`, { action: 'cancel' }),
		404,
	);
	// The vendor sees everything.
	assert.equal((await admin.get(`/api/v1/orders/${id}`)).status, 200);
});

test('bad input is 400 and changes nothing', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const path = `/api/v1/subscriptions/${tracker.id}/actions`;
	const before = await orderCount(pat);
	const cases = [
		[{}, 'action'],
		[{ action: 'explode' }, 'action'],
		[{ action: 'buy_licenses' }, 'quantity'],
		[{ action: 'buy_licenses', quantity: 0 }, 'quantity'],
		[{ action: 'buy_licenses', quantity: 'two' }, 'quantity'],
		[{ action: 'buy_licenses', quantity: 1, addon: missingId('sub') }, 'addon'],
		[{ action: 'buy_licenses', quantity: 1, colour: 'red' }, 'colour'],
		[{ action: 'cancel', effective: 'tomorrow' }, 'effective'],
		[{ action: 'cancel', instructions: 'x'.repeat(2001) }, 'instructions'],
		[{ action: 'cancel_addon' }, 'addon'],
		[{ action: 'upgrade' }, 'edition'],
		[{ action: 'upgrade', edition: 'platinum' }, 'edition'],
		[{ action: 'cancel', payment_method: 'card' }, 'payment_method'],
	];
	for (const [body, field] of cases) {
		const res = await post(pat, path, body);
		assertError(res, 400, undefined, field);
	}
	// Something to pay needs a payment method.
	assertError(await post(pat, path, { action: 'buy_licenses', quantity: 1 }), 400, 'payment_method_required');
	assertError(await pat.get('/api/v1/orders?status=lost'), 400);
	assertError(await pat.get('/api/v1/orders?colour=red'), 400);
	assertError(await pat.get('/api/v1/orders?after=zzz'), 400);
	assertError(await pat.get('/api/v1/orders?limit=0'), 400);
	const mine = (await alex.get('/api/v1/orders')).body.data[0];
	assertError(await post(alex, `/api/v1/orders/${mine.id}/reject`, { note: 5 }), 400);
	assertError(await post(alex, `/api/v1/orders/${mine.id}/approve`, { reason: 'x' }), 400);
	assert.equal(await orderCount(pat), before);
});

test('a cancellation with instructions: partner approval, then review, then executed', async () => {
	const tracker = acmeSubs['Helix Tracker'];
	const res = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, {
		action: 'cancel',
		effective: 'term_end',
		instructions: 'Please keep the data for a month.',
	});
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.status, 'pending_reseller_approval');
	assert.equal(res.body.total.amount, '0.00');
	assert.equal(res.body.lines[0].action, 'cancel');
	assert.equal(res.body.lines[0].effective, 'term_end');
	// Instructions need a person: the partner's approval sends it to review, then the vendor's executes it.
	const a1 = await post(alex, `/api/v1/orders/${res.body.id}/approve`, {});
	assert.equal(a1.status, 200, a1.text);
	assert.equal(a1.body.status, 'pending_review');
	const a2 = await post(admin, `/api/v1/orders/${res.body.id}/approve`, {});
	assert.equal(a2.status, 200, a2.text);
	assert.equal(a2.body.status, 'executed');
	assert.equal(a2.body.invoice, null);
	const sub = await pat.get(`/api/v1/subscriptions/${tracker.id}`);
	assert.equal(sub.body.cancel_at_period_end, true);
});
