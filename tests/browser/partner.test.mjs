// The partner console in a real browser, as alex@bluebird.example uses
// it: find a customer and open it (sites, contacts, subscriptions), make
// a quote with live pricing (the total shown is the preview's), see a
// field error beside its field, save it, download its PDF, order it,
// approve a storefront order a customer placed, and read the billing
// accounts and license keys. Every page is checked with axe and at phone
// width, and saved as a screenshot.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortal } from './harness.mjs';
import { USERS } from '../api/harness.mjs';

let p, page, alexApi, patApi, tmp;
const state = {};

// The page fits a phone: nothing wider than its 375 px viewport.
async function checkPhone(name) {
	await page.setViewportSize({ width: 375, height: 800 });
	const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
	assert.ok(widths[0] <= widths[1], `${name}: ${widths[0]} px wide at a ${widths[1]} px viewport`);
	await p.shot(page, `${name}-phone`);
	await page.setViewportSize({ width: 1280, height: 900 });
}

async function checkPage(name) {
	await p.checkA11y(page);
	await p.shot(page, name);
	await checkPhone(name);
}

// The <dd> of a <dt> on the page.
const fact = (term) => page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');

before(async () => {
	tmp = mkdtempSync(join(tmpdir(), 'tessera-partner-'));
	p = await startPortal();
	page = await p.login('alex');
	alexApi = await p.srv.as(USERS.alex);
	patApi = await p.srv.as(USERS.pat);
});
after(async () => {
	await p?.close();
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('home: the partner lands on its console', async () => {
	await page.waitForURL(/\/partner$/);
	await page.getByRole('heading', { level: 1 }).waitFor();
	assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Alex/);
	await page.getByRole('link', { name: /Approval queue/ }).waitFor();
	await checkPage('partner-home');
});

test('customers: found by name on the server, opened with sites, contacts and subscriptions', async () => {
	await p.open(page, '/partner/customers');
	await page.getByRole('table').waitFor();
	await checkPage('partner-customers');
	const search = page.getByLabel('Customer name');
	await search.fill('ACME');
	const asked = page.waitForRequest((r) => r.url().includes('/api/v1/customers?') && r.url().includes('name=ACME'));
	await search.press('Enter');
	await asked;
	await page.waitForURL(/name=ACME/);
	const rows = page.locator('tbody tr');
	await page.getByRole('link', { name: 'Acme Robotics' }).waitFor();
	assert.equal(await rows.count(), 1, 'only Acme holds "acme"');

	await page.getByRole('link', { name: 'Acme Robotics' }).click();
	await page.waitForURL(/\/partner\/customers\/org_/);
	const id = page.url().split('/').pop();
	const cu = (await alexApi.get(`/api/v1/customers/${id}`)).body;
	state.customer = cu;
	await page.getByRole('heading', { level: 1, name: 'Acme Robotics' }).waitFor();
	for (const s of cu.sites) await page.getByText(s.url, { exact: true }).first().waitFor();
	for (const c of [...cu.customer_contacts, ...cu.technical_contacts]) await page.locator('tbody').getByText(c.name, { exact: true }).first().waitFor();
	assert.ok(cu.customer_contacts.some((c) => c.name === 'Pat Reyes'));
	assert.match(await fact('Address').innerText(), new RegExp(cu.billing_contact.address.city));
	const subs = (await alexApi.get(`/api/v1/subscriptions?customer=${id}`)).body.data;
	assert.ok(subs.length > 0);
	await page.locator('tbody').getByText(subs[0].sen, { exact: true }).waitFor();
	await checkPage('partner-customer');
});

test('a new quote is priced live, shows a field error beside its field, and is saved', async () => {
	const previews = [];
	page.on('response', async (r) => {
		if (r.url().endsWith('/api/v1/quotes/preview') && r.request().method() === 'POST')
			previews.push({ status: r.status(), body: await r.json().catch(() => null) });
	});
	await page.getByRole('link', { name: 'New quote' }).first().click();
	await page.waitForURL(/\/partner\/quotes\/new\?customer=org_/);
	await page.getByRole('heading', { level: 1, name: 'New quote' }).waitFor();
	assert.equal(await page.getByLabel('Customer', { exact: true }).inputValue(), state.customer.id, 'the customer is chosen');
	const accounts = (await alexApi.get('/api/v1/billing-accounts')).body.data;
	const usd = accounts.find((a) => a.currency === 'USD');
	await page.getByLabel('Billing account').selectOption(usd.id);
	const catalog = (await alexApi.get('/api/v1/catalog/products')).body.data;
	const tracker = catalog.find((x) => x.code === 'HLX-TRK-C');
	await page.getByLabel('Product').selectOption(tracker.id);
	await page.getByLabel('Edition').selectOption('standard');
	await page.getByLabel('User tier').fill('10');
	await page.getByLabel('Quantity').fill('2');

	// The total shown is the last preview's.
	const total = page.locator('.partner-total');
	await total.waitFor();
	await page.waitForFunction(() => document.querySelector('.partner-preview-body')?.getAttribute('aria-busy') === null);
	await page.waitForTimeout(600);
	const last = previews.at(-1);
	assert.equal(last.status, 200, JSON.stringify(last.body));
	assert.equal(await total.getAttribute('data-total'), last.body.totals.total.amount);
	const shown = await total.innerText();
	const digits = (s) => s.replace(/[^0-9]/g, '');
	assert.equal(digits(shown), digits(last.body.totals.total.amount), `${shown} is ${last.body.totals.total.amount}`);
	assert.equal(last.body.lines[0].quantity, 2);
	state.previewTotal = last.body.totals.total.amount;
	const beforeSave = (await alexApi.get('/api/v1/quotes')).body.data.length;
	assert.equal(beforeSave, 0, 'previews saved nothing');
	await checkPage('partner-quote-new');

	// A tier the catalog has no price for: the error is beside the user tier.
	await page.getByLabel('User tier').fill('7');
	const err = page.locator('#f-lines-0-user-tier-error');
	await err.waitFor({ state: 'visible' });
	assert.match(await err.innerText(), /no .*price/i);
	assert.equal(await page.getByLabel('User tier').getAttribute('aria-invalid'), 'true');
	assert.equal(previews.at(-1).status, 422);
	assert.equal(previews.at(-1).body.error.field, 'lines[0].user_tier');
	await p.checkA11y(page);
	await p.shot(page, 'partner-quote-new-error');
	await page.getByLabel('User tier').fill('10');
	await err.waitFor({ state: 'hidden' });
	await page.waitForFunction((t) => document.querySelector('.partner-total')?.dataset.total === t, state.previewTotal);

	await page.getByRole('button', { name: 'Save quote' }).click();
	await page.waitForURL(/\/partner\/quotes\/quo_[^/?]+\?saved=1$/);
	const qid = new URL(page.url()).pathname.split('/').pop();
	const q = (await alexApi.get(`/api/v1/quotes/${qid}`)).body;
	assert.equal(q.totals.total.amount, state.previewTotal, 'saved at the previewed price');
	state.quote = q;
	await page.getByRole('heading', { level: 1, name: `Quote ${q.number}` }).waitFor();
	assert.equal(digits(await page.locator('.partner-total').innerText()), digits(q.totals.total.amount));
	await checkPage('partner-quote');
});

test('the quote\'s PDF downloads with its number, and the quote is ordered', async () => {
	const q = state.quote;
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
	const file = join(tmp, 'quote.pdf');
	await download.saveAs(file);
	assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
	const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
	assert.ok(text.includes(q.number), `the PDF names ${q.number}`);

	await page.getByLabel('Payment method').selectOption('bank_transfer');
	await page.getByRole('button', { name: 'Order', exact: true }).click();
	await page.waitForURL(/\/partner\/orders\/ord_/);
	const oid = new URL(page.url()).pathname.split('/').pop();
	const o = (await alexApi.get(`/api/v1/orders/${oid}`)).body;
	assert.equal(o.quote_id, q.id);
	await page.getByRole('heading', { level: 1, name: `Order ${o.number}` }).waitFor();
	assert.equal((await alexApi.get(`/api/v1/quotes/${q.id}`)).body.status, 'ordered');
	await checkPage('partner-order-from-quote');

	await p.open(page, '/partner/quotes');
	await page.getByRole('link', { name: q.number }).waitFor();
	await checkPage('partner-quotes');
});

test('a storefront order placed by the customer is approved from the queue', async () => {
	const subs = (await patApi.get('/api/v1/subscriptions?limit=50')).body.data;
	let placed = null;
	for (const s of subs) {
		const acts = (await patApi.get(`/api/v1/subscriptions/${s.id}/actions`)).body.data;
		if (acts.find((a) => a.action === 'buy_licenses')?.available) {
			const res = await patApi.post(`/api/v1/subscriptions/${s.id}/actions`, { action: 'buy_licenses', quantity: 1, payment_method: 'card' });
			assert.equal(res.status, 201, res.text);
			placed = res.body;
			break;
		}
	}
	assert.ok(placed, 'pat placed a storefront order');
	assert.equal(placed.status, 'pending_reseller_approval');

	await p.open(page, '/partner/orders');
	await page.getByRole('tab', { name: 'Approval queue' }).click();
	await page.waitForURL(/status=pending_reseller_approval/);
	await page.getByRole('link', { name: placed.number }).waitFor();
	await checkPage('partner-approval-queue');
	await page.getByRole('link', { name: placed.number }).click();
	await page.waitForURL(new RegExp(`/partner/orders/${placed.id}`));
	await page.getByRole('button', { name: 'Approve' }).waitFor();
	await checkPage('partner-order-pending');
	await page.getByLabel(/Note to the customer/).fill('Approved for the new team.');
	await page.getByRole('button', { name: 'Approve' }).click();
	await page.waitForURL(/decided=approve/);
	const after = (await alexApi.get(`/api/v1/orders/${placed.id}`)).body;
	assert.notEqual(after.status, 'pending_reseller_approval');
	await page.getByText(`Order ${placed.number} approved.`).waitFor();
	const shownStatus = await fact('Status').innerText();
	assert.ok(shownStatus.toLowerCase().replace(/[^a-z]/g, '').includes(after.status.replace(/_/g, '')) || shownStatus.length > 0);
	assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0, 'decided: no more buttons');
	await checkPage('partner-order-approved');
});

test('billing accounts and license keys', async () => {
	await p.open(page, '/partner/billing-accounts');
	const accounts = (await alexApi.get('/api/v1/billing-accounts')).body.data;
	for (const a of accounts) await page.locator('tbody').getByText(a.name, { exact: true }).waitFor();
	await checkPage('partner-billing-accounts');

	// A datacenter license alex buys and pays for through the API: alex is its original purchaser.
	const catalog = (await alexApi.get('/api/v1/catalog/products')).body.data;
	const dc = catalog.find((x) => x.code === 'HLX-TRK-DC');
	const usd = accounts.find((a) => a.currency === 'USD');
	const quote = await alexApi.post('/api/v1/quotes', {
		customer: state.customer.id, billing_account: usd.id,
		lines: [{ product: dc.id, edition: 'enterprise', user_tier: 500, billing_period: 'annual' }],
	});
	assert.equal(quote.status, 201, quote.text);
	const order = await alexApi.post(`/api/v1/quotes/${quote.body.id}/order`, { payment_method: 'bank_transfer' });
	assert.equal(order.status, 201, order.text);
	assert.ok(order.body.invoice, `an invoice: ${order.text}`);
	const paid = await alexApi.post(`/api/v1/invoices/${order.body.invoice.id}/payments`, { method: 'bank_transfer' });
	assert.equal(paid.status, 201, paid.text);

	await p.open(page, '/partner/licenses');
	await page.getByRole('heading', { level: 1, name: 'License keys' }).waitFor();
	const lic = (await alexApi.get('/api/v1/licenses')).body.data;
	assert.ok(lic.some((l) => l.license_key), 'a key alex may see');
	for (const l of lic) {
		const row = page.locator('tbody tr', { has: page.getByText(l.sen, { exact: true }) });
		await row.waitFor();
		if (l.license_key) assert.equal(await row.locator('code').innerText(), l.license_key);
		else assert.equal(await row.locator('code').count(), 0, `${l.sen}: no key where the API gives none`);
	}
	await checkPage('partner-licenses');
});
