// The storefront billing dashboard, as the customer contact uses it: the
// counts and recent orders, the orders list and an order's detail (no
// amount on an order the partner placed, SPEC rule 16), the subscriptions
// with their status filter and Excel export (rule 21), a quick action from
// the "I want to…" menu (rule 17) seen in the orders list as pending
// reseller approval, a field error beside its field, the purchase history;
// axe on every page, the pages at phone width, a screenshot of each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortal, ready, PHONE } from './harness.mjs';
import { newKey, walk } from '../api/harness.mjs';

let p;
let pat, alex; // API clients
let tracker; // Acme's active Helix Tracker subscription
let partnerOrder; // an order Bluebird placed for Acme

// The cells of every row of an .xlsx's first sheet, read with Python's
// zipfile and ElementTree (inline strings, shared strings and numbers).
const XLSX_READER = `
import json, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
rows = []
for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter('{%s}row' % ns['m']):
    cells = []
    for c in row.findall('m:c', ns):
        t = c.get('t')
        if t == 'inlineStr':
            cells.append(''.join(x.text or '' for x in c.iter('{%s}t' % ns['m'])))
        elif t == 's':
            cells.append(shared[int(c.find('m:v', ns).text)])
        else:
            v = c.find('m:v', ns)
            cells.append(v.text if v is not None else '')
    rows.append(cells)
print(json.dumps(rows))
`;

function readXlsx(path) {
	const r = spawnSync('/usr/bin/python3', ['-c', XLSX_READER, path], { encoding: 'utf8' });
	assert.equal(r.status, 0, `reading the workbook: ${r.stderr}`);
	return JSON.parse(r.stdout);
}

const post = (client, path, body) => client.post(path, body, { idempotencyKey: newKey('sf') });

// Cell texts of the table under the page's main landmark, one array a row.
async function tableRows(page, scope = page.locator('main')) {
	return scope.locator('table tbody tr').evaluateAll((trs) =>
		trs.map((tr) => Array.from(tr.children, (c) => c.textContent.trim())));
}

before(async () => {
	p = await startPortal();
	[pat, alex] = await Promise.all([p.srv.login('pat@acme.example'), p.srv.login('alex@bluebird.example')]);
	const subs = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=200');
	tracker = subs.body.data.find((s) => s.product.name === 'Helix Tracker');
	assert.ok(tracker, 'Acme has an active Helix Tracker (demo data)');
	// Bluebird orders for Acme from a quote: an order with no amount for pat.
	const [accounts, cat] = await Promise.all([alex.get('/api/v1/billing-accounts'), alex.get('/api/v1/catalog/products')]);
	const usd = accounts.body.data.find((a) => a.currency === 'USD');
	const trk = cat.body.data.find((x) => x.code === 'HLX-TRK-C');
	const quote = await post(alex, '/api/v1/quotes', {
		customer: tracker.customer.id,
		billing_account: usd.id,
		lines: [{ product: trk.id, edition: 'standard', user_tier: 25, billing_period: 'annual' }],
	});
	assert.equal(quote.status, 201, quote.text);
	const ordered = await post(alex, `/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'ach' });
	assert.equal(ordered.status, 201, ordered.text);
	partnerOrder = ordered.body;
	// And pat buys a license on the storefront: an order of its own.
	const own = await post(pat, `/api/v1/subscriptions/${tracker.id}/actions`, { action: 'buy_licenses', quantity: 1, payment_method: 'card' });
	assert.equal(own.status, 201, own.text);
});

after(async () => {
	await p?.close();
});

test("the dashboard shows the API's counts and recent orders, and leads to all orders", async () => {
	const page = await p.login('pat');
	// The menu leads to the dashboard.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing dashboard', exact: true }).click();
	await ready(page, '/dashboard');
	await page.getByRole('heading', { level: 1, name: 'Billing dashboard' }).waitFor();
	const d = (await pat.get('/api/v1/dashboard')).body;
	const countOf = async (title) => (await page.getByRole('region', { name: title }).locator('.dash-count').textContent()).trim();
	assert.equal(await countOf('Orders'), String(d.counts.orders));
	assert.equal(await countOf('Subscriptions'), d.counts.subscriptions.toLocaleString('en-US'));
	assert.equal(await countOf('Assets'), String(d.counts.assets));
	const by = page.getByRole('list', { name: 'Subscriptions by status' });
	await by.getByText(`${d.counts.subscriptions_by_status.active} active`).waitFor();
	await by.getByText(`${d.counts.subscriptions_by_status.inactive} inactive`).waitFor();

	const recent = page.getByRole('region', { name: 'Recent orders' });
	const rows = await tableRows(page, recent);
	assert.deepEqual(rows.map((r) => r[0]), d.recent_orders.map((o) => o.number));
	// SPEC rule 16: the order the partner placed shows no amount.
	const partnerRow = rows.find((r) => r[0] === partnerOrder.number);
	assert.ok(partnerRow, 'the partner order is among the recent ones');
	assert.equal(partnerRow.at(-1), '-');
	assert.match(partnerRow[1], /In progress/);
	await p.checkA11y(page, 'dashboard');
	await p.shot(page, 'storefront-dashboard');

	await recent.getByRole('link', { name: 'View all orders' }).click();
	await ready(page, '/dashboard/orders');
	await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
	const all = (await walk(pat, '/api/v1/orders', 200)).items;
	const listed = await tableRows(page);
	assert.deepEqual(listed.map((r) => r[0]), all.slice(0, 25).map((o) => o.number));
	await p.checkA11y(page, 'orders');
	await p.shot(page, 'storefront-orders');
	await page.context().close();
});

test("an order's detail: a partner-placed one shows no amount; the customer's own shows its line", async () => {
	const page = await p.login('pat');
	await p.open(page, '/dashboard/orders');
	await page.getByRole('link', { name: partnerOrder.number }).click();
	await ready(page, `/dashboard/orders/${partnerOrder.id}`);
	await page.getByRole('heading', { level: 1, name: `Order ${partnerOrder.number}` }).waitFor();
	const facts = page.locator('.facts');
	await facts.getByText('Delivery status').waitFor();
	assert.equal((await facts.locator('.fact', { hasText: 'Total' }).locator('dd').textContent()).trim(), '-');
	const lines = await tableRows(page);
	assert.equal(lines.length, partnerOrder.lines.length);
	// Quantity, then unit price, discount and total: all hidden.
	assert.deepEqual(lines[0].slice(-4), [String(partnerOrder.lines[0].quantity), '-', '-', '-']);
	assert.equal(await page.locator('main').getByText(/\$|USD/).count(), 0, 'no amount anywhere on the page');
	await p.checkA11y(page, 'partner order');
	await p.shot(page, 'storefront-order-partner');

	// pat's own storefront order: the tracker is published, so its amount shows.
	const own = (await walk(pat, '/api/v1/orders', 200)).items.find((o) => o.origin === 'customer');
	await p.open(page, `/dashboard/orders/${own.id}`);
	await page.getByRole('heading', { level: 1, name: `Order ${own.number}` }).waitFor();
	const ownLines = await tableRows(page);
	assert.notEqual(ownLines[0].at(-1), '-');
	assert.match(ownLines[0].at(-1), /\d/);
	await page.getByText('Pending reseller approval').first().waitFor();
	await p.checkA11y(page, 'own order');
	await p.shot(page, 'storefront-order-own');
	await page.context().close();
});

test('the orders list filters by status on the server', async () => {
	const page = await p.login('pat');
	await p.open(page, '/dashboard/orders');
	await page.getByLabel('Status').selectOption('in_progress');
	await ready(page, '/dashboard/orders');
	assert.equal(new URL(page.url()).searchParams.get('status'), 'in_progress');
	const api = (await pat.get('/api/v1/orders?status=in_progress&limit=25')).body.data;
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r[0]), api.map((o) => o.number));
	assert.ok(rows.length > 0 && rows.every((r) => r[1] === 'In progress'));
	await page.getByLabel('Status').selectOption('cancelled');
	await ready(page, '/dashboard/orders');
	await page.getByText('No orders with this status.').waitFor();
	await p.checkA11y(page, 'orders, empty filter');
	await page.context().close();
});

test('the subscriptions filter by status and export what is shown to Excel', async () => {
	const page = await p.login('pat');
	await p.open(page, '/dashboard');
	await page.getByRole('link', { name: 'View all subscriptions' }).click();
	await ready(page, '/dashboard/subscriptions');
	await page.getByLabel('Status').selectOption('inactive');
	await ready(page, '/dashboard/subscriptions');
	const want = (await walk(pat, '/api/v1/subscriptions?status=inactive', 200)).items;
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r[0]), want.slice(0, 25).map((s) => s.product.name));
	assert.ok(rows.every((r) => r[4].startsWith('Inactive')));
	await p.checkA11y(page, 'subscriptions');
	await p.shot(page, 'storefront-subscriptions');

	const excel = page.getByRole('link', { name: 'Export to Excel' });
	const csv = page.getByRole('link', { name: 'Export CSV' });
	assert.equal(await excel.getAttribute('href'), '/api/v1/exports/subscriptions?format=xlsx&status=inactive');
	assert.equal(await csv.getAttribute('href'), '/api/v1/exports/subscriptions?format=csv&status=inactive');
	const [download] = await Promise.all([page.waitForEvent('download'), excel.click()]);
	const dir = mkdtempSync(join(tmpdir(), 'tessera-xlsx-'));
	try {
		const file = join(dir, download.suggestedFilename() || 'subscriptions.xlsx');
		await download.saveAs(file);
		assert.match(file, /\.xlsx$/);
		const sheet = readXlsx(file);
		const [header, ...data] = sheet;
		const col = (name) => header.indexOf(name);
		assert.ok(col('Product') >= 0 && col('Status') >= 0, `a header row: ${JSON.stringify(header)}`);
		assert.equal(data.length, want.length, 'one row per subscription of the filter');
		assert.deepEqual(data.map((r) => r[col('Product')]).sort(), want.map((s) => s.product.name).sort());
		assert.ok(data.every((r) => r[col('Status')] === 'inactive'), 'only the filtered status');
		// SPEC rule 16: the workbook hides a price exactly where the page's charges do.
		for (const r of data) {
			const ch = (await pat.get(`/api/v1/subscriptions/${r[col('Subscription ID')]}/charges`)).body.lines[0];
			assert.equal(r[col('Unit price')] === '-', ch.unit_price === null, `price of ${r[col('Product')]}`);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	await page.context().close();
});

test('a quick action from the "I want to…" menu: a field error beside its field, then the order, pending reseller approval', async () => {
	const page = await p.login('pat');
	await p.open(page, `/dashboard/subscriptions/${tracker.id}`);
	await page.getByRole('heading', { level: 1, name: 'Helix Tracker' }).waitFor();
	await page.getByRole('heading', { name: 'Summary of charges' }).waitFor();
	// SPEC rule 16: the tracker is published on Bluebird's storefront, so pat
	// sees what it pays, formatted for the reader, and never the discount.
	const charges = (await pat.get(`/api/v1/subscriptions/${tracker.id}/charges`)).body;
	const fmt = (m) => new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency }).format(Number(m.amount));
	const lines = await tableRows(page);
	assert.equal(lines.length, charges.lines.length);
	lines.forEach((r, i) => {
		const l = charges.lines[i];
		assert.equal(r.at(-1), l.total ? fmt(l.total) : '-');
		assert.equal(r.at(-2), l.unit_price ? fmt(l.unit_price) : '-');
		assert.equal(r.at(-3), '-', 'no discount shown to the customer');
	});
	assert.ok(charges.total, 'every line is published: the summary shows');
	await page.locator('.fact', { hasText: 'Total per billing period' }).getByText(fmt(charges.total)).waitFor();
	lines.forEach((r, i) => {
		const l = charges.lines[i];
		assert.ok(r[0].startsWith(l.product.name), `${r[0]} names ${l.product.name}`);
		assert.ok(r[0].includes(l.kind === 'app' ? 'Add-on' : 'Product'));
	});
	await p.checkA11y(page, 'subscription');
	await p.shot(page, 'storefront-subscription');

	// The menu offers exactly the available actions.
	const offered = (await pat.get(`/api/v1/subscriptions/${tracker.id}/actions`)).body.data.filter((a) => a.available);
	await page.getByRole('button', { name: 'I want to…' }).click();
	const menu = page.getByRole('list', { name: 'Actions' });
	assert.equal(await menu.getByRole('button').count(), offered.length);
	await p.checkA11y(page, 'subscription, menu open');
	await p.shot(page, 'storefront-iwant-menu');
	await menu.getByRole('button', { name: 'Buy licenses' }).click();
	const dialog = page.getByRole('dialog', { name: 'Buy licenses' });
	await dialog.waitFor();

	// No licenses: the API's error stands beside the quantity.
	const qty = dialog.getByLabel('Licenses to add');
	await qty.fill('0');
	await dialog.getByLabel('Payment method').selectOption('card');
	await dialog.getByRole('button', { name: 'Place order' }).click();
	await page.waitForFunction(() => document.querySelector('dialog [aria-invalid="true"]'));
	assert.equal(await qty.getAttribute('aria-invalid'), 'true');
	const describedBy = (await qty.getAttribute('aria-describedby')).split(' ')[0];
	const beside = page.locator(`#${describedBy}`);
	assert.match((await beside.textContent()).trim(), /\S/);
	assert.ok(await beside.evaluate((el, input) => el.closest('.field') === document.querySelector(input).closest('.field'), `#${await qty.getAttribute('id')}`));
	await p.checkA11y(page, 'quick action dialog with a field error');
	await p.shot(page, 'storefront-field-error');

	const before = (await walk(pat, '/api/v1/orders', 200)).items.length;
	await qty.fill('3');
	await dialog.getByRole('button', { name: 'Place order' }).click();
	const placed = page.getByRole('region', { name: /^Order O-\d+ placed$/ });
	await placed.waitFor();
	await placed.getByText('Pending reseller approval').waitFor();
	const number = (await placed.getByRole('heading').textContent()).match(/O-\d+/)[0];
	const orders = (await walk(pat, '/api/v1/orders', 200)).items;
	assert.equal(orders.length, before + 1, 'one order placed');
	const o = orders.find((x) => x.number === number);
	assert.equal(o.status, 'pending_reseller_approval');
	assert.equal(o.origin, 'customer');
	await p.shot(page, 'storefront-order-placed');

	// The orders list shows it, pending reseller approval.
	await placed.getByRole('link', { name: 'View all orders' }).click();
	await ready(page, '/dashboard/orders');
	await page.getByLabel('Status').selectOption('pending_reseller_approval');
	await ready(page, '/dashboard/orders');
	const rows = await tableRows(page);
	const row = rows.find((r) => r[0] === number);
	assert.ok(row, `${number} is listed`);
	assert.equal(row[1], 'Pending reseller approval');
	await page.context().close();
});

test('the purchase history lists the purchases and cancellations of the product and its add-ons', async () => {
	const page = await p.login('pat');
	await p.open(page, `/dashboard/subscriptions/${tracker.id}`);
	await page.getByRole('link', { name: 'View purchase history' }).click();
	await ready(page, `/dashboard/subscriptions/${tracker.id}/history`);
	await page.getByRole('heading', { level: 1, name: 'Purchase history: Helix Tracker' }).waitFor();
	const hist = (await pat.get(`/api/v1/subscriptions/${tracker.id}/history`)).body.data;
	const rows = await tableRows(page);
	assert.equal(rows.length, hist.length);
	assert.ok(rows.some((r) => r[1] === 'Cancelled' && /\(add-on\)/.test(r[2])), 'an add-on cancellation is listed');
	await p.checkA11y(page, 'purchase history');
	await p.shot(page, 'storefront-history');
	await page.context().close();
});

test('every dashboard page works at phone width without sideways scrolling', async () => {
	const page = await p.login('pat', { viewport: PHONE });
	const pages = [
		['/dashboard', 'dashboard'],
		['/dashboard/orders', 'orders'],
		[`/dashboard/orders/${partnerOrder.id}`, 'order'],
		['/dashboard/subscriptions', 'subscriptions'],
		[`/dashboard/subscriptions/${tracker.id}`, 'subscription'],
		[`/dashboard/subscriptions/${tracker.id}/history`, 'history'],
	];
	for (const [path, name] of pages) {
		await p.open(page, path);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
		await p.checkA11y(page, `${name}, phone`);
		await p.shot(page, `storefront-${name}-phone`);
	}
	await page.context().close();
});

test('a subscription of another customer is not found, and says so', async () => {
	const robin = await p.srv.login('robin@birch.example');
	const theirs = (await robin.get('/api/v1/subscriptions?limit=1')).body.data[0];
	const page = await p.login('pat');
	await p.open(page, `/dashboard/subscriptions/${theirs.id}`);
	await page.getByRole('alert').getByText('Not found.').waitFor();
	await p.checkA11y(page, 'subscription not found');
	await page.context().close();
});
