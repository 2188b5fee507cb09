// The portals' shell: served from the binary under a strict CSP, the
// login, each role's home and menu, logout, and an expired session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal, ready, PHONE } from './harness.mjs';

let p;
before(async () => { p = await startPortal(); });
after(async () => { await p.close(); });

test('pages are HTML under a strict Content-Security-Policy, files revalidated by ETag', async () => {
	const res = await fetch(`${p.base}/portal/anything`);
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/html/);
	const csp = res.headers.get('content-security-policy');
	assert.match(csp, /default-src 'none'/);
	assert.match(csp, /script-src 'self'(;|$)/);
	assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
	const js = await fetch(`${p.base}/assets/js/app.js`);
	assert.equal(js.status, 200);
	assert.match(js.headers.get('content-type'), /^text\/javascript/);
	const again = await fetch(`${p.base}/assets/js/app.js`, { headers: { 'If-None-Match': js.headers.get('etag') } });
	assert.equal(again.status, 304);
	const missing = await fetch(`${p.base}/assets/no-such-file.js`);
	assert.equal(missing.status, 404);
	assert.equal((await missing.json()).error.code, 'not_found');
	const climb = await fetch(`${p.base}/assets/..%2f..%2fetc/passwd`);
	assert.equal(climb.status, 404);
	// The API keeps its own errors.
	const api = await fetch(`${p.base}/api/v1/nothing`);
	assert.equal(api.status, 404);
	assert.match(api.headers.get('content-type'), /json/);
});

test('the login page is accessible and refuses a wrong password with the reason', async () => {
	const page = await p.page();
	await page.goto('/');
	await ready(page, '/login');
	assert.equal(new URL(page.url()).pathname, '/login');
	await p.checkA11y(page, 'login');
	await p.shot(page, 'login');
	await page.getByLabel('Email').fill('pat@acme.example');
	await page.getByLabel('Password').fill('wrong password');
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.getByRole('alert').filter({ hasText: /email or password/i }).waitFor();
	assert.equal(new URL(page.url()).pathname, '/login');
});

const HOMES = [
	['pat', '/portal', 'Acme Robotics'],
	['alex', '/partner', 'Bluebird Solutions'],
	['admin', '/vendor', 'Helix'],
	['support', '/vendor', 'Helix'],
];

for (const [who, home, org] of HOMES) {
	test(`${who} lands on ${home} with the menu of its role`, async () => {
		const page = await p.login(who);
		assert.equal(new URL(page.url()).pathname, home);
		await page.getByRole('banner').getByText(org).first().waitFor();
		// The pages of other roles are not open to it.
		for (const [, other] of HOMES) {
			if (other === home) continue;
			await p.open(page, other);
			await page.getByRole('heading', { name: 'Page not found' }).waitFor();
		}
		await page.context().close();
	});
}

test('logout ends the session: the API refuses the cookie and the pages return to the login', async () => {
	const page = await p.login('pat');
	await page.getByRole('button', { name: 'Log out' }).click();
	await page.waitForFunction(() => location.pathname === '/login');
	const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
	assert.equal(me, 401);
	await page.goto('/portal');
	await ready(page, '/login');
	assert.equal(new URL(page.url()).pathname, '/login');
	// Logged out, not expired: the login says nothing of an expired session.
	assert.equal(await page.getByText('Your session has expired').count(), 0);
	await page.context().close();
});

test('an expired session says so and returns to the login, then back to the page', async () => {
	const page = await p.login('pat');
	// The session ends behind the page's back (as when it times out).
	await page.evaluate(async () => {
		await fetch('/api/v1/sessions/current', { method: 'DELETE', headers: { 'X-CSRF-Token': localStorage.getItem('tessera.csrf') } });
	});
	await page.goto('/portal?again=1');
	await page.getByText('Your session has expired. Please log in again.').waitFor();
	const u = new URL(page.url());
	assert.equal(u.pathname, '/login');
	assert.equal(u.searchParams.get('next'), '/portal?again=1');
	await page.getByLabel('Email').fill('pat@acme.example');
	await page.getByLabel('Password').fill('tessera-demo');
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.waitForFunction(() => location.pathname + location.search === '/portal?again=1');
	await page.context().close();
});

test('at phone width the menu folds behind a button that opens it', async () => {
	const page = await p.login('alex', { viewport: PHONE });
	const toggle = page.getByRole('button', { name: 'Menu' });
	assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
	await toggle.click();
	assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
	assert.ok(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().isVisible());
	await p.checkA11y(page, 'partner home, phone');
	await page.context().close();
});
