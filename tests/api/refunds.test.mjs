// SPEC rule 9 where the date a window counts from is not the payment
// being refunded: a monthly cloud subscription paid twice is refundable up
// to 30 days after its first paid period, whichever invoice is refunded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { startServer, assertError, USERS } from './harness.mjs';

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ORG = (name) => `(SELECT pk FROM orgs WHERE name = ${q(name)})`;
const BA = `(SELECT pk FROM billing_accounts WHERE name = 'Bluebird Solutions US')`;
const ALEX = `(SELECT pk FROM users WHERE email = ${q(USERS.alex)})`;
const T0 = '2026-04-01T00:00:00Z';
// A well-formed id (20 characters of the id alphabet, which has no l, o, 0 or 1).
const fid = (prefix, tag) => `${prefix}_${('rfndmnthy' + tag).padEnd(20, 'a')}`;
const SUB = fid('sub', 'x');
const TAG = { 1: 'b', 2: 'c' };

// A monthly cloud Wiki of Acme's, first paid on 2026-04-01 (first paid
// period to 2026-05-01, refundable through 2026-05-31) and paid again for
// June on 2026-06-01.
function paidOrder(n, paidOn) {
	const order = `(SELECT pk FROM orders WHERE number = 'O-8${n}')`;
	return [
		`INSERT INTO orders (id, number, origin, partner_pk, customer_pk, billing_account_pk, placed_by_user_pk, ` +
			`status, currency, tax_rate_ppm, subtotal_minor, discount_minor, net_minor, tax_minor, total_minor, ` +
			`created_at, updated_at) VALUES (${q(fid('ord', TAG[n]))}, 'O-8${n}', 'partner', ` +
			`${ORG('Bluebird Solutions')}, ${ORG('Acme Robotics')}, ${BA}, ${ALEX}, 'executed', 'USD', 0, ` +
			`12000, 0, 12000, 0, 12000, ${q(T0)}, ${q(T0)});`,
		`INSERT INTO order_lines (order_pk, line_no, action, product_pk, edition, user_tier, period, quantity, ` +
			`subscription_pk, unit_minor, list_minor, amount_minor) VALUES (${order}, 1, ` +
			`${n === 1 ? "'new'" : "'renew'"}, (SELECT pk FROM products WHERE code = 'HLX-WIKI-C'), ` +
			`'standard', 25, 'monthly', 1, (SELECT pk FROM subscriptions WHERE id = ${q(SUB)}), 12000, 12000, 12000);`,
		`INSERT INTO invoices (id, number, order_pk, partner_pk, customer_pk, billing_account_pk, currency, ` +
			`net_minor, tax_minor, total_minor, terms, issued_on, due_on, status, paid_on, created_at) VALUES ` +
			`(${q(fid('inv', TAG[n]))}, 'INV-8${n}', ${order}, ${ORG('Bluebird Solutions')}, ` +
			`${ORG('Acme Robotics')}, ${BA}, 'USD', 12000, 0, 12000, 'due_on_receipt', ${q(paidOn)}, ` +
			`${q(paidOn)}, 'paid', ${q(paidOn)}, ${q(T0)});`,
		`INSERT INTO payments (id, invoice_pk, method, amount_minor, currency, paid_on, recorded_by_user_pk, ` +
			`created_at) VALUES (${q(fid('pay', TAG[n]))}, (SELECT pk FROM invoices WHERE number = 'INV-8${n}'), ` +
			`'card', 12000, 'USD', ${q(paidOn)}, ${ALEX}, ${q(T0)});`,
	].join('\n');
}

const FIXTURE = [
	`INSERT INTO subscriptions (id, kind, customer_pk, partner_pk, billing_account_pk, product_pk, edition, ` +
		`user_tier, quantity, entitlement_number, sen, start_date, period_end, period, unit_price_minor, currency, ` +
		`created_at, updated_at) VALUES (${q(SUB)}, 'product', ${ORG('Acme Robotics')}, ` +
		`${ORG('Bluebird Solutions')}, ${BA}, (SELECT pk FROM products WHERE code = 'HLX-WIKI-C'), 'standard', 25, 1, ` +
		`'E-REFUND-MONTHLY', 'SEN-REFUND-MONTHLY', '2026-04-01', '2026-07-01', 'monthly', 12000, 'USD', ` +
		`${q(T0)}, ${q(T0)});`,
	paidOrder(1, '2026-04-01'),
	paidOrder(2, '2026-06-01'),
].join('\n');

let srv;
let admin;

before(async () => {
	srv = await startServer({
		beforeServe: (db) => {
			const r = spawnSync('sqlite3', ['-bail', db], { input: FIXTURE, encoding: 'utf8' });
			assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
		},
	});
	admin = await srv.as(USERS.admin);
});
after(async () => {
	await srv?.stop();
});

test('rule 9: a monthly cloud renewal paid two weeks ago is not refundable once the first paid period is 30 days past', async () => {
	const res = await admin.post(`/api/v1/invoices/${fid('inv', TAG[2])}/refunds`, { reason: 'Too late' });
	assertError(res, 422, 'refund_window_closed');
	assert.match(res.body.error.message, /2026-05-31/, 'the last day counts from the first paid period');
	const inv = await admin.get(`/api/v1/invoices/${fid('inv', TAG[2])}`);
	assert.equal(inv.body.status, 'paid', 'nothing changed');
	const sub = await admin.get(`/api/v1/subscriptions/${SUB}`);
	assert.equal(sub.body.status, 'active');
});
