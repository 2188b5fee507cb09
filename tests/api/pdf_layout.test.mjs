// The quote and invoice PDFs as a customer's purchasing department reads
// them: a quote made through the API with a very long technical contact
// (name and an email with no space to break at), a new customer with a
// long billing address, and many lines with long item names and large
// amounts; then its invoice, through ordering the quote. Each document is
// read back with poppler's `pdftotext -bbox`, which gives every word and
// its box on its page: every box must lie inside its page, the full
// billing address must be printed (street, city, postal code, state and
// country by name), amounts must read as en-US formats them ("$12,345.00"),
// no text may be cut short with "..", and the lines table must continue
// on later pages under its repeated header.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, USERS } from './harness.mjs';

// A product name long enough to wrap over several lines of its column,
// and a vendor name longer than the title's line.
const LONG_PRODUCT =
	'Helix Tracker Cloud Enterprise Portfolio Planning and Cross-Team Dependency Management Suite with Advanced Roadmaps';
const VENDOR = 'Helix Software International Holdings and Worldwide Subscription Licensing Services';
const TECH = {
	name: 'Maximiliana Alexandrina Konstantinopoulou-Vanderbilt-Oyelaran, Director of Technical Procurement and Platform Operations',
	email:
		'maximiliana.konstantinopoulou-vanderbilt.technical-procurement@platform-operations.northwind-interplanetary-logistics.example',
};
const CUSTOMER = {
	name: 'Northwind Interplanetary Logistics and Freight Forwarding Cooperative Holdings',
	contact_name: 'Jordan Whitfield-Castellanos',
	email: 'accounts.payable.department@northwind-interplanetary-logistics.example',
	address_line: 'Building 7, Suite 1200, 4821 Southwest Macadam Avenue, Riverfront Industrial Park North Entrance, Loading Dock B',
	city: 'Portland',
	postal_code: '97239',
	country: 'us',
	state: 'or',
};
const ADDRESS_WORDS = [
	...CUSTOMER.address_line.split(/\s+/).map((w) => w.replace(/,$/, '')),
	'Portland',
	'97239',
	'Oregon',
	'United',
	'States',
];
const NOTES =
	'Please co-term every line with the existing agreement and send the signed copy to ' +
	'procurement-contracts-and-vendor-agreements-office@northwind-interplanetary-logistics.example ' +
	'before the end of the quarter. ' +
	'The purchasing department needs the full legal entity name on every page. '.repeat(6);
const LINES = 36;

let srv, alex, admin, dir;
let quote, invoiceId;

const usd = (amount) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(amount));

// The pages of a PDF as pdftotext -bbox reads them: [{width, height, words: [{text, xMin, yMin, xMax, yMax}]}].
function layout(bytes, name) {
	const file = join(dir, name);
	writeFileSync(file, bytes);
	const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
	const pages = [];
	const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
	const wordRe = /<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)<\/word>/g;
	for (const m of html.matchAll(pageRe)) {
		const words = [...m[3].matchAll(wordRe)].map((w) => ({
			xMin: Number(w[1]),
			yMin: Number(w[2]),
			xMax: Number(w[3]),
			yMax: Number(w[4]),
			text: w[5].replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"'),
		}));
		pages.push({ width: Number(m[1]), height: Number(m[2]), words });
	}
	assert.ok(pages.length > 0, `${name}: pdftotext found pages`);
	return pages;
}

// What every document must satisfy, whatever it prints.
function checkPages(pages, name) {
	for (const [i, pg] of pages.entries()) {
		assert.ok(pg.width > 0 && pg.height > 0, `${name} page ${i + 1} has a size`);
		for (const w of pg.words) {
			const where = `${name} page ${i + 1}: "${w.text}" at [${w.xMin}, ${w.yMin}, ${w.xMax}, ${w.yMax}] on ${pg.width} x ${pg.height}`;
			assert.ok(w.xMin >= 0 && w.yMin >= 0, `${where} starts inside the page`);
			assert.ok(w.xMax <= pg.width && w.yMax <= pg.height, `${where} ends inside the page`);
			assert.ok(!w.text.endsWith('..'), `${where} is not cut short`);
		}
	}
}

const allWords = (pages) => pages.flatMap((pg) => pg.words.map((w) => w.text));
const squeeze = (s) => s.replaceAll(/\s+/g, '');
// Whether the document prints target whole, wrapped over lines and broken
// inside words as it may be: its words, in reading order, spell target
// without its spaces, with at most a few words of the next column (a
// table's other cells on the same line) between two of its pieces.
function reads(pages, target) {
	const words = allWords(pages);
	const t = squeeze(target);
	for (let start = 0; start < words.length; start++) {
		if (words[start].length === 0 || !t.startsWith(words[start])) continue;
		let pos = words[start].length;
		let skipped = 0;
		for (let i = start + 1; pos < t.length && i < words.length && skipped <= 8; i++) {
			if (words[i].length > 0 && t.startsWith(words[i], pos)) {
				pos += words[i].length;
				skipped = 0;
			} else skipped++;
		}
		if (pos === t.length) return true;
	}
	return false;
}

function checkAddress(pages, name) {
	// "Portland," counts as "Portland": the address words without their commas.
	const words = new Set(allWords(pages).map((w) => w.replace(/,$/, '')));
	for (const w of ADDRESS_WORDS) assert.ok(words.has(w), `${name} prints the billing address word "${w}"`);
	assert.ok(reads(pages, CUSTOMER.address_line), `${name} prints the street line whole`);
	assert.ok(!words.has('US-OR'), `${name} names the state and country, not their codes`);
}

async function download(path) {
	const res = await fetch(srv.baseUrl + path, { headers: { cookie: alex.cookie } });
	assert.equal(res.status, 200, path);
	assert.equal(res.headers.get('content-type'), 'application/pdf');
	return Buffer.from(await res.arrayBuffer());
}

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'tessera-pdf-'));
	srv = await startServer({
		beforeServe: (db) => {
			// A long product name, and billing accounts in EUR and GBP, which the demo data lacks.
			const accounts = ['EUR', 'GBP'].map(
				(c) =>
					`INSERT INTO billing_accounts (id, partner_pk, name, currency, created_at) VALUES ` +
					`('ba_pdf${c.toLowerCase()}aaaaaaaaaaaaaa', (SELECT pk FROM orgs WHERE name = 'Bluebird Solutions'), ` +
					`'Bluebird Solutions ${c}', '${c}', '2026-06-01T00:00:00Z');`,
			);
			execFileSync('sqlite3', [
				db,
				`UPDATE products SET name = '${LONG_PRODUCT}' WHERE code = 'HLX-TRK-C'; ` +
					`UPDATE orgs SET name = '${VENDOR}' WHERE kind = 'vendor'; ${accounts.join(' ')}`,
			]);
		},
	});
	[alex, admin] = await Promise.all([srv.as(USERS.alex), srv.as(USERS.admin)]);
	const catalog = (await alex.get('/api/v1/catalog/products')).body.data;
	const tracker = catalog.find((p) => p.code === 'HLX-TRK-C');
	const accounts = (await alex.get('/api/v1/billing-accounts')).body.data;
	const account = accounts.find((a) => a.currency === 'USD');
	assert.ok(tracker && account, 'the cloud tracker and a USD billing account');
	const lines = [];
	for (let i = 0; i < LINES; i++)
		lines.push({
			product: tracker.id,
			edition: i % 2 === 0 ? 'enterprise' : 'standard',
			user_tier: 1000,
			billing_period: 'annual',
			quantity: 900 + i,
		});
	const res = await alex.post('/api/v1/quotes', {
		new_customer: CUSTOMER,
		billing_account: account.id,
		currency: 'USD',
		lines,
		notes: NOTES,
		technical_contact: TECH,
	});
	assert.equal(res.status, 201, res.text);
	quote = res.body;

	// Notes hold the order for review; the vendor's approval issues the invoice.
	const order = await alex.post(`/api/v1/quotes/${quote.id}/order`, { payment_method: 'bank_transfer' });
	assert.equal(order.status, 201, order.text);
	let invoice = order.body.invoice;
	if (!invoice) {
		const approved = await admin.post(`/api/v1/orders/${order.body.id}/approve`, {});
		assert.equal(approved.status, 200, approved.text);
		invoice = approved.body.invoice;
	}
	assert.ok(invoice, 'the order has an invoice');
	invoiceId = invoice.id;
});

after(async () => {
	await srv?.stop();
	if (dir && !process.env.KEEP_PDF) rmSync(dir, { recursive: true, force: true });
});

test('the quote PDF: every word on its page, long texts wrapped whole, the full address, formatted amounts', async () => {
	const pages = layout(await download(quote.pdf), 'quote.pdf');
	checkPages(pages, 'quote.pdf');
	checkAddress(pages, 'quote.pdf');
	const words = new Set(allWords(pages));
	assert.ok(reads(pages, TECH.email), 'the technical contact email, broken inside the word, reads whole');
	assert.ok(reads(pages, TECH.name), 'the technical contact name reads whole');
	assert.ok(reads(pages, CUSTOMER.name), 'the customer name reads whole');
	assert.ok(reads(pages, LONG_PRODUCT), 'the long item name reads whole');
	assert.ok(reads(pages, NOTES), 'the notes read whole');
	assert.ok(reads(pages, VENDOR), 'the vendor name reads whole');

	const total = usd(quote.totals.total.amount);
	assert.match(total, /^\$\d{1,3}(,\d{3})+\.\d\d$/, 'a large total');
	assert.ok(words.has(total), `the total prints as ${total}`);
	for (const l of quote.lines) assert.ok(words.has(usd(l.amount.amount)), `a line amount prints as ${usd(l.amount.amount)}`);
	assert.ok(words.has(`-${usd(quote.totals.discount.amount)}`), 'the discount prints as a negative amount');

	// Many lines: the table continues on the next page under its header.
	assert.ok(pages.length >= 2, `${pages.length} pages`);
	const headed = pages.filter((pg) => pg.words.some((w) => w.text === 'Item') && pg.words.some((w) => w.text === 'Qty'));
	assert.ok(headed.length >= 2, `the lines table header is repeated (on ${headed.length} pages)`);
	// Each line's discount stays on the page of its row: as many line
	// numbers (in the # column, at the left margin) as discounts per page.
	for (const [i, pg] of pages.entries()) {
		const rows = pg.words.filter((w) => /^\d+$/.test(w.text) && w.xMin < 60).length;
		const discounts = pg.words.filter((w) => w.text === 'partner').length;
		assert.equal(discounts, rows, `page ${i + 1}: ${rows} rows and ${discounts} discount lines`);
	}
	// Every line number is printed, once.
	const numbers = allWords(pages).filter((w) => /^\d+$/.test(w) && Number(w) >= 1 && Number(w) <= LINES);
	for (let n = 1; n <= LINES; n++) assert.ok(numbers.includes(String(n)), `line ${n} is printed`);
});

test('the invoice PDF: every word on its page, the full address, formatted amounts', async () => {
	const inv = (await alex.get(`/api/v1/invoices/${invoiceId}`)).body;
	const pages = layout(await download(`/api/v1/invoices/${invoiceId}/pdf`), 'invoice.pdf');
	checkPages(pages, 'invoice.pdf');
	checkAddress(pages, 'invoice.pdf');
	const words = new Set(allWords(pages));
	assert.ok(reads(pages, LONG_PRODUCT), 'the long item name reads whole');
	assert.ok(reads(pages, CUSTOMER.name), 'the customer name reads whole');
	assert.ok(reads(pages, VENDOR), 'the vendor name reads whole');
	const total = usd(inv.total.amount);
	assert.match(total, /^\$\d{1,3}(,\d{3})+\.\d\d$/, 'a large total');
	assert.ok(words.has(total), `the total prints as ${total}`);
	assert.ok(words.has(usd(inv.net.amount)), `the net prints as ${usd(inv.net.amount)}`);
	assert.ok(pages.length >= 2, `${pages.length} pages`);
	const headed = pages.filter((pg) => pg.words.some((w) => w.text === 'Product') && pg.words.some((w) => w.text === 'Qty'));
	assert.ok(headed.length >= 2, `the lines table header is repeated (on ${headed.length} pages)`);
});

test('amounts in EUR, GBP and AUD print with their symbols as the pages show them', async () => {
	const catalog = (await alex.get('/api/v1/catalog/products')).body.data;
	const tracker = catalog.find((p) => p.code === 'HLX-TRK-C');
	const accounts = (await alex.get('/api/v1/billing-accounts')).body.data;
	const customers = (await alex.get('/api/v1/customers?limit=1')).body.data;
	for (const currency of ['EUR', 'GBP', 'AUD']) {
		const account = accounts.find((a) => a.currency === currency);
		assert.ok(account, `a ${currency} billing account`);
		const res = await alex.post('/api/v1/quotes', {
			customer: customers[0].id,
			billing_account: account.id,
			currency,
			lines: [{ product: tracker.id, edition: 'standard', user_tier: 1000, billing_period: 'annual', quantity: 3 }],
		});
		assert.equal(res.status, 201, `${currency}: ${res.text}`);
		const q = res.body;
		const fmt = (amount) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(amount));
		const pages = layout(await download(q.pdf), `quote-${currency}.pdf`);
		checkPages(pages, `quote-${currency}.pdf`);
		const words = new Set(allWords(pages));
		const total = fmt(q.totals.total.amount);
		assert.match(total, /^(€|£|A\$)\d{1,3}(,\d{3})+\.\d\d$/, `${currency}: a large total`);
		assert.ok(words.has(total), `${currency}: the total prints as ${total}`);
		assert.ok(words.has(fmt(q.lines[0].amount.amount)), `${currency}: the line amount prints as the pages show it`);
	}
});
