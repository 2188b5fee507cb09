// The billing console, as pat of Acme Robotics uses it: the Active,
// Upcoming ("Starts in N days") and Inactive tabs against the API,
// "Site setup required" where a subscription has no site (rule 15), an
// empty tab, and the console at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, ready, PHONE } from './harness.mjs';
import { walk, USERS } from '../api/harness.mjs';

let p, pat, page;

before(async () => {
	p = await startPortal();
	pat = await p.srv.as(USERS.pat);
	page = await p.login('pat');
});
after(async () => { await p?.close(); });

async function tableRows(pg) {
	return pg.locator('.list-view tbody tr').evaluateAll((trs) => trs.map((tr) => ({
		id: tr.querySelector('a[href^="/portal/subscriptions/"]').getAttribute('href').split('/').pop(),
		site: tr.querySelector('[data-label="Site"]').innerText.trim(),
		text: tr.innerText.replace(/\s+/g, ' '),
	})));
}

async function selectTab(pg, name) {
	await pg.getByRole('tab', { name, exact: true }).click();
	await ready(pg);
}

const host = (url) => url.replace(/^https?:\/\//, '');

test('the menu opens the billing console: the Active tab, with "Site setup required" where the API says so', async () => {
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing console' }).click();
	await ready(page, '/billing');
	await page.getByRole('heading', { level: 1, name: 'Billing console' }).waitFor();
	const api = (await walk(pat, '/api/v1/subscriptions?status=active', 100)).items;
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r.id), api.map((s) => s.id));
	const noSite = api.filter((s) => s.site_setup_required);
	assert.ok(noSite.length >= 1, 'the demo gives pat an active subscription with no site');
	for (const [i, s] of api.entries()) {
		if (s.site_setup_required) assert.equal(rows[i].site, 'Site setup required', `${s.id} has no site`);
		else assert.equal(rows[i].site, host(s.site.url), `${s.id} is on its site`);
		assert.ok(rows[i].text.includes(`${s.days_until_renewal} day`), `${s.id}: days until renewal`);
	}
	await p.checkA11y(page, 'billing console, active');
	await p.shot(page, 'billing-active');
});

test('the Upcoming tab says when each subscription starts: "Starts in N days"', async () => {
	await selectTab(page, 'Upcoming');
	assert.equal(new URL(page.url()).search, '?tab=upcoming');
	const api = (await walk(pat, '/api/v1/subscriptions?status=upcoming', 100)).items;
	assert.ok(api.length >= 1, 'the demo gives pat an upcoming subscription');
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r.id), api.map((s) => s.id));
	for (const [i, s] of api.entries()) {
		assert.ok(s.starts_in_days >= 1);
		assert.ok(rows[i].text.includes(`Starts in ${s.starts_in_days} day${s.starts_in_days === 1 ? '' : 's'}`), rows[i].text);
		assert.ok(!rows[i].text.includes('Site setup required'), 'an upcoming one needs no site yet');
	}
	await p.checkA11y(page, 'billing console, upcoming');
	await p.shot(page, 'billing-upcoming');
});

test('the Inactive tab lists cancelled and expired subscriptions', async () => {
	await selectTab(page, 'Inactive');
	const api = (await walk(pat, '/api/v1/subscriptions?status=inactive', 100)).items;
	const rows = await tableRows(page);
	assert.deepEqual(rows.map((r) => r.id), api.map((s) => s.id));
	for (const [i, s] of api.entries()) assert.ok(rows[i].text.includes(s.state === 'expired' ? 'Expired' : 'Cancelled'));
	await p.checkA11y(page, 'billing console, inactive');
	await p.shot(page, 'billing-inactive');
});

test('a subscription needing its site shows that state on its page, with no provisioning button', async () => {
	await selectTab(page, 'Active');
	const s = (await walk(pat, '/api/v1/subscriptions?status=active', 100)).items.find((x) => x.site_setup_required);
	await page.locator(`a[href="/portal/subscriptions/${s.id}"]`).click();
	await ready(page, `/portal/subscriptions/${s.id}`);
	const panel = page.getByRole('tabpanel');
	await panel.getByText('Site setup required').waitFor();
	assert.match(await panel.innerText(), /not on a site yet/);
	const buttons = await page.locator('main button').allInnerTexts();
	assert.ok(!buttons.some((b) => /site|provision/i.test(b)), `no provisioning button: ${buttons}`);
	await p.checkA11y(page, 'site setup required');
	await p.shot(page, 'billing-site-setup');
});

test('a tab with nothing in it says so', async () => {
	// Cancelling pat's upcoming subscriptions (as pat may) empties the tab.
	for (const s of (await walk(pat, '/api/v1/subscriptions?status=upcoming', 100)).items) {
		if (s.kind !== 'product') continue;
		const r = await pat.post(`/api/v1/subscriptions/${s.id}/cancel`, { effective: 'now' });
		assert.equal(r.status, 200, r.text);
	}
	assert.equal((await walk(pat, '/api/v1/subscriptions?status=upcoming', 100)).items.length, 0);
	await p.open(page, '/billing?tab=upcoming');
	await page.getByText('No upcoming subscriptions.').waitFor();
	assert.equal(await page.locator('.list-view table').count(), 0);
	await p.checkA11y(page, 'billing console, empty');
	await p.shot(page, 'billing-empty');
});

test('at phone width the console fits: no sideways scrolling, the site state readable', async () => {
	const phone = await p.login('pat', { viewport: PHONE, path: '/login?next=%2Fbilling' });
	if (new URL(phone.url()).pathname !== '/billing') await p.open(phone, '/billing');
	const width = await phone.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= PHONE.width, `the page fits 375 px (${width})`);
	const badge = phone.locator('.list-view .site-setup').first();
	const box = await badge.boundingBox();
	assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, 'the "Site setup required" badge is on screen');
	await p.checkA11y(phone, 'billing console, phone');
	await p.shot(phone, 'billing-active-phone');
	await phone.context().close();
});
