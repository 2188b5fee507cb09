// Catalog and quotes: the catalog with a partner's storefront entries;
// quotes for an existing site and for a new customer, priced with the
// partner tier discount (rule 7) and the billing contact's tax (rule 8);
// payment terms (rules 1-4); monthly cloud (rule 5) and two-tier (rule 6)
// refusals; co-terms held for review (rules 11, 12); the emailed copy
// (rule 19); the PDF; tenancy and bad input.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, assertError, walk, newKey, missingId, USERS, TODAY } from './harness.mjs';

let srv;
let admin, alex, dana, erin, pat;
let catalog; // as alex sees it
let tracker; // the annual cloud product used in most quotes
let bluebirdUsd, bluebirdAud, emberUsd;
let acmeId, acmeSite, quokkaId, kindlingId;

// Rows of a read-only query on the server's database file.
function sql(query) {
	const out = execFileSync('sqlite3', ['-json', join(srv.dir, 't.db'), query], { encoding: 'utf8' });
	return out.trim() === '' ? [] : JSON.parse(out);
}
function one(query) {
	const rows = sql(query);
	assert.equal(rows.length, 1, `one row for: ${query}`);
	return rows[0];
}
const count = (table) => one(`SELECT count(*) AS n FROM ${table}`).n;

// Minor units of a "1234.50" amount.
const minor = (s) => Math.round(Number(s) * 100);
// Half-even division, as the server rounds.
function divHalfEven(num, den) {
	const q = Math.floor(num / den);
	const r = num - q * den;
	if (r * 2 > den) return q + 1;
	if (r * 2 < den) return q;
	return q % 2 === 0 ? q : q + 1;
}

// The price group of a catalog item, and one tier of it.
function price(item, edition, period, currency, users) {
	const g = item.prices.find((p) => p.edition === edition && p.billing_period === period && p.currency === currency);
	assert.ok(g, `${item.code}: a ${edition} ${period} ${currency} price group`);
	const t = g.tiers.find((x) => x.users === users);
	assert.ok(t, `${item.code}: a ${users}-user tier`);
	return minor(t.amount);
}

function line(over = {}) {
	return { product: tracker.id, edition: 'standard', user_tier: 10, billing_period: 'annual', quantity: 1, ...over };
}

before(async () => {
	srv = await startServer();
	[admin, alex, dana, pat] = await Promise.all([USERS.admin, USERS.alex, USERS.dana, USERS.pat].map((u) => srv.as(u)));
	erin = await srv.as('erin@ember.example');
	const res = await alex.get('/api/v1/catalog/products');
	assert.equal(res.status, 200, res.text);
	catalog = res.body.data;
	tracker = catalog.find((p) => p.code === 'HLX-TRK-C');
	assert.ok(tracker, 'the catalog has the cloud tracker');
	const ba = (name) => one(`SELECT id FROM billing_accounts WHERE name = '${name}'`).id;
	bluebirdUsd = ba('Bluebird Solutions US');
	bluebirdAud = ba('Bluebird Solutions Australia');
	emberUsd = ba('Ember IT');
	const org = (name) => one(`SELECT id FROM orgs WHERE name = '${name}'`).id;
	acmeId = org('Acme Robotics');
	quokkaId = org('Quokka Media');
	kindlingId = org('Kindling Labs');
	acmeSite = sql(
		"SELECT s.url FROM sites s JOIN orgs o ON o.pk = s.customer_pk WHERE o.name = 'Acme Robotics' ORDER BY s.pk LIMIT 1",
	)[0].url;
});
after(async () => {
	await srv?.stop();
});

test('catalog: products and apps with grouped prices; a partner sees its own storefront entries', async () => {
	assert.ok(catalog.length >= 6);
	for (const item of catalog) {
		assert.deepEqual(
			Object.keys(item).sort(),
			['code', 'description', 'hosting', 'id', 'kind', 'name', 'prices', 'storefront'],
		);
		assert.match(item.id, /^(prd|app)_/);
		assert.ok(['product', 'app'].includes(item.kind));
		assert.ok(['cloud', 'datacenter', 'server'].includes(item.hosting));
		assert.ok(item.prices.length > 0, `${item.code} has prices`);
		for (const g of item.prices) {
			assert.deepEqual(Object.keys(g).sort(), ['billing_period', 'currency', 'edition', 'tiers']);
			for (const t of g.tiers) assert.match(t.amount, /^\d+\.\d\d$/);
		}
	}
	assert.deepEqual(tracker.storefront, { published: true, markup_bp: 1500 });
	assert.deepEqual(catalog.find((p) => p.code === 'HLX-CR-C').storefront, { published: false, markup_bp: 1000 });
	assert.equal(catalog.find((p) => p.code === 'HLX-WIKI-C').storefront, null, 'not on Bluebird storefront');

	const asCustomer = await pat.get('/api/v1/catalog/products');
	assert.equal(asCustomer.status, 200);
	assert.ok(asCustomer.body.data.every((p) => !('storefront' in p)), 'customers see no storefront markups');
	assertError(await pat.get('/api/v1/catalog/products?x=1'), 400, 'unknown_parameter', 'x');
});

let siteQuote;
let siteQuoteRequest; // its body and Idempotency-Key, replayed after it is cancelled

test('a quote for an existing site: tier discount, California tax, number, expiry, email', async () => {
	const quotesBefore = count('quotes');
	siteQuoteRequest = {
		body: { site: acmeSite, billing_account: bluebirdUsd, currency: 'USD', lines: [line({ quantity: 2 })] },
		key: newKey('quote'),
	};
	const res = await alex.post('/api/v1/quotes', siteQuoteRequest.body, { idempotencyKey: siteQuoteRequest.key });
	assert.equal(res.status, 201, res.text);
	const q = res.body;
	siteQuote = q;
	assert.equal(res.headers.get('location'), `/api/v1/quotes/${q.id}`);
	assert.match(q.id, /^quo_/);
	assert.match(q.number, /^Q-\d{6}$/);
	assert.equal(q.status, 'open');
	assert.equal(q.expires_on, '2026-07-15', 'valid for 30 days');
	assert.deepEqual(q.customer, { id: acmeId, name: 'Acme Robotics' });
	assert.equal(q.site.url, acmeSite);
	assert.equal(q.billing_account.id, bluebirdUsd);
	assert.equal(q.reseller, true);
	assert.deepEqual(q.partner_contact, { name: 'Alex Carter', email: USERS.alex });
	assert.equal(q.currency, 'USD');

	const unit = price(tracker, 'standard', 'annual', 'USD', 10);
	const list = unit * 2;
	const tierDiscount = divHalfEven(list * 2000, 10000);
	const net = list - tierDiscount;
	const tax = divHalfEven(net * 72500, 1000000);
	const [l] = q.lines;
	assert.equal(minor(l.list_price.amount), list);
	assert.deepEqual(l.discounts, [{ kind: 'partner_tier', bp: 2000, amount: { amount: (tierDiscount / 100).toFixed(2), currency: 'USD' } }]);
	assert.equal(minor(l.markup.amount), 0, 'partner quotes carry no storefront markup');
	assert.equal(minor(l.amount.amount), net);
	assert.equal(l.start_date, TODAY);
	assert.equal(l.end_date, '2027-06-15');
	assert.equal(l.action, 'new');
	assert.equal(minor(q.totals.subtotal.amount), list);
	assert.equal(minor(q.totals.discount.amount), tierDiscount);
	assert.equal(minor(q.totals.net.amount), net);
	assert.equal(q.totals.tax.rate, '7.25%');
	assert.equal(q.totals.tax.country, 'US');
	assert.equal(q.totals.tax.state, 'CA');
	assert.equal(minor(q.totals.tax.amount.amount), tax);
	assert.equal(minor(q.totals.total.amount), net + tax);
	assert.equal(q.needs_review, false);
	assert.equal(q.review_message, null);
	assert.deepEqual(q.payment_methods, ['card', 'paypal', 'bank_transfer', 'check', 'ach']);
	assert.equal(q.net30_eligible, false);
	assert.equal(q.pdf, `/api/v1/quotes/${q.id}/pdf`);
	assert.equal(count('quotes'), quotesBefore + 1);

	// SPEC rule 19: a copy of the saved quote goes to the partner user.
	const mail = sql(`SELECT recipient, template, data_json FROM outbox WHERE template = 'quote_saved'`);
	const mine = mail.find((m) => JSON.parse(m.data_json).quote_id === q.id);
	assert.ok(mine, 'an outbox row for the quote');
	assert.equal(mine.recipient, USERS.alex);
	const data = JSON.parse(mine.data_json);
	assert.equal(data.quote_number, q.number);
	assert.equal(data.total, q.totals.total.amount);
	assert.equal(data.expires_on, q.expires_on);
	assert.equal(data.link, `/api/v1/quotes/${q.id}/pdf`);

	const again = await alex.get(`/api/v1/quotes/${q.id}`);
	assert.equal(again.status, 200);
	assert.deepEqual(again.body, q, 'reading it back gives the same quote');
});

test('a quote for a new customer creates it under the partner, with its billing address', async () => {
	const res = await alex.post('/api/v1/quotes', {
		new_customer: {
			name: 'Juniper Freight',
			contact_name: 'Morgan Lee',
			email: 'morgan@juniper.example',
			address_line: '1 Dock St',
			city: 'Austin',
			postal_code: '73301',
			country: 'us',
			state: 'tx',
		},
		billing_account: bluebirdUsd,
		lines: [line()],
		technical_contact: { name: 'Sam Ortiz', email: 'sam@juniper.example' },
	});
	assert.equal(res.status, 201, res.text);
	const q = res.body;
	assert.equal(q.customer.name, 'Juniper Freight');
	assert.equal(q.currency, 'USD', 'the billing account decides the currency when none is given');
	assert.equal(q.totals.tax.rate, '6.25%');
	assert.equal(q.totals.tax.state, 'TX');
	assert.deepEqual(q.technical_contact, { name: 'Sam Ortiz', email: 'sam@juniper.example' });
	const org = one(`SELECT o.kind, p.name AS partner FROM orgs o JOIN orgs p ON p.pk = o.partner_pk WHERE o.id = '${q.customer.id}'`);
	assert.deepEqual(org, { kind: 'customer', partner: 'Bluebird Solutions' });
	const ct = one(`SELECT c.email, c.city, c.country, c.state FROM contacts c JOIN orgs o ON o.pk = c.customer_pk WHERE o.id = '${q.customer.id}'`);
	assert.deepEqual(ct, { email: 'morgan@juniper.example', city: 'Austin', country: 'US', state: 'TX' });
	// The partner now manages the customer: its filters accept it.
	const subs = await alex.get(`/api/v1/subscriptions?customer=${q.customer.id}`);
	assert.equal(subs.status, 200);
	assert.deepEqual(subs.body.data, []);
});

test('rules 1-4: an AUD quote accepts neither card nor check', async () => {
	const res = await alex.post('/api/v1/quotes', {
		customer: quokkaId,
		billing_account: bluebirdAud,
		currency: 'AUD',
		lines: [line()],
	});
	assert.equal(res.status, 201, res.text);
	assert.equal(res.body.totals.tax.label.length > 0, true);
	assert.equal(res.body.totals.tax.country, 'AU');
	assert.deepEqual(res.body.payment_methods, ['paypal', 'bank_transfer', 'ach']);
	assert.ok(!res.body.payment_methods.includes('card'));
	assert.ok(!res.body.payment_methods.includes('check'));
});

test('rule 1: net-30 opens at 10,000.00 USD and not one step below', async () => {
	// A tax-free address (Oregon) so that the total is the net: 80% of the list price.
	let found = null;
	for (const item of catalog.filter((p) => p.hosting !== 'server')) {
		for (const g of item.prices.filter((x) => x.currency === 'USD' && x.billing_period === 'annual')) {
			for (const t of g.tiers) {
				const unit = minor(t.amount);
				if (unit > 0 && 1250000 % unit === 0 && 1250000 / unit >= 2 && 1250000 / unit <= 1000)
					found ??= { item, edition: g.edition, users: t.users, unit, qty: 1250000 / unit };
			}
		}
	}
	assert.ok(found, 'a catalog price that reaches 12,500.00 list exactly');
	const quote = (qty) =>
		alex.post('/api/v1/quotes', {
			new_customer: {
				name: `Threshold ${qty}`, contact_name: 'Terry Vo', email: 'terry@threshold.example',
				address_line: '9 Pine Rd', city: 'Portland', postal_code: '97201', country: 'US', state: 'OR',
			},
			billing_account: bluebirdUsd,
			lines: [{ product: found.item.id, edition: found.edition, user_tier: found.users, billing_period: 'annual', quantity: qty }],
		});
	const at = await quote(found.qty);
	assert.equal(at.status, 201, at.text);
	assert.equal(at.body.totals.total.amount, '10000.00');
	assert.equal(at.body.net30_eligible, true);
	assert.ok(at.body.payment_methods.includes('net30'));
	const below = await quote(found.qty - 1);
	assert.equal(below.status, 201, below.text);
	assert.ok(minor(below.body.totals.total.amount) < 1000000);
	assert.equal(below.body.net30_eligible, false);
	assert.ok(!below.body.payment_methods.includes('net30'));
});

test('rule 1: a 9,999.99 USD datacenter quote cannot take net-30, a 10,000.00 USD one can', async () => {
	// Dune is unaffiliated (no discount); Cascade Timber is in Oregon (no sales tax).
	const vault = catalog.find((p) => p.code === 'HLX-VLT-DC');
	assert.ok(vault, 'the demo catalog has the hand-priced datacenter product');
	const customer = one("SELECT id FROM orgs WHERE name = 'Cascade Timber'").id;
	const account = one(
		"SELECT b.id FROM billing_accounts b JOIN orgs o ON o.pk = b.partner_pk WHERE o.name = 'Dune Resellers' AND b.currency = 'USD' LIMIT 1",
	).id;
	const quote = (users, quantity) =>
		dana.post('/api/v1/quotes', {
			customer,
			billing_account: account,
			lines: [{ product: vault.id, edition: 'standard', user_tier: users, billing_period: 'annual', quantity }],
		});
	const below = await quote(250, 3);
	assert.equal(below.status, 201, below.text);
	assert.equal(below.body.totals.total.amount, '9999.99');
	assert.equal(below.body.net30_eligible, false);
	assert.ok(!below.body.payment_methods.includes('net30'));
	const at = await quote(500, 2);
	assert.equal(at.status, 201, at.text);
	assert.equal(at.body.totals.total.amount, '10000.00');
	assert.equal(at.body.net30_eligible, true);
	assert.ok(at.body.payment_methods.includes('net30'));
});

test('rule 5: partners cannot quote monthly cloud subscriptions', async () => {
	const before = count('quotes');
	const res = await alex.post('/api/v1/quotes', {
		customer: acmeId,
		billing_account: bluebirdUsd,
		lines: [line(), line({ billing_period: 'monthly' })],
	});
	assertError(res, 422, 'monthly_cloud_not_allowed_for_partners', 'lines[1].billing_period');
	assert.equal(count('quotes'), before);
});

test('rule 6: a reseller buying through a distributor is refused', async () => {
	const before = count('quotes');
	const res = await erin.post('/api/v1/quotes', { customer: kindlingId, billing_account: emberUsd, lines: [line()] });
	assertError(res, 422, 'two_tier_reselling_not_allowed');
	assert.match(res.body.error.message, /distributor/i);
	assert.equal(count('quotes'), before);
});

test('rules 11, 12: a co-term aligns every line and holds the quote for review', async () => {
	const res = await alex.post('/api/v1/quotes', {
		customer: acmeId,
		billing_account: bluebirdUsd,
		coterm_end: '2026-12-15',
		lines: [line()],
	});
	assert.equal(res.status, 201, res.text);
	const q = res.body;
	assert.equal(q.coterm_end, '2026-12-15');
	assert.equal(q.lines[0].end_date, '2026-12-15');
	const unit = price(tracker, 'standard', 'annual', 'USD', 10);
	assert.equal(minor(q.lines[0].list_price.amount), divHalfEven(unit * 183, 365), '183 of 365 days');
	assert.equal(q.needs_review, true);
	assert.equal(q.review_message, 'Your order will be processed within one to three business days.');

	const noted = await alex.post('/api/v1/quotes', { customer: acmeId, billing_account: bluebirdUsd, notes: 'Please call first.', lines: [line()] });
	assert.equal(noted.status, 201);
	assert.equal(noted.body.needs_review, true, 'notes hold it for review too');
});

test('catalog lookups: an unknown tier, edition or currency names the line field', async () => {
	assertError(
		await alex.post('/api/v1/quotes', { customer: acmeId, billing_account: bluebirdUsd, lines: [line({ user_tier: 7 })] }),
		422, 'price_not_found', 'lines[0].user_tier',
	);
	const server = catalog.find((p) => p.hosting === 'server');
	assertError(
		await alex.post('/api/v1/quotes', {
			customer: acmeId, billing_account: bluebirdUsd,
			lines: [line(), { product: server.id, edition: 'enterprise', user_tier: 100, billing_period: 'annual' }],
		}),
		422, 'price_not_found', 'lines[1].edition',
	);
	assertError(
		await alex.post('/api/v1/quotes', { customer: acmeId, billing_account: bluebirdUsd, currency: 'EUR', lines: [line()] }),
		422, 'currency_mismatch', 'currency',
	);
	assertError(
		await alex.post('/api/v1/quotes', { customer: acmeId, billing_account: bluebirdUsd, lines: [line({ product: missingId('prd') })] }),
		404, 'not_found', 'lines[0].product',
	);
});

test('bad input is refused with 400 and creates nothing', async () => {
	const quotes = count('quotes');
	const orgs = count('orgs');
	const mails = count('outbox');
	const nc = {
		name: 'Nobody Ltd', contact_name: 'N. Body', email: 'n@nobody.example',
		address_line: '1 Road', city: 'Austin', postal_code: '73301', country: 'US', state: 'TX',
	};
	const cases = [
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [line()], colour: 'red' }, 'unknown_field', 'colour'],
		[{ customer: acmeId, billing_account: 'ba_nope', lines: [line()] }, 'invalid_value', 'billing_account'],
		[{ customer: 'acme', billing_account: bluebirdUsd, lines: [line()] }, 'invalid_value', 'customer'],
		[{ customer: acmeId, billing_account: bluebirdUsd, lines: [] }, 'out_of_range', 'lines'],
		[{ customer: acmeId, billing_account: bluebirdUsd }, 'required', 'lines'],
		[{ billing_account: bluebirdUsd, lines: [line()] }, 'customer_required', 'customer'],
		[{ customer: acmeId, site: acmeSite, billing_account: bluebirdUsd, lines: [line()] }, 'customer_ambiguous', 'customer'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line({ size: 'xl' })] }, 'unknown_field', 'lines[0].size'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line({ quantity: 1001 })] }, 'out_of_range', 'lines[0].quantity'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line({ quantity: 0 })] }, 'out_of_range', 'lines[0].quantity'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line({ product: 'sub_aaaaaaaaaaaaaaaaaaaa' })] }, 'invalid_value', 'lines[0].product'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line({ action: 'renew' })] }, 'required', 'lines[0].subscription'],
		[{ new_customer: { ...nc, email: 'not-an-email' }, billing_account: bluebirdUsd, lines: [line()] }, 'invalid_value', 'new_customer.email'],
		[{ new_customer: { ...nc, vip: true }, billing_account: bluebirdUsd, lines: [line()] }, 'unknown_field', 'new_customer.vip'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: Array(51).fill(line()) }, 'out_of_range', 'lines'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line()], notes: 'x'.repeat(2001) }, 'out_of_range', 'notes'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line()], coterm_end: '2026-13-01' }, 'invalid_value', 'coterm_end'],
		[{ new_customer: nc, billing_account: bluebirdUsd, lines: [line()], currency: 'XXX' }, 'currency_invalid', 'currency'],
		[{ new_customer: { ...nc, state: '' }, billing_account: bluebirdUsd, lines: [line()] }, 'tax_region_required', 'new_customer.state'],
	];
	for (const [body, code, field] of cases) {
		const res = await alex.post('/api/v1/quotes', body);
		assert.ok(res.status === 400, `${code} ${field}: ${res.status} ${res.text}`);
		assertError(res, 400, code, field);
	}
	assertError(await alex.post('/api/v1/quotes', { customer: missingId('org'), billing_account: bluebirdUsd, lines: [line()] }), 404, 'not_found', 'customer');
	assertError(await alex.post('/api/v1/quotes', { site: 'nowhere.example', billing_account: bluebirdUsd, lines: [line()] }), 404, 'not_found', 'site');
	assert.equal(count('quotes'), quotes, 'no quote was saved');
	assert.equal(count('orgs'), orgs, 'no customer was created');
	assert.equal(count('outbox'), mails, 'no email was queued');
});

test('tenancy: another partner gets 404, customers 403, vendor staff read everything', async () => {
	const id = siteQuote.id;
	assertError(await dana.get(`/api/v1/quotes/${id}`), 404, 'not_found');
	assertError(await dana.get(`/api/v1/quotes/${id}/pdf`), 404, 'not_found');
	assertError(await dana.post(`/api/v1/quotes/${id}/cancel`), 404, 'not_found');
	assertError(await dana.get(`/api/v1/quotes/${missingId('quo')}`), 404, 'not_found');
	assertError(await dana.get('/api/v1/quotes/nonsense'), 404, 'not_found');
	const danas = await walk(dana, '/api/v1/quotes', 50);
	assert.ok(danas.items.every((q) => q.id !== id), "Dune's list holds none of Bluebird's quotes");
	// Dune cannot quote for Bluebird's customer, site or billing account either.
	const dunaAccount = one("SELECT id FROM billing_accounts WHERE name = 'Dune Resellers'").id;
	assertError(await dana.post('/api/v1/quotes', { customer: acmeId, billing_account: dunaAccount, lines: [line()] }), 404, 'not_found', 'customer');
	assertError(await dana.post('/api/v1/quotes', { site: acmeSite, billing_account: dunaAccount, lines: [line()] }), 404, 'not_found', 'site');
	assertError(await dana.post('/api/v1/quotes', { customer: acmeId, billing_account: bluebirdUsd, lines: [line()] }), 404, 'not_found', 'billing_account');

	assertError(await pat.get('/api/v1/quotes'), 403);
	assertError(await pat.get(`/api/v1/quotes/${id}`), 403);
	assertError(await pat.post('/api/v1/quotes', { customer: acmeId, billing_account: bluebirdUsd, lines: [line()] }), 403);

	const asAdmin = await admin.get(`/api/v1/quotes/${id}`);
	assert.equal(asAdmin.status, 200);
	assert.equal(asAdmin.body.number, siteQuote.number);
});

test('list: pages, status filter', async () => {
	const all = await walk(alex, '/api/v1/quotes', 2);
	assert.ok(all.items.length >= 6);
	assert.ok(all.pages >= 3);
	assert.equal(new Set(all.items.map((q) => q.id)).size, all.items.length, 'no quote twice');
	for (const q of all.items) {
		assert.deepEqual(
			Object.keys(q).sort(),
			['billing_account', 'created_at', 'currency', 'customer', 'expires_on', 'id', 'needs_review', 'number', 'partner', 'status', 'total'],
		);
		assert.equal(q.partner.name, 'Bluebird Solutions');
	}
	const open = await alex.get('/api/v1/quotes?status=open');
	assert.equal(open.status, 200);
	assert.ok(open.body.data.every((q) => q.status === 'open'));
	assertError(await alex.get('/api/v1/quotes?status=lost'), 400, 'invalid_value', 'status');
	assertError(await alex.get('/api/v1/quotes?limit=0'), 400, 'out_of_range', 'limit');
	assertError(await alex.get('/api/v1/quotes?after=zzz'), 400, 'invalid_cursor', 'after');
	assertError(await alex.get('/api/v1/quotes?sort=x'), 400, 'unknown_parameter', 'sort');
	const vendor = await walk(admin, '/api/v1/quotes', 200);
	assert.ok(vendor.items.length >= all.items.length);
});

test('the PDF is a real PDF', async () => {
	const res = await fetch(srv.baseUrl + siteQuote.pdf, { headers: { cookie: alex.cookie } });
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('content-type'), 'application/pdf');
	const bytes = Buffer.from(await res.arrayBuffer());
	assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
	assert.ok(bytes.subarray(-8).toString('latin1').includes('%%EOF'));
	assert.ok(bytes.length > 1000);
});

test('cancel: open quotes only', async () => {
	const res = await alex.post(`/api/v1/quotes/${siteQuote.id}/cancel`);
	assert.equal(res.status, 200, res.text);
	assert.equal(res.body.status, 'cancelled');
	assertError(await alex.post(`/api/v1/quotes/${siteQuote.id}/cancel`), 409, 'quote_not_open');
	assertError(await alex.post(`/api/v1/quotes/${siteQuote.id}/cancel`, { reason: 'x' }), 400, 'unknown_field', 'reason');
	const cancelled = await alex.get('/api/v1/quotes?status=cancelled');
	assert.ok(cancelled.body.data.some((q) => q.id === siteQuote.id));
	const audit = sql(`SELECT action FROM audit_events WHERE object_id = '${siteQuote.id}' ORDER BY pk`).map((r) => r.action);
	assert.deepEqual(audit, ['quote.create', 'quote.cancel']);

	// A retry of the creation replays its status and shows the quote as it is now.
	const quotes = count('quotes');
	const replay = await alex.post('/api/v1/quotes', siteQuoteRequest.body, { idempotencyKey: siteQuoteRequest.key });
	assert.equal(replay.status, 201, replay.text);
	assert.equal(replay.headers.get('idempotent-replayed'), 'true');
	assert.equal(replay.body.id, siteQuote.id);
	assert.equal(replay.body.number, siteQuote.number);
	assert.equal(replay.body.status, 'cancelled');
	assert.equal(count('quotes'), quotes, 'no second quote');
	// The key stores which quote it made, not a copy of the reply.
	const [stored] = sql(`SELECT reply_kind, reply_id, body FROM idempotency_keys WHERE key = '${siteQuoteRequest.key}'`);
	assert.deepEqual(stored, { reply_kind: 'quote', reply_id: siteQuote.id, body: '' });

	// Should the resource not be readable (the key edited here to name a quote that is not
	// there), the replay still answers the write's status and the id, never an error.
	const ghost = 'quo_aaaaaaaaaaaaaaaaaaaa';
	execFileSync('sqlite3', [join(srv.dir, 't.db'), `UPDATE idempotency_keys SET reply_id = '${ghost}' WHERE key = '${siteQuoteRequest.key}'`]);
	const lost = await alex.post('/api/v1/quotes', siteQuoteRequest.body, { idempotencyKey: siteQuoteRequest.key });
	assert.equal(lost.status, 201, lost.text);
	assert.equal(lost.headers.get('idempotent-replayed'), 'true');
	assert.deepEqual(lost.body, { id: ghost });
});
