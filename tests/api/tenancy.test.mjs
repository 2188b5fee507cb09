// Tenancy matrix: every endpoint x every tenant-bound role x ids of other
// tenants. Each is answered exactly as a nonexistent id (404 not_found,
// never 403), leaks nothing in its body, and changes nothing. The lists
// that take no id (customers, billing accounts) show each tenant exactly
// its own rows, whatever cursor it sends.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, walk, missingId, USERS } from './harness.mjs';

let srv;
let admin, support;
let tenants; // [{name, client, sees(sub) -> bool}]
let all;
let snapshot; // id -> {sub, history, audit} before the matrix

before(async () => {
	srv = await startServer();
	const users = ['admin', 'support', 'pat', 'robin', 'alex', 'casey', 'dana'];
	const clients = await Promise.all(users.map((u) => srv.as(USERS[u])));
	const c = Object.fromEntries(users.map((u, i) => [u, clients[i]]));
	admin = c.admin;
	support = c.support;
	const cust = (cl) => (s) => s.customer.id === cl.session.org.id;
	const part = (cl) => (s) => s.partner.id === cl.session.org.id;
	tenants = [
		{ name: 'pat (customer Acme)', client: c.pat, sees: cust(c.pat) },
		{ name: 'robin (customer Birch)', client: c.robin, sees: cust(c.robin) },
		{ name: 'alex (partner Bluebird)', client: c.alex, sees: part(c.alex) },
		{ name: 'casey (partner Cedar)', client: c.casey, sees: part(c.casey) },
		{ name: 'dana (partner Dune)', client: c.dana, sees: part(c.dana) },
	];
	all = (await walk(admin, '/api/v1/subscriptions', 200)).items;
});
after(async () => {
	await srv?.stop();
});

// A sample of another tenant's subscriptions: of each status and kind, and
// one of each other customer among the first few.
function foreignSample(t) {
	const foreign = all.filter((s) => !t.sees(s));
	const pick = [];
	const add = (s) => s && !pick.includes(s) && pick.push(s);
	for (const status of ['active', 'inactive', 'upcoming'])
		for (const kind of ['product', 'app']) add(foreign.find((s) => s.status === status && s.kind === kind));
	add(foreign.find((s) => s.site === null && s.status === 'active'));
	const seenCustomers = new Set(pick.map((s) => s.customer.id));
	for (const s of foreign) {
		if (seenCustomers.size >= 8) break;
		if (!seenCustomers.has(s.customer.id)) {
			seenCustomers.add(s.customer.id);
			add(s);
		}
	}
	return pick;
}

const ENDPOINTS = [
	['GET', (id) => `/api/v1/subscriptions/${id}`],
	['GET', (id) => `/api/v1/subscriptions/${id}/contacts`],
	['GET', (id) => `/api/v1/subscriptions/${id}/history`],
	['POST', (id) => `/api/v1/subscriptions/${id}/cancel`, { effective: 'now', note: 'tenancy probe' }],
	['POST', (id) => `/api/v1/subscriptions/${id}/cancel`, { effective: 'term_end' }],
	['POST', (id) => `/api/v1/subscriptions/${id}/reactivate`, {}],
];

function send(client, method, path, body) {
	return method === 'GET' ? client.get(path) : client.post(path, body);
}

// The body with the probed id replaced, to compare with the nonexistent id's answer.
function normalized(res, id) {
	return JSON.parse(res.text.split(id).join('<id>'));
}

test('the fixtures: each tenant sees some subscriptions and not others', async () => {
	for (const t of tenants) {
		const { items } = await walk(t.client, '/api/v1/subscriptions', 200);
		const expected = all.filter(t.sees).map((s) => s.id);
		assert.deepEqual(items.map((s) => s.id), expected, `${t.name}: exactly its own`);
		assert.ok(foreignSample(t).length >= 6, `${t.name}: a foreign sample`);
	}
	assert.ok(all.filter(tenants[0].sees).length > 0 && all.filter(tenants[2].sees).length > 0);
});

test('snapshot the foreign subscriptions before probing', async () => {
	snapshot = new Map();
	const ids = new Set(tenants.flatMap((t) => foreignSample(t).map((s) => s.id)));
	for (const id of ids) {
		const sub = (await admin.get(`/api/v1/subscriptions/${id}`)).body;
		const history = (await admin.get(`/api/v1/subscriptions/${id}/history`)).body;
		const audit = (await admin.get(`/api/v1/audit-events?object_id=${id}`)).body;
		assert.ok(sub && history && audit);
		snapshot.set(id, { sub, history, audit });
	}
	assert.ok(snapshot.size >= 10);
});

test('every subscription endpoint x every tenant role x foreign ids: 404 like a nonexistent id', async () => {
	const missing = missingId('sub');
	let probes = 0;
	for (const t of tenants) {
		for (const [method, path, body] of ENDPOINTS) {
			const baseline = await send(t.client, method, path(missing), body);
			assertError(baseline, 404, 'not_found');
			const expected = normalized(baseline, missing);
			for (const s of foreignSample(t)) {
				const res = await send(t.client, method, path(s.id), body);
				const what = `${t.name} ${method} ${path(s.id)} (${s.customer.name}, ${s.status} ${s.kind})`;
				assert.equal(res.status, 404, `${what}: ${res.text}`);
				assertError(res, 404, 'not_found');
				assert.deepEqual(normalized(res, s.id), expected, `${what}: same as a nonexistent id`);
				assert.ok(!res.text.includes(s.customer.name), `${what}: no customer name`);
				assert.ok(!res.text.includes(s.sen), `${what}: no SEN`);
				assert.equal(res.headers.get('idempotent-replayed'), null);
				probes++;
			}
		}
	}
	assert.ok(probes >= 5 * ENDPOINTS.length * 6, `${probes} probes`);
});

test('the same through bearer tokens', async () => {
	for (const t of tenants) {
		const tok = await t.client.post('/api/v1/tokens', { name: 'tenancy' });
		assert.equal(tok.status, 201, tok.text);
		const b = srv.bearer(tok.body.token);
		for (const s of foreignSample(t).slice(0, 3)) {
			assertError(await b.get(`/api/v1/subscriptions/${s.id}`), 404, 'not_found');
			assertError(await b.post(`/api/v1/subscriptions/${s.id}/cancel`, {}), 404, 'not_found');
		}
		assert.equal((await t.client.delete(`/api/v1/tokens/${tok.body.id}`)).status, 204);
	}
});

test("a foreign customer id in the list filter answers like a nonexistent one, with nothing in it", async () => {
	const customers = [...new Map(all.map((s) => [s.customer.id, s.customer])).values()];
	for (const t of tenants) {
		const baseline = await t.client.get(`/api/v1/subscriptions?customer=${missingId('org')}`);
		if (baseline.status === 200) assert.deepEqual(baseline.body, { data: [], next: null });
		else assertError(baseline, 404, 'not_found');
		const foreignCustomers = customers.filter((c) => !all.some((s) => s.customer.id === c.id && t.sees(s)));
		assert.ok(foreignCustomers.length > 0);
		for (const c of foreignCustomers.slice(0, 6)) {
			for (const q of ['', '&status=active', '&status=inactive&kind=app']) {
				const res = await t.client.get(`/api/v1/subscriptions?customer=${c.id}${q}`);
				const what = `${t.name} customer=${c.name}${q}`;
				assert.equal(res.status, baseline.status, `${what}: ${res.text}`);
				if (res.status === 200) assert.deepEqual(res.body, { data: [], next: null }, what);
				else assert.deepEqual(normalized(res, c.id), normalized(baseline, missingId('org')), what);
				assert.ok(!res.text.includes(c.name), `${what}: no customer name`);
			}
		}
	}
});

test("another tenant's cursor shows nothing of the other tenant", async () => {
	const page = await admin.get('/api/v1/subscriptions?limit=3');
	const cursor = page.body.next;
	for (const t of tenants) {
		const res = await t.client.get(`/api/v1/subscriptions?limit=200&after=${encodeURIComponent(cursor)}`);
		if (res.status === 200) {
			for (const s of res.body.data) assert.ok(t.sees(s), `${t.name}: ${s.id} is its own`);
		} else {
			assertError(res, 400);
		}
	}
});

test('customer and billing account lists: each tenant sees exactly its own', async () => {
	const everyCustomer = (await walk(admin, '/api/v1/customers', 200)).items;
	const everyAccount = (await walk(admin, '/api/v1/billing-accounts', 200)).items;
	assert.ok(everyAccount.length > 0);
	for (const t of tenants) {
		const { org, role } = t.client.session;
		const customers = (await walk(t.client, '/api/v1/customers', 200)).items;
		const accounts = (await walk(t.client, '/api/v1/billing-accounts', 200)).items;
		const ids = customers.map((c) => c.id);
		for (const s of all.filter(t.sees)) assert.ok(ids.includes(s.customer.id), `${t.name}: lists ${s.customer.name}`);
		if (role === 'customer_contact') {
			assert.deepEqual(ids, [org.id], `${t.name}: only its own organization`);
			assert.deepEqual(accounts, [], `${t.name}: no billing account`);
		} else {
			assert.deepEqual(customers, everyCustomer.filter((c) => c.partner?.id === org.id), `${t.name}: its customers`);
			assert.deepEqual(accounts, everyAccount.filter((a) => a.partner.id === org.id), `${t.name}: its accounts`);
			assert.ok(accounts.length > 0, `${t.name}: has an account`);
		}
		const text = JSON.stringify({ customers, accounts });
		for (const s of foreignSample(t)) {
			if (ids.includes(s.customer.id)) continue;
			assert.ok(!text.includes(s.customer.id), `${t.name}: no ${s.customer.name}`);
			if (s.site) assert.ok(!text.includes(s.site.id), `${t.name}: no site of ${s.customer.name}`);
		}
	}
});

test("another tenant's cursor on the customer and billing account lists shows nothing foreign", async () => {
	for (const path of ['/api/v1/customers', '/api/v1/billing-accounts']) {
		const cursor = (await admin.get(`${path}?limit=1`)).body.next;
		assert.equal(typeof cursor, 'string', `${path}: a second page`);
		for (const t of tenants) {
			const own = (await walk(t.client, path, 200)).items.map((x) => x.id);
			const res = await t.client.get(`${path}?limit=200&after=${encodeURIComponent(cursor)}`);
			assert.equal(res.status, 200, `${t.name} ${path}: ${res.text}`);
			for (const x of res.body.data) assert.ok(own.includes(x.id), `${t.name} ${path}: ${x.id} is its own`);
		}
	}
});

test('audit events: 403 for every tenant role, whatever the id (its own, foreign, nonexistent)', async () => {
	for (const t of tenants) {
		const own = all.find(t.sees);
		const foreign = foreignSample(t)[0];
		const answers = [];
		for (const id of [own?.id, foreign.id, missingId('sub')].filter(Boolean)) {
			const res = await t.client.get(`/api/v1/audit-events?object_id=${id}`);
			assertError(res, 403, 'forbidden');
			answers.push(normalized(res, id));
		}
		for (const a of answers) assert.deepEqual(a, answers[0], `${t.name}: the same refusal for every id`);
	}
});

test("another user's token id: DELETE is 404 like a nonexistent id, for every role", async () => {
	const owner = tenants[2].client; // alex
	const tok = await owner.post('/api/v1/tokens', { name: 'not yours' });
	assert.equal(tok.status, 201);
	const others = [admin, support, ...tenants.filter((t) => t.client !== owner).map((t) => t.client)];
	for (const c of others) {
		const baseline = await c.delete(`/api/v1/tokens/${missingId('tok')}`);
		assertError(baseline, 404, 'not_found');
		const res = await c.delete(`/api/v1/tokens/${tok.body.id}`);
		assertError(res, 404, 'not_found');
		assert.deepEqual(normalized(res, tok.body.id), normalized(baseline, missingId('tok')));
		const list = await c.get('/api/v1/tokens');
		assert.ok(!list.body.data.some((x) => x.id === tok.body.id), 'not listed for another user');
	}
	const me = await srv.bearer(tok.body.token).get('/api/v1/me');
	assert.equal(me.status, 200, 'the token still works');
	assert.equal((await owner.delete(`/api/v1/tokens/${tok.body.id}`)).status, 204);
});

test('vendor staff see every tenant (control)', async () => {
	for (const c of [admin, support]) {
		for (const t of tenants) {
			for (const s of foreignSample(t).slice(0, 2)) {
				const res = await c.get(`/api/v1/subscriptions/${s.id}`);
				assert.equal(res.status, 200);
				assert.equal(res.body.id, s.id);
				assert.equal((await c.get(`/api/v1/subscriptions/${s.id}/contacts`)).status, 200);
			}
		}
		const customers = (await walk(c, '/api/v1/customers', 200)).items.map((x) => x.id);
		for (const s of all) assert.ok(customers.includes(s.customer.id), `lists ${s.customer.name}`);
		const partners = new Set((await walk(c, '/api/v1/billing-accounts', 200)).items.map((x) => x.partner.id));
		for (const t of tenants.filter((x) => x.client.session.role === 'partner_user'))
			assert.ok(partners.has(t.client.session.org.id), `accounts of ${t.name}`);
	}
});

test('nothing changed: the probed subscriptions, their history and audit log are as before', async () => {
	for (const [id, before] of snapshot) {
		const sub = (await admin.get(`/api/v1/subscriptions/${id}`)).body;
		assert.deepEqual(sub, before.sub, `${id} unchanged`);
		const history = (await admin.get(`/api/v1/subscriptions/${id}/history`)).body;
		assert.deepEqual(history, before.history, `${id}: history unchanged`);
		const audit = (await admin.get(`/api/v1/audit-events?object_id=${id}`)).body;
		assert.deepEqual(audit, before.audit, `${id}: audit log unchanged`);
	}
	const now = (await walk(admin, '/api/v1/subscriptions', 200)).items;
	assert.deepEqual(now, all, 'the whole list is unchanged');
});
