// Exports (SPEC rule 21): the subscription list as CSV and .xlsx, orders
// and invoices as CSV, with the lists' filters, tenancy and hidden prices
// (SPEC rule 16). Each export is parsed (CSV by an RFC 4180 reader here,
// the workbook by tests/api/tools/read_xlsx.py with Python's standard
// library) and compared row by row with what the list API pages through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

import { startServer, run, assertError, newKey, walk, TODAY } from './harness.mjs';
import { checkReply } from './openapi.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SUB_HEAD = [
	'Entitlement number', 'Product', 'Kind', 'Plan', 'Customer', 'Partner', 'Site', 'Status',
	'Quantity', 'Active users', 'Start date', 'Bill date', 'Billing period', 'Unit price',
	'Discount %', 'Total', 'Currency', 'Subscription ID',
];
const ORDER_HEAD = ['Number', 'Status', 'Placed by', 'Date', 'Customer', 'Partner', 'Total', 'Currency', 'Order ID'];
const INVOICE_HEAD = [
	'Number', 'Status', 'Order', 'Customer', 'Partner', 'Terms', 'Issued on', 'Due on', 'Paid on',
	'Net', 'Tax', 'Total', 'Currency', 'Invoice ID',
];
// A customer renamed so that its name is a formula with a quote and a comma in it.
const FORMULA_NAME = '=HYPERLINK("http://x.example/?a,b","go")';

let srv, big;
let alex, casey, pat, admin;
let work;

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout;
}

// RFC 4180: fields separated by commas, quoted when they hold a comma, a
// quote or a line end, quotes doubled, records ended by CRLF.
function parseCsv(text) {
	const rows = [];
	let row = [];
	let field = '';
	let i = 0;
	let quoted = false;
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
			} else if (ch === '"') {
				quoted = false;
				i++;
			} else {
				field += ch;
				i++;
			}
		} else if (ch === '"') {
			assert.equal(field, '', 'a quote opens a field only at its start');
			quoted = true;
			i++;
		} else if (ch === ',') {
			row.push(field);
			field = '';
			i++;
		} else if (ch === '\r') {
			assert.equal(text[i + 1], '\n', 'records end with CRLF');
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i += 2;
		} else {
			assert.notEqual(ch, '\n', 'no bare LF outside quotes');
			field += ch;
			i++;
		}
	}
	assert.ok(!quoted, 'every quoted field is closed');
	assert.equal(field, '', 'the last record ends with CRLF');
	assert.equal(row.length, 0);
	return rows;
}

// GET of an export as bytes, checked against docs/openapi.yaml.
async function download(client, path) {
	const headers = {};
	if (client.cookie) headers.cookie = client.cookie;
	if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
	const res = await fetch(client.baseUrl + path, { headers });
	const bytes = Buffer.from(await res.arrayBuffer());
	const type = res.headers.get('content-type') ?? '';
	const text = type.startsWith(XLSX_TYPE) ? '' : bytes.toString('utf8');
	let body;
	if (type.startsWith('application/json')) body = JSON.parse(text);
	const result = { status: res.status, headers: res.headers, text, body, bytes };
	const problems = checkReply('GET', path, result);
	assert.deepEqual(problems, [], 'the reply conforms to docs/openapi.yaml');
	return result;
}

// The CSV export at path as objects keyed by the header row's titles.
async function csvRows(client, path, head) {
	const res = await download(client, path);
	assert.equal(res.status, 200, res.text.slice(0, 300));
	assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8$/);
	const rows = parseCsv(res.text);
	assert.deepEqual(rows[0], head, 'the header row');
	for (const r of rows) assert.equal(r.length, head.length, `every row has ${head.length} cells`);
	return {
		res,
		rows: rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]]))),
	};
}

function readXlsx(bytes) {
	const file = join(work, `x-${newKey()}.xlsx`);
	writeFileSync(file, bytes);
	const r = spawnSync('/usr/bin/python3', [join(here, 'tools', 'read_xlsx.py'), file], {
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	assert.equal(r.status, 0, `read_xlsx.py: ${r.stderr}`);
	return JSON.parse(r.stdout);
}

// The Subscription ID cell (column R) of a worksheet row: empty cells are absent.
function idCell(cells) {
	return cells.find((c) => /^R\d+$/.test(c.ref))?.value;
}

// Excel's serial day number of an ISO date (1900 date system).
function excelDay(iso) {
	return Math.round((Date.parse(iso + 'T00:00:00Z') - Date.UTC(1899, 11, 30)) / 86400000);
}

function siteText(s) {
	if (s.site) return s.site.url;
	return s.site_setup_required ? 'Site setup required' : '';
}

// What the CSV export must say of s in every column but the prices.
function assertSubRow(row, s) {
	assert.equal(row['Subscription ID'], s.id);
	assert.equal(row['Entitlement number'], s.entitlement_number);
	assert.equal(row.Product, s.product.name);
	assert.equal(row.Kind, s.kind);
	assert.equal(row.Plan, s.plan);
	assert.equal(row.Customer, s.customer.name.startsWith('=') ? `'${s.customer.name}` : s.customer.name);
	assert.equal(row.Partner, s.partner.name);
	assert.equal(row.Site, siteText(s));
	assert.equal(row.Status, s.status);
	assert.equal(row.Quantity, String(s.quantity));
	assert.equal(row['Active users'], String(s.active_users));
	assert.equal(row['Start date'], s.start_date);
	assert.equal(row['Bill date'], s.bill_date);
	assert.equal(row['Billing period'], s.billing_period);
}

async function assertSameAsList(client, query) {
	const sep = query ? `&${query}` : '';
	const { items } = await walk(client, `/api/v1/subscriptions${query ? '?' + query : ''}`, 200);
	const { res, rows } = await csvRows(client, `/api/v1/exports/subscriptions?format=csv${sep}`, SUB_HEAD);
	assert.equal(res.headers.get('content-disposition'), `attachment; filename="subscriptions-${TODAY}.csv"`);
	assert.deepEqual(rows.map((r) => r['Subscription ID']), items.map((s) => s.id), `the list's rows in its order (${query})`);
	rows.forEach((r, i) => assertSubRow(r, items[i]));
	return { items, rows };
}

before(async () => {
	work = mkdtempSync(join(tmpdir(), 'tessera-exports-'));
	srv = await startServer({
		beforeServe: (db) => sqlite(db, `UPDATE orgs SET name = '${FORMULA_NAME.replaceAll("'", "''")}' WHERE name = 'Quokka Media';`),
	});
	[alex, casey, pat, admin] = await Promise.all([
		srv.login('alex@bluebird.example'),
		srv.login('casey@cedar.example'),
		srv.login('pat@acme.example'),
		srv.login('admin@helix.example'),
	]);
	// Orders of each kind, and their invoices: placed by the partner, and by
	// the customer on its storefront for an unpublished item (Code Review)
	// and a published one (Tracker), as in price_visibility.test.mjs.
	const subs = (await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200)).items;
	const tracker = subs.find((s) => s.product.name === 'Helix Tracker');
	const review = subs.find((s) => s.product.name === 'Helix Code Review');
	assert.ok(tracker && review, 'Acme has Helix Tracker and Helix Code Review');
	const act = async (who, sub, body) => {
		const res = await who.post(`/api/v1/subscriptions/${sub.id}/actions`, body, { idempotencyKey: newKey('ex') });
		assert.equal(res.status, 201, res.text);
		return res.body;
	};
	const partnerOrder = await act(alex, tracker, { action: 'buy_licenses', quantity: 1, payment_method: 'card' });
	const tier = [10, 25, 50, 100, 250, 500, 1000].find((x) => x > review.user_tier);
	await act(pat, review, { action: 'upgrade', user_tier: tier, payment_method: 'card' });
	await act(pat, tracker, { action: 'buy_licenses', quantity: 2, payment_method: 'card' });
	// One invoice paid, so that the invoices have two statuses.
	const pay = await alex.post(`/api/v1/invoices/${partnerOrder.invoice.id}/payments`, { method: 'card' }, { idempotencyKey: newKey('pay') });
	assert.equal(pay.status, 201, pay.text);
});

after(async () => {
	await srv?.stop();
	await big?.stop();
	if (work) rmSync(work, { recursive: true, force: true });
});

// ---- Subscriptions as CSV ----

test('subscriptions CSV: every row of the list, in its order, as an attachment', async () => {
	for (const who of [alex, admin, pat]) {
		const { items } = await assertSameAsList(who, '');
		assert.ok(items.length > 0);
	}
});

test('subscriptions CSV: the list filters, alone and together', async () => {
	const customers = (await alex.get('/api/v1/customers?limit=200')).body.data;
	const acme = customers.find((c) => c.name === 'Acme Robotics');
	for (const q of ['status=active', 'status=inactive', 'status=upcoming', 'kind=app', 'kind=product', `customer=${acme.id}`, `status=active&kind=app&customer=${acme.id}`]) {
		await assertSameAsList(alex, q);
		await assertSameAsList(admin, q);
	}
	const { rows } = await assertSameAsList(alex, 'kind=app');
	assert.ok(rows.length > 0 && rows.every((r) => r.Kind === 'app'));
});

test('subscriptions CSV: tenancy: a customer sees only its own, a partner only its customers', async () => {
	const mine = await assertSameAsList(pat, '');
	assert.ok(mine.rows.every((r) => r.Customer === 'Acme Robotics'), 'pat sees only Acme');
	const bluebird = await assertSameAsList(alex, '');
	assert.ok(bluebird.rows.every((r) => r.Partner === 'Bluebird Solutions'), 'alex sees only Bluebird');
	const cedar = await assertSameAsList(casey, '');
	assert.ok(cedar.rows.length > 0 && cedar.rows.every((r) => r.Partner === 'Cedar Consulting'));
	const cedarIds = new Set(cedar.rows.map((r) => r['Subscription ID']));
	assert.ok(bluebird.rows.every((r) => !cedarIds.has(r['Subscription ID'])));

	// A customer of another partner is answered as one that does not exist.
	const birch = (await casey.get('/api/v1/customers?limit=200')).body.data.find((c) => c.name === 'Birch Analytics');
	assert.ok(birch);
	for (const fmt of ['csv', 'xlsx']) {
		for (const who of [alex, pat]) {
			const res = await download(who, `/api/v1/exports/subscriptions?format=${fmt}&customer=${birch.id}`);
			assertError(res, 404, 'not_found', 'customer');
		}
		assertError(await download(alex, `/api/v1/exports/subscriptions?format=${fmt}&customer=org_aaaaaaaaaaaaaaaaaaaa`), 404, 'not_found', 'customer');
	}
	// The partner's own organization is no customer.
	assertError(await download(alex, `/api/v1/exports/subscriptions?format=csv&customer=${alex.session.org.id}`), 404, 'not_found', 'customer');
});

test('subscriptions CSV: prices follow SPEC rule 16: "-" where the customer may not see them', async () => {
	const { rows: partnerRows } = await csvRows(alex, '/api/v1/exports/subscriptions?format=csv', SUB_HEAD);
	const money = /^\d+\.\d\d$/;
	for (const r of partnerRows) {
		assert.match(r['Unit price'], money, 'the partner sees every unit price');
		assert.match(r['Discount %'], money);
		assert.match(r.Total, money);
		assert.match(r.Currency, /^[A-Z]{3}$/);
		// Total = (unit price less the discount) x quantity, to the cent.
		const unit = Number(r['Unit price']);
		const net = unit - Math.round(unit * Number(r['Discount %'])) / 100;
		assert.ok(Math.abs(net * Number(r.Quantity) - Number(r.Total)) < 0.011, `total of ${r['Subscription ID']}`);
	}
	const byId = Object.fromEntries(partnerRows.map((r) => [r['Subscription ID'], r]));

	const { rows } = await csvRows(pat, '/api/v1/exports/subscriptions?format=csv', SUB_HEAD);
	const tracker = rows.filter((r) => r.Product === 'Helix Tracker');
	const review = rows.filter((r) => r.Product === 'Helix Code Review');
	assert.ok(tracker.length > 0 && review.length > 0);
	for (const r of review) {
		assert.equal(r['Unit price'], '-', 'an unpublished product shows the customer no price');
		assert.equal(r.Total, '-');
	}
	for (const r of tracker) {
		const p = byId[r['Subscription ID']];
		assert.match(r['Unit price'], money, 'a published product shows what the customer pays');
		const net = Number(p['Unit price']) - Math.round(Number(p['Unit price']) * Number(p['Discount %'])) / 100;
		assert.ok(Math.abs(Number(r['Unit price']) - net) < 0.011, 'the price after the discount');
		assert.equal(r.Total, p.Total);
	}
	assert.ok(rows.every((r) => r['Discount %'] === '-'), 'never the partner discount');
});

test('subscriptions CSV: a text cell that would be a formula starts with an apostrophe, quoted as RFC 4180 asks', async () => {
	const res = await download(alex, '/api/v1/exports/subscriptions?format=csv');
	const quoted = `"'${FORMULA_NAME.replaceAll('"', '""')}"`;
	assert.ok(res.text.includes(`,${quoted},`), 'the raw cell is guarded and quoted');
	const rows = parseCsv(res.text).slice(1);
	const hit = rows.filter((r) => r[4] === `'${FORMULA_NAME}`);
	assert.ok(hit.length > 0, 'the customer renamed to a formula');
	assert.ok(!rows.some((r) => r.some((c) => /^[=+@]/.test(c))), 'no cell starts with = + @');
	assert.ok(!rows.some((r) => r.some((c) => c.startsWith('-') && c !== '-')), 'nor with - but the hidden price');
});

// ---- Subscriptions as a workbook ----

test('subscriptions xlsx: the same rows as cells: text, numbers, dates and amounts with their formats', async () => {
	for (const who of [alex, pat]) {
		const { items } = await walk(who, '/api/v1/subscriptions', 200);
		const csv = (await csvRows(who, '/api/v1/exports/subscriptions?format=csv', SUB_HEAD)).rows;
		const res = await download(who, '/api/v1/exports/subscriptions?format=xlsx');
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), XLSX_TYPE);
		assert.equal(res.headers.get('content-disposition'), `attachment; filename="subscriptions-${TODAY}.xlsx"`);
		assert.equal(Number(res.headers.get('content-length')), res.bytes.length);
		const book = readXlsx(res.bytes);
		assert.equal(book.sheet, 'Subscriptions');
		assert.ok(book.frozen, 'the header row is frozen');
		assert.equal(book.autofilter, `A1:R${items.length + 1}`);
		const [head, ...rows] = book.rows;
		assert.deepEqual(head.map((c) => c.value), SUB_HEAD);
		assert.ok(head.every((c) => c.bold && c.type === 's'));
		assert.equal(rows.length, items.length);
		rows.forEach((cells, i) => {
			const s = items[i];
			const c = Object.fromEntries(SUB_HEAD.map((h, j) => [h, cells.find((x) => x.ref.replace(/\d+$/, '') === String.fromCharCode(65 + j))]));
			assert.equal(c['Subscription ID'].value, s.id);
			assert.equal(c['Entitlement number'].value, s.entitlement_number);
			assert.equal(c.Customer.value, s.customer.name, 'text as it is (a workbook cell is never a formula)');
			assert.equal(c.Partner.value, s.partner.name);
			assert.equal(c.Status.value, s.status);
			assert.equal(c.Site?.value ?? '', siteText(s));
			assert.deepEqual([c.Quantity.type, c.Quantity.value], ['n', s.quantity]);
			assert.deepEqual([c['Active users'].type, c['Active users'].value], ['n', s.active_users]);
			for (const [h, iso] of [['Start date', s.start_date], ['Bill date', s.bill_date]]) {
				assert.equal(c[h].type, 'n', `${h} is a date`);
				assert.equal(c[h].value, excelDay(iso));
				assert.equal(c[h].format, 'yyyy-mm-dd');
			}
			const row = csv[i];
			for (const h of ['Unit price', 'Total']) {
				if (row[h] === '-') {
					assert.deepEqual([c[h].type, c[h].value], ['s', '-'], `${h} hidden in the workbook as in the CSV`);
				} else {
					assert.equal(c[h].type, 'n');
					assert.equal(c[h].value, Number(row[h]));
					assert.equal(c[h].format, '#,##0.00');
				}
			}
			if (row['Discount %'] === '-') assert.equal(c['Discount %'].value, '-');
			else assert.equal(c['Discount %'].value, Number(row['Discount %']));
			assert.equal(c.Currency.value, row.Currency);
		});
	}
});

test('subscriptions xlsx: filters and an empty result', async () => {
	const { items } = await walk(alex, '/api/v1/subscriptions?status=inactive&kind=app', 200);
	const book = readXlsx((await download(alex, '/api/v1/exports/subscriptions?format=xlsx&status=inactive&kind=app')).bytes);
	assert.deepEqual(book.rows.slice(1).map((r) => idCell(r)), items.map((s) => s.id));
	// Bluebird's own customer with no subscription of Cedar's: no rows but the header.
	const dana = await srv.login('dana@dune.example');
	const empty = await download(dana, '/api/v1/exports/subscriptions?format=xlsx&status=upcoming&kind=app');
	const listed = (await walk(dana, '/api/v1/subscriptions?status=upcoming&kind=app', 200)).items;
	assert.equal(readXlsx(empty.bytes).rows.length, listed.length + 1);
});

// ---- Bad input ----

test('bad input: 400 in the one error shape, for every export', async () => {
	const before = (await walk(alex, '/api/v1/subscriptions', 200)).items;
	const cases = [
		['/api/v1/exports/subscriptions', 400, 'required', 'format'],
		['/api/v1/exports/subscriptions?format=pdf', 400, 'invalid_value', 'format'],
		['/api/v1/exports/subscriptions?format=', 400, undefined, 'format'],
		['/api/v1/exports/subscriptions?format=null', 400, 'invalid_value', 'format'],
		['/api/v1/exports/subscriptions?format=CSV', 400, 'invalid_value', 'format'],
		['/api/v1/exports/subscriptions?format=csv&format=xlsx', 400, 'repeated_parameter', 'format'],
		['/api/v1/exports/subscriptions?format=csv&format=csv', 400, 'repeated_parameter', 'format'],
		['/api/v1/exports/subscriptions?format=csv&status=bogus', 400, 'invalid_value', 'status'],
		['/api/v1/exports/subscriptions?format=csv&status=', 400, undefined, 'status'],
		['/api/v1/exports/subscriptions?format=csv&status=active&status=inactive', 400, 'repeated_parameter', 'status'],
		['/api/v1/exports/subscriptions?format=xlsx&kind=1', 400, 'invalid_value', 'kind'],
		['/api/v1/exports/subscriptions?format=csv&customer=nope', 400, undefined, 'customer'],
		['/api/v1/exports/subscriptions?format=csv&limit=10', 400, 'unknown_parameter', 'limit'],
		['/api/v1/exports/subscriptions?format=csv&after=x', 400, 'unknown_parameter', 'after'],
		['/api/v1/exports/subscriptions?format=xlsx&sort=name', 400, 'unknown_parameter', 'sort'],
		['/api/v1/exports/subscriptions?format=csv&%zz', 400, 'invalid_query', null],
		['/api/v1/exports/orders', 400, 'required', 'format'],
		['/api/v1/exports/orders?format=xlsx', 400, 'invalid_value', 'format'],
		['/api/v1/exports/orders?format=csv&status=bogus', 400, 'invalid_value', 'status'],
		['/api/v1/exports/orders?format=csv&kind=app', 400, 'unknown_parameter', 'kind'],
		['/api/v1/exports/orders?format=csv&format=csv', 400, 'repeated_parameter', 'format'],
		['/api/v1/exports/invoices?format=xlsx', 400, 'invalid_value', 'format'],
		['/api/v1/exports/invoices?format=csv&status=late', 400, 'invalid_value', 'status'],
		['/api/v1/exports/invoices?format=csv&customer=x', 400, 'unknown_parameter', 'customer'],
	];
	for (const [path, status, code, field] of cases) {
		const res = await download(alex, path);
		assertError(res, status, code, field === null ? null : field);
	}
	// Unauthenticated and wrong role.
	assertError(await download(srv.anon(), '/api/v1/exports/subscriptions?format=csv'), 401, 'unauthenticated');
	assertError(await download(pat, '/api/v1/exports/invoices?format=csv'), 403, 'forbidden');
	const res = await srv.raw('POST', '/api/v1/exports/subscriptions?format=csv', { body: {} });
	assert.equal(res.status, 405);
	// Nothing changed.
	assert.deepEqual((await walk(alex, '/api/v1/subscriptions', 200)).items, before);
});

// ---- Orders and invoices ----

test('orders CSV: the list rows, with "-" for the totals the list hides from the customer', async () => {
	for (const [who, q] of [[alex, ''], [pat, ''], [admin, ''], [alex, 'status=in_progress'], [pat, 'status=pending_reseller_approval'], [admin, 'status=executed']]) {
		const { items } = await walk(who, `/api/v1/orders${q ? '?' + q : ''}`, 200);
		const { res, rows } = await csvRows(who, `/api/v1/exports/orders?format=csv${q ? '&' + q : ''}`, ORDER_HEAD);
		assert.equal(res.headers.get('content-disposition'), `attachment; filename="orders-${TODAY}.csv"`);
		assert.deepEqual(rows.map((r) => r['Order ID']), items.map((o) => o.id), `the list's orders (${q})`);
		rows.forEach((r, i) => {
			const o = items[i];
			assert.equal(r.Number, o.number);
			assert.equal(r.Status, o.status);
			assert.equal(r['Placed by'], o.placed_by.name);
			assert.equal(r.Date, o.created_at.slice(0, 10));
			assert.equal(r.Customer, o.customer.name);
			assert.equal(r.Partner, o.partner.name);
			assert.equal(r.Total, o.total === null ? '-' : o.total.amount);
			assert.equal(r.Currency, o.currency);
		});
	}
	const mine = (await csvRows(pat, '/api/v1/exports/orders?format=csv', ORDER_HEAD)).rows;
	assert.ok(mine.length >= 3);
	assert.ok(mine.some((r) => r.Total === '-'), 'the partner order shows pat no total');
	assert.ok(mine.some((r) => r.Total !== '-'), 'its own published order shows its total');
	const theirs = (await csvRows(alex, '/api/v1/exports/orders?format=csv', ORDER_HEAD)).rows;
	assert.ok(theirs.every((r) => r.Total !== '-'), 'the partner sees every total');
	assert.ok((await csvRows(casey, '/api/v1/exports/orders?format=csv', ORDER_HEAD)).rows.every((r) => r.Partner === 'Cedar Consulting'));
});

test('invoices CSV: the list rows for vendor staff and partners', async () => {
	for (const [who, q] of [[alex, ''], [admin, ''], [casey, ''], [alex, 'status=paid'], [admin, 'status=open']]) {
		const { items } = await walk(who, `/api/v1/invoices${q ? '?' + q : ''}`, 200);
		const { res, rows } = await csvRows(who, `/api/v1/exports/invoices?format=csv${q ? '&' + q : ''}`, INVOICE_HEAD);
		assert.equal(res.headers.get('content-disposition'), `attachment; filename="invoices-${TODAY}.csv"`);
		assert.deepEqual(rows.map((r) => r['Invoice ID']), items.map((v) => v.id), `the list's invoices (${q})`);
		rows.forEach((r, i) => {
			const v = items[i];
			assert.equal(r.Number, v.number);
			assert.equal(r.Status, v.status);
			assert.equal(r.Order, v.order.number);
			assert.equal(r.Customer, v.customer.name);
			assert.equal(r.Partner, v.partner.name);
			assert.equal(r.Terms, v.terms);
			assert.equal(r['Issued on'], v.issued_on);
			assert.equal(r['Due on'], v.due_on);
			assert.equal(r['Paid on'], v.paid_on ?? '');
			assert.equal(r.Net, v.net.amount);
			assert.equal(r.Tax, v.tax.amount);
			assert.equal(r.Total, v.total.amount);
			assert.equal(r.Currency, v.currency);
		});
	}
	const paid = (await csvRows(alex, '/api/v1/exports/invoices?format=csv&status=paid', INVOICE_HEAD)).rows;
	assert.ok(paid.length >= 1 && paid.every((r) => r.Status === 'paid' && /^\d{4}-\d\d-\d\d$/.test(r['Paid on'])));
});

// ---- Large exports stream ----

test('a large export streams in pieces, holds every row, and a client that leaves mid-way harms nothing', async () => {
	const db = join(work, 'big.db');
	const made = await run(['demo', '--db', db, '--subscriptions', '1500', '--quiet'], 120000);
	assert.equal(made.code, 0, made.stderr);
	big = await startServer({ db, threads: 2 });
	const who = await big.login('admin@helix.example');
	const { items } = await walk(who, '/api/v1/subscriptions', 200);
	assert.ok(items.length >= 1500);
	const { res, rows } = await csvRows(who, '/api/v1/exports/subscriptions?format=csv', SUB_HEAD);
	assert.equal(res.headers.get('transfer-encoding'), 'chunked', 'sent in pieces');
	assert.deepEqual(rows.map((r) => r['Subscription ID']), items.map((s) => s.id));
	const book = readXlsx((await download(who, '/api/v1/exports/subscriptions?format=xlsx')).bytes);
	assert.deepEqual(book.rows.slice(1).map((r) => idCell(r)), items.map((s) => s.id));

	// Clients that read the head and hang up, several at once, on both formats.
	const url = new URL(big.baseUrl);
	const leave = (path) =>
		new Promise((resolve, reject) => {
			const sock = net.connect(Number(url.port), url.hostname, () => {
				sock.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${who.cookie}\r\n\r\n`);
			});
			sock.once('data', (d) => {
				assert.match(d.toString('latin1'), /^HTTP\/1\.1 200/);
				sock.destroy();
				resolve();
			});
			sock.on('error', reject);
		});
	await Promise.all([
		leave('/api/v1/exports/subscriptions?format=csv'),
		leave('/api/v1/exports/subscriptions?format=csv&kind=product'),
		leave('/api/v1/exports/subscriptions?format=xlsx'),
	]);
	// The server goes on serving, and the next export is whole.
	const again = await csvRows(who, '/api/v1/exports/subscriptions?format=csv', SUB_HEAD);
	assert.equal(again.rows.length, items.length);
	const health = await big.anon().get('/api/v1/health');
	assert.equal(health.status, 200);
});
