// How long each page of the portals takes to become usable: for each role,
// every page of its menu and the first detail page each links to, opened
// by a full load and by a click inside the app, REPEAT times each. A page
// is usable when the app has drawn it and no table is still loading
// (body[data-ready] is its path and nothing is aria-busy: the same signal
// the browser tests wait for). Prints one line per page with the median
// and the slowest of the runs, and the navigation timing of the full load.
//
//   node bench/pages.mjs BASE_URL [REPEAT]
import { chromium } from 'playwright-core';
import { ready } from '../tests/browser/harness.mjs';

const base = process.argv[2];
const repeat = Number(process.argv[3] || 5);
const USERS = [
	['customer_contact', 'pat@acme.example'],
	['partner_user', 'alex@bluebird.example'],
	['vendor_admin', 'admin@helix.example'],
];

function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function usable(page, path, act) {
	// The app marks the path it has drawn, without the query.
	const drawn = new URL(path, 'http://x').pathname;
	await page.evaluate(() => { delete document.body.dataset.ready; });
	const t0 = performance.now();
	await act();
	await ready(page, drawn);
	return performance.now() - t0;
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const rows = [];
try {
	for (const [role, email] of USERS) {
		const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 860 } });
		const page = await ctx.newPage();
		await page.goto('/login');
		await ready(page, '/login');
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill('tessera-demo');
		await page.getByRole('button', { name: 'Log in' }).click();
		await page.waitForFunction(() => !location.pathname.startsWith('/login'));
		await ready(page);
		const menu = await page.$$eval('#nav-list a', (as) => as.map((a) => a.getAttribute('href')));
		const paths = [...menu];
		for (const m of menu) {
			await page.goto(m);
			await ready(page, new URL(m, base).pathname);
			const detail = await page.$$eval('main table tbody a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
			const d = detail.find((x) => !paths.includes(x) && !x.startsWith('/api/'));
			if (d) paths.push(d);
		}
		for (const path of paths) {
			const loads = [];
			const clicks = [];
			let timing = null;
			for (let i = 0; i < repeat; i++) {
				loads.push(await usable(page, path, () => page.goto(path)));
				timing = await page.evaluate(() => {
					const [n] = performance.getEntriesByType('navigation');
					return n ? Math.round(n.domContentLoadedEventEnd) : null;
				});
				// The same page reached from another one inside the app.
				await page.evaluate(() => history.pushState(null, '', '/__bench'));
				clicks.push(await usable(page, path, () => page.evaluate((p) => {
					history.pushState(null, '', p);
					dispatchEvent(new PopStateEvent('popstate'));
				}, path)));
			}
			rows.push({ role, path, load: median(loads), loadMax: Math.max(...loads), inApp: median(clicks), inAppMax: Math.max(...clicks), dcl: timing });
		}
		await ctx.close();
	}
} finally {
	await browser.close();
}
console.log(`${'role'.padEnd(17)} ${'page'.padEnd(44)} ${'load p50'.padStart(9)} ${'max'.padStart(7)} ${'in-app p50'.padStart(11)} ${'max'.padStart(7)} ${'DCL'.padStart(6)}  (ms)`);
for (const r of rows)
	console.log(`${r.role.padEnd(17)} ${r.path.slice(0, 44).padEnd(44)} ${r.load.toFixed(0).padStart(9)} ${r.loadMax.toFixed(0).padStart(7)} ${r.inApp.toFixed(0).padStart(11)} ${r.inAppMax.toFixed(0).padStart(7)} ${String(r.dcl).padStart(6)}`);
const worst = Math.max(...rows.map((r) => r.loadMax));
console.log(`slowest page: ${worst.toFixed(0)} ms over ${rows.length} pages`);
