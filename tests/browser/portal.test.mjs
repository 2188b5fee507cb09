// The customer's partner-managed subscriptions portal, as pat of Acme
// Robotics uses it: the Active and Inactive tabs against the API, a
// product's detail with its apps, the partner and customer contacts, an
// app's detail, cancelling a product with its apps (rule 14) on the page
// and through the API, "not found", and the list at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, ready, PHONE } from './harness.mjs';
import { walk, USERS, missingId } from '../api/harness.mjs';

let p, pat, page;

before(async () => {
	p = await startPortal();
	pat = await p.srv.as(USERS.pat);
	page = await p.login('pat');
});
after(async () => { await p?.close(); });

const detailPath = (id) => `/portal/subscriptions/${id}`;

// The rows of the visible subscriptions table: the id each Manage link names, and the row's text.
async function tableRows(pg) {
	return pg.locator('.list-view tbody tr').evaluateAll((trs) => trs.map((tr) => ({
		id: tr.querySelector('a[href^="/portal/subscriptions/"]').getAttribute('href').split('/').pop(),
		text: tr.innerText.replace(/\s+/g, ' '),
	})));
}

async function selectTab(pg, name) {
	await pg.getByRole('tab', { name, exact: true }).click();
	await ready(pg);
}

test('pat lands on the portal: the Active tab lists the active subscriptions as the API does', async () => {
	assert.equal(new URL(page.url()).pathname, '/portal');
	await page.getByRole('heading', { level: 1, name: 'Subscriptions' }).waitFor();
	assert.equal(await page.getByRole('tab', { name: 'Active', exact: true }).getAttribute('aria-selected'), 'true');
	const api = (await walk(pat, '/api/v1/subscriptions?status=active', 100)).items;
	assert.ok(api.length >= 3 && api.length <= 25, `one page of active subscriptions (${api.length})`);
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r.id), api.map((s) => s.id), 'the same subscriptions, in the same order');
	for (const [i, s] of api.entries()) {
		const t = rows[i].text;
		assert.ok(t.includes(s.product.name), `${s.id}: the name`);
		assert.ok(t.toLowerCase().includes(s.kind), `${s.id}: product or app`);
		assert.ok(t.includes(`${s.active_users.toLocaleString('en-US')} of ${s.user_tier.toLocaleString('en-US')}`), `${s.id}: the users`);
		assert.ok(t.includes(`${s.days_until_renewal} day`), `${s.id}: days until renewal`);
		assert.ok(t.includes(s.partner.name), `${s.id}: the partner`);
		assert.ok(t.includes('Manage'));
		if (s.site_setup_required) assert.ok(t.includes('Site setup required'), `${s.id}: site setup`);
	}
	assert.ok(api.some((s) => s.kind === 'app') && api.some((s) => s.kind === 'product'), 'products and apps');
	await p.checkA11y(page, 'portal, active');
	await p.shot(page, 'portal-list-active');
});

test('the Inactive tab lists cancelled and expired subscriptions with their end date', async () => {
	await selectTab(page, 'Inactive');
	assert.equal(new URL(page.url()).search, '?tab=inactive', 'the tab is kept in the address');
	const api = (await walk(pat, '/api/v1/subscriptions?status=inactive', 100)).items;
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r.id), api.map((s) => s.id));
	for (const [i, s] of api.entries()) {
		assert.ok(rows[i].text.includes(s.state === 'expired' ? 'Expired' : 'Cancelled'), `${s.id}: ${rows[i].text}`);
		assert.ok(!/Manage.*Cancel subscription/.test(rows[i].text));
	}
	const expired = api.find((s) => s.state === 'expired');
	assert.ok(expired, 'the demo has an expired subscription for pat');
	const ended = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
		.format(new Date(expired.ended_on + 'T00:00:00Z'));
	assert.ok(rows.find((r) => r.id === expired.id).text.includes(ended), `the end date for the reader: ${ended}`);
	await p.checkA11y(page, 'portal, inactive');
	await p.shot(page, 'portal-list-inactive');
	// Reloading keeps the tab.
	await page.reload();
	await ready(page, '/portal');
	assert.equal(await page.getByRole('tab', { name: 'Inactive' }).getAttribute('aria-selected'), 'true');
	await selectTab(page, 'Active');
});

let product; // the active product with live apps opened below

test("Manage opens a product's detail: site, entitlement, bill date, users and its apps", async () => {
	const active = (await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 100)).items;
	for (const s of active) {
		const d = (await pat.get(`/api/v1/subscriptions/${s.id}`)).body;
		if (d.cancel_now.apps.length >= 1 && d.site) { product = d; break; }
	}
	assert.ok(product, 'an active product with live apps on a site');
	await page.locator(`a[href="${detailPath(product.id)}"]`).click();
	await ready(page, detailPath(product.id));
	await page.getByRole('heading', { level: 1, name: product.product.name }).waitFor();
	const details = page.getByRole('tabpanel');
	const text = (await details.innerText()).replace(/\s+/g, ' ');
	assert.ok(text.includes(product.site.url.replace('https://', '')), 'the site URL');
	assert.equal(await details.getByRole('link', { name: product.site.url.replace('https://', '') }).getAttribute('href'), product.site.url);
	assert.ok(text.includes(product.entitlement_number), 'the entitlement number');
	assert.ok(text.includes(product.sen), 'the SEN');
	const bill = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
		.format(new Date(product.bill_date + 'T00:00:00Z'));
	assert.ok(text.includes(`Bill date ${bill}`), `the bill date for the reader (${bill}): ${text}`);
	assert.ok(text.includes(`Active users ${product.active_users} of`), 'the active users');
	assert.ok(text.includes(`${product.days_until_renewal} days`), 'days until renewal');
	const appTable = page.getByRole('table', { name: `Apps on ${product.product.name}` });
	for (const a of product.apps) {
		const row = appTable.getByRole('row').filter({ has: page.locator(`a[href="${detailPath(a.id)}"]`) });
		assert.equal(await row.count(), 1, `a row with Manage for ${a.product.name}`);
		assert.ok((await row.innerText()).includes(a.product.name));
	}
	assert.ok(await page.getByRole('button', { name: 'Cancel subscription' }).isVisible());
	await p.checkA11y(page, 'product detail');
	await p.shot(page, 'portal-product');
});

test('the Partner and customer contacts tab shows the contacts the API gives', async () => {
	const c = (await pat.get(`/api/v1/subscriptions/${product.id}/contacts`)).body;
	await selectTab(page, 'Partner and customer contacts');
	const panel = page.getByRole('tabpanel');
	await panel.getByRole('heading', { name: 'Billing partner' }).waitFor();
	const text = (await panel.innerText()).replace(/\s+/g, ' ');
	for (const v of [c.partner.name, c.partner.contact_name, c.partner.contact_email]) assert.ok(text.includes(v), v);
	assert.ok(c.customer_contacts.some((x) => x.email === USERS.pat));
	for (const x of [...c.customer_contacts, ...c.technical_contacts, ...c.billing_contacts]) {
		assert.ok(text.includes(x.name) && text.includes(x.email), `${x.name} <${x.email}>`);
	}
	const primary = c.technical_contacts.find((t) => t.primary);
	const row = panel.getByRole('table', { name: 'Technical contacts' }).getByRole('row').filter({ hasText: primary.email });
	assert.ok((await row.innerText()).includes('Primary'), 'the primary technical contact is marked');
	assert.equal(await panel.getByRole('link', { name: c.partner.contact_email }).getAttribute('href'), `mailto:${c.partner.contact_email}`);
	await p.checkA11y(page, 'contacts');
	await p.shot(page, 'portal-contacts');
	await selectTab(page, 'Details');
});

test("an app's detail: site, entitlement, plan type, bill date, users and the products it is installed on", async () => {
	const app = product.apps.find((a) => product.cancel_now.apps.includes(a.id));
	const d = (await pat.get(`/api/v1/subscriptions/${app.id}`)).body;
	await page.locator(`a[href="${detailPath(app.id)}"]`).click();
	await ready(page, detailPath(app.id));
	await page.getByRole('heading', { level: 1, name: d.product.name }).waitFor();
	const text = (await page.getByRole('tabpanel').innerText()).replace(/\s+/g, ' ');
	assert.ok(text.includes('App subscription details'));
	assert.ok(text.includes(d.site.url.replace('https://', '')));
	assert.ok(text.includes(d.entitlement_number));
	assert.match(text, new RegExp(`Plan type ${d.plan}`, 'i'));
	assert.ok(text.includes(`Active users ${d.active_users} of`));
	const installed = page.getByRole('region', { name: 'Installed on' });
	for (const i of d.installed_on) {
		assert.equal(await installed.getByRole('link', { name: i.product.name }).first().getAttribute('href'), detailPath(i.id));
	}
	assert.ok(d.installed_on.some((i) => i.id === product.id));
	await p.checkA11y(page, 'app detail');
	await p.shot(page, 'portal-app');
	// The breadcrumb leads back to its product.
	await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: product.product.name }).click();
	await ready(page, detailPath(product.id));
});

test('cancelling a product: the dialog names its apps and says reactivation needs vendor support; the apps go with it', async () => {
	const going = product.apps.filter((a) => product.cancel_now.apps.includes(a.id));
	// Dismissing the dialog changes nothing.
	await page.getByRole('button', { name: 'Cancel subscription' }).click();
	let dialog = page.getByRole('dialog', { name: `Cancel ${product.product.name}?` });
	await dialog.waitFor();
	await dialog.getByRole('button', { name: 'Keep subscription' }).click();
	await dialog.waitFor({ state: 'detached' });
	assert.equal((await pat.get(`/api/v1/subscriptions/${product.id}`)).body.status, 'active');

	await page.getByRole('button', { name: 'Cancel subscription' }).click();
	dialog = page.getByRole('dialog', { name: `Cancel ${product.product.name}?` });
	await dialog.waitFor();
	const text = (await dialog.innerText()).replace(/\s+/g, ' ');
	for (const a of going) assert.ok(text.includes(a.product.name), `the dialog names ${a.product.name}`);
	assert.match(text, /reactivation needs vendor support/);
	await p.checkA11y(page, 'cancel dialog');
	await p.shot(page, 'portal-cancel-dialog');
	await dialog.getByRole('button', { name: 'Cancel subscription' }).click();

	// The page shows the result: the product inactive, its apps cancelled, no cancel any more.
	await page.locator('#cancel-result').getByText(/is cancelled/).waitFor();
	await ready(page);
	const summary = (await page.locator('.detail-summary').innerText()).replace(/\s+/g, ' ');
	assert.match(summary, /Cancelled/);
	assert.equal(await page.getByRole('button', { name: 'Cancel subscription' }).count(), 0);
	assert.match(await page.locator('.callout').innerText(), /vendor support/);
	const appTable = page.getByRole('table', { name: `Apps on ${product.product.name}` });
	for (const a of going) {
		const row = appTable.getByRole('row').filter({ has: page.locator(`a[href="${detailPath(a.id)}"]`) });
		assert.match(await row.innerText(), /Cancelled/, `${a.product.name} shows cancelled`);
	}
	await p.checkA11y(page, 'cancelled product');
	await p.shot(page, 'portal-product-cancelled');

	// Through the API: the product and each of those apps are inactive.
	const after = (await pat.get(`/api/v1/subscriptions/${product.id}`)).body;
	assert.equal(after.status, 'inactive');
	assert.equal(after.state, 'cancelled');
	assert.deepEqual(after.cancel_now, { allowed: false, apps: [] });
	for (const a of going) {
		const r = (await pat.get(`/api/v1/subscriptions/${a.id}`)).body;
		assert.equal(r.status, 'inactive', `${a.product.name} is inactive`);
		assert.equal(r.state, 'cancelled');
	}
	// And the list moved them to the Inactive tab.
	await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Subscriptions' }).click();
	await ready(page, '/portal');
	assert.equal(await page.getByRole('tab', { name: 'Inactive' }).getAttribute('aria-selected'), 'true');
	const ids = (await tableRows(page)).map((r) => r.id);
	for (const id of [product.id, ...going.map((a) => a.id)]) assert.ok(ids.includes(id), `${id} is listed inactive`);
});

test('an inactive subscription offers no cancel', async () => {
	await p.open(page, detailPath(product.id));
	await page.getByRole('heading', { level: 1, name: product.product.name }).waitFor();
	assert.equal(await page.getByRole('button', { name: 'Cancel subscription' }).count(), 0);
	assert.match(await page.locator('.callout').innerText(), /reactivation needs vendor support/);
});

test('a subscription that does not exist, or is not pat\u2019s, says "not found"', async () => {
	const others = (await walk(await p.srv.as(USERS.robin), '/api/v1/subscriptions', 100)).items;
	for (const id of [missingId('sub'), 'not-an-id', others[0].id]) {
		await p.open(page, detailPath(id));
		await page.getByRole('heading', { level: 1, name: 'Subscription not found' }).waitFor();
		assert.ok(await page.getByRole('link', { name: 'Back to subscriptions' }).isVisible());
	}
	await p.checkA11y(page, 'not found');
	await p.shot(page, 'portal-not-found');
});

test('at phone width the list is usable: no sideways scrolling, every row with its Manage link', async () => {
	const phone = await p.login('pat', { viewport: PHONE });
	await page.context().close();
	page = phone;
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= PHONE.width, `the page fits 375 px (${width})`);
	const links = page.locator('.list-view tbody a', { hasText: 'Manage' });
	assert.ok((await links.count()) >= 1);
	for (const l of await links.all()) {
		const box = await l.boundingBox();
		assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'Manage is on screen');
	}
	await p.checkA11y(page, 'portal, phone');
	await p.shot(page, 'portal-list-phone');
	await page.locator('.list-view tbody a', { hasText: 'Manage' }).first().click();
	await ready(page);
	const w2 = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(w2 <= PHONE.width, `the detail fits 375 px (${w2})`);
	await p.shot(page, 'portal-product-phone');
});
