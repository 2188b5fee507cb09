// Customers and billing accounts: the lists a partner user reads to name
// the customer and billing account of a quote. Each role sees its tenancy
// (a partner its own customers and accounts, a customer contact its own
// organization and no account, vendor staff everything), pages walk the
// whole list once, bad input is 400, and the ids make a quote.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, assertError, walk, USERS } from './harness.mjs';

// A customer that buys directly (no partner), with a site: only vendor staff see it.
const DIRECT = { id: 'org_direct0customer00001', name: 'Heliograph Direct', site: 'site_direct0customer00001' };

let srv;
let admin, support, alex, casey, dana, pat, robin;

// Rows of a read-only query on the server's database file.
function sql(query, db = join(srv.dir, 't.db')) {
	const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' });
	return out.trim() === '' ? [] : JSON.parse(out);
}

// The customers the database holds, as the list shows them, filtered by a WHERE on cu.
function expectedCustomers(where) {
	const rows = sql(
		'SELECT cu.id, cu.name, pa.id AS partner_id, pa.name AS partner_name, cu.country, cu.state ' +
			"FROM orgs cu LEFT JOIN orgs pa ON pa.pk = cu.partner_pk WHERE cu.kind = 'customer' " +
			`AND ${where} ORDER BY cu.pk`,
	);
	const sites = sql('SELECT o.id AS org, s.id, s.url FROM sites s JOIN orgs o ON o.pk = s.customer_pk ORDER BY s.pk');
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		partner: r.partner_id === null ? null : { id: r.partner_id, name: r.partner_name },
		country: r.country,
		state: r.state,
		sites: sites.filter((s) => s.org === r.id).map((s) => ({ id: s.id, url: s.url })),
	}));
}

function expectedAccounts(where) {
	return sql(
		'SELECT ba.id, ba.name, ba.currency, pa.id AS partner_id, pa.name AS partner_name ' +
			`FROM billing_accounts ba JOIN orgs pa ON pa.pk = ba.partner_pk WHERE ${where} ORDER BY ba.pk`,
	).map((r) => ({ id: r.id, name: r.name, currency: r.currency, partner: { id: r.partner_id, name: r.partner_name } }));
}

before(async () => {
	srv = await startServer({
		beforeServe: (db) => {
			sql(
				`INSERT INTO orgs (id, kind, name, country, created_at) VALUES ('${DIRECT.id}', 'customer', ` +
					`'${DIRECT.name}', 'GB', '2026-01-05T09:00:00Z');` +
					`INSERT INTO sites (id, customer_pk, name, url, created_at) SELECT '${DIRECT.site}', pk, ` +
					`'heliograph', 'https://heliograph.cloud.helix.example', '2026-01-05T09:00:00Z' ` +
					`FROM orgs WHERE id = '${DIRECT.id}'`,
				db,
			);
		},
	});
	[admin, support, alex, casey, dana, pat, robin] = await Promise.all(
		['admin', 'support', 'alex', 'casey', 'dana', 'pat', 'robin'].map((u) => srv.as(USERS[u])),
	);
});
after(async () => {
	await srv?.stop();
});

test('a partner user sees exactly the customers its partner manages, with their sites', async () => {
	for (const c of [alex, casey, dana]) {
		const org = c.session.org;
		const { items } = await walk(c, '/api/v1/customers', 200);
		const expected = expectedCustomers(`pa.id = '${org.id}'`);
		assert.ok(expected.length >= 5, `${org.name} manages customers`);
		assert.deepEqual(items, expected, `${org.name}: its own customers, nothing else`);
		for (const cu of items) assert.deepEqual(cu.partner, { id: org.id, name: org.name });
		assert.ok(!items.some((cu) => cu.id === DIRECT.id), 'not a direct customer');
	}
	const acme = (await walk(alex, '/api/v1/customers', 200)).items.find((cu) => cu.name === 'Acme Robotics');
	assert.equal(acme.sites.length, 2, 'Acme has two sites');
	assert.deepEqual([acme.country, acme.state], ['US', 'CA']);
	const cedar = (await walk(casey, '/api/v1/customers', 200)).items.map((cu) => cu.name);
	assert.ok(cedar.includes('Birch Analytics') && !cedar.includes('Acme Robotics'));
});

test('name finds customers by part of their name, any case, within the tenancy', async () => {
	const { items } = await walk(alex, '/api/v1/customers?name=ACME', 200);
	assert.deepEqual(items.map((cu) => cu.name), ['Acme Robotics']);
	assert.equal(items[0].sites.length, 2, 'with its sites');
	// Another partner's customer is not found by its name.
	assert.deepEqual((await walk(casey, '/api/v1/customers?name=acme', 200)).items, []);
	// A part common to several names finds each, as the database has them, and pages walk them.
	const expected = expectedCustomers(`pa.id = '${alex.session.org.id}' AND instr(lower(cu.name), 'a') > 0`);
	assert.ok(expected.length >= 3);
	assert.deepEqual((await walk(alex, '/api/v1/customers?name=a', 2)).items, expected);
	assert.deepEqual((await walk(admin, '/api/v1/customers?name=heliograph', 200)).items.map((cu) => cu.id), [DIRECT.id]);
	assert.deepEqual((await walk(alex, '/api/v1/customers?name=heliograph', 200)).items, [], 'a direct customer is the vendor\'s');
});

test('vendor staff see every customer, a direct one with a null partner', async () => {
	const expected = expectedCustomers('1 = 1');
	for (const c of [admin, support]) {
		const { items } = await walk(c, '/api/v1/customers', 200);
		assert.deepEqual(items, expected);
	}
	const direct = expected.find((cu) => cu.id === DIRECT.id);
	assert.equal(direct.partner, null);
	assert.deepEqual(direct.sites, [{ id: DIRECT.site, url: 'https://heliograph.cloud.helix.example' }]);
});

test('a customer contact sees only its own organization', async () => {
	for (const c of [pat, robin]) {
		const res = await c.get('/api/v1/customers');
		assert.equal(res.status, 200, res.text);
		assert.deepEqual(res.body, { data: expectedCustomers(`cu.id = '${c.session.org.id}'`), next: null });
		assert.equal(res.body.data.length, 1);
	}
});

test('billing accounts: a partner its own, vendor staff all, a customer contact none', async () => {
	for (const c of [alex, casey, dana]) {
		const { items } = await walk(c, '/api/v1/billing-accounts', 200);
		assert.deepEqual(items, expectedAccounts(`pa.id = '${c.session.org.id}'`));
		assert.ok(items.length > 0);
	}
	const bluebird = (await alex.get('/api/v1/billing-accounts')).body.data;
	assert.deepEqual(bluebird.map((a) => a.currency).sort(), ['AUD', 'USD']);
	for (const c of [admin, support]) {
		const { items } = await walk(c, '/api/v1/billing-accounts', 200);
		assert.deepEqual(items, expectedAccounts('1 = 1'));
		assert.ok(new Set(items.map((a) => a.partner.id)).size >= 4, 'every partner');
	}
	for (const c of [pat, robin]) {
		const res = await c.get('/api/v1/billing-accounts');
		assert.equal(res.status, 200, res.text);
		assert.deepEqual(res.body, { data: [], next: null });
	}
});

test('pages of any size walk the whole list once, in order', async () => {
	const lists = [
		[admin, '/api/v1/customers'],
		[alex, '/api/v1/customers'],
		[pat, '/api/v1/customers'],
		[admin, '/api/v1/billing-accounts'],
		[casey, '/api/v1/billing-accounts'],
	];
	for (const [c, path] of lists) {
		const whole = (await c.get(`${path}?limit=200`)).body;
		assert.equal(whole.next, null, `${path}: fits one page`);
		for (const limit of [1, 2, 3, 7, 50]) {
			const { items, pages } = await walk(c, path, limit);
			const ids = items.map((x) => x.id);
			assert.equal(new Set(ids).size, ids.length, `${path} limit=${limit}: no duplicates`);
			assert.deepEqual(items, whole.data, `${path} limit=${limit}: the same rows in the same order`);
			assert.equal(pages, Math.max(1, Math.ceil(items.length / limit)), `${path} limit=${limit}: no empty last page`);
		}
	}
	const all = (await walk(admin, '/api/v1/customers', 200)).items;
	const first = await admin.get('/api/v1/customers');
	assert.deepEqual(first.body.data, all.slice(0, 50), 'the default page is 50');
	assert.equal(first.body.next === null, all.length <= 50);
});

test('bad input is 400 with the error shape', async () => {
	for (const path of ['/api/v1/customers', '/api/v1/billing-accounts']) {
		assertError(await alex.get(`${path}?limit=0`), 400, 'out_of_range', 'limit');
		assertError(await alex.get(`${path}?limit=abc`), 400, undefined, 'limit');
		assertError(await alex.get(`${path}?limit=201`), 400, undefined, 'limit');
		assertError(await alex.get(`${path}?after=garbage`), 400, 'invalid_cursor', 'after');
		assertError(await alex.get(`${path}?q=acme`), 400, 'unknown_parameter', 'q');
		if (path === '/api/v1/customers') {
			assertError(await alex.get(`${path}?name=`), 400, undefined, 'name');
			assertError(await alex.get(`${path}?name=${'x'.repeat(201)}`), 400, undefined, 'name');
		}
		assertError(await alex.get(`${path}?partner=${alex.session.org.id}`), 400, 'unknown_parameter', 'partner');
		assertError(await srv.anon().get(path), 401);
	}
});

test('the ids the lists give make a quote, by customer and by site', async () => {
	const customers = (await walk(alex, '/api/v1/customers', 200)).items;
	const accounts = (await alex.get('/api/v1/billing-accounts')).body.data;
	const acme = customers.find((cu) => cu.name === 'Acme Robotics');
	const usd = accounts.find((a) => a.currency === 'USD');
	const tracker = (await alex.get('/api/v1/catalog/products')).body.data.find((p) => p.code === 'HLX-TRK-C');
	assert.ok(acme && usd && tracker);
	const line = { product: tracker.id, edition: 'standard', user_tier: 10, billing_period: 'annual', quantity: 1 };
	for (const target of [{ customer: acme.id }, { site: acme.sites[0].url }]) {
		const res = await alex.post('/api/v1/quotes', { ...target, billing_account: usd.id, lines: [line] });
		assert.equal(res.status, 201, res.text);
		assert.equal(res.body.customer.id, acme.id);
		assert.deepEqual(res.body.billing_account, { id: usd.id, name: usd.name });
		assert.equal(res.body.currency, 'USD');
	}
});
