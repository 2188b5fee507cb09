// GET /customers/:id: one customer with its sites and contacts, as the
// database holds them, within the caller's tenancy (a partner its own
// customers, a customer contact its own organization, vendor staff every
// customer; anything else 404, as if it did not exist).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, assertError, missingId, USERS } from './harness.mjs';

let srv, admin, support, alex, casey, pat, robin;

function sql(query) {
	const out = execFileSync('sqlite3', ['-json', join(srv.dir, 't.db'), query], { encoding: 'utf8' });
	return out.trim() === '' ? [] : JSON.parse(out);
}
const orgId = (name) => sql(`SELECT id FROM orgs WHERE name = '${name}'`)[0].id;

// The customer as the database holds it, computed here from the tables.
function expected(id) {
	const cu = sql(
		'SELECT cu.pk, cu.id, cu.name, pa.id AS pid, pa.name AS pname, cu.country, cu.state FROM orgs cu ' +
			`LEFT JOIN orgs pa ON pa.pk = cu.partner_pk WHERE cu.id = '${id}'`,
	)[0];
	const sites = sql(`SELECT id, url FROM sites WHERE customer_pk = ${cu.pk} ORDER BY pk`);
	const people = sql(
		`SELECT id, name, email FROM contacts c WHERE customer_pk = ${cu.pk} AND (user_pk IS NOT NULL OR EXISTS ` +
			`(SELECT 1 FROM subscription_contacts sc WHERE sc.contact_pk = c.pk AND sc.role = 'customer')) ORDER BY name, pk`,
	);
	const tech = sql(
		'SELECT c.id, c.name, c.email, max(x.role = \'technical_primary\') AS primary_any FROM contacts c JOIN (' +
			'SELECT sc.contact_pk AS cp, sc.role FROM subscription_contacts sc UNION ALL ' +
			'SELECT lc.contact_pk, lc.role FROM license_contacts lc) x ON x.cp = c.pk ' +
			`WHERE c.customer_pk = ${cu.pk} AND x.role LIKE 'technical_%' GROUP BY c.pk ` +
			'ORDER BY primary_any DESC, c.name, c.pk',
	).map((r) => ({ id: r.id, name: r.name, email: r.email, primary: r.primary_any === 1 }));
	const billing = sql(
		'SELECT id, name, email, phone, address_line AS line, city, postal_code, country, state FROM contacts c ' +
			`WHERE customer_pk = ${cu.pk} AND EXISTS (SELECT 1 FROM subscription_contacts sc WHERE sc.contact_pk = c.pk ` +
			"AND sc.role = 'billing')",
	);
	return {
		id: cu.id,
		name: cu.name,
		partner: cu.pid === null ? null : { id: cu.pid, name: cu.pname },
		country: cu.country,
		state: cu.state,
		sites,
		billing_contact: billing.length === 0 ? null : (({ id, name, email, phone, ...address }) => ({ id, name, email, phone, address }))(billing[0]),
		customer_contacts: people,
		technical_contacts: tech,
	};
}

before(async () => {
	srv = await startServer();
	[admin, support, alex, casey, pat, robin] = await Promise.all(
		['admin', 'support', 'alex', 'casey', 'pat', 'robin'].map((u) => srv.as(USERS[u])),
	);
});
after(async () => {
	await srv?.stop();
});

test('a partner reads each of its customers with sites, billing contact and contacts', async () => {
	const list = (await alex.get('/api/v1/customers?limit=200')).body.data;
	assert.ok(list.length >= 5);
	for (const cu of list) {
		const res = await alex.get(`/api/v1/customers/${cu.id}`);
		assert.equal(res.status, 200, res.text);
		assert.deepEqual(res.body, expected(cu.id));
		// The list's fields are the detail's.
		for (const k of ['id', 'name', 'partner', 'country', 'state', 'sites']) assert.deepEqual(res.body[k], cu[k]);
	}
	const acme = (await alex.get(`/api/v1/customers/${orgId('Acme Robotics')}`)).body;
	assert.equal(acme.sites.length, 2);
	assert.ok(acme.customer_contacts.some((c) => c.email === 'pat@acme.example'), 'pat signs in for Acme');
	assert.ok(acme.technical_contacts.length >= 2);
	assert.equal(acme.technical_contacts.filter((c) => c.primary).length >= 1, true);
	assert.ok(acme.billing_contact && acme.billing_contact.address.country === 'US', 'a billing address');
});

test('tenancy: another partner\'s customer is 404, a customer contact sees its own, vendor staff all', async () => {
	const acme = orgId('Acme Robotics');
	const birch = orgId('Birch Analytics');
	assertError(await casey.get(`/api/v1/customers/${acme}`), 404, 'not_found', null);
	assertError(await alex.get(`/api/v1/customers/${birch}`), 404, 'not_found', null);
	assert.deepEqual((await pat.get(`/api/v1/customers/${acme}`)).body, expected(acme));
	assertError(await pat.get(`/api/v1/customers/${birch}`), 404, 'not_found', null);
	assertError(await robin.get(`/api/v1/customers/${acme}`), 404, 'not_found', null);
	for (const c of [admin, support]) {
		assert.deepEqual((await c.get(`/api/v1/customers/${acme}`)).body, expected(acme));
		assert.deepEqual((await c.get(`/api/v1/customers/${birch}`)).body, expected(birch));
	}
	// A partner organization is not a customer, not even to the vendor.
	assertError(await admin.get(`/api/v1/customers/${alex.session.org.id}`), 404, 'not_found');
	assertError(await alex.get(`/api/v1/customers/${alex.session.org.id}`), 404, 'not_found');
});

test('bad ids are 404 and query parameters 400; no credential is 401', async () => {
	for (const id of [missingId('org'), 'acme', 'org_', 'sub_aaaaaaaaaaaaaaaaaaaa', 'null', '%00', 'org_' + 'a'.repeat(200)])
		assertError(await alex.get(`/api/v1/customers/${id}`), 404, 'not_found');
	const acme = orgId('Acme Robotics');
	assertError(await alex.get(`/api/v1/customers/${acme}?name=acme`), 400);
	assertError(await alex.get(`/api/v1/customers/${acme}?limit=1`), 400);
	assertError(await srv.anon().get(`/api/v1/customers/${acme}`), 401, 'unauthenticated');
});
