// POST /quotes/preview: the body of POST /quotes priced and answered
// without saving anything. The preview equals the quote a save then makes
// (less what saving gives it), every refusal is the save's own (status,
// code and field), and nothing is written: no quote, number, customer,
// email or audit event.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, assertError, missingId, newKey, USERS } from './harness.mjs';

let srv, alex, casey, admin, pat, erin;
let tracker, catalog, acmeId, acmeSite, bluebirdUsd, bluebirdAud, emberUsd, kindlingId, birchId;

function sql(query) {
	const out = execFileSync('sqlite3', ['-json', join(srv.dir, 't.db'), query], { encoding: 'utf8' });
	return out.trim() === '' ? [] : JSON.parse(out);
}
const one = (q) => sql(q)[0];
// What a write would leave behind: every table a quote save touches.
const footprint = () =>
	sql(
		'SELECT (SELECT count(*) FROM quotes) AS quotes, (SELECT count(*) FROM quote_lines) AS lines, ' +
			'(SELECT count(*) FROM orgs) AS orgs, (SELECT count(*) FROM contacts) AS contacts, ' +
			'(SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM audit_events) AS audit, ' +
			'(SELECT group_concat(name || \'=\' || value, \',\') FROM (SELECT * FROM counters ORDER BY name)) AS series',
	)[0];

const line = (over = {}) => ({ product: tracker.id, edition: 'standard', user_tier: 10, billing_period: 'annual', quantity: 1, ...over });
const NEW_CUSTOMER = {
	name: 'Preview Freight', contact_name: 'Morgan Lee', email: 'morgan@preview.example',
	address_line: '1 Dock St', city: 'Austin', postal_code: '73301', country: 'US', state: 'TX',
};

before(async () => {
	srv = await startServer();
	[alex, casey, admin, pat] = await Promise.all(['alex', 'casey', 'admin', 'pat'].map((u) => srv.as(USERS[u])));
	erin = await srv.as('erin@ember.example');
	catalog = (await alex.get('/api/v1/catalog/products')).body.data;
	tracker = catalog.find((p) => p.code === 'HLX-TRK-C');
	const ba = (name) => one(`SELECT id FROM billing_accounts WHERE name = '${name}'`).id;
	const org = (name) => one(`SELECT id FROM orgs WHERE name = '${name}'`).id;
	bluebirdUsd = ba('Bluebird Solutions US');
	bluebirdAud = ba('Bluebird Solutions Australia');
	emberUsd = ba('Ember IT');
	acmeId = org('Acme Robotics');
	kindlingId = org('Kindling Labs');
	birchId = org('Birch Analytics');
	acmeSite = one("SELECT s.url FROM sites s JOIN orgs o ON o.pk = s.customer_pk WHERE o.name = 'Acme Robotics' ORDER BY s.pk LIMIT 1").url;
});
after(async () => {
	await srv?.stop();
});

// The saved quote less what only saving gives it.
function unsaved(q) {
	const { id, number, status, created_at, pdf, ...rest } = q;
	assert.ok(id && number && status && created_at && pdf);
	return rest;
}

test('the preview is the quote a save makes, and writing nothing', async () => {
	const bodies = [
		{ site: acmeSite, billing_account: bluebirdUsd, lines: [line({ quantity: 3 }), line({ edition: 'premium', user_tier: 50 })] },
		{ customer: acmeId, billing_account: bluebirdUsd, notes: 'Call first.', coterm_end: '2026-12-15', lines: [line()] },
		{ customer: acmeId, billing_account: bluebirdAud, lines: [line()] },
	];
	for (const body of bodies) {
		const was = footprint();
		const list = (await alex.get('/api/v1/quotes?limit=200')).body;
		const pv = await alex.post('/api/v1/quotes/preview', body, { idempotencyKey: newKey('pv') });
		assert.equal(pv.status, 200, pv.text);
		assert.deepEqual(footprint(), was, 'no quote, line, customer, email, audit event or number');
		assert.deepEqual((await alex.get('/api/v1/quotes?limit=200')).body, list, 'the quote list is unchanged');
		// A second preview answers the same.
		assert.deepEqual((await alex.post('/api/v1/quotes/preview', body)).body, pv.body);
		const saved = await alex.post('/api/v1/quotes', body);
		assert.equal(saved.status, 201, saved.text);
		assert.deepEqual(pv.body, unsaved(saved.body), 'priced exactly as saved');
	}
	const pv = (await alex.post('/api/v1/quotes/preview', bodies[0])).body;
	assert.equal(pv.site.url, acmeSite);
	assert.equal(pv.lines.length, 2);
	assert.ok(pv.payment_methods.includes('card'));
	assert.equal(pv.needs_review, false);
	assert.equal((await alex.post('/api/v1/quotes/preview', bodies[1])).body.needs_review, true);
	const aud = (await alex.post('/api/v1/quotes/preview', bodies[2])).body;
	assert.equal(aud.currency, 'AUD');
	assert.ok(!aud.payment_methods.includes('card') && !aud.payment_methods.includes('check'), 'rule 3');
});

test('a new customer is priced at its address and not created', async () => {
	const was = footprint();
	const res = await alex.post('/api/v1/quotes/preview', { new_customer: NEW_CUSTOMER, billing_account: bluebirdUsd, lines: [line()] });
	assert.equal(res.status, 200, res.text);
	assert.deepEqual(res.body.customer, { id: null, name: 'Preview Freight' });
	assert.deepEqual([res.body.totals.tax.country, res.body.totals.tax.state], ['US', 'TX']);
	assert.deepEqual(res.body.technical_contact, { name: 'Morgan Lee', email: 'morgan@preview.example' });
	assert.deepEqual(footprint(), was);
	assert.equal(sql("SELECT id FROM orgs WHERE name = 'Preview Freight'").length, 0);
});

test('every refusal is the save\'s own, with its status, code and field', async () => {
	const server = catalog.find((p) => p.hosting === 'server');
	const cases = [
		// rule 5
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line(), line({ billing_period: 'monthly' })] }, 422, 'monthly_cloud_not_allowed_for_partners', 'lines[1].billing_period'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ user_tier: 7 })] }, 422, 'price_not_found', 'lines[0].user_tier'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line(), { product: server.id, edition: 'enterprise', user_tier: 100, billing_period: 'annual' }] }, 422, 'price_not_found', 'lines[1].edition'],
		[{ customer: acmeId, billing_account: bluebirdUsd, currency: 'EUR', lines: [line()] }, 422, 'currency_mismatch', 'currency'],
		[{ customer: acmeId, billing_account: bluebirdUsd, currency: 'XXX', lines: [line()] }, 400, 'currency_invalid', 'currency'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ product: missingId('prd') })] }, 404, 'not_found', 'lines[0].product'],
		[{ customer: missingId('org'), billing_account: bluebirdUsd, lines: [line()] }, 404, 'not_found', 'customer'],
		// tenancy: another partner's customer and billing account are not found
		[{ customer: birchId, billing_account: bluebirdUsd, lines: [line()] }, 404, 'not_found', 'customer'],
		[{ customer: acmeId, billing_account: emberUsd, lines: [line()] }, 404, 'not_found', 'billing_account'],
		[{ site: 'nowhere.example', billing_account: bluebirdUsd, lines: [line()] }, 404, 'not_found', 'site'],
		// shape: null, wrong types, unknown fields
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: null }, 400, null, 'lines'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: 'x' }, 400, null, 'lines'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [] }, 400, 'out_of_range', 'lines'],
		[{ customer: acmeId, billing_account: bluebirdUsd }, 400, 'required', 'lines'],
		[{ customer: acmeId, billing_account: null, lines: [line()] }, 400, null, 'billing_account'],
		[{ customer: 42, billing_account: bluebirdUsd, lines: [line()] }, 400, null, 'customer'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ user_tier: 'ten' })] }, 400, null, 'lines[0].user_tier'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ user_tier: null })] }, 400, null, 'lines[0].user_tier'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ user_tier: 0 })] }, 400, 'out_of_range', 'lines[0].user_tier'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ edition: 'gold' })] }, 400, null, 'lines[0].edition'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line({ action: 'renew' })] }, 400, 'required', 'lines[0].subscription'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [7] }, 400, null, 'lines[0]'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line()], colour: 'red' }, 400, 'unknown_field', 'colour'],
		[{ billing_account: bluebirdUsd, lines: [line()] }, 400, 'customer_required', 'customer'],
		[{ customer: acmeId, site: acmeSite, billing_account: bluebirdUsd, lines: [line()] }, 400, 'customer_ambiguous', 'customer'],
		[{ new_customer: { ...NEW_CUSTOMER, email: 'nope' }, billing_account: bluebirdUsd, lines: [line()] }, 400, 'invalid_value', 'new_customer.email'],
		[{ new_customer: { ...NEW_CUSTOMER, state: '' }, billing_account: bluebirdUsd, lines: [line()] }, 400, 'tax_region_required', 'new_customer.state'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line()], coterm_end: '2026-13-01' }, 400, 'invalid_value', 'coterm_end'],
	];
	const was = footprint();
	for (const [body, status, code, field] of cases) {
		const pv = await alex.post('/api/v1/quotes/preview', body);
		assertError(pv, status, code ?? pv.body?.error?.code, field);
		const save = await alex.post('/api/v1/quotes', body);
		assert.equal(save.status, pv.status, `${field}: the save answers ${save.status} too`);
		assert.deepEqual(pv.body.error, save.body.error, `${field}: the same error as the save`);
	}
	for (const raw of ['[]', 'null', '"x"', '{"lines":']) {
		const res = await alex.request('POST', '/api/v1/quotes/preview', { raw });
		assert.equal(res.status, 400, `${raw}: ${res.text}`);
	}
	assert.deepEqual(footprint(), was, 'no refusal wrote anything');
});

test('rule 6: a reseller buying through a distributor is refused by the preview too', async () => {
	const body = { customer: kindlingId, billing_account: emberUsd, lines: [line()] };
	const pv = await erin.post('/api/v1/quotes/preview', body);
	assertError(pv, 422, 'two_tier_reselling_not_allowed');
	assert.deepEqual(pv.body.error, (await erin.post('/api/v1/quotes', body)).body.error);
});

test('only partner users preview; another partner\'s ids are not found', async () => {
	const body = { customer: acmeId, billing_account: bluebirdUsd, lines: [line()] };
	for (const c of [admin, pat]) assertError(await c.post('/api/v1/quotes/preview', body), 403, 'forbidden');
	assertError(await casey.post('/api/v1/quotes/preview', body), 404, 'not_found', 'billing_account');
	assertError(await srv.anon().post('/api/v1/quotes/preview', body), 401, 'unauthenticated');
	const noCsrf = await alex.post('/api/v1/quotes/preview', body, { csrf: false });
	assert.equal(noCsrf.status, 403, noCsrf.text);
});
