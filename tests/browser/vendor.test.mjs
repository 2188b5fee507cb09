// The vendor console end to end: the review queue (approve one order held
// for review, reject another with a note), an invoice paid and refunded
// through its page, a refund refused outside its window with the API's
// reason (SPEC rule 9), a cancelled subscription reactivated (rule 14),
// those actions found in the audit log, and vendor support offered none of
// the actions its role may not take. axe runs on every page, at desktop and
// phone widths, and each page is saved as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortal, ready, PHONE } from './harness.mjs';
import { startServer, run, findQuoteBody, newKey, USERS } from '../api/harness.mjs';

// The purchase whose refund is refused is paid on this day, 45 days before
// the portal's clock (tests/api/harness.mjs NOW, 2026-06-15): an annual
// cloud subscription is refundable for 30 days after payment.
const EARLIER = '2026-05-01T12:00:00Z';

let dir, p, alex, admin, pat;
const made = {}; // what the test made through the API: orders, invoices, a subscription

function post(client, path, body) {
	return client.post(path, body, { idempotencyKey: newKey('vendor') });
}

// A quote of alex's for Acme, ordered: held for review when notes are given.
async function order(client, notes) {
	const body = await findQuoteBody(client);
	const q = await post(client, '/api/v1/quotes', notes ? { ...body, notes } : body);
	assert.equal(q.status, 201, q.text);
	const o = await post(client, `/api/v1/quotes/${q.body.id}/order`, { payment_method: 'card' });
	assert.equal(o.status, 201, o.text);
	assert.equal(o.body.status, notes ? 'pending_review' : 'in_progress');
	return o.body;
}

before(async () => {
	// An annual purchase paid 45 days ago, made and paid through the API on
	// a server whose clock stood then; the portal serves the same database.
	dir = mkdtempSync(join(tmpdir(), 'tessera-vendor-'));
	const db = join(dir, 'v.db');
	const demo = await run(['demo', '--db', db]);
	assert.equal(demo.code, 0, demo.stderr);
	const then = await startServer({ db, now: EARLIER });
	try {
		const a = await then.login(USERS.alex);
		const old = await order(a);
		const paid = await post(await then.login(USERS.admin), `/api/v1/invoices/${old.invoice.id}/payments`, { method: 'card' });
		assert.equal(paid.status, 201, paid.text);
		made.oldInvoice = paid.body.invoice;
	} finally {
		await then.stop();
	}

	p = await startPortal({ db });
	[alex, admin, pat] = await Promise.all([p.srv.login(USERS.alex), p.srv.login(USERS.admin), p.srv.login(USERS.pat)]);
	made.approve = await order(alex, 'Co-term with the Wiki licenses, please.');
	made.reject = await order(alex, 'Bill this to the new department.');
	made.pay = await order(alex);
	// A subscription of Acme's that its contact cancels (SPEC rule 14: only vendor staff bring it back).
	const subs = await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=50');
	assert.equal(subs.status, 200, subs.text);
	const sub = subs.body.data.find((s) => s.state === 'live' && !s.cancel_at_period_end);
	assert.ok(sub, 'Acme has a live product subscription (demo data)');
	const cancelled = await post(pat, `/api/v1/subscriptions/${sub.id}/cancel`, { effective: 'now' });
	assert.equal(cancelled.status, 200, cancelled.text);
	assert.equal(cancelled.body.state, 'cancelled');
	made.sub = cancelled.body;
});

after(async () => {
	try {
		await p?.close();
	} finally {
		if (dir) rmSync(dir, { recursive: true, force: true });
	}
});

// The row of a table whose first cell holds text.
function row(page, text) {
	return page.locator('tbody tr').filter({ has: page.locator('th', { hasText: text }) });
}

test('admin: the review queue approves one order and rejects another with a note', async () => {
	const page = await p.login('admin');
	assert.equal(new URL(page.url()).pathname, '/vendor');
	await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
	const a = row(page, made.approve.number);
	await a.getByText('Co-term with the Wiki licenses, please.').waitFor();
	await p.checkA11y(page, 'review queue');
	await p.shot(page, 'vendor-review-queue');

	await a.getByRole('button', { name: `Approve order ${made.approve.number}` }).click();
	const dlg = page.getByRole('dialog');
	await dlg.getByLabel('Note (optional)').fill('Co-term checked.');
	await p.checkA11y(page, 'approve dialog');
	await dlg.getByRole('button', { name: 'Approve' }).click();
	await page.getByText(`Order ${made.approve.number}: In progress.`).waitFor();
	await ready(page);
	assert.equal(await row(page, made.approve.number).count(), 0, 'the approved order left the queue');

	await row(page, made.reject.number).getByRole('button', { name: `Reject order ${made.reject.number}` }).click();
	await page.getByRole('dialog').getByLabel('Note to the partner').fill('Please quote the new department separately.');
	await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
	await page.getByText(`Order ${made.reject.number}: Cancelled.`).waitFor();
	await ready(page);
	assert.equal(await row(page, made.reject.number).count(), 0);

	const approved = (await admin.get(`/api/v1/orders/${made.approve.id}`)).body;
	assert.equal(approved.status, 'in_progress');
	assert.equal(approved.decision_note, 'Co-term checked.');
	assert.ok(approved.invoice, 'the approved order is invoiced');
	const rejected = (await admin.get(`/api/v1/orders/${made.reject.id}`)).body;
	assert.equal(rejected.status, 'cancelled');
	assert.equal(rejected.decision_note, 'Please quote the new department separately.');

	// The rejected order's page shows the note and no decision any more.
	await p.open(page, `/vendor/orders/${made.reject.id}`);
	await page.getByText('Please quote the new department separately.').waitFor();
	assert.equal(await page.getByRole('button', { name: /Approve|Reject/ }).count(), 0);
	await page.context().close();
});

test('admin: orders filter by status on the server; an order shows its lines, who placed it and its review message', async () => {
	const page = await p.login('admin');
	await p.open(page, '/vendor/orders');
	await page.getByLabel('Status').selectOption('cancelled');
	await page.getByRole('button', { name: 'Apply' }).click();
	await page.waitForFunction(() => location.search === '?status=cancelled');
	await ready(page);
	await row(page, made.reject.number).waitFor();
	const statuses = await page.locator('tbody tr td:nth-child(2)').allTextContents();
	assert.ok(statuses.length > 0 && statuses.every((s) => s === 'Cancelled'), `only cancelled orders: ${statuses}`);
	await p.checkA11y(page, 'orders');
	await p.shot(page, 'vendor-orders');

	// An order still held for review: its message to the customer (SPEC rule 12).
	const held = await order(alex, 'Align the renewal dates.');
	await p.open(page, `/vendor/orders/${held.id}`);
	await page.getByText(held.customer_message).waitFor();
	await page.getByText('Align the renewal dates.').first().waitFor();
	await page.getByText(held.placed_by.name).first().waitFor();
	await page.getByRole('table', { name: `Lines of order ${held.number}` }).getByText(held.lines[0].product.name).waitFor();
	await page.getByRole('button', { name: `Approve order ${held.number}` }).waitFor();
	await p.checkA11y(page, 'order');
	await p.shot(page, 'vendor-order');
	await page.context().close();
});

test('admin: an invoice is paid with a method it accepts, then refunded, through its page', async () => {
	const page = await p.login('admin');
	const inv = made.pay.invoice;
	await p.open(page, '/vendor/invoices?status=open');
	await row(page, inv.number).getByRole('link', { name: inv.number }).click();
	await ready(page, `/vendor/invoices/${inv.id}`);
	const detail = (await admin.get(`/api/v1/invoices/${inv.id}`)).body;
	await page.getByRole('link', { name: 'Download PDF' }).waitFor();
	assert.equal(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href'), `/api/v1/invoices/${inv.id}/pdf`);
	await p.checkA11y(page, 'invoice');
	await p.shot(page, 'vendor-invoice-open');

	await page.getByRole('button', { name: 'Record payment' }).click();
	const dlg = page.getByRole('dialog');
	// The methods offered are those the API accepts for this invoice.
	const offered = await dlg.getByLabel('Method').locator('option').evaluateAll((os) => os.map((o) => o.value));
	assert.deepEqual(offered, detail.accepted_payment_methods);
	await dlg.getByLabel('Method').selectOption('bank_transfer');
	await dlg.getByLabel('Reference (optional)').fill('TRX-4471');
	await p.checkA11y(page, 'payment dialog');
	await p.shot(page, 'vendor-invoice-pay-dialog');
	await dlg.getByRole('button', { name: /^Record payment of / }).click();
	await page.getByText(`Invoice ${inv.number} is paid.`).waitFor();
	await ready(page);
	await page.getByRole('heading', { level: 1 }).getByText('Paid').waitFor();
	await page.getByText('TRX-4471').waitFor();
	const paid = (await admin.get(`/api/v1/invoices/${inv.id}`)).body;
	assert.equal(paid.status, 'paid');
	assert.equal(paid.payment.method, 'bank_transfer');
	assert.equal(await page.getByRole('button', { name: 'Record payment' }).count(), 0);

	await page.getByRole('button', { name: 'Refund' }).click();
	await page.getByRole('dialog').getByLabel('Reason').fill('The customer ordered twice.');
	await page.getByRole('dialog').getByRole('button', { name: /^Refund / }).click();
	await page.getByText(new RegExp(`Invoice ${inv.number} is refunded: credit note CN-`)).waitFor();
	await ready(page);
	await page.getByRole('table', { name: `Refunds of invoice ${inv.number}` }).getByText('The customer ordered twice.').waitFor();
	assert.equal((await admin.get(`/api/v1/invoices/${inv.id}`)).body.status, 'refunded');
	await p.checkA11y(page, 'refunded invoice');
	await p.shot(page, 'vendor-invoice-refunded');
	await page.context().close();
});

test('admin: a refund outside its window is refused with the API\'s reason, and nothing changes', async () => {
	const page = await p.login('admin');
	const inv = made.oldInvoice;
	await p.open(page, `/vendor/invoices/${inv.id}`);
	await page.getByRole('button', { name: 'Refund' }).click();
	const dlg = page.getByRole('dialog');
	await dlg.getByLabel('Reason').fill('Asked for too late.');
	await dlg.getByRole('button', { name: /^Refund / }).click();
	const refusal = await admin.post(`/api/v1/invoices/${inv.id}/refunds`, { reason: 'probe' }, { idempotencyKey: newKey('probe') });
	assert.equal(refusal.status, 422, refusal.text);
	assert.equal(refusal.body.error.code, 'refund_window_closed');
	await dlg.getByRole('alert').getByText(refusal.body.error.message).waitFor();
	await p.checkA11y(page, 'refused refund');
	await p.shot(page, 'vendor-refund-refused');
	await dlg.getByRole('button', { name: 'Cancel' }).click();
	assert.equal((await admin.get(`/api/v1/invoices/${inv.id}`)).body.status, 'paid');
	await page.context().close();
});

test('admin: subscriptions search by status and customer on the server; a cancelled one is reactivated', async () => {
	const page = await p.login('admin');
	await p.open(page, '/vendor/subscriptions');
	await page.getByLabel('Status').selectOption('inactive');
	await page.getByLabel('Customer').fill('Acme');
	await page.getByRole('button', { name: 'Apply' }).click();
	await page.waitForFunction(() => new URLSearchParams(location.search).get('customer') !== null);
	await ready(page);
	const q = new URL(page.url()).searchParams;
	assert.equal(q.get('status'), 'inactive');
	assert.equal(q.get('customer'), made.sub.customer.id);
	const customers = await page.locator('tbody tr td:nth-child(3)').allTextContents();
	assert.ok(customers.length > 0 && customers.every((c) => c === made.sub.customer.name), `only Acme's: ${customers}`);
	await p.checkA11y(page, 'subscriptions');
	await p.shot(page, 'vendor-subscriptions');

	await page.locator('tbody tr').filter({ has: page.locator(`a[href="/vendor/subscriptions/${made.sub.id}"]`) }).getByRole('link').first().click();
	await ready(page, `/vendor/subscriptions/${made.sub.id}`);
	await p.checkA11y(page, 'cancelled subscription');
	await p.shot(page, 'vendor-subscription-cancelled');
	await page.getByRole('button', { name: 'Reactivate' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Reactivate' }).click();
	await page.getByText(`${made.sub.product.name} is active again.`).waitFor();
	await ready(page);
	assert.equal(await page.getByRole('button', { name: 'Reactivate' }).count(), 0);
	const now = (await admin.get(`/api/v1/subscriptions/${made.sub.id}`)).body;
	assert.equal(now.state, 'live');
	assert.equal(now.status, 'active');
	await page.context().close();
});

test('admin: the audit log shows who did what to which object, when, with before and after', async () => {
	const page = await p.login('admin');
	const me = (await admin.get('/api/v1/me')).body;
	const trails = [
		[made.approve.id, 'order.approve'],
		[made.reject.id, 'order.reject'],
		[made.pay.invoice.id, 'invoice.pay'],
		[made.pay.invoice.id, 'invoice.refund'],
		[made.sub.id, 'subscription.reactivate'],
	];
	for (const [id, action] of trails) {
		await p.open(page, `/vendor/audit?object_id=${id}`);
		const ev = page.locator('tbody tr').filter({ has: page.locator('td', { hasText: action }) });
		await ev.first().waitFor();
		// Who: the admin, who is reading.
		await ev.first().getByText('You', { exact: true }).waitFor();
		assert.match(await ev.first().innerText(), new RegExp(me.user.id));
	}
	await p.checkA11y(page, 'audit log');

	// What the admin did, newest first, filtered on the server.
	await p.open(page, `/vendor/audit?actor=${me.user.id}&order=newest`);
	const mine = (await page.locator('tbody tr td:nth-child(3)').allTextContents());
	for (const [, action] of trails) assert.ok(mine.includes(action), `${action} among the admin's events: ${mine}`);
	assert.equal(mine[0], 'subscription.reactivate', 'the newest first');

	// One object's events, from its page's link: the cancellation by its
	// customer's contact, then the reactivation, with the state before and after.
	await p.open(page, `/vendor/subscriptions/${made.sub.id}`);
	await page.getByRole('link', { name: 'Audit trail' }).click();
	await ready(page, '/vendor/audit');
	assert.equal(new URL(page.url()).searchParams.get('object_id'), made.sub.id);
	const own = await page.locator('tbody tr td:nth-child(3)').allTextContents();
	assert.deepEqual(own.filter((a) => a.startsWith('subscription.')).slice(-2), ['subscription.cancel', 'subscription.reactivate']);
	const reactivation = page.locator('tbody tr').filter({ hasText: 'subscription.reactivate' });
	await reactivation.getByText('State').first().waitFor();
	await reactivation.locator('del', { hasText: 'cancelled' }).waitFor();
	await reactivation.locator('ins', { hasText: 'live' }).waitFor();
	await reactivation.getByText(/Before and after/).click();
	await reactivation.locator('pre').first().waitFor();
	await p.checkA11y(page, 'audit trail of a subscription');
	await p.shot(page, 'vendor-audit');
	await page.context().close();
});

test('support: the same pages, without the actions its role may not take', async () => {
	const page = await p.login('support');
	const held = await order(alex, 'Support looks, admin decides.');
	await page.reload();
	await ready(page, '/vendor');
	await row(page, held.number).waitFor();
	assert.equal(await page.getByRole('button', { name: /Approve|Reject/ }).count(), 0, 'no decision in the queue');
	await p.checkA11y(page, 'review queue, support');
	await p.shot(page, 'vendor-support-queue');
	await p.open(page, `/vendor/orders/${held.id}`);
	await page.getByText(held.customer_message).waitFor();
	assert.equal(await page.getByRole('button', { name: /Approve|Reject/ }).count(), 0, 'no decision on the order');

	// An open invoice: no payment; a paid one: no refund. The PDF is there.
	const open = await order(alex);
	await p.open(page, `/vendor/invoices/${open.invoice.id}`);
	await page.getByRole('link', { name: 'Download PDF' }).waitFor();
	assert.equal(await page.getByRole('button', { name: 'Record payment' }).count(), 0);
	await p.open(page, `/vendor/invoices/${made.oldInvoice.id}`);
	await page.getByRole('heading', { level: 1 }).getByText('Paid').waitFor();
	assert.equal(await page.getByRole('button', { name: 'Refund' }).count(), 0);
	await p.checkA11y(page, 'invoice, support');

	// SPEC section 1: vendor support may reactivate a cancelled subscription.
	const subs = (await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=50')).body.data;
	const sub = subs.find((s) => s.state === 'live' && !s.cancel_at_period_end && s.id !== made.sub.id);
	assert.ok(sub);
	assert.equal((await post(pat, `/api/v1/subscriptions/${sub.id}/cancel`, { effective: 'now' })).status, 200);
	await p.open(page, `/vendor/subscriptions/${sub.id}`);
	await page.getByRole('button', { name: 'Reactivate' }).waitFor();
	await p.open(page, `/vendor/audit?object_id=${sub.id}`);
	await page.locator('tbody tr').filter({ hasText: 'subscription.cancel' }).first().waitFor();
	await p.checkA11y(page, 'audit log, support');
	await page.context().close();
});

test('phone width: the queue, an invoice and the audit log stack and stay accessible', async () => {
	const page = await p.login('admin', { viewport: PHONE });
	await p.checkA11y(page, 'review queue, phone');
	await p.shot(page, 'vendor-review-queue-phone');
	for (const [path, name] of [
		[`/vendor/invoices/${made.oldInvoice.id}`, 'vendor-invoice-phone'],
		['/vendor/invoices', 'vendor-invoices-phone'],
		[`/vendor/subscriptions/${made.sub.id}`, 'vendor-subscription-phone'],
		[`/vendor/audit?object_id=${made.sub.id}`, 'vendor-audit-phone'],
	]) {
		await p.open(page, path);
		await p.checkA11y(page, `${path}, phone`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		assert.ok(overflow <= 0, `${path} fits the phone's width (overflow ${overflow}px)`);
		await p.shot(page, name);
	}
	await page.context().close();
});
