// Subscriptions: the list and its filters, cursor pagination, detail,
// contacts, history, cancelling (rule 14: a product takes its apps with
// it) and reactivation (only vendor staff), statuses (rule 15).
//
// The tests run in order and share one server: the read-only tests come
// first, then the ones that change state.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, walk, daysBetween, USERS, TODAY } from './harness.mjs';

let srv;
let admin, support, alex, casey, pat, robin;
let all; // every subscription, as the vendor admin sees them
let acmeId, birchId, bluebirdId, cedarId;

before(async () => {
	srv = await startServer();
	[admin, support, alex, casey, pat, robin] = await Promise.all(
		[USERS.admin, USERS.support, USERS.alex, USERS.casey, USERS.pat, USERS.robin].map((u) => srv.as(u)),
	);
	acmeId = pat.session.org.id;
	birchId = robin.session.org.id;
	bluebirdId = alex.session.org.id;
	cedarId = casey.session.org.id;
	all = (await walk(admin, '/api/v1/subscriptions', 200)).items;
});
after(async () => {
	await srv?.stop();
});

const SUB_KEYS = [
	'active_users', 'bill_date', 'billing_period', 'cancel_at_period_end', 'customer', 'days_until_renewal',
	'ended_on', 'entitlement_number', 'id', 'kind', 'parent_id', 'partner', 'plan', 'product', 'quantity', 'sen',
	'site', 'site_setup_required', 'start_date', 'starts_in_days', 'state', 'status', 'status_text', 'user_tier',
].sort();

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Checks one subscription object against the description and rules 14-15.
function checkSubscription(s, extraKeys = []) {
	const where = `subscription ${s.id} (${s.status}/${s.state}: ${s.status_text})`;
	assert.deepEqual(Object.keys(s).sort(), [...SUB_KEYS, ...extraKeys].sort(), `${where}: keys`);
	assert.match(s.id, /^sub_[a-z0-9]+$/, where);
	assert.ok(['product', 'app'].includes(s.kind), where);
	if (s.kind === 'app') assert.match(s.parent_id, /^sub_/, `${where}: an app has a parent`);
	else assert.equal(s.parent_id, null, `${where}: a product has no parent`);
	assert.deepEqual(Object.keys(s.product).sort(), ['code', 'hosting', 'id', 'kind', 'name']);
	assert.equal(s.product.kind, s.kind, `${where}: the product is of the subscription's kind`);
	assert.ok(['cloud', 'datacenter', 'server'].includes(s.product.hosting), where);
	assert.ok(s.product.name.length > 0);
	assert.ok(['free', 'standard', 'premium', 'enterprise'].includes(s.plan), `${where}: plan ${s.plan}`);
	for (const k of ['user_tier', 'quantity', 'active_users']) assert.ok(Number.isInteger(s[k]), `${where}: ${k}`);
	assert.ok(s.user_tier >= 1 && s.quantity >= 1 && s.active_users >= 0, where);
	assert.ok(['monthly', 'annual'].includes(s.billing_period), where);
	assert.match(s.start_date, DATE);
	assert.match(s.bill_date, DATE);
	assert.deepEqual(Object.keys(s.partner).sort(), ['id', 'name']);
	assert.deepEqual(Object.keys(s.customer).sort(), ['id', 'name']);
	assert.match(s.partner.id, /^org_/);
	assert.match(s.customer.id, /^org_/);
	assert.ok(s.entitlement_number.length > 0 && s.sen.length > 0, where);
	assert.equal(typeof s.cancel_at_period_end, 'boolean');
	assert.equal(typeof s.site_setup_required, 'boolean');
	if (s.site !== null) {
		assert.deepEqual(Object.keys(s.site).sort(), ['id', 'url']);
		assert.ok(s.site.url.length > 0);
	}
	assert.ok(['live', 'cancelled', 'expired'].includes(s.state), where);

	// Status is derived from the state and the dates (rule 15).
	const expected = s.state !== 'live' ? 'inactive' : s.start_date > TODAY ? 'upcoming' : 'active';
	assert.equal(s.status, expected, `${where}: status`);
	assert.equal(s.site_setup_required, s.status === 'active' && s.site === null, `${where}: site_setup_required`);

	if (s.status === 'upcoming') {
		const n = daysBetween(TODAY, s.start_date);
		assert.equal(s.starts_in_days, n, `${where}: starts_in_days`);
		assert.equal(s.days_until_renewal, null, `${where}: no renewal countdown before the start`);
		assert.equal(s.status_text, n === 1 ? 'Starts in 1 day' : `Starts in ${n} days`, where);
		assert.equal(s.ended_on, null);
	} else if (s.status === 'active') {
		const d = daysBetween(TODAY, s.bill_date);
		assert.ok(d >= 0, `${where}: the bill date is not past`);
		assert.equal(s.days_until_renewal, d, `${where}: days_until_renewal`);
		assert.equal(s.starts_in_days, null, where);
		assert.equal(s.ended_on, null);
		// What the portal shows: site setup first, then a pending cancellation, then the renewal.
		if (s.site_setup_required) assert.equal(s.status_text, 'Site setup required', where);
		else if (s.cancel_at_period_end) assert.equal(s.status_text, `Cancels on ${s.bill_date}`, where);
		else assert.equal(s.status_text, d === 1 ? 'Renews in 1 day' : `Renews in ${d} days`, where);
	} else {
		assert.equal(s.days_until_renewal, null, `${where}: no countdown when inactive`);
		assert.equal(s.starts_in_days, null, where);
		assert.match(s.ended_on, DATE, `${where}: ended_on`);
		assert.ok(s.ended_on <= TODAY, `${where}: ended in the past`);
		assert.equal(s.site_setup_required, false);
		if (s.state === 'cancelled') assert.equal(s.status_text, `Cancelled on ${s.ended_on}`, where);
		else assert.equal(s.status_text, `Expired on ${s.ended_on}`, where);
	}
}

// The fixtures of the demo data for one customer, found through its contact's view.
async function fixturesOf(client) {
	const { items } = await walk(client, '/api/v1/subscriptions', 200);
	const products = items.filter((s) => s.kind === 'product');
	let withApps = null;
	for (const p of products.filter((s) => s.status === 'active' && s.site !== null && !s.cancel_at_period_end)) {
		const apps = items.filter((a) => a.parent_id === p.id && a.status === 'active');
		if (apps.length > 0) {
			withApps = { product: p, apps };
			break;
		}
	}
	return {
		items,
		withApps,
		upcoming: items.filter((s) => s.status === 'upcoming'),
		noSite: items.filter((s) => s.status === 'active' && s.site === null),
		cancelled: items.filter((s) => s.status === 'inactive' && s.state === 'cancelled'),
	};
}

// ---- reads ---------------------------------------------------------------

test('the vendor sees about 200 subscriptions, each well-formed', () => {
	assert.ok(all.length >= 150 && all.length <= 400, `about 200 subscriptions, got ${all.length}`);
	const ids = new Set(all.map((s) => s.id));
	assert.equal(ids.size, all.length, 'ids are unique');
	assert.equal(new Set(all.map((s) => s.sen)).size, all.length, 'SENs are unique');
	assert.equal(new Set(all.map((s) => s.entitlement_number)).size, all.length, 'entitlement numbers are unique');
	for (const s of all) checkSubscription(s);
	// Every app's parent is a product of the same customer and partner.
	const byId = new Map(all.map((s) => [s.id, s]));
	for (const a of all.filter((s) => s.kind === 'app')) {
		const p = byId.get(a.parent_id);
		assert.ok(p, `the parent of ${a.id} exists`);
		assert.equal(p.kind, 'product');
		assert.equal(p.customer.id, a.customer.id);
		assert.equal(p.partner.id, a.partner.id);
	}
	const customers = new Set(all.map((s) => s.customer.id));
	assert.ok(customers.size >= 15 && customers.size <= 30, `about 20 customers, got ${customers.size}`);
	assert.ok(all.some((s) => s.state === 'expired'), 'some expired subscription');
	assert.ok(all.some((s) => s.cancel_at_period_end && s.status === 'active'), 'some cancelled at term end');
	for (const status of ['active', 'inactive', 'upcoming']) {
		assert.ok(all.some((s) => s.status === status), `some ${status} subscription`);
	}
});

test('a customer is always managed by the same partner', () => {
	const partnerOf = new Map();
	for (const s of all) {
		if (!partnerOf.has(s.customer.id)) partnerOf.set(s.customer.id, s.partner.id);
		assert.equal(partnerOf.get(s.customer.id), s.partner.id, `customer ${s.customer.name}`);
	}
	assert.equal(partnerOf.get(acmeId), bluebirdId, 'Acme is managed by Bluebird');
	assert.equal(partnerOf.get(birchId), cedarId, 'Birch is managed by Cedar');
});

test('the default page holds 50 and the pages walk without gaps or duplicates', async () => {
	const first = await admin.get('/api/v1/subscriptions');
	assert.equal(first.status, 200);
	assert.deepEqual(Object.keys(first.body).sort(), ['data', 'next']);
	assert.equal(first.body.data.length, 50, 'default limit 50');
	assert.equal(typeof first.body.next, 'string');
	assert.deepEqual(first.body.data.map((s) => s.id), all.slice(0, 50).map((s) => s.id));

	for (const limit of [1, 7, 37, 50, 199]) {
		if (limit === 1) {
			// A short walk: the first 5 pages of 1 match the first 5 items.
			let after = null;
			for (let i = 0; i < 5; i++) {
				const res = await admin.get('/api/v1/subscriptions?limit=1' + (after ? `&after=${encodeURIComponent(after)}` : ''));
				assert.equal(res.status, 200);
				assert.equal(res.body.data.length, 1);
				assert.equal(res.body.data[0].id, all[i].id, `page ${i} of 1`);
				after = res.body.next;
			}
			continue;
		}
		const { items, pages } = await walk(admin, '/api/v1/subscriptions', limit);
		assert.deepEqual(items.map((s) => s.id), all.map((s) => s.id), `limit ${limit}: same sequence`);
		assert.ok(pages >= Math.ceil(all.length / limit), `limit ${limit}: ${pages} pages`);
	}

	const big = await admin.get('/api/v1/subscriptions?limit=200');
	assert.equal(big.body.data.length, Math.min(200, all.length));
	assert.equal(big.body.next === null, all.length <= 200);
});

test('status filters partition the list: no gaps, no overlaps, union = unfiltered', async () => {
	const seen = new Map();
	let sum = 0;
	for (const status of ['active', 'inactive', 'upcoming']) {
		const { items } = await walk(admin, `/api/v1/subscriptions?status=${status}`, 23);
		assert.ok(items.length > 0, `some ${status}`);
		for (const s of items) {
			assert.equal(s.status, status, `${s.id} in the ${status} filter`);
			assert.ok(!seen.has(s.id), `${s.id} in both ${seen.get(s.id)} and ${status}`);
			seen.set(s.id, status);
		}
		sum += items.length;
		assert.equal(items.length, all.filter((s) => s.status === status).length, `${status} count`);
	}
	assert.equal(sum, all.length);
	assert.deepEqual([...seen.keys()].sort(), all.map((s) => s.id).sort());
});

test('kind filter and combined filters', async () => {
	const products = (await walk(admin, '/api/v1/subscriptions?kind=product', 50)).items;
	const apps = (await walk(admin, '/api/v1/subscriptions?kind=app', 50)).items;
	assert.ok(products.length > 0 && apps.length > 0);
	assert.ok(products.every((s) => s.kind === 'product' && s.parent_id === null));
	assert.ok(apps.every((s) => s.kind === 'app' && typeof s.parent_id === 'string'));
	assert.equal(products.length + apps.length, all.length);

	const activeApps = (await walk(admin, '/api/v1/subscriptions?status=active&kind=app', 50)).items;
	assert.deepEqual(
		activeApps.map((s) => s.id),
		all.filter((s) => s.status === 'active' && s.kind === 'app').map((s) => s.id),
	);
	assert.ok(activeApps.length > 0);
});

test('customer filter: the vendor and the managing partner see the same list as the customer', async () => {
	const mine = (await walk(pat, '/api/v1/subscriptions', 200)).items;
	const byAdmin = (await walk(admin, `/api/v1/subscriptions?customer=${acmeId}`, 11)).items;
	const byAlex = (await walk(alex, `/api/v1/subscriptions?customer=${acmeId}`, 11)).items;
	assert.ok(mine.length >= 5, `Acme has its fixtures, got ${mine.length}`);
	assert.deepEqual(byAdmin.map((s) => s.id), mine.map((s) => s.id));
	assert.deepEqual(byAlex.map((s) => s.id), mine.map((s) => s.id));
	assert.deepEqual(mine.map((s) => s.id), all.filter((s) => s.customer.id === acmeId).map((s) => s.id));
	const upcomingAcme = (await walk(pat, `/api/v1/subscriptions?customer=${acmeId}&status=upcoming`, 5)).items;
	assert.ok(upcomingAcme.length >= 1);
	assert.ok(upcomingAcme.every((s) => s.status === 'upcoming' && s.customer.id === acmeId));
});

test('a partner sees exactly its customers, a customer contact exactly its customer', async () => {
	for (const [client, partnerId] of [[alex, bluebirdId], [casey, cedarId]]) {
		const { items } = await walk(client, '/api/v1/subscriptions', 13);
		assert.ok(items.length > 0);
		assert.ok(items.every((s) => s.partner.id === partnerId), 'only its own customers');
		assert.deepEqual(items.map((s) => s.id), all.filter((s) => s.partner.id === partnerId).map((s) => s.id));
	}
	for (const [client, customerId] of [[pat, acmeId], [robin, birchId]]) {
		const { items } = await walk(client, '/api/v1/subscriptions', 3);
		assert.ok(items.every((s) => s.customer.id === customerId));
		assert.deepEqual(items.map((s) => s.id), all.filter((s) => s.customer.id === customerId).map((s) => s.id));
	}
});

test('Acme and Birch have the demo fixtures: active with apps, upcoming, no site, cancelled', async () => {
	for (const client of [pat, robin]) {
		const f = await fixturesOf(client);
		const who = client.session.org.name;
		assert.ok(f.withApps, `${who}: an active product with an active app`);
		assert.ok(f.upcoming.length >= 1, `${who}: an upcoming subscription`);
		assert.ok(f.noSite.length >= 1, `${who}: an active subscription without a site`);
		assert.ok(f.cancelled.length >= 1, `${who}: a cancelled subscription`);
		for (const s of f.noSite) assert.equal(s.site_setup_required, true);
		for (const s of f.upcoming) {
			assert.ok(s.starts_in_days >= 1);
			assert.match(s.status_text, /^Starts in \d+ days?$/);
		}
		for (const s of f.cancelled) assert.match(s.status_text, /^Cancelled on \d{4}-\d{2}-\d{2}$/);
	}
});

test('product detail lists its apps; app detail lists the products it is installed on', async () => {
	const f = await fixturesOf(pat);
	const { product, apps } = f.withApps;
	const res = await pat.get(`/api/v1/subscriptions/${product.id}`);
	assert.equal(res.status, 200, res.text);
	checkSubscription(res.body, ['apps', 'cancel_now']);
	const { apps: detailApps, cancel_now: cancelNow, ...rest } = res.body;
	assert.deepEqual(rest, product, 'the detail matches the list entry');
	assert.deepEqual(
		cancelNow,
		{ allowed: true, apps: detailApps.filter((a) => a.state === 'live').map((a) => a.id) },
		'cancelling the live product now is allowed and takes its live apps (rule 14)',
	);
	assert.ok(cancelNow.apps.length >= 1);
	const expectedApps = f.items.filter((s) => s.parent_id === product.id);
	assert.deepEqual(detailApps.map((a) => a.id).sort(), expectedApps.map((a) => a.id).sort());
	for (const a of detailApps) {
		checkSubscription(a);
		assert.equal(a.parent_id, product.id);
		assert.equal(a.kind, 'app');
	}

	const app = apps[0];
	const ares = await pat.get(`/api/v1/subscriptions/${app.id}`);
	assert.equal(ares.status, 200, ares.text);
	checkSubscription(ares.body, ['installed_on', 'cancel_now']);
	const { installed_on: on, cancel_now: appCancelNow, ...arest } = ares.body;
	assert.deepEqual(arest, app);
	assert.deepEqual(appCancelNow, { allowed: true, apps: [] }, 'an app takes nothing with it');
	assert.ok(Array.isArray(on) && on.length >= 1, 'installed on at least one product');
	for (const i of on) {
		assert.deepEqual(Object.keys(i).sort(), ['id', 'product']);
		assert.deepEqual(Object.keys(i.product).sort(), ['code', 'hosting', 'id', 'kind', 'name']);
	}
	assert.ok(on.some((i) => i.id === product.id), 'installed on its parent product');
	assert.equal(on.find((i) => i.id === product.id).product.name, product.product.name);

	// The same detail for the partner and the vendor.
	for (const c of [alex, admin]) {
		const r = await c.get(`/api/v1/subscriptions/${product.id}`);
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, res.body);
	}
	// Vendor support may not cancel (SPEC section 1): the detail says so.
	const sr = await support.get(`/api/v1/subscriptions/${product.id}`);
	assert.equal(sr.status, 200);
	assert.deepEqual(sr.body, { ...res.body, cancel_now: { allowed: false, apps: [] } });
});

test('contacts: the partner and the customer contacts, one primary technical contact', async () => {
	const f = await fixturesOf(pat);
	const { product } = f.withApps;
	const res = await pat.get(`/api/v1/subscriptions/${product.id}/contacts`);
	assert.equal(res.status, 200, res.text);
	const c = res.body;
	assert.deepEqual(Object.keys(c).sort(), ['billing_contacts', 'customer_contacts', 'partner', 'technical_contacts']);
	assert.deepEqual(Object.keys(c.partner).sort(), ['contact_email', 'contact_name', 'id', 'name']);
	assert.equal(c.partner.id, bluebirdId);
	assert.equal(c.partner.name, 'Bluebird Solutions');
	assert.match(c.partner.contact_email, /^[^@\s]+@[^@\s]+\.[^@\s]+$/);
	assert.ok(c.partner.contact_name.length > 0);

	const shape = (x) => {
		assert.match(x.id, /^[a-z]+_/);
		assert.ok(x.name.length > 0);
		assert.match(x.email, /^[^@\s]+@[^@\s]+\.[^@\s]+$/);
	};
	assert.ok(c.customer_contacts.length >= 1);
	for (const x of c.customer_contacts) {
		assert.deepEqual(Object.keys(x).sort(), ['email', 'id', 'name']);
		shape(x);
	}
	assert.ok(c.customer_contacts.some((x) => x.email === USERS.pat), 'pat is a customer contact on it');
	assert.ok(c.technical_contacts.length >= 1);
	for (const x of c.technical_contacts) {
		assert.deepEqual(Object.keys(x).sort(), ['email', 'id', 'name', 'primary']);
		shape(x);
		assert.equal(typeof x.primary, 'boolean');
	}
	assert.equal(c.technical_contacts.filter((x) => x.primary).length, 1, 'exactly one primary');
	for (const x of c.billing_contacts) {
		assert.deepEqual(Object.keys(x).sort(), ['email', 'id', 'name']);
		shape(x);
	}
	assert.ok(!res.text.includes('birch.example'), "no other customer's contact");

	for (const other of [alex, admin]) {
		const r = await other.get(`/api/v1/subscriptions/${product.id}/contacts`);
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, c);
	}
});

test("history: a product's history includes its apps' events, oldest first", async () => {
	const f = await fixturesOf(pat);
	const { product } = f.withApps;
	const appIds = f.items.filter((s) => s.parent_id === product.id).map((s) => s.id);
	const res = await pat.get(`/api/v1/subscriptions/${product.id}/history`);
	assert.equal(res.status, 200, res.text);
	assert.deepEqual(Object.keys(res.body).sort(), ['data', 'next']);
	assert.equal(res.body.next, null);
	const ev = res.body.data;
	assert.ok(ev.length >= 1 + appIds.length);
	const allowed = new Set([product.id, ...appIds]);
	for (const e of ev) {
		assert.deepEqual(Object.keys(e).sort(), ['amount', 'at', 'id', 'kind', 'note', 'quantity', 'subscription_id']);
		assert.ok(allowed.has(e.subscription_id), `event ${e.id} belongs to the product or its apps`);
		assert.ok(!Number.isNaN(Date.parse(e.at)), `at is a timestamp: ${e.at}`);
		assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
		assert.ok(e.kind.length > 0);
		assert.ok(e.quantity === null || Number.isInteger(e.quantity));
		assert.equal(typeof e.note, 'string');
		if (e.amount !== null) {
			assert.deepEqual(Object.keys(e.amount).sort(), ['amount', 'currency']);
			assert.match(e.amount.amount, /^-?\d+\.\d{2}$/);
			assert.match(e.amount.currency, /^[A-Z]{3}$/);
		}
	}
	for (let i = 1; i < ev.length; i++) assert.ok(ev[i - 1].at <= ev[i].at, 'oldest first');
	assert.ok(ev.some((e) => e.subscription_id === product.id && e.kind === 'created'), 'the product was created');
	for (const id of appIds) assert.ok(ev.some((e) => e.subscription_id === id), `events of app ${id}`);

	// An app's own history holds only its events.
	const ares = await pat.get(`/api/v1/subscriptions/${appIds[0]}/history`);
	assert.equal(ares.status, 200);
	assert.ok(ares.body.data.length >= 1);
	assert.ok(ares.body.data.every((e) => e.subscription_id === appIds[0]));
});

test('audit events are for vendor staff only', async () => {
	const id = all[0].id;
	for (const c of [pat, alex]) assertError(await c.get(`/api/v1/audit-events?object_id=${id}`), 403, 'forbidden');
	for (const c of [admin, support]) {
		const r = await c.get(`/api/v1/audit-events?object_id=${id}`);
		assert.equal(r.status, 200, r.text);
		assert.ok(Array.isArray(r.body.data));
		assert.ok(r.body.data.every((e) => e.object_id === id));
	}
});

// ---- writes --------------------------------------------------------------

test('vendor support may not cancel: 403 and nothing changes', async () => {
	const f = await fixturesOf(robin);
	const { product } = f.withApps;
	const res = await support.post(`/api/v1/subscriptions/${product.id}/cancel`, { effective: 'now' });
	assertError(res, 403, 'forbidden');
	const after = await robin.get(`/api/v1/subscriptions/${product.id}`);
	assert.equal(after.body.status, 'active');
	assert.equal(after.body.state, 'live');
	assert.ok(after.body.apps.some((a) => a.status === 'active'));
});

let cancelled; // the Acme product cancelled below, with its apps

test('a customer contact cancels a product: its live apps are cancelled with it (rule 14)', async () => {
	const f = await fixturesOf(pat);
	const { product } = f.withApps;
	const apps = f.items.filter((s) => s.parent_id === product.id);
	const liveApps = apps.filter((a) => a.state === 'live');
	assert.ok(liveApps.length >= 1);
	const note = 'Moving the robotics team to another tool.';
	const historyBefore = (await pat.get(`/api/v1/subscriptions/${product.id}/history`)).body.data;

	const res = await pat.post(`/api/v1/subscriptions/${product.id}/cancel`, { effective: 'now', note });
	assert.equal(res.status, 200, res.text);
	const s = res.body;
	checkSubscription(s, ['apps', 'cancel_now']);
	assert.equal(s.id, product.id);
	assert.equal(s.status, 'inactive');
	assert.equal(s.state, 'cancelled');
	assert.equal(s.ended_on, TODAY);
	assert.equal(s.status_text, `Cancelled on ${TODAY}`);
	assert.equal(s.days_until_renewal, null);
	assert.equal(s.cancel_at_period_end, false);
	assert.equal(s.apps.length, apps.length);
	for (const a of s.apps) {
		checkSubscription(a);
		assert.equal(a.status, 'inactive', `app ${a.id} is inactive`);
		assert.notEqual(a.state, 'live');
	}
	for (const a of liveApps) {
		const got = s.apps.find((x) => x.id === a.id);
		assert.equal(got.state, 'cancelled');
		assert.equal(got.ended_on, TODAY);
	}

	// The list agrees.
	const inactive = (await walk(pat, '/api/v1/subscriptions?status=inactive', 200)).items.map((x) => x.id);
	for (const id of [product.id, ...liveApps.map((a) => a.id)]) assert.ok(inactive.includes(id), `${id} listed inactive`);
	const active = (await walk(pat, '/api/v1/subscriptions?status=active', 200)).items.map((x) => x.id);
	for (const id of [product.id, ...liveApps.map((a) => a.id)]) assert.ok(!active.includes(id));

	// History: a cancelled event for the product and for each live app.
	const history = (await pat.get(`/api/v1/subscriptions/${product.id}/history`)).body.data;
	const newEvents = history.filter((e) => !historyBefore.some((b) => b.id === e.id));
	const pe = newEvents.filter((e) => e.subscription_id === product.id && e.kind === 'cancelled');
	assert.equal(pe.length, 1, 'one cancelled event for the product');
	assert.equal(pe[0].note, note, 'the note is kept');
	assert.ok(pe[0].at.startsWith(TODAY));
	for (const a of liveApps) {
		assert.equal(
			newEvents.filter((e) => e.subscription_id === a.id && e.kind === 'cancelled').length,
			1,
			`one cancelled event for app ${a.id}`,
		);
	}

	// Audit: an event for the product and for each app, by pat, before live, after cancelled.
	for (const id of [product.id, ...liveApps.map((a) => a.id)]) {
		const r = await admin.get(`/api/v1/audit-events?object_id=${id}`);
		assert.equal(r.status, 200, r.text);
		const evs = r.body.data.filter((e) => /cancel/.test(e.action));
		assert.equal(evs.length, 1, `one cancel audit event for ${id}: ${r.text}`);
		const e = evs[0];
		assert.deepEqual(
			Object.keys(e).sort(),
			['action', 'actor_user_id', 'after', 'at', 'before', 'id', 'object_id', 'object_type'],
		);
		assert.equal(e.object_id, id);
		assert.equal(e.object_type, 'subscription');
		assert.equal(e.actor_user_id, pat.session.user.id);
		assert.ok(e.before && typeof e.before === 'object' && e.after && typeof e.after === 'object');
		assert.match(JSON.stringify(e.before), /live|active/);
		assert.match(JSON.stringify(e.after), /cancelled/);
	}
	cancelled = { product, apps: liveApps };
});

test('an inactive subscription offers no cancellation in its detail', async () => {
	for (const c of [pat, alex, admin]) {
		for (const id of [cancelled.product.id, cancelled.apps[0].id]) {
			const r = await c.get(`/api/v1/subscriptions/${id}`);
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(r.body.cancel_now, { allowed: false, apps: [] }, `${id}`);
		}
	}
	const expired = all.find((s) => s.state === 'expired');
	const r = await admin.get(`/api/v1/subscriptions/${expired.id}`);
	assert.deepEqual(r.body.cancel_now, { allowed: false, apps: [] }, 'an expired one neither');
});

test('cancelling an inactive subscription is 409 already_inactive', async () => {
	const res = await pat.post(`/api/v1/subscriptions/${cancelled.product.id}/cancel`, {});
	assertError(res, 409, 'already_inactive');
	const res2 = await alex.post(`/api/v1/subscriptions/${cancelled.apps[0].id}/cancel`, { effective: 'term_end' });
	assertError(res2, 409, 'already_inactive');
});

test('customers and partners cannot reactivate: 403 reactivation_not_allowed, pointing to support', async () => {
	for (const c of [pat, alex]) {
		for (const id of [cancelled.product.id, cancelled.apps[0].id]) {
			const res = await c.post(`/api/v1/subscriptions/${id}/reactivate`, {});
			assertError(res, 403, 'reactivation_not_allowed');
			assert.match(res.body.error.message, /support/i, 'tells them to contact vendor support');
		}
	}
	const s = await pat.get(`/api/v1/subscriptions/${cancelled.product.id}`);
	assert.equal(s.body.state, 'cancelled');
});

test('an app whose product is cancelled cannot be reactivated: 409 parent_cancelled', async () => {
	const res = await support.post(`/api/v1/subscriptions/${cancelled.apps[0].id}/reactivate`, {});
	assertError(res, 409, 'parent_cancelled');
	const s = await admin.get(`/api/v1/subscriptions/${cancelled.apps[0].id}`);
	assert.equal(s.body.state, 'cancelled');
});

test('vendor support reactivates the product, then the admin the app', async () => {
	const res = await support.post(`/api/v1/subscriptions/${cancelled.product.id}/reactivate`, {});
	assert.equal(res.status, 200, res.text);
	checkSubscription(res.body, ['apps', 'cancel_now']);
	assert.equal(res.body.status, 'active');
	assert.equal(res.body.state, 'live');
	assert.equal(res.body.ended_on, null);
	assert.equal(res.body.days_until_renewal, daysBetween(TODAY, res.body.bill_date));

	const again = await admin.post(`/api/v1/subscriptions/${cancelled.product.id}/reactivate`, {});
	assertError(again, 409, 'not_cancelled');

	const app = cancelled.apps[0];
	const ares = await admin.post(`/api/v1/subscriptions/${app.id}/reactivate`, {});
	assert.equal(ares.status, 200, ares.text);
	checkSubscription(ares.body, ['installed_on', 'cancel_now']);
	assert.equal(ares.body.status, 'active');
	assert.equal(ares.body.state, 'live');

	const history = (await pat.get(`/api/v1/subscriptions/${cancelled.product.id}/history`)).body.data;
	assert.ok(history.some((e) => e.subscription_id === cancelled.product.id && e.kind === 'reactivated'));
	assert.ok(history.some((e) => e.subscription_id === app.id && e.kind === 'reactivated'));

	const audit = (await support.get(`/api/v1/audit-events?object_id=${cancelled.product.id}`)).body.data;
	const re = audit.filter((e) => /reactivat/.test(e.action));
	assert.equal(re.length, 1);
	assert.equal(re[0].actor_user_id, support.session.user.id);

	// The customer sees it active again.
	const seen = await pat.get(`/api/v1/subscriptions/${cancelled.product.id}`);
	assert.equal(seen.body.status, 'active');
	assert.equal(seen.body.apps.find((a) => a.id === app.id).status, 'active');
});

test('reactivating a live subscription is 409 not_cancelled', async () => {
	const live = all.find((s) => s.status === 'active' && s.customer.id !== acmeId && s.customer.id !== birchId);
	const res = await support.post(`/api/v1/subscriptions/${live.id}/reactivate`, {});
	assertError(res, 409, 'not_cancelled');
});

test('a partner cancels at term end: still active until the bill date', async () => {
	const f = await fixturesOf(pat);
	const target = f.noSite.find((s) => !s.cancel_at_period_end);
	assert.ok(target, 'an active subscription without a site');
	const res = await alex.post(`/api/v1/subscriptions/${target.id}/cancel`, {
		effective: 'term_end',
		note: 'Customer asked to stop at renewal.',
	});
	assert.equal(res.status, 200, res.text);
	checkSubscription(res.body, [target.kind === 'product' ? 'apps' : 'installed_on', 'cancel_now']);
	assert.equal(res.body.status, 'active');
	assert.equal(res.body.state, 'live');
	assert.equal(res.body.cancel_at_period_end, true);
	assert.equal(res.body.ended_on, null);
	assert.equal(res.body.bill_date, target.bill_date);
	assert.equal(res.body.site_setup_required, true);
	const seen = await pat.get(`/api/v1/subscriptions/${target.id}`);
	assert.equal(seen.body.cancel_at_period_end, true);

	// Once scheduled, scheduling again is a conflict; cancelling now still works.
	const again = await pat.post(`/api/v1/subscriptions/${target.id}/cancel`, { effective: 'term_end' });
	assertError(again, 409, 'already_scheduled', 'effective');
	const now = await pat.post(`/api/v1/subscriptions/${target.id}/cancel`, { effective: 'now' });
	assert.equal(now.status, 200, now.text);
	assert.equal(now.body.status, 'inactive');
	assert.equal(now.body.state, 'cancelled');
	assert.equal(now.body.ended_on, TODAY);
});

test('a cancelled subscription whose term has ended cannot be reactivated: 422 term_ended', async () => {
	const ended = all.filter((s) => s.state === 'cancelled' && s.bill_date < TODAY);
	const within = all.filter((s) => s.state === 'cancelled' && s.bill_date >= TODAY && s.kind === 'product');
	assert.ok(ended.length > 0, 'the demo has cancelled subscriptions past their term');
	const target = ended.find((s) => s.kind === 'product') ?? ended[0];
	const res = await support.post(`/api/v1/subscriptions/${target.id}/reactivate`, {});
	assertError(res, 422, 'term_ended');
	assert.ok(res.body.error.message.includes(target.bill_date), 'the message names the end of the term');
	assert.equal((await admin.get(`/api/v1/subscriptions/${target.id}`)).body.state, 'cancelled');
	if (within.length > 0) {
		const ok = await admin.post(`/api/v1/subscriptions/${within[0].id}/reactivate`, {});
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.body.state, 'live');
	}
});

test('a customer contact cancels an upcoming subscription', async () => {
	const f = await fixturesOf(robin);
	const target = f.upcoming[0];
	const note = 'Please stop this before it starts. '.repeat(40).slice(0, 1000); // the longest note allowed
	const res = await robin.post(`/api/v1/subscriptions/${target.id}/cancel`, { effective: 'now', note });
	assert.equal(res.status, 200, res.text);
	const history = (await robin.get(`/api/v1/subscriptions/${target.id}/history`)).body.data;
	assert.equal(history.find((e) => e.kind === 'cancelled').note, note);
	assert.equal(res.body.status, 'inactive');
	assert.equal(res.body.state, 'cancelled');
	assert.equal(res.body.starts_in_days, null);
	assert.equal(res.body.status_text, `Cancelled on ${TODAY}`);
});

test('the vendor admin cancels one app: its product stays active', async () => {
	const f = await fixturesOf(robin);
	const { product, apps } = f.withApps;
	const app = apps[0];
	const res = await admin.post(`/api/v1/subscriptions/${app.id}/cancel`, { note: 'Duplicate purchase.' });
	assert.equal(res.status, 200, res.text);
	assert.equal(res.body.status, 'inactive');
	assert.equal(res.body.state, 'cancelled');
	const p = await robin.get(`/api/v1/subscriptions/${product.id}`);
	assert.equal(p.body.status, 'active');
	assert.equal(p.body.state, 'live');
	assert.equal(p.body.apps.find((a) => a.id === app.id).status, 'inactive');
	for (const other of apps.slice(1)) assert.equal(p.body.apps.find((a) => a.id === other.id).status, 'active');
	const audit = (await admin.get(`/api/v1/audit-events?object_id=${app.id}`)).body.data;
	assert.ok(audit.some((e) => /cancel/.test(e.action) && e.actor_user_id === admin.session.user.id));
});

test('concurrent cancels of one subscription: one succeeds, the others are 409, one event', async () => {
	const f = await fixturesOf(robin);
	const target = f.noSite[0];
	assert.ok(target);
	const results = await Promise.all([robin, casey, admin, robin, casey].map((c) =>
		c.post(`/api/v1/subscriptions/${target.id}/cancel`, { effective: 'now' }),
	));
	const ok = results.filter((r) => r.status === 200);
	assert.equal(ok.length, 1, `one 200: ${results.map((r) => r.status)}`);
	for (const r of results.filter((x) => x.status !== 200)) assertError(r, 409, 'already_inactive');
	const history = (await admin.get(`/api/v1/subscriptions/${target.id}/history`)).body.data;
	assert.equal(history.filter((e) => e.subscription_id === target.id && e.kind === 'cancelled').length, 1);
	const audit = (await admin.get(`/api/v1/audit-events?object_id=${target.id}`)).body.data;
	assert.equal(audit.filter((e) => /cancel/.test(e.action)).length, 1);
});

test('after the writes the totals still add up', async () => {
	const now = (await walk(admin, '/api/v1/subscriptions', 200)).items;
	assert.equal(now.length, all.length, 'cancelling removes nothing from the list');
	let sum = 0;
	for (const status of ['active', 'inactive', 'upcoming']) {
		sum += (await walk(admin, `/api/v1/subscriptions?status=${status}`, 200)).items.length;
	}
	assert.equal(sum, all.length);
	for (const s of now) checkSubscription(s);
});
