// The lists as the consoles read them: newest first or oldest first with
// cursors that continue the order they were made in, the filters of each
// list (orders: customer, placed_by, status; quotes and invoices: status,
// customer; the audit log: object_id, actor; licenses: customer), each
// within the caller's tenancy exactly as the list is, and bad input
// refused with 400 in the one error shape.
//
// The rows are made through the API first: quotes by two partners for
// three customers, orders from some of them (invoices issued), payments of
// some (an executed datacenter order issues a license), and storefront
// orders placed by a customer contact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertError, walk, missingId, newKey, USERS } from './harness.mjs';

let srv;
let admin, support, alex, casey, pat, robin;
let acme, birch, otherBluebird; // customers: {id, name}
let me; // email -> GET /me reply

const LISTS = {
	orders: '/api/v1/orders',
	quotes: '/api/v1/quotes',
	invoices: '/api/v1/invoices',
	audit: '/api/v1/audit-events',
};

function post(client, path, body) {
	return client.post(path, body, { idempotencyKey: newKey('lists') });
}

async function quote(client, customer, code, edition, tier) {
	const accounts = await client.get('/api/v1/billing-accounts');
	assert.equal(accounts.status, 200, accounts.text);
	const usd = accounts.body.data.find((a) => a.currency === 'USD');
	assert.ok(usd, 'a USD billing account');
	const catalog = await client.get('/api/v1/catalog/products');
	const product = catalog.body.data.find((p) => p.code === code);
	assert.ok(product, code);
	const res = await post(client, '/api/v1/quotes', {
		customer: customer.id,
		billing_account: usd.id,
		lines: [{ product: product.id, edition, user_tier: tier, billing_period: 'annual', quantity: 1 }],
	});
	assert.equal(res.status, 201, res.text);
	return res.body;
}

async function order(client, q) {
	const res = await post(client, `/api/v1/quotes/${q.id}/order`, { payment_method: 'card' });
	assert.equal(res.status, 201, res.text);
	return res.body;
}

async function pay(client, o) {
	assert.ok(o.invoice, `order ${o.number} has an invoice`);
	const res = await post(client, `/api/v1/invoices/${o.invoice.id}/payments`, { method: 'card' });
	assert.equal(res.status, 201, res.text);
	return res.body;
}

before(async () => {
	srv = await startServer();
	[admin, support, alex, casey, pat, robin] = await Promise.all(
		[USERS.admin, USERS.support, USERS.alex, USERS.casey, USERS.pat, USERS.robin].map((u) => srv.as(u)),
	);
	me = {};
	for (const [email, c] of [[USERS.alex, alex], [USERS.casey, casey], [USERS.pat, pat], [USERS.admin, admin]]) {
		const res = await c.get('/api/v1/me');
		assert.equal(res.status, 200, res.text);
		me[email] = res.body;
	}
	const bluebird = (await alex.get('/api/v1/customers?limit=200')).body.data;
	acme = bluebird.find((c) => c.name === 'Acme Robotics');
	otherBluebird = bluebird.find((c) => c.name !== 'Acme Robotics');
	birch = (await casey.get('/api/v1/customers?limit=200')).body.data.find((c) => c.name === 'Birch Analytics');
	assert.ok(acme && otherBluebird && birch, 'the demo customers');

	// Bluebird: six quotes for two customers; four ordered, two of them paid
	// (the datacenter one issues a license).
	const quotes = [];
	for (let i = 0; i < 6; i++) {
		const dc = i < 2; // a datacenter license for each customer once paid
		quotes.push(await quote(alex, i % 2 === 0 ? acme : otherBluebird, dc ? 'HLX-TRK-DC' : 'HLX-TRK-C', dc ? 'enterprise' : 'standard', dc ? 500 : 10));
	}
	const orders = [];
	for (const q of quotes.slice(0, 4)) orders.push(await order(alex, q));
	await pay(alex, orders[0]);
	await pay(alex, orders[1]);
	// Cedar: two quotes for Birch, one ordered.
	const cedar = [await quote(casey, birch, 'HLX-TRK-C', 'standard', 25), await quote(casey, birch, 'HLX-TRK-C', 'standard', 10)];
	await order(casey, cedar[0]);
	// Acme's contact: two storefront orders (placed by the customer).
	const subs = (await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200')).body.data;
	const tracker = subs.find((s) => s.product.name === 'Helix Tracker');
	assert.ok(tracker, 'Acme has an active Helix Tracker (demo data)');
	for (const quantity of [1, 2]) {
		const res = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, { action: 'buy_licenses', quantity, payment_method: 'card' });
		assert.equal(res.status, 201, res.text);
	}
});

after(async () => {
	await srv?.stop();
});

// Every page of a list, following next (order and filters in query).
async function all(client, path, query = '', limit = 200) {
	return (await walk(client, query ? `${path}?${query}` : path, limit)).items;
}

test('order=newest lists the same rows in reverse, over pages of any size', async () => {
	const cases = [
		[admin, LISTS.orders], [support, LISTS.orders], [alex, LISTS.orders], [casey, LISTS.orders], [pat, LISTS.orders], [robin, LISTS.orders],
		[admin, LISTS.quotes], [alex, LISTS.quotes], [casey, LISTS.quotes],
		[admin, LISTS.invoices], [alex, LISTS.invoices], [casey, LISTS.invoices],
		[admin, LISTS.audit], [support, LISTS.audit],
	];
	for (const [c, path] of cases) {
		const oldest = await all(c, path);
		assert.deepEqual(await all(c, path, 'order=oldest'), oldest, `${path}: order=oldest is the default`);
		const newest = await all(c, path, 'order=newest');
		assert.deepEqual(newest, [...oldest].reverse(), `${path}: newest is oldest reversed`);
		for (const limit of [1, 2, 3]) {
			for (const [q, rows] of [['order=newest', newest], ['order=oldest', oldest], ['', oldest]]) {
				const { items, pages } = await walk(c, q ? `${path}?${q}` : path, limit);
				assert.deepEqual(items.map((x) => x.id), rows.map((x) => x.id), `${path}?${q} limit=${limit}: every row once, in order`);
				assert.equal(pages, Math.max(1, Math.ceil(rows.length / limit)), `${path}?${q} limit=${limit}: no empty last page`);
			}
		}
	}
	// There is something to order: several rows in each.
	assert.ok((await all(alex, LISTS.orders)).length >= 6);
	assert.ok((await all(alex, LISTS.quotes)).length >= 6);
	assert.ok((await all(alex, LISTS.invoices)).length >= 4);
	// Newest first is newest first: the orders' creation times never rise.
	const times = (await all(admin, LISTS.orders, 'order=newest')).map((o) => o.created_at);
	assert.deepEqual(times, [...times].sort().reverse());
	const first = await alex.get(`${LISTS.orders}?order=newest&limit=1`);
	assert.equal(first.body.data[0].number, (await all(alex, LISTS.orders)).at(-1).number, 'the first newest row is the last oldest one');
});

test('a cursor continues its own order: one of the other order is refused with 400', async () => {
	for (const [c, path] of [[alex, LISTS.orders], [alex, LISTS.quotes], [alex, LISTS.invoices], [admin, LISTS.audit]]) {
		const newest = await c.get(`${path}?order=newest&limit=1`);
		const oldest = await c.get(`${path}?limit=1`);
		assert.equal(typeof newest.body.next, 'string', `${path}: more than one page`);
		assert.notEqual(newest.body.next, oldest.body.next, `${path}: the cursors differ`);
		const n = encodeURIComponent(newest.body.next);
		const o = encodeURIComponent(oldest.body.next);
		assertError(await c.get(`${path}?after=${n}`), 400, 'invalid_cursor', 'after');
		assertError(await c.get(`${path}?order=oldest&after=${n}`), 400, 'invalid_cursor', 'after');
		assertError(await c.get(`${path}?order=newest&after=${o}`), 400, 'invalid_cursor', 'after');
		// Each with its own order continues.
		assert.equal((await c.get(`${path}?order=newest&after=${n}&limit=1`)).status, 200);
		assert.equal((await c.get(`${path}?after=${o}&limit=1`)).status, 200);
	}
	// Lists without an order take no newest cursor.
	const orders = await alex.get(`${LISTS.orders}?order=newest&limit=1`);
	for (const path of ['/api/v1/subscriptions', '/api/v1/licenses', '/api/v1/customers', '/api/v1/billing-accounts']) {
		assertError(await alex.get(`${path}?after=${encodeURIComponent(orders.body.next)}`), 400, 'invalid_cursor', 'after');
		assertError(await alex.get(`${path}?order=newest`), 400, 'unknown_parameter', 'order');
	}
});

test('orders: customer, placed_by and status filter on the server, in either order', async () => {
	for (const c of [admin, alex, pat]) {
		const whole = await all(c, LISTS.orders);
		for (const order of ['oldest', 'newest']) {
			const rev = (rows) => (order === 'newest' ? [...rows].reverse() : rows);
			for (const customer of c === pat ? [acme] : [acme, otherBluebird]) {
				const want = rev(whole.filter((o) => o.customer.id === customer.id));
				assert.ok(want.length > 0, `${customer.name} has orders`);
				for (const limit of [1, 2, 200]) {
					const got = (await walk(c, `${LISTS.orders}?customer=${customer.id}&order=${order}`, limit)).items;
					assert.deepEqual(got.map((o) => o.id), want.map((o) => o.id), `customer=${customer.name} order=${order} limit=${limit}`);
				}
			}
			for (const placedBy of ['partner', 'customer']) {
				const want = rev(whole.filter((o) => o.origin === placedBy));
				assert.ok(want.length > 0, `orders placed by the ${placedBy}`);
				const got = (await walk(c, `${LISTS.orders}?placed_by=${placedBy}&order=${order}`, 2)).items;
				assert.deepEqual(got.map((o) => o.id), want.map((o) => o.id), `placed_by=${placedBy}`);
			}
			for (const status of new Set(whole.map((o) => o.status))) {
				const want = rev(whole.filter((o) => o.status === status));
				const got = (await walk(c, `${LISTS.orders}?status=${status}&order=${order}`, 1)).items;
				assert.deepEqual(got.map((o) => o.id), want.map((o) => o.id), `status=${status}`);
			}
			// Filters combine.
			const want = rev(whole.filter((o) => o.customer.id === acme.id && o.origin === 'customer' && o.status === 'pending_reseller_approval'));
			assert.ok(want.length >= 2, 'the storefront orders wait for the partner');
			const got = await all(c, LISTS.orders, `customer=${acme.id}&placed_by=customer&status=pending_reseller_approval&order=${order}`, 1);
			assert.deepEqual(got.map((o) => o.id), want.map((o) => o.id));
		}
	}
	// A filter that matches nothing is an empty page.
	assert.deepEqual((await alex.get(`${LISTS.orders}?customer=${otherBluebird.id}&placed_by=customer`)).body, { data: [], next: null });
});

test('quotes and invoices: status and customer filter on the server, in either order', async () => {
	for (const c of [admin, alex, casey]) {
		for (const path of [LISTS.quotes, LISTS.invoices]) {
			const whole = await all(c, path);
			const customers = [...new Map(whole.map((x) => [x.customer.id, x.customer])).values()];
			assert.ok(customers.length >= 1, `${path}: rows of some customer`);
			for (const order of ['oldest', 'newest']) {
				const rev = (rows) => (order === 'newest' ? [...rows].reverse() : rows);
				for (const customer of customers) {
					const want = rev(whole.filter((x) => x.customer.id === customer.id));
					const got = (await walk(c, `${path}?customer=${customer.id}&order=${order}`, 1)).items;
					assert.deepEqual(got.map((x) => x.id), want.map((x) => x.id), `${path} customer=${customer.name} order=${order}`);
				}
				for (const status of new Set(whole.map((x) => x.status))) {
					const want = rev(whole.filter((x) => x.status === status));
					const got = (await walk(c, `${path}?status=${status}&order=${order}`, 2)).items;
					assert.deepEqual(got.map((x) => x.id), want.map((x) => x.id), `${path} status=${status}`);
					const both = rev(whole.filter((x) => x.status === status && x.customer.id === customers[0].id));
					const gotBoth = await all(c, path, `status=${status}&customer=${customers[0].id}&order=${order}`);
					assert.deepEqual(gotBoth.map((x) => x.id), both.map((x) => x.id), `${path} status=${status}&customer`);
				}
			}
		}
	}
	// The data has what the filters tell apart.
	const quoteStatuses = new Set((await all(alex, LISTS.quotes)).map((q) => q.status));
	assert.ok(quoteStatuses.has('open') && quoteStatuses.has('ordered'), [...quoteStatuses].join());
	const invoiceStatuses = new Set((await all(alex, LISTS.invoices)).map((i) => i.status));
	assert.ok(invoiceStatuses.has('open') && invoiceStatuses.has('paid'), [...invoiceStatuses].join());
});

test('licenses: the customer filter', async () => {
	for (const c of [admin, alex, pat]) {
		const whole = await all(c, '/api/v1/licenses');
		assert.ok(whole.some((l) => l.customer.id === acme.id), 'the datacenter order issued an Acme license');
		for (const customer of c === pat ? [acme] : [acme, otherBluebird]) {
			const want = whole.filter((l) => l.customer.id === customer.id);
			const got = (await walk(c, `/api/v1/licenses?customer=${customer.id}`, 1)).items;
			assert.deepEqual(got, want, `licenses of ${customer.name}`);
		}
	}
});

test('the audit log: the whole log, one object, one actor, in either order', async () => {
	const whole = await all(admin, LISTS.audit);
	assert.ok(whole.length > 10, 'the orders wrote audit events');
	assert.deepEqual(await all(support, LISTS.audit), whole, 'vendor support reads the same log');
	const order = (await alex.get(`${LISTS.orders}?limit=1`)).body.data[0];
	for (const dir of ['oldest', 'newest']) {
		const rev = (rows) => (dir === 'newest' ? [...rows].reverse() : rows);
		const want = rev(whole.filter((e) => e.object_id === order.id));
		assert.ok(want.length >= 2, 'the order was placed and paid: several events');
		assert.deepEqual((await walk(admin, `${LISTS.audit}?object_id=${order.id}&order=${dir}`, 1)).items, want, `object_id order=${dir}`);
		for (const email of [USERS.alex, USERS.casey, USERS.pat]) {
			const user = me[email].user.id;
			const mine = rev(whole.filter((e) => e.actor_user_id === user));
			assert.ok(mine.length > 0, `${email} acted`);
			assert.deepEqual((await walk(admin, `${LISTS.audit}?actor=${user}&order=${dir}`, 2)).items, mine, `actor=${email} order=${dir}`);
		}
		const both = rev(whole.filter((e) => e.object_id === order.id && e.actor_user_id === me[USERS.alex].user.id));
		assert.deepEqual(await all(admin, LISTS.audit, `object_id=${order.id}&actor=${me[USERS.alex].user.id}&order=${dir}`), both);
	}
	// A user who did nothing has an empty log; one who does not exist is 404.
	assert.deepEqual((await admin.get(`${LISTS.audit}?actor=${me[USERS.admin].user.id}`)).body.data, whole.filter((e) => e.actor_user_id === me[USERS.admin].user.id));
	assertError(await admin.get(`${LISTS.audit}?actor=${missingId('usr')}`), 404, 'not_found', 'actor');
	assert.deepEqual((await admin.get(`${LISTS.audit}?object_id=${missingId('ord')}`)).body, { data: [], next: null });
	// Only vendor staff read the log, filtered or not.
	for (const c of [alex, pat]) {
		assertError(await c.get(`${LISTS.audit}?actor=${me[USERS.alex].user.id}`), 403, 'forbidden');
		assertError(await c.get(`${LISTS.audit}?order=newest`), 403, 'forbidden');
	}
});

test('a filter never reaches outside the tenancy, and says nothing of what is there', async () => {
	const missing = missingId('org');
	const lists = [
		[alex, LISTS.orders], [alex, LISTS.quotes], [alex, LISTS.invoices], [alex, '/api/v1/licenses'], [alex, '/api/v1/subscriptions'],
		[casey, LISTS.orders], [casey, LISTS.quotes], [casey, LISTS.invoices], [casey, '/api/v1/licenses'],
		[pat, LISTS.orders], [pat, '/api/v1/licenses'], [pat, '/api/v1/subscriptions'],
		[robin, LISTS.orders], [robin, '/api/v1/licenses'],
	];
	for (const [c, path] of lists) {
		const email = c === alex ? USERS.alex : c === casey ? USERS.casey : c === pat ? USERS.pat : USERS.robin;
		const outside = c === casey || c === robin ? [acme, otherBluebird] : c === pat ? [otherBluebird, birch] : [birch];
		const absent = await c.get(`${path}?customer=${missing}`);
		assertError(absent, 404, 'not_found', 'customer');
		// Another partner's customer, the caller's partner, the vendor: all answered as nothing.
		const others = [...outside.map((o) => o.id), me[USERS.admin].org.id];
		if (c !== alex && c !== casey) others.push(me[USERS.alex].org.id);
		if (c === alex || c === casey) others.push(me[email].org.id);
		for (const id of others) {
			for (const q of [`customer=${id}`, `customer=${id}&order=newest`, `customer=${id}&limit=1`]) {
				if (q.includes('order=') && (path.includes('licenses') || path.includes('subscriptions'))) continue;
				const res = await c.get(`${path}?${q}`);
				assertError(res, 404, 'not_found', 'customer');
				assert.deepEqual(res.body, absent.body, `${email} ${path}?${q}: the same answer as for no customer at all`);
			}
		}
	}
	// What a partner reads through a filter is within what it reads without one.
	for (const c of [alex, casey]) {
		for (const path of [LISTS.orders, LISTS.quotes, LISTS.invoices]) {
			const mine = new Set((await all(c, path)).map((x) => x.id));
			for (const customer of await all(c, '/api/v1/customers')) {
				for (const x of await all(c, path, `customer=${customer.id}&order=newest`)) assert.ok(mine.has(x.id), `${path}: ${x.id} is the caller's`);
			}
		}
	}
	// Cedar sees none of Bluebird's orders through status or placed_by either.
	const cedarOrders = await all(casey, LISTS.orders);
	for (const q of ['placed_by=customer', 'placed_by=partner', 'status=pending_reseller_approval', 'order=newest']) {
		for (const o of await all(casey, LISTS.orders, q)) assert.ok(cedarOrders.some((x) => x.id === o.id));
	}
	assert.deepEqual(await all(casey, LISTS.orders, 'placed_by=customer'), cedarOrders.filter((o) => o.origin === 'customer'));
	// Customer contacts have no quotes or invoices, filtered or not.
	for (const path of [LISTS.quotes, LISTS.invoices]) {
		assertError(await pat.get(`${path}?customer=${acme.id}`), 403, 'forbidden');
		assertError(await pat.get(`${path}?order=newest`), 403, 'forbidden');
	}
});

test('bad list parameters are 400 naming the parameter, and change nothing', async () => {
	const before = await all(admin, LISTS.orders);
	const common = [
		['order=', 'order'],
		['order=NEWEST', 'order'],
		['order=desc', 'order'],
		['order=null', 'order'],
		['order=newest&order=oldest', 'order'],
		['order=newest&order=newest', 'order'],
		['order=%00', 'order'],
		['limit=2&limit=3', 'limit'],
		['after=x&after=y', 'after'],
	];
	const customerCases = [
		['customer=', 'customer'],
		['customer=null', 'customer'],
		['customer=undefined', 'customer'],
		['customer=acme', 'customer'],
		['customer=usr_aaaaaaaaaaaaaaaaaaaa', 'customer'],
		['customer=sub_aaaaaaaaaaaaaaaaaaaa', 'customer'],
		['customer=org_AAAAAAAAAAAAAAAAAAAA', 'customer'],
		['customer=org_aaaa', 'customer'],
		[`customer=${acme.id}&customer=${acme.id}`, 'customer'],
		[`customer=${acme.id}x`, 'customer'],
		['customer=%20', 'customer'],
	];
	const byList = {
		[LISTS.orders]: [
			...common,
			...customerCases,
			['placed_by=', 'placed_by'],
			['placed_by=vendor', 'placed_by'],
			['placed_by=Partner', 'placed_by'],
			['placed_by=null', 'placed_by'],
			['placed_by=partner&placed_by=customer', 'placed_by'],
			['status=', 'status'],
			['status=open', 'status'],
			['status=executed&status=canceled', 'status'],
		],
		[LISTS.quotes]: [...common, ...customerCases, ['status=', 'status'], ['status=paid', 'status'], ['status=open&status=open', 'status']],
		[LISTS.invoices]: [...common, ...customerCases, ['status=', 'status'], ['status=expired', 'status'], ['status=open&status=paid', 'status']],
		'/api/v1/licenses': [...customerCases, ['limit=2&limit=3', 'limit']],
		[LISTS.audit]: [
			...common,
			['actor=', 'actor'],
			['actor=null', 'actor'],
			['actor=alex', 'actor'],
			['actor=org_aaaaaaaaaaaaaaaaaaaa', 'actor'],
			[`actor=${'usr_' + 'A'.repeat(20)}`, 'actor'],
			['actor=usr_a&actor=usr_b', 'actor'],
			['object_id=', 'object_id'],
			[`object_id=${'x'.repeat(65)}`, 'object_id'],
			['object_id=a&object_id=b', 'object_id'],
			['object=sub_aaaaaaaaaaaaaaaaaaaa', 'object'],
		],
	};
	for (const [path, cases] of Object.entries(byList)) {
		for (const c of path === LISTS.audit ? [admin, support] : path === '/api/v1/licenses' ? [admin, alex, pat] : [admin, alex]) {
			for (const [q, field] of cases) {
				const res = await c.get(`${path}?${q}`);
				assertError(res, 400, undefined, field);
			}
			assertError(await c.get(`${path}?limit=5&sort=pk`), 400, 'unknown_parameter', 'sort');
			assertError(await c.get(`${path}?Order=newest`), 400, 'unknown_parameter', 'Order');
		}
	}
	// A repeated parameter is named whatever it is.
	assertError(await alex.get(`${LISTS.orders}?order=newest&order=oldest`), 400, 'repeated_parameter', 'order');
	assertError(await alex.get('/api/v1/subscriptions?status=active&status=active'), 400, 'repeated_parameter', 'status');
	assertError(await alex.get(`${LISTS.orders}?placed_by=nobody`), 400, 'invalid_value', 'placed_by');
	assertError(await alex.get(`${LISTS.orders}?customer=null`), 400, 'invalid_value', 'customer');
	// A cursor of another list in the same order is still a cursor (keys are opaque), never a crash.
	const page = await alex.get(`${LISTS.quotes}?order=newest&limit=1`);
	assert.equal((await alex.get(`${LISTS.orders}?order=newest&after=${encodeURIComponent(page.body.next)}`)).status, 200);
	// Forged cursors are refused.
	for (const bad of ['AwAAAAAAAAAB', 'AAAAAAAAAAAB', 'Ag', 'AgAAAAAAAAAB=', 'AgAAAAAAAA+/']) {
		assertError(await alex.get(`${LISTS.orders}?order=newest&after=${encodeURIComponent(bad)}`), 400, 'invalid_cursor', 'after');
	}
	assert.deepEqual(await all(admin, LISTS.orders), before, 'nothing changed');
});
