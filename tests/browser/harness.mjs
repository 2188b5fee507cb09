// Shared helpers for the browser tests: a real tessera server on loopback
// with the demo data (tests/api/harness.mjs) and Debian's Chromium driven
// by playwright-core, with axe-core for accessibility and a screenshot of
// each page under the build folder.
//
//   const p = await startPortal();          // in before()
//   const page = await p.login('pat');       // a logged-in page at its home
//   await p.checkA11y(page);                  // fails on any axe violation
//   await p.shot(page, 'portal-list');
//   await p.close();                          // in after()

import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, USERS, PASSWORD } from '../api/harness.mjs';

const require = createRequire(import.meta.url);
// Evaluated through the devtools protocol, which the page's CSP does not
// govern (a script tag with its text would be refused, as it should be).
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export { USERS, PASSWORD };
export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };

// Waits until the app has drawn the page at path (app.js sets
// body[data-ready] after each render) and no table is still loading.
export async function ready(page, path) {
	await page.waitForFunction((p) => {
		const r = document.body.dataset.ready;
		return r !== undefined && (p === undefined || r === p) &&
			!document.querySelector('.state-loading, [aria-busy="true"]');
	}, path, { timeout: 15000 });
}

export async function startPortal(opts = {}) {
	const srv = await startServer(opts);
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
	});
	const shots = process.env.TESSERA_SCREENSHOTS;
	if (shots) mkdirSync(shots, { recursive: true });
	const pages = [];
	// Every page must run without a console error, a failed script or a CSP violation.
	const problems = [];

	const portal = {
		srv,
		browser,
		base: srv.baseUrl,
		problems,

		// A new page (its own context: no cookies shared) at the given viewport.
		async page(viewport = DESKTOP) {
			const ctx = await browser.newContext({ viewport, baseURL: srv.baseUrl });
			const page = await ctx.newPage();
			page.on('console', (m) => {
				if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
			});
			page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
			pages.push(page);
			return page;
		},

		// Logs in through the login form as USERS[who] and waits for the home page.
		async login(who, { viewport = DESKTOP, path } = {}) {
			const page = await portal.page(viewport);
			await page.goto(path ?? '/login');
			await ready(page);
			await page.getByLabel('Email').fill(USERS[who] ?? who);
			await page.getByLabel('Password').fill(PASSWORD);
			await page.getByRole('button', { name: 'Log in' }).click();
			await page.waitForFunction(() => !location.pathname.startsWith('/login'));
			await ready(page);
			return page;
		},

		// Moves the page to path inside the app and waits for it.
		async open(page, path) {
			await page.goto(path);
			await ready(page, new URL(path, srv.baseUrl).pathname);
		},

		// axe-core over the whole page: any violation fails, listed with its nodes.
		async checkA11y(page, label = page.url()) {
			if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE);
			const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
			const found = res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
			assert.deepEqual(found, [], `axe violations on ${label}:\n${found.join('\n')}`);
		},

		async shot(page, name) {
			if (!shots) return;
			await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
		},

		// Navigation timing of the page's last full load, in ms (for docs/PERFORMANCE.md).
		async loadTiming(page) {
			return page.evaluate(() => {
				const [n] = performance.getEntriesByType('navigation');
				return n ? { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null;
			});
		},

		async close() {
			try {
				await browser.close();
			} finally {
				await srv.stop();
			}
			assert.deepEqual(problems, [], `problems in the pages:\n${problems.join('\n')}`);
		},
	};
	return portal;
}
