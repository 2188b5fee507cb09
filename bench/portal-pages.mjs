// How soon the customer's portal and billing console are usable on a large
// database: for each page, the time from the start of its navigation until
// the app has drawn it and no table is loading (what tests/browser/harness.mjs
// ready() waits for), in Chromium, as the customer contact pat.
//
//   TESSERA_BIN=build/release/tessera node bench/portal-pages.mjs DB [RUNS]
//
// DB is a demo database (bench/run-list-bench makes bench/data/subs-N.db);
// it is served as it is. Prints, per page, the median and the slowest of
// RUNS loads (5 unless given), in milliseconds.
import { startPortal } from '../tests/browser/harness.mjs';
import { USERS } from '../tests/api/harness.mjs';

const [db, runsArg] = process.argv.slice(2);
if (!db) {
	console.error('usage: node bench/portal-pages.mjs DB [RUNS]');
	process.exit(2);
}
const runs = Number(runsArg ?? 5);

const p = await startPortal({ db });
try {
	const pat = await p.srv.as(USERS.pat);
	const products = (await pat.get('/api/v1/subscriptions?status=active&kind=product&limit=50')).body.data;
	let product = products[0];
	for (const s of products) {
		const d = (await pat.get(`/api/v1/subscriptions/${s.id}`)).body;
		if (d.apps.length > 0) { product = s; break; }
	}
	const pages = [
		'/portal', '/portal?tab=inactive', `/portal/subscriptions/${product.id}`,
		`/portal/subscriptions/${product.id}?tab=contacts`, '/billing', '/billing?tab=upcoming', '/billing?tab=inactive',
	];
	const total = (await pat.get('/api/v1/subscriptions?limit=1')).body;
	console.log(`database ${db}; pat's first subscription ${total.data[0]?.id}; ${runs} loads per page`);
	const page = await p.login('pat');
	console.log('page'.padEnd(52), 'median ms', 'max ms');
	for (const path of pages) {
		const times = [];
		for (let i = 0; i < runs; i++) {
			await page.goto(path);
			const pathname = new URL(path, p.base).pathname;
			const t = await page.waitForFunction((want) => {
				const r = document.body.dataset.ready;
				return r === want && !document.querySelector('.state-loading, [aria-busy="true"]') ? performance.now() : false;
			}, pathname, { polling: 'raf', timeout: 15000 });
			times.push(await t.jsonValue());
		}
		times.sort((a, b) => a - b);
		console.log(path.padEnd(52), times[Math.floor(times.length / 2)].toFixed(0).padStart(9), times[times.length - 1].toFixed(0).padStart(6));
	}
} finally {
	await p.close();
}
