// SPEC rule 8 on every path that prices: tax follows the billing contact's
// address, not the customer's own. Kestrel Aerospace (demo data) is based
// in Seattle (WA, 6.5%) and billed through its finance office in Austin
// (TX, 6.25%).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { startServer, newKey, USERS } from './harness.mjs';

const TX_PPM = 62500;

let srv;
let alex;
let kestrel; // its org, site and live annual Wiki, as stored

function sql(query) {
	const r = spawnSync('sqlite3', ['-bail', '-json', srv.db], { input: query, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout.trim() === '' ? [] : JSON.parse(r.stdout);
}
const minor = (s) => Math.round(Number(s) * 100);
function divHalfEven(num, den) {
	const f = Math.floor(num / den);
	const r = num - f * den;
	if (r * 2 > den) return f + 1;
	if (r * 2 < den) return f;
	return f % 2 === 0 ? f : f + 1;
}

before(async () => {
	srv = await startServer();
	alex = await srv.as(USERS.alex);
	const rows = sql(
		`SELECT o.country, o.state, s.id AS sub, s.user_tier, si.url AS site, p.id AS product
		   FROM orgs o JOIN subscriptions s ON s.customer_pk = o.pk
		   JOIN products p ON p.pk = s.product_pk JOIN sites si ON si.pk = s.site_pk
		  WHERE o.name = 'Kestrel Aerospace' AND p.name = 'Helix Wiki' AND s.state = 'live'
		  ORDER BY s.pk LIMIT 1`,
	);
	assert.equal(rows.length, 1, 'Kestrel Aerospace has a live Wiki on a site (demo data)');
	kestrel = rows[0];
	const billing = sql(
		`SELECT c.country, c.state FROM contacts c JOIN orgs o ON o.pk = c.customer_pk
		  WHERE o.name = 'Kestrel Aerospace' AND c.address_line <> ''`,
	);
	assert.deepEqual(billing, [{ country: 'US', state: 'TX' }], 'its billing contact is in Texas');
	assert.deepEqual([kestrel.country, kestrel.state], ['US', 'WA'], 'the customer is in Washington');
});
after(async () => {
	await srv?.stop();
});

test('rule 8: a quote is taxed at the billing contact address, not the customer address', async () => {
	const ba = sql("SELECT id FROM billing_accounts WHERE name = 'Bluebird Solutions US'")[0].id;
	const res = await alex.post(
		'/api/v1/quotes',
		{
			site: kestrel.site,
			billing_account: ba,
			currency: 'USD',
			lines: [{ product: kestrel.product, edition: 'standard', user_tier: 10, billing_period: 'annual', quantity: 1 }],
		},
		{ idempotencyKey: newKey('quote') },
	);
	assert.equal(res.status, 201, res.text);
	const t = res.body.totals;
	assert.equal(t.tax.country, 'US');
	assert.equal(t.tax.state, 'TX');
	assert.equal(t.tax.rate, '6.25%');
	assert.equal(minor(t.tax.amount.amount), divHalfEven(minor(t.net.amount) * TX_PPM, 1000000));
});

test('rule 8: a paid quick action is taxed at the billing contact address too', async () => {
	const tiers = [10, 25, 50, 100, 250, 500, 1000, 2000, 5000];
	const res = await alex.post(
		`/api/v1/subscriptions/${kestrel.sub}/actions`,
		{ action: 'upgrade', user_tier: tiers.find((n) => n > kestrel.user_tier), payment_method: 'bank_transfer' },
		{ idempotencyKey: newKey('act') },
	);
	assert.equal(res.status, 201, res.text);
	const net = minor(res.body.net.amount);
	assert.ok(net > 0, 'the upgrade has an amount');
	assert.equal(minor(res.body.tax.amount), divHalfEven(net * TX_PPM, 1000000));
	assert.notEqual(minor(res.body.tax.amount), divHalfEven(net * 65000, 1000000), 'not Washington tax');
});
