// Field types: every field of every POST body, sent as null, as each
// wrong JSON type and left out. The fields, their types and which are
// required come from docs/openapi.yaml's request schemas (nested objects
// and array items included); the table below says only how to make a
// valid request to each endpoint. A required field left out or sent as
// null is `400 required`; an optional one sent as null answers exactly as
// when it is left out (the rule in info.description); a value of another
// JSON type is `400 invalid_type` naming the field. No reply is a 500,
// the server stays up, and a refused request changes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, assertError, walk, missingId, USERS, PASSWORD } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');

let spec; // docs/openapi.yaml, dereferenced
let srv;
let admin, alex, pat;

before(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tessera-ft-'));
	try {
		const out = join(dir, 'openapi.json');
		execFileSync(REDOCLY, ['bundle', join(ROOT, 'docs', 'openapi.yaml'), '--dereferenced', '--ext', 'json', '-o', out], {
			stdio: 'ignore',
		});
		spec = JSON.parse(readFileSync(out, 'utf8'));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	srv = await startServer();
	[admin, alex, pat] = await Promise.all([USERS.admin, USERS.alex, USERS.pat].map((u) => srv.as(u)));
});
after(async () => {
	await srv?.stop();
});

test('a null effective on cancel and on the cancel action does not take the server down', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200);
	// Not the Tracker: the table below orders on it.
	const sub = items.find((s) => !s.cancel_at_period_end && s.product.name !== 'Helix Tracker');
	assert.ok(sub, 'pat has an active subscription besides the Tracker');
	const id = missingId('sub');
	assertError(await pat.post(`/api/v1/subscriptions/${id}/cancel`, { effective: null }), 404, 'not_found');
	await alive();
	assertError(await pat.post(`/api/v1/subscriptions/${id}/actions`, { action: 'cancel', effective: null }), 404, 'not_found');
	await alive();
	// On a real subscription, null is the default: the action is ordered, the cancel is now.
	const action = await pat.post(`/api/v1/subscriptions/${sub.id}/actions`, { action: 'cancel', effective: null });
	assert.equal(action.status, 201, action.text);
	await alive();
	const cancel = await pat.post(`/api/v1/subscriptions/${sub.id}/cancel`, { effective: null, note: null });
	assert.equal(cancel.status, 200, cancel.text);
	assert.equal(cancel.body.status, 'inactive');
	await alive();
});

// ---- the fields of a request schema ----------------------------------------

// A schema with its allOf parts merged (enough for request bodies).
function flat(s) {
	if (!s?.allOf) return s ?? {};
	const out = { ...s, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
	delete out.allOf;
	for (const part of s.allOf.map(flat)) {
		Object.assign(out.properties, part.properties ?? {});
		out.required.push(...(part.required ?? []));
		out.type ??= part.type;
		if (part.items) out.items = part.items;
	}
	return out;
}

// The one JSON type a schema declares ('null' aside).
function typeOf(s) {
	const t = flat(s).type;
	const types = (Array.isArray(t) ? t : [t]).filter((x) => x !== undefined && x !== 'null');
	assert.equal(types.length, 1, `one type per request field: ${JSON.stringify(s)}`);
	return types[0];
}

// Every field of an object schema, nested objects and array items included:
// {path: ['lines', 0, 'product'], name: 'lines[0].product', type, required, items}.
function fieldsOf(schema, prefix = []) {
	const s = flat(schema);
	const out = [];
	for (const [key, sub] of Object.entries(s.properties ?? {})) {
		const path = [...prefix, key];
		const type = typeOf(sub);
		const f = { path, name: fieldName(path), type, required: (s.required ?? []).includes(key) };
		out.push(f);
		if (type === 'object') out.push(...fieldsOf(sub, path));
		if (type === 'array') {
			f.items = typeOf(flat(sub).items);
			if (f.items === 'object') out.push(...fieldsOf(flat(sub).items, [...path, 0]));
		}
	}
	return out;
}

// How the server names a field: "new_customer.email", "lines[0].product".
function fieldName(path) {
	return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function requestSchema(path) {
	const op = spec.paths[path]?.post;
	assert.ok(op?.requestBody, `POST ${path} has a request body in openapi.yaml`);
	return op.requestBody.content['application/json'].schema;
}

// ---- bodies ------------------------------------------------------------------

const RAW = '\u0001raw\u0001';

// JSON text of body with the field at path set to the JSON text raw (undefined: left out).
function bodyWith(body, path, raw) {
	const b = structuredClone(body);
	let o = b;
	for (const k of path.slice(0, -1)) {
		assert.ok(o[k] !== undefined && o[k] !== null, `the valid body has ${fieldName(path)}'s parent`);
		o = o[k];
	}
	const last = path[path.length - 1];
	if (raw === undefined) delete o[last];
	else o[last] = RAW;
	return JSON.stringify(b).replace(JSON.stringify(RAW), () => raw);
}

// A value of each JSON type, as text ("integer" apart from "number": 1.0 is not an integer).
const VALUES = [
	['string', '"1"'],
	['string', '""'],
	['integer', '1'],
	['integer', '0'],
	['number', '1.5'],
	['number', '1.0'],
	['number', '1e2'],
	['boolean', 'true'],
	['boolean', 'false'],
	['object', '{}'],
	['object', '{"a":1}'],
	['array', '[]'],
	['array', '["1"]'],
];

function wrongFor(type) {
	return VALUES.filter(([t]) => t !== type && !(type === 'number' && t === 'integer')).map(([, v]) => v);
}

// ---- the endpoints -------------------------------------------------------------

// What a refused request could have changed.
async function world() {
	const [subs, orders, invoices, quotes, tokens] = await Promise.all([
		walk(admin, '/api/v1/subscriptions', 200),
		walk(admin, '/api/v1/orders', 200),
		walk(admin, '/api/v1/invoices', 200),
		walk(alex, '/api/v1/quotes', 200),
		walk(alex, '/api/v1/tokens', 200),
	]);
	return { subs: subs.items, orders: orders.items, invoices: invoices.items, quotes: quotes.items, tokens: tokens.items };
}

function must(res, status, what) {
	assert.equal(res.status, status, `${what}: ${res.text}`);
	return res.body;
}

// Facts the valid requests are built from.
let fx;
async function fixtures() {
	const [bas, cat, mine] = await Promise.all([
		alex.get('/api/v1/billing-accounts'),
		alex.get('/api/v1/catalog/products'),
		walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200),
	]);
	const tracker = mine.items.find((s) => s.product.name === 'Helix Tracker');
	assert.ok(tracker, 'Acme has an active Helix Tracker (demo data)');
	const detail = must(await pat.get(`/api/v1/subscriptions/${tracker.id}`), 200, 'tracker');
	const addon = detail.apps.find((a) => a.status === 'active');
	assert.ok(addon, 'the Tracker has an active add-on');
	const product = must(cat, 200, 'catalog').data.find((p) => p.code === 'HLX-TRK-C');
	assert.ok(product, 'the catalog has the cloud tracker');
	const tiers = product.prices.find((g) => g.edition === tracker.plan && g.billing_period === tracker.billing_period && g.currency === 'USD');
	const higher = tiers?.tiers.map((t) => t.users).find((u) => u > tracker.user_tier);
	assert.ok(higher, 'a higher user tier of the Tracker is priced');
	// Subscriptions the vendor admin may cancel, one per cancellation, none of Acme's.
	const { items } = await walk(admin, '/api/v1/subscriptions?status=active&kind=product', 200);
	const cancellable = items.filter((s) => !s.cancel_at_period_end && s.customer.id !== tracker.customer.id);
	fx = {
		ba: must(bas, 200, 'billing accounts').data.find((b) => b.currency === 'USD').id,
		customer: tracker.customer.id,
		product: product.id,
		tracker,
		addon,
		higher,
		cancellable,
	};
}

function freshSub() {
	const s = fx.cancellable.shift();
	assert.ok(s, 'a subscription left to cancel');
	return s.id;
}

const line = () => ({ product: fx.product, edition: 'standard', user_tier: 10, billing_period: 'annual' });
const techContact = () => ({ name: 'Robin Ops', email: 'ops@acme.example' });
const newCustomer = () => ({
	name: 'Null Field Robotics',
	contact_name: 'Noor Field',
	email: 'noor@null-field.example',
	address_line: '1 Market St',
	city: 'San Francisco',
	postal_code: '94105',
	country: 'US',
	state: 'CA',
});

async function freshQuote() {
	const body = { customer: fx.customer, billing_account: fx.ba, lines: [line()] };
	return must(await alex.post('/api/v1/quotes', body), 201, 'quote').id;
}
// A storefront order of Acme's, waiting for its partner's approval.
async function freshPendingOrder() {
	const body = { action: 'buy_licenses', quantity: 1, payment_method: 'card' };
	return must(await pat.post(`/api/v1/subscriptions/${fx.tracker.id}/actions`, body), 201, 'storefront order').id;
}
async function freshInvoice() {
	const o = await freshPendingOrder();
	return must(await alex.post(`/api/v1/orders/${o}/approve`, {}), 200, 'approval').invoice.id;
}
async function freshPaidInvoice() {
	const inv = await freshInvoice();
	must(await alex.post(`/api/v1/invoices/${inv}/payments`, { method: 'card' }), 201, 'payment');
	return inv;
}

// One row per request kind: the schema's path, who calls, a fresh target
// (a path with its ids), a valid body (which may depend on the field under
// test), the status it answers, what of the reply must not depend on a null
// (view), and fields the action needs beyond the schema's required ones.
const action = (kind, body, needs = [], status = 201) => ({
	schema: '/subscriptions/{subscription_id}/actions',
	label: `actions (${kind})`,
	client: () => pat,
	target: async () => `/api/v1/subscriptions/${fx.tracker.id}/actions`,
	body: () => ({ action: kind, ...body() }),
	status,
	needs,
	view: (b) => b.status,
});

const ENDPOINTS = [
	{
		schema: '/sessions',
		client: () => srv.anon(),
		target: async () => '/api/v1/sessions',
		body: () => ({ email: USERS.pat, password: PASSWORD }),
		status: 201,
		view: (b) => b.user.email,
	},
	{
		schema: '/tokens',
		client: () => alex,
		target: async () => '/api/v1/tokens',
		body: () => ({ name: 'field types' }),
		status: 201,
		view: (b) => b.expires_at,
	},
	{
		schema: '/subscriptions/{subscription_id}/cancel',
		client: () => admin,
		target: async () => `/api/v1/subscriptions/${freshSub()}/cancel`,
		body: () => ({}),
		status: 200,
		view: (b) => [b.status, b.cancel_at_period_end],
	},
	{
		schema: '/quotes',
		client: () => alex,
		target: async () => '/api/v1/quotes',
		// The fields of new_customer need a body that names the customer by it.
		body: (f) => {
			const b = { billing_account: fx.ba, lines: [line()], technical_contact: techContact() };
			if (f?.path[0] === 'new_customer') b.new_customer = newCustomer();
			else b.customer = fx.customer;
			return b;
		},
		status: 201,
		view: (b) => [b.status, b.lines.length],
	},
	{
		// The preview takes exactly the body of POST /quotes and refuses as it does.
		schema: '/quotes/preview',
		client: () => alex,
		target: async () => '/api/v1/quotes/preview',
		body: (f) => {
			const b = { billing_account: fx.ba, lines: [line()], technical_contact: techContact() };
			if (f?.path[0] === 'new_customer') b.new_customer = newCustomer();
			else b.customer = fx.customer;
			return b;
		},
		status: 200,
		view: (b) => [b.totals.total.amount, b.lines.length],
	},
	{
		schema: '/quotes/{quote_id}/order',
		client: () => alex,
		target: async () => `/api/v1/quotes/${await freshQuote()}/order`,
		body: () => ({ payment_method: 'bank_transfer' }),
		status: 201,
		view: (b) => b.status,
	},
	action('buy_licenses', () => ({ quantity: 1, payment_method: 'card' }), ['quantity']),
	action('upgrade', () => ({ user_tier: fx.higher, payment_method: 'card' })),
	action('cancel_addon', () => ({ addon: fx.addon.id }), ['addon']),
	// Every add-on has one license: the domain refuses it, null or not.
	action('decrease_addon', () => ({ addon: fx.addon.id, quantity: 1 }), ['addon', 'quantity'], 409),
	action('cancel', () => ({})),
	{
		schema: '/orders/{order_id}/approve',
		client: () => alex,
		target: async () => `/api/v1/orders/${await freshPendingOrder()}/approve`,
		body: () => ({}),
		status: 200,
		view: (b) => [b.status, b.decision_note],
	},
	{
		schema: '/orders/{order_id}/reject',
		client: () => alex,
		target: async () => `/api/v1/orders/${await freshPendingOrder()}/reject`,
		body: () => ({}),
		status: 200,
		view: (b) => [b.status, b.decision_note],
	},
	{
		schema: '/invoices/{invoice_id}/payments',
		client: () => alex,
		target: async () => `/api/v1/invoices/${await freshInvoice()}/payments`,
		body: () => ({ method: 'card' }),
		status: 201,
		view: (b) => [b.order.status, b.payment.reference ?? null],
	},
	{
		schema: '/invoices/{invoice_id}/refunds',
		client: () => admin,
		target: async () => `/api/v1/invoices/${await freshPaidInvoice()}/refunds`,
		body: () => ({ reason: 'Bought for the wrong customer.' }),
		status: 201,
		view: (b) => b.invoice.status,
	},
	// Bodies without fields.
	{ schema: '/subscriptions/{subscription_id}/reactivate' },
	{ schema: '/quotes/{quote_id}/cancel' },
];

test('the table covers every POST with a body in openapi.yaml', () => {
	const documented = Object.entries(spec.paths)
		.filter(([, ops]) => ops.post?.requestBody)
		.map(([p]) => p)
		.sort();
	assert.deepEqual([...new Set(ENDPOINTS.map((e) => e.schema))].sort(), documented);
});

// The reply as far as it must not depend on whether a field was null or left out.
function outcome(e, res) {
	assert.ok(res.status < 500, `no 5xx: ${res.status} ${res.text}`);
	if (res.status >= 400) {
		assertError(res);
		return [res.status, res.body.error.code, res.body.error.field];
	}
	return [res.status, e.view(res.body)];
}

async function alive() {
	const res = await srv.anon().get('/api/v1/health');
	assert.equal(res.status, 200, `the server still answers: ${res.text}`);
}

for (const e of ENDPOINTS.filter((x) => x.body)) {
	test(`POST ${e.label ?? e.schema}: null, every wrong type and absence, for every field`, async () => {
		if (!fx) await fixtures();
		const fields = fieldsOf(requestSchema(e.schema));
		assert.ok(fields.length > 0, 'the schema has fields');
		const needed = (f) => f.required || (e.needs ?? []).includes(f.name);
		const client = e.client();

		// Refusals, all on one target: each names its field and changes nothing.
		const path = await e.target();
		const before = await world();
		let refused = 0;
		for (const f of fields) {
			const body = e.body(f);
			const send = (raw) => client.request('POST', path, { raw: bodyWith(body, f.path, raw) });
			// [the value, the field the refusal names]; an element of an array is not a field: null is a wrong type there.
			const wrong = wrongFor(f.type).map((v) => [v, f.name]);
			if (f.items !== undefined)
				for (const v of [...wrongFor(f.items), 'null']) wrong.push([`[${v}]`, `${f.name}[0]`]);
			for (const [raw, field] of wrong) {
				assertError(await send(raw), 400, 'invalid_type', field);
				refused++;
			}
			if (needed(f)) {
				assertError(await send('null'), 400, 'required', f.name);
				assertError(await send(undefined), 400, 'required', f.name);
				refused += 2;
			}
		}
		assert.ok(refused > 0);
		assert.deepEqual(await world(), before, 'refused requests changed nothing');
		await alive();

		// The valid request answers as it should; an optional field sent as
		// null answers exactly as the same request without it.
		const valid = JSON.stringify(e.body());
		const base = await client.request('POST', path, { raw: valid });
		assert.equal(base.status, e.status, `the valid request: ${base.text}`);
		const ref = outcome(e, base);
		// Each request below gets a target of its own, as the valid one had.
		const fresh = async (raw) => outcome(e, await client.request('POST', await e.target(), { raw }));
		for (const f of fields.filter((x) => !needed(x))) {
			const body = e.body(f);
			const without = bodyWith(body, f.path, undefined);
			const absent = without === valid ? ref : await fresh(without);
			assert.deepEqual(await fresh(bodyWith(body, f.path, 'null')), absent, `${f.name}: null answers as absent`);
		}
		await alive();
	});
}

test('a body without fields refuses every member, null included', async () => {
	if (!fx) await fixtures();
	const quote = await freshQuote();
	const cases = [
		[admin, `/api/v1/subscriptions/${fx.tracker.id}/reactivate`],
		[alex, `/api/v1/quotes/${quote}/cancel`],
	];
	for (const [client, path] of cases)
		for (const raw of ['null', ...VALUES.map(([, v]) => v)])
			assertError(await client.request('POST', path, { raw: `{"note":${raw}}` }), 400, 'unknown_field', 'note');
	await alive();
});

test('a DELETE refuses a body with any member and revokes nothing', async () => {
	if (!fx) await fixtures();
	const tok = await alex.post('/api/v1/tokens', { name: 'kept' });
	assert.equal(tok.status, 201, tok.text);
	for (const path of ['/api/v1/sessions/current', `/api/v1/tokens/${tok.body.id}`])
		for (const raw of ['null', ...VALUES.map(([, v]) => v)])
			assertError(await alex.request('DELETE', path, { raw: `{"note":${raw}}` }), 400, 'unknown_field', 'note');
	assert.equal((await alex.get('/api/v1/me')).status, 200, 'the session is still open');
	const list = await alex.get('/api/v1/tokens');
	assert.ok(list.body.data.some((t) => t.id === tok.body.id), 'the token is still there');
	await alive();
});
