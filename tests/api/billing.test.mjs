// Billing: invoices, payments (SPEC rules 2-4), execution of the paid
// order (a datacenter license with a signed key, rules 10 and 13; an
// annual cloud subscription without a site, rule 15), license key
// visibility (rule 13), offline verification with `tessera license`,
// idempotent payments, refunds and their window (rule 9), tenancy and
// bad input.
//
// The orders and invoices are fixtures written into the database before
// the server starts, so that these tests depend only on billing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, assertError, missingId, newKey, walk, USERS } from './harness.mjs';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
// A well-formed id for fixture n of a kind: prefix_ + 20 id characters.
function fid(prefix, n) {
	let tail = 'fixture';
	let v = n;
	for (let i = 0; i < 5; i++) {
		tail += ALPHABET[v % 32];
		v = Math.floor(v / 32);
	}
	return `${prefix}_${tail.padEnd(20, 'a')}`;
}

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ORG = (name) => `(SELECT pk FROM orgs WHERE name = ${q(name)})`;
const BA = (name) => `(SELECT pk FROM billing_accounts WHERE name = ${q(name)})`;
const USER = (email) => `(SELECT pk FROM users WHERE email = ${q(email)})`;
const PRODUCT = (code) => `(SELECT pk FROM products WHERE code = ${q(code)})`;
const T0 = '2026-06-01T00:00:00Z';

// An order with its lines and invoice (and a quote, a payment when paid).
function orderSql(f) {
	const n = f.n;
	const cur = f.currency ?? 'USD';
	const net = f.lines.reduce((s, l) => s + l.amount, 0);
	const tax = f.tax ?? 0;
	const total = net + tax;
	const sql = [];
	let quotePk = 'NULL';
	if (f.quoteTech !== undefined) {
		sql.push(
			`INSERT INTO quotes (id, number, partner_pk, customer_pk, billing_account_pk, site_pk, ` +
				`created_by_user_pk, status, currency, technical_contact_name, technical_contact_email, ` +
				`tax_country, tax_rate_ppm, subtotal_minor, discount_minor, net_minor, tax_minor, total_minor, ` +
				`expires_on, created_at) VALUES (${q(fid('quo', n))}, ${q(`Q-9${n}`)}, ${ORG(f.partner)}, ` +
				`${ORG(f.customer)}, ${BA(f.account)}, NULL, ${USER(f.placedBy)}, 'ordered', ${q(cur)}, ` +
				`${q(f.quoteTech.name)}, ${q(f.quoteTech.email)}, 'US', 72500, ${net}, 0, ${net}, ${tax}, ` +
				`${total}, '2026-07-15', ${q(T0)});`,
		);
		quotePk = `(SELECT pk FROM quotes WHERE number = ${q(`Q-9${n}`)})`;
	}
	sql.push(
		`INSERT INTO orders (id, number, quote_pk, origin, partner_pk, customer_pk, billing_account_pk, ` +
			`placed_by_user_pk, status, currency, tax_rate_ppm, subtotal_minor, discount_minor, net_minor, ` +
			`tax_minor, total_minor, created_at, updated_at) VALUES (${q(fid('ord', n))}, ${q(`O-9${n}`)}, ` +
			`${quotePk}, 'partner', ${ORG(f.partner)}, ${ORG(f.customer)}, ${BA(f.account)}, ` +
			`${USER(f.placedBy)}, ${q(f.status ?? 'in_progress')}, ${q(cur)}, 72500, ${net}, 0, ${net}, ` +
			`${tax}, ${total}, ${q(T0)}, ${q(T0)});`,
	);
	const orderPk = `(SELECT pk FROM orders WHERE number = ${q(`O-9${n}`)})`;
	f.lines.forEach((l, i) => {
		sql.push(
			`INSERT INTO order_lines (order_pk, line_no, action, product_pk, edition, user_tier, period, ` +
				`quantity, unit_minor, list_minor, amount_minor) VALUES (${orderPk}, ${i + 1}, ` +
				`${q(l.action ?? 'new')}, ${PRODUCT(l.code)}, ${q(l.edition ?? 'standard')}, ${l.tier ?? 50}, ` +
				`${q(l.period ?? 'annual')}, ${l.qty ?? 1}, ${l.amount}, ${l.amount}, ${l.amount});`,
		);
	});
	const inv = f.invoice ?? {};
	sql.push(
		`INSERT INTO invoices (id, number, order_pk, partner_pk, customer_pk, billing_account_pk, currency, ` +
			`net_minor, tax_minor, total_minor, terms, issued_on, due_on, status, paid_on, created_at) VALUES ` +
			`(${q(fid('inv', n))}, ${q(`INV-9${n}`)}, ${orderPk}, ${ORG(f.partner)}, ${ORG(f.customer)}, ` +
			`${BA(f.account)}, ${q(cur)}, ${net}, ${tax}, ${total}, 'due_on_receipt', '2026-05-01', ` +
			`'2026-05-01', ${q(inv.paidOn ? 'paid' : 'open')}, ${inv.paidOn ? q(inv.paidOn) : 'NULL'}, ${q(T0)});`,
	);
	if (inv.paidOn) {
		sql.push(
			`INSERT INTO payments (id, invoice_pk, method, amount_minor, currency, paid_on, ` +
				`recorded_by_user_pk, created_at) VALUES (${q(fid('pay', n))}, ` +
				`(SELECT pk FROM invoices WHERE number = ${q(`INV-9${n}`)}), 'bank_transfer', ${total}, ` +
				`${q(cur)}, ${q(inv.paidOn)}, ${USER(f.placedBy)}, ${q(T0)});`,
		);
	}
	return sql.join('\n');
}

const ACME = { customer: 'Acme Robotics', partner: 'Bluebird Solutions', account: 'Bluebird Solutions US', placedBy: USERS.alex };
const QUOKKA = { customer: 'Quokka Media', partner: 'Bluebird Solutions', account: 'Bluebird Solutions Australia', placedBy: USERS.alex };

const FIX = {
	// A datacenter license bought through a quote naming pat as technical contact.
	dc: { n: 1, ...ACME, quoteTech: { name: 'Pat Reyes', email: USERS.pat }, tax: 72500, lines: [{ code: 'HLX-TRK-DC', edition: 'enterprise', tier: 500, amount: 1000000 }] },
	// SPEC rule 3: an AUD order.
	aud: { n: 2, ...QUOKKA, currency: 'AUD', lines: [{ code: 'HLX-TRK-C', tier: 100, amount: 500000 }] },
	// SPEC rule 2: a monthly cloud order.
	monthly: { n: 3, ...ACME, lines: [{ code: 'HLX-WIKI-C', tier: 25, period: 'monthly', amount: 12000 }] },
	// Paid 30 and 31 days before today (2026-06-15): SPEC rule 9.
	day30: { n: 4, ...ACME, status: 'executed', invoice: { paidOn: '2026-05-16' }, lines: [{ code: 'HLX-WIKI-S', amount: 300000 }] },
	day31: { n: 5, ...ACME, status: 'executed', invoice: { paidOn: '2026-05-15' }, lines: [{ code: 'HLX-WIKI-S', amount: 300000 }] },
	// Paid on 2026-04-20: a monthly cloud purchase is refundable until 30 days
	// after its first paid period (ends 2026-05-20), an annual one is not.
	monthlyOld: { n: 7, ...ACME, status: 'executed', invoice: { paidOn: '2026-04-20' }, lines: [{ code: 'HLX-WIKI-C', period: 'monthly', amount: 12000 }] },
	annualOld: { n: 8, ...ACME, status: 'executed', invoice: { paidOn: '2026-04-20' }, lines: [{ code: 'HLX-WIKI-C', amount: 120000 }] },
	// Waiting for review: not executable, so not payable.
	review: { n: 6, ...ACME, status: 'pending_review', lines: [{ code: 'HLX-TRK-DC', amount: 200000 }] },
};

// A second customer contact of Acme who is nobody's technical contact
// (pat's password hash, so the demo password works), and a license of the
// day-30 order that its refund must mark refunded.
const EXTRA_SQL = `
INSERT INTO users (id, email, name, password_hash, created_at)
  SELECT ${q(fid('usr', 1))}, 'sam@acme.example', 'Sam Ortiz', password_hash, created_at FROM users WHERE email = ${q(USERS.pat)};
INSERT INTO memberships (user_pk, org_pk, role, created_at) VALUES (${USER('sam@acme.example')}, ${ORG('Acme Robotics')}, 'customer_contact', ${q(T0)});
INSERT INTO contacts (id, customer_pk, user_pk, name, email, created_at) VALUES (${q(fid('con', 1))}, ${ORG('Acme Robotics')}, ${USER('sam@acme.example')}, 'Sam Ortiz', 'sam@acme.example', ${q(T0)});
INSERT INTO licenses (id, sen, customer_pk, purchaser_partner_pk, order_pk, product_pk, edition, user_tier, license_key, maintenance_start, maintenance_end, state, created_at, updated_at)
  VALUES (${q(fid('lic', 4))}, 'SEN-FIXTURE-4', ${ORG('Acme Robotics')}, ${ORG('Bluebird Solutions')}, (SELECT pk FROM orders WHERE number = 'O-94'), ${PRODUCT('HLX-WIKI-S')}, 'standard', 50, 'TK1.Zml4dHVyZQ.Zml4dHVyZQ', '2026-05-16', '2027-05-16', 'active', ${q(T0)}, ${q(T0)});
`;

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout;
}

function tessera(args) {
	const r = spawnSync(process.env.TESSERA_BIN, args, { encoding: 'utf8', env: { ...process.env } });
	assert.ok(!/AddressSanitizer|runtime error:/.test(r.stderr), r.stderr);
	return r;
}

let srv;
let admin, support, alex, casey, pat, robin, sam;

before(async () => {
	srv = await startServer({
		beforeServe: async (db) => {
			sqlite(db, Object.values(FIX).map(orderSql).join('\n') + EXTRA_SQL);
		},
	});
	[admin, support, alex, casey, pat, robin] = await Promise.all(
		[USERS.admin, USERS.support, USERS.alex, USERS.casey, USERS.pat, USERS.robin].map((u) => srv.as(u)),
	);
	sam = await srv.login('sam@acme.example');
});
after(async () => {
	await srv?.stop();
});

const inv = (f) => fid('inv', f.n);
const pay = (client, f, body, opts) => client.post(`/api/v1/invoices/${inv(f)}/payments`, body, opts);

test('invoices: a partner lists its own, the vendor all; customers are refused', async () => {
	const mine = await alex.get('/api/v1/invoices');
	assert.equal(mine.status, 200, mine.text);
	const ids = mine.body.data.map((i) => i.id);
	for (const f of Object.values(FIX)) assert.ok(ids.includes(inv(f)), `alex sees ${inv(f)}`);
	assert.ok(mine.body.data.every((i) => i.partner.name === 'Bluebird Solutions'));

	const theirs = await casey.get('/api/v1/invoices');
	assert.equal(theirs.status, 200);
	assert.ok(!theirs.body.data.some((i) => ids.includes(i.id)), 'another partner sees none of them');

	const all = await admin.get('/api/v1/invoices?limit=200');
	assert.equal(all.status, 200);
	assert.ok(ids.every((id) => all.body.data.some((i) => i.id === id)));

	// By status: each page holds only that status, and the statuses together are the whole list.
	const byStatus = {};
	for (const st of ['open', 'paid', 'void', 'refunded']) {
		const { items } = await walk(admin, `/api/v1/invoices?status=${st}`, 50);
		assert.ok(items.every((i) => i.status === st), `only ${st} invoices`);
		byStatus[st] = items.length;
	}
	const { items: every } = await walk(admin, '/api/v1/invoices', 50);
	assert.equal(Object.values(byStatus).reduce((a, b) => a + b, 0), every.length);
	assert.ok(byStatus.open > 0 && byStatus.paid > 0, JSON.stringify(byStatus));

	const page = await admin.get('/api/v1/invoices?limit=2');
	assert.equal(page.body.data.length, 2);
	assert.equal(typeof page.body.next, 'string');
	const next = await admin.get(`/api/v1/invoices?limit=2&after=${encodeURIComponent(page.body.next)}`);
	assert.equal(next.status, 200);
	assert.notEqual(next.body.data[0].id, page.body.data[0].id);

	assertError(await pat.get('/api/v1/invoices'), 403);
	assertError(await pat.get(`/api/v1/invoices/${inv(FIX.dc)}`), 403);
});

test('invoice detail: lines, tax, terms, due date and accepted methods (rules 2-4)', async () => {
	const res = await alex.get(`/api/v1/invoices/${inv(FIX.dc)}`);
	assert.equal(res.status, 200, res.text);
	const v = res.body;
	assert.equal(v.number, 'INV-91');
	assert.equal(v.status, 'open');
	assert.equal(v.order.status, 'in_progress');
	assert.deepEqual(v.net, { amount: '10000.00', currency: 'USD' });
	assert.deepEqual(v.tax, { amount: '725.00', currency: 'USD' });
	assert.deepEqual(v.total, { amount: '10725.00', currency: 'USD' });
	assert.equal(v.terms, 'due_on_receipt');
	assert.equal(v.due_on, '2026-05-01');
	assert.equal(v.lines.length, 1);
	assert.equal(v.lines[0].product.hosting, 'datacenter');
	assert.deepEqual(v.accepted_payment_methods, ['card', 'paypal', 'bank_transfer', 'check', 'ach']);
	assert.equal(v.payment, null);
	assert.deepEqual(v.refunds, []);

	const aud = await alex.get(`/api/v1/invoices/${inv(FIX.aud)}`);
	assert.deepEqual(aud.body.accepted_payment_methods, ['paypal', 'bank_transfer', 'ach']);
	const monthly = await alex.get(`/api/v1/invoices/${inv(FIX.monthly)}`);
	assert.deepEqual(monthly.body.accepted_payment_methods, ['card']);
});

test('invoice PDF', async () => {
	const res = await alex.get(`/api/v1/invoices/${inv(FIX.dc)}/pdf`);
	assert.equal(res.status, 200, res.text);
	assert.match(res.headers.get('content-type') ?? '', /^application\/pdf/);
	assert.ok(res.text.startsWith('%PDF-'), 'a PDF document');
	assertError(await casey.get(`/api/v1/invoices/${inv(FIX.dc)}/pdf`), 404);
});

test('rule 3: an AUD order refuses card (and check); bank transfer executes it', async () => {
	const card = await pay(alex, FIX.aud, { method: 'card' });
	// The refusal names the field of this request, method.
	assertError(card, 422, 'payment_method_not_allowed', 'method');
	assertError(await pay(alex, FIX.aud, { method: 'check' }), 422, 'payment_method_not_allowed', 'method');
	const still = await alex.get(`/api/v1/invoices/${inv(FIX.aud)}`);
	assert.equal(still.body.status, 'open', 'a refused payment changes nothing');

	const ok = await pay(alex, FIX.aud, { method: 'bank_transfer', reference: 'BT-1' });
	assert.equal(ok.status, 201, ok.text);
	assert.equal(ok.body.payment.method, 'bank_transfer');
	assert.deepEqual(ok.body.payment.amount, { amount: '5000.00', currency: 'AUD' });
	assert.equal(ok.body.invoice.status, 'paid');
	assert.equal(ok.body.order.status, 'executed');
	assert.equal(ok.body.subscriptions.length, 1);
	assert.equal(ok.body.licenses.length, 0);

	// SPEC rules 13, 15: the annual term runs from the payment date; no site yet.
	const sub = await alex.get(`/api/v1/subscriptions/${ok.body.subscriptions[0].id}`);
	assert.equal(sub.status, 200, sub.text);
	assert.equal(sub.body.start_date, '2026-06-15');
	assert.equal(sub.body.bill_date, '2027-06-15');
	assert.equal(sub.body.status, 'active');
	assert.equal(sub.body.site_setup_required, true);
	assert.equal(sub.body.status_text, 'Site setup required');
	assert.match(sub.body.sen, /^SEN-5\d{7}$/);
	const hist = await alex.get(`/api/v1/subscriptions/${sub.body.id}/history`);
	assert.ok(hist.body.data.some((e) => e.kind === 'created' && e.quantity === 1));
});

test('rule 2: a monthly cloud order is paid by card only', async () => {
	assertError(await pay(alex, FIX.monthly, { method: 'bank_transfer' }), 422, 'payment_method_not_allowed', 'method');
	assertError(await pay(alex, FIX.monthly, { method: 'paypal' }), 422, 'payment_method_not_allowed', 'method');
	const ok = await pay(admin, FIX.monthly, { method: 'card' });
	assert.equal(ok.status, 201, ok.text);
	const sub = await alex.get(`/api/v1/subscriptions/${ok.body.subscriptions[0].id}`);
	assert.equal(sub.body.billing_period, 'monthly');
	assert.equal(sub.body.bill_date, '2026-07-15');
});

let license; // the datacenter license, as its purchaser partner sees it
let paidPaymentId;

test('paying a datacenter order issues a license; a retry with the same key replays', async () => {
	const key = newKey('pay');
	const first = await pay(alex, FIX.dc, { method: 'ach', reference: 'ACH-77' }, { idempotencyKey: key });
	assert.equal(first.status, 201, first.text);
	assert.equal(first.body.order.status, 'executed');
	assert.equal(first.body.licenses.length, 1);
	assert.equal(first.body.subscriptions.length, 0);
	assert.deepEqual(first.body.payment.amount, { amount: '10725.00', currency: 'USD' });
	paidPaymentId = first.body.payment.id;

	const again = await pay(alex, FIX.dc, { method: 'ach', reference: 'ACH-77' }, { idempotencyKey: key });
	assert.equal(again.status, 201, again.text);
	assert.equal(again.headers.get('idempotent-replayed'), 'true');
	assert.equal(again.body.payment.id, paidPaymentId, 'the same payment, not a second one');
	assert.deepEqual(again.body, first.body, 'nothing changed since: the same reply');

	const payments = sqlite(srv.db, `SELECT count(*) FROM payments WHERE invoice_pk = (SELECT pk FROM invoices WHERE id = ${q(inv(FIX.dc))});`);
	assert.equal(payments.trim(), '1');
	const lics = sqlite(srv.db, `SELECT count(*) FROM licenses WHERE order_pk = (SELECT pk FROM orders WHERE number = 'O-91');`);
	assert.equal(lics.trim(), '1', 'one license, not two');

	// Without the key, a second payment finds the invoice paid.
	assertError(await pay(alex, FIX.dc, { method: 'ach' }), 409, 'invoice_not_open');

	const res = await alex.get(`/api/v1/licenses/${first.body.licenses[0].id}`);
	assert.equal(res.status, 200, res.text);
	license = res.body;
	assert.match(license.sen, /^SEN-5\d{7}$/);
	assert.equal(license.product.code, 'HLX-TRK-DC');
	assert.equal(license.edition, 'enterprise');
	assert.equal(license.user_tier, 500);
	// SPEC rule 10: 12 months of maintenance from the purchase.
	assert.equal(license.maintenance_start, '2026-06-15');
	assert.equal(license.maintenance_end, '2027-06-15');
	assert.equal(license.state, 'active');
	assert.equal(license.original_purchaser.name, 'Bluebird Solutions');
	assert.deepEqual(license.technical_contacts.map((c) => [c.email, c.primary]), [[USERS.pat, true]]);
	assert.equal(license.license_key_visible, true);
	assert.match(license.license_key, /^TK1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

	// SPEC rule 19: the key is delivered to the technical contact; the confirmation to the buyer.
	const mail = sqlite(srv.db, `SELECT recipient, template, data_json FROM outbox WHERE template IN ('license_key', 'order_executed') ORDER BY pk;`);
	assert.match(mail, new RegExp(`${USERS.pat}\\|license_key\\|.*${license.sen}`));
	assert.match(mail, new RegExp(`${USERS.alex}\\|order_executed\\|.*O-91`));
	assert.ok(!mail.includes(license.license_key), 'the email links to the key rather than carrying it');
});

test('rule 13: the key is visible to the technical contact and the original purchaser only', async () => {
	const path = `/api/v1/licenses/${license.id}`;
	const asPat = await pat.get(path);
	assert.equal(asPat.status, 200);
	assert.equal(asPat.body.license_key, license.license_key, 'technical contact');

	const asSam = await sam.get(path);
	assert.equal(asSam.status, 200, 'another contact of the customer sees the license');
	assert.equal(asSam.body.license_key, null);
	assert.equal(asSam.body.license_key_visible, false);

	assertError(await casey.get(path), 404, 'not_found');
	assertError(await robin.get(path), 404, 'not_found');

	const asSupport = await support.get(path);
	assert.equal(asSupport.status, 200);

	const list = await pat.get('/api/v1/licenses');
	assert.equal(list.status, 200);
	assert.ok(list.body.data.some((l) => l.id === license.id));
	const other = await casey.get('/api/v1/licenses');
	assert.ok(!other.body.data.some((l) => l.id === license.id));
});

test('tessera license verifies the key offline and refuses an altered one', async () => {
	const pk = tessera(['license', 'public-key', '--db', srv.db]);
	assert.equal(pk.status, 0, pk.stderr);
	const hex = pk.stdout.trim();
	assert.match(hex, /^[0-9a-f]{64}$/);

	const ok = tessera(['license', 'verify', license.license_key, '--public-key', hex]);
	assert.equal(ok.status, 0, ok.stdout + ok.stderr);
	assert.match(ok.stdout, new RegExp(`sen: ${license.sen}`));
	assert.match(ok.stdout, /product: HLX-TRK-DC/);
	assert.match(ok.stdout, /edition: enterprise/);
	assert.match(ok.stdout, /user_tier: 500/);
	assert.match(ok.stdout, /maintenance_end: 2027-06-15/);
	assert.match(ok.stdout, /licensee: Acme Robotics/);

	const viaDb = tessera(['license', 'verify', license.license_key, '--db', srv.db]);
	assert.equal(viaDb.status, 0, viaDb.stdout + viaDb.stderr);

	// One byte changed in the signed payload.
	const k = license.license_key;
	const i = 10;
	const altered = k.slice(0, i) + (k[i] === 'A' ? 'B' : 'A') + k.slice(i + 1);
	const bad = tessera(['license', 'verify', altered, '--public-key', hex]);
	assert.equal(bad.status, 1, bad.stdout + bad.stderr);
	assert.match(bad.stdout, /^invalid: /);

	const help = tessera(['license', 'verify', '--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /Usage: tessera license verify/);
	assert.equal(tessera(['license', 'verify']).status, 2);
});

test('an order waiting for review is not executable: the payment is refused whole', async () => {
	assertError(await pay(admin, FIX.review, { method: 'card' }), 409);
	const v = await admin.get(`/api/v1/invoices/${inv(FIX.review)}`);
	assert.equal(v.body.status, 'open');
	assert.equal(v.body.payment, null);
});

test('rule 9: a refund on day 30 is granted, on day 31 refused', async () => {
	const late = await admin.post(`/api/v1/invoices/${inv(FIX.day31)}/refunds`, { reason: 'Bought by mistake' });
	assertError(late, 422, 'refund_window_closed');
	assert.match(late.body.error.message, /2026-06-14/, 'the last allowed date');

	const ok = await admin.post(`/api/v1/invoices/${inv(FIX.day30)}/refunds`, { reason: 'Bought by mistake' });
	assert.equal(ok.status, 201, ok.text);
	assert.match(ok.body.refund.credit_note.number, /^CN-\d{6}$/);
	assert.deepEqual(ok.body.refund.amount, { amount: '3000.00', currency: 'USD' });
	assert.equal(ok.body.invoice.status, 'refunded');
	assert.equal(ok.body.invoice.refunds.length, 1);
	assert.equal(ok.body.invoice.refunds[0].reason, 'Bought by mistake');

	const lic = await admin.get(`/api/v1/licenses/${fid('lic', 4)}`);
	assert.equal(lic.body.state, 'refunded');

	assertError(await admin.post(`/api/v1/invoices/${inv(FIX.day30)}/refunds`, { reason: 'again' }), 409, 'invoice_not_paid');
	assertError(await admin.post(`/api/v1/invoices/${inv(FIX.review)}/refunds`, { reason: 'x' }), 409, 'invoice_not_paid');
});

test('rule 9: monthly cloud counts from the end of the first paid period, annual from the payment', async () => {
	const annual = await admin.post(`/api/v1/invoices/${inv(FIX.annualOld)}/refunds`, { reason: 'late' });
	assertError(annual, 422, 'refund_window_closed');
	assert.match(annual.body.error.message, /2026-05-20/);
	const monthly = await admin.post(`/api/v1/invoices/${inv(FIX.monthlyOld)}/refunds`, { reason: 'in time' });
	assert.equal(monthly.status, 201, monthly.text);
	assert.equal(monthly.body.invoice.status, 'refunded');
});

test('refunding a paid cloud order cancels what it bought', async () => {
	const v = await admin.get(`/api/v1/invoices/${inv(FIX.aud)}`);
	assert.equal(v.body.status, 'paid');
	const res = await admin.post(`/api/v1/invoices/${inv(FIX.aud)}/refunds`, { reason: 'Customer changed plans' });
	assert.equal(res.status, 201, res.text);
	const subs = sqlite(srv.db, `SELECT s.state FROM subscriptions s JOIN order_lines l ON l.subscription_pk = s.pk JOIN orders o ON o.pk = l.order_pk WHERE o.number = 'O-92';`);
	assert.equal(subs.trim(), 'cancelled');
});

test('who may pay and refund; tenancy answers 404', async () => {
	assertError(await pay(casey, FIX.dc, { method: 'card' }), 404, 'not_found');
	assertError(await pay(support, FIX.dc, { method: 'card' }), 403);
	assertError(await pay(pat, FIX.dc, { method: 'card' }), 403);
	assertError(await alex.post(`/api/v1/invoices/${inv(FIX.dc)}/refunds`, { reason: 'x' }), 403);
	assertError(await casey.get(`/api/v1/invoices/${inv(FIX.dc)}`), 404, 'not_found');
	assertError(await alex.get(`/api/v1/invoices/${missingId('inv')}`), 404, 'not_found');
	assertError(await alex.get('/api/v1/invoices/not-an-id'), 404, 'not_found');
	assertError(await pat.get(`/api/v1/licenses/${missingId('lic')}`), 404, 'not_found');
});

test('bad input is refused with 400 and changes nothing', async () => {
	const f = FIX.monthly;
	assertError(await pay(alex, f, { method: 'bitcoin' }), 400, undefined, 'method');
	assertError(await pay(alex, f, {}), 400, undefined, 'method');
	assertError(await pay(alex, f, { method: 'card', tip: 1 }), 400);
	assertError(await pay(alex, f, { method: 'card', reference: 7 }), 400, undefined, 'reference');
	assertError(await pay(alex, f, undefined, { raw: '{"method":', contentType: 'application/json' }), 400);
	assertError(await admin.post(`/api/v1/invoices/${inv(FIX.day31)}/refunds`, {}), 400, undefined, 'reason');
	assertError(await admin.post(`/api/v1/invoices/${inv(FIX.day31)}/refunds`, { reason: '' }), 400, undefined, 'reason');
	assertError(await alex.get('/api/v1/invoices?limit=0'), 400);
	assertError(await alex.get('/api/v1/invoices?after=zzz'), 400);
	assertError(await alex.get('/api/v1/invoices?status=unpaid'), 400, undefined, 'status');
	assertError(await alex.get('/api/v1/invoices?state=open'), 400, 'unknown_parameter', 'state');
	assertError(await pat.get('/api/v1/licenses?limit=500'), 400);
	assertError(await alex.get(`/api/v1/invoices/${inv(FIX.dc)}?x=1`), 400);
});

test('end to end: quote -> order -> payment issues the license to the quote\'s technical contact', async () => {
	const cat = await alex.get('/api/v1/catalog/products');
	assert.equal(cat.status, 200, cat.text);
	const dc = cat.body.data.find((p) => p.code === 'HLX-TRK-DC');
	const price = dc.prices.find((g) => g.currency === 'USD' && g.billing_period === 'annual');
	assert.ok(price, 'a USD annual price for the datacenter product');
	const acme = pat.session.org.id;
	const ba = (await alex.get(`/api/v1/invoices/${inv(FIX.dc)}`)).body.billing_account_id;
	const quote = await alex.post(
		'/api/v1/quotes',
		{
			customer: acme,
			billing_account: ba,
			technical_contact: { name: 'Robin Ops', email: 'ops@acme.example' },
			lines: [{ product: dc.id, edition: price.edition, user_tier: price.tiers[0].users, billing_period: 'annual' }],
		},
		{ idempotencyKey: newKey('q') },
	);
	assert.equal(quote.status, 201, quote.text);
	const order = await alex.post(`/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'bank_transfer' }, { idempotencyKey: newKey('o') });
	assert.equal(order.status, 201, order.text);
	assert.equal(order.body.status, 'in_progress');
	const invoiceId = order.body.invoice.id;

	const paid = await alex.post(`/api/v1/invoices/${invoiceId}/payments`, { method: 'bank_transfer' }, { idempotencyKey: newKey('p') });
	assert.equal(paid.status, 201, paid.text);
	assert.equal(paid.body.order.status, 'executed');
	assert.equal(paid.body.licenses.length, 1);
	const o = await alex.get(`/api/v1/orders/${order.body.id}`);
	assert.equal(o.body.status, 'executed');

	// The quote's technical contact became a contact of the customer and of the license.
	const lic = await alex.get(`/api/v1/licenses/${paid.body.licenses[0].id}`);
	assert.deepEqual(lic.body.technical_contacts.map((c) => c.email), ['ops@acme.example']);
	assert.equal(lic.body.maintenance_end, '2027-06-15');
	const mail = sqlite(srv.db, `SELECT count(*) FROM outbox WHERE recipient = 'ops@acme.example' AND template = 'license_key';`);
	assert.equal(mail.trim(), '1');
	// Pat is not a technical contact of this one.
	const asPat = await pat.get(`/api/v1/licenses/${lic.body.id}`);
	assert.equal(asPat.body.license_key, null);
});

test('end to end: a storefront purchase of more licenses is applied when paid', async () => {
	const subs = (await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200')).body.data;
	const tracker = subs.find((s) => s.product.name === 'Helix Tracker');
	const placed = await pat.post(`/api/v1/subscriptions/${tracker.id}/actions`, { action: 'buy_licenses', quantity: 2, payment_method: 'card' }, { idempotencyKey: newKey('a') });
	assert.equal(placed.status, 201, placed.text);
	const approved = await alex.post(`/api/v1/orders/${placed.body.id}/approve`, {}, { idempotencyKey: newKey('a') });
	assert.equal(approved.status, 200, approved.text);
	const paid = await alex.post(`/api/v1/invoices/${approved.body.invoice.id}/payments`, { method: 'card' }, { idempotencyKey: newKey('p') });
	assert.equal(paid.status, 201, paid.text);
	const after = await pat.get(`/api/v1/subscriptions/${tracker.id}`);
	assert.equal(after.body.quantity, tracker.quantity + 2);
	const hist = await pat.get(`/api/v1/subscriptions/${tracker.id}/history`);
	assert.ok(hist.body.data.some((e) => e.kind === 'licenses_added' && e.quantity === 2));
});
