// Contract: the server's answers match docs/openapi.yaml. Each response
// below must have its status documented for its operation, its body must
// validate against the documented schema, and the documented fixed headers
// must be there with their values.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, walk, newKey, missingId, USERS, PASSWORD } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REDOCLY = join(ROOT, 'node_modules', '.bin', 'redocly');

let spec;
let srv;
let admin, support, alex, pat;
const checked = new Set(); // "METHOD template status" seen

before(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tessera-oa-'));
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
	[admin, support, alex, pat] = await Promise.all(
		[USERS.admin, USERS.support, USERS.alex, USERS.pat].map((u) => srv.as(u)),
	);
});
after(async () => {
	await srv?.stop();
});

// ---- a small JSON Schema (2020-12 subset) validator -----------------------

function typeOf(v) {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	if (Number.isInteger(v)) return 'integer';
	return typeof v; // string, number, boolean, object
}

function validate(v, s, path, errors) {
	if (s === undefined || s === true) return;
	if (s.allOf) for (const sub of s.allOf) validate(v, sub, path, errors);
	if (s.oneOf) {
		const ok = s.oneOf.filter((sub) => {
			const e = [];
			validate(v, sub, path, e);
			return e.length === 0;
		});
		if (ok.length !== 1) errors.push(`${path}: matches ${ok.length} of oneOf, not 1`);
	}
	if (s.type !== undefined) {
		const types = Array.isArray(s.type) ? s.type : [s.type];
		const t = typeOf(v);
		if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
			errors.push(`${path}: type ${t}, want ${types.join('|')}`);
			return;
		}
	}
	if (s.const !== undefined && v !== s.const) errors.push(`${path}: ${JSON.stringify(v)} != const ${JSON.stringify(s.const)}`);
	if (s.enum && !s.enum.includes(v)) errors.push(`${path}: ${JSON.stringify(v)} not in ${JSON.stringify(s.enum)}`);
	if (typeof v === 'string') {
		if (s.minLength !== undefined && [...v].length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
		if (s.maxLength !== undefined && [...v].length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
		if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${path}: ${JSON.stringify(v)} !~ ${s.pattern}`);
		if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push(`${path}: not a date: ${v}`);
		if (s.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v))
			errors.push(`${path}: not an RFC 3339 timestamp: ${v}`);
		if (s.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) errors.push(`${path}: not an email: ${v}`);
	}
	if (typeof v === 'number') {
		if (s.minimum !== undefined && v < s.minimum) errors.push(`${path}: ${v} < ${s.minimum}`);
		if (s.maximum !== undefined && v > s.maximum) errors.push(`${path}: ${v} > ${s.maximum}`);
	}
	if (Array.isArray(v)) {
		if (s.minItems !== undefined && v.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
		if (s.items) v.forEach((x, i) => validate(x, s.items, `${path}[${i}]`, errors));
	}
	if (typeOf(v) === 'object') {
		for (const k of s.required ?? []) if (!(k in v)) errors.push(`${path}: missing ${k}`);
		if (s.maxProperties !== undefined && Object.keys(v).length > s.maxProperties)
			errors.push(`${path}: more than ${s.maxProperties} properties`);
		for (const [k, x] of Object.entries(v)) {
			if (s.properties && k in s.properties) validate(x, s.properties[k], `${path}.${k}`, errors);
			else if ((s.additionalProperties === false || s.unevaluatedProperties === false) && !allOfDeclares(s, k))
				errors.push(`${path}: undocumented property ${k}`);
		}
	}
}

function allOfDeclares(s, k) {
	return (s.allOf ?? []).some((sub) => (sub.properties && k in sub.properties) || allOfDeclares(sub, k));
}

// ---- matching a request to its operation ---------------------------------

function operationFor(method, url) {
	const path = new URL(url, 'http://x').pathname.replace(/^\/api\/v1/, '');
	for (const [tpl, item] of Object.entries(spec.paths)) {
		const re = new RegExp('^' + tpl.replace(/\{[^}]+\}/g, '[^/]+') + '$');
		if (re.test(path)) {
			const op = item[method.toLowerCase()];
			assert.ok(op, `${method} ${tpl} is documented`);
			return { tpl, op };
		}
	}
	assert.fail(`no documented path for ${path}`);
}

// Asserts that res conforms to the description of (method, url).
function conforms(res, method, url) {
	const { tpl, op } = operationFor(method, url);
	const doc = op.responses[String(res.status)];
	assert.ok(doc, `${method} ${tpl} answered ${res.status}, which is not documented (${res.text})`);
	checked.add(`${method} ${tpl} ${res.status}`);
	const media = doc.content?.['application/json'];
	if (media) {
		assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
		const errors = [];
		validate(res.body, media.schema, '$', errors);
		assert.deepEqual(errors, [], `${method} ${tpl} ${res.status} body: ${res.text.slice(0, 400)}`);
	} else {
		assert.equal(res.text, '', `${method} ${tpl} ${res.status} has no body`);
	}
	for (const [name, h] of Object.entries(doc.headers ?? {})) {
		const v = res.headers.get(name);
		if (name === 'Idempotent-Replayed' || name === 'Set-Cookie') continue; // only sometimes
		assert.ok(v !== null, `${method} ${tpl} ${res.status}: header ${name}`);
		if (h.schema?.const !== undefined) assert.equal(v, h.schema.const, `header ${name}`);
		if (h.schema?.type === 'integer') assert.match(v, /^\d+$/, `header ${name}`);
	}
	return res;
}

async function call(client, method, url, opts) {
	return conforms(await client.request(method, url, opts), method, url);
}

// ---- the calls -------------------------------------------------------------

test('every documented operation and response used below conforms', async () => {
	// System and sessions.
	await call(srv.anon(), 'GET', '/api/v1/health');
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.casey, password: PASSWORD } });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.casey, password: 'nope' } });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.casey } });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { raw: '{}', contentType: 'text/plain' });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: 'x'.repeat(20000), password: 'y' } });
	await call(pat, 'GET', '/api/v1/me');
	await call(srv.anon(), 'GET', '/api/v1/me');

	// Tokens.
	const key = newKey('contract');
	const tok = await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'contract', expires_in_days: 7 }, idempotencyKey: key });
	assert.equal(tok.status, 201);
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'contract', expires_in_days: 7 }, idempotencyKey: key });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'other' }, idempotencyKey: key });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 5 } });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'x' }, csrf: false });
	await call(srv.anon(), 'POST', '/api/v1/tokens', { body: { name: 'x' } });
	await call(alex, 'POST', '/api/v1/tokens', { raw: 'name=x', contentType: 'application/x-www-form-urlencoded' });
	await call(alex, 'POST', '/api/v1/tokens', { body: { name: 'x'.repeat(20000) } });
	await call(alex, 'GET', '/api/v1/tokens');
	await call(srv.bearer(tok.body.token), 'GET', '/api/v1/me');
	await call(alex, 'DELETE', `/api/v1/tokens/${tok.body.id}`);
	await call(alex, 'DELETE', `/api/v1/tokens/${tok.body.id}`);

	// Subscriptions.
	const { items } = await walk(pat, '/api/v1/subscriptions', 200);
	await call(pat, 'GET', '/api/v1/subscriptions?limit=5');
	await call(admin, 'GET', '/api/v1/subscriptions?status=upcoming&kind=app&limit=200');
	await call(pat, 'GET', '/api/v1/subscriptions?status=nope');
	await call(pat, 'GET', `/api/v1/subscriptions?customer=${missingId('org')}`);
	await call(srv.anon(), 'GET', '/api/v1/subscriptions');
	const product = items.find((s) => s.kind === 'product' && s.status === 'active' && items.some((a) => a.parent_id === s.id && a.status === 'active'));
	const app = items.find((a) => a.parent_id === product.id && a.status === 'active');
	for (const s of items) await call(pat, 'GET', `/api/v1/subscriptions/${s.id}`);
	await call(pat, 'GET', `/api/v1/subscriptions/${missingId('sub')}`);
	await call(pat, 'GET', `/api/v1/subscriptions/${product.id}/contacts`);
	await call(pat, 'GET', `/api/v1/subscriptions/${app.id}/contacts`);
	await call(pat, 'GET', `/api/v1/subscriptions/${missingId('sub')}/contacts`);
	await call(pat, 'GET', `/api/v1/subscriptions/${product.id}/history`);
	await call(pat, 'GET', `/api/v1/subscriptions/${missingId('sub')}/history`);

	// Customers and billing accounts, for each kind of caller.
	for (const c of [admin, alex, pat]) {
		const page = await call(c, 'GET', '/api/v1/customers?limit=2');
		assert.equal(page.status, 200);
		if (page.body.next !== null)
			await call(c, 'GET', `/api/v1/customers?limit=2&after=${encodeURIComponent(page.body.next)}`);
		assert.equal((await call(c, 'GET', '/api/v1/billing-accounts?limit=1')).status, 200);
	}
	await call(admin, 'GET', '/api/v1/customers?limit=0');
	await call(alex, 'GET', '/api/v1/customers?q=acme');
	await call(alex, 'GET', '/api/v1/billing-accounts?after=nope');
	await call(srv.anon(), 'GET', '/api/v1/customers');
	await call(srv.anon(), 'GET', '/api/v1/billing-accounts');

	// Cancel and reactivate.
	await call(support, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: {} });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: { effective: 'soon' } });
	await call(pat, 'POST', `/api/v1/subscriptions/${missingId('sub')}/cancel`, { body: {} });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { raw: 'x', contentType: 'text/plain' });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: { note: 'x'.repeat(20000) } });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: {} });
	const c = await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: { effective: 'now', note: 'contract' } });
	assert.equal(c.status, 200);
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/cancel`, { body: {} });
	await call(pat, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: {} });
	await call(support, 'POST', `/api/v1/subscriptions/${app.id}/reactivate`, { body: {} });
	await call(support, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: { x: 1 } });
	const r = await call(support, 'POST', `/api/v1/subscriptions/${product.id}/reactivate`, { body: {} });
	assert.equal(r.status, 200);
	await call(support, 'POST', `/api/v1/subscriptions/${missingId('sub')}/reactivate`, { body: {} });
	const term = items.find((s) => s.status === 'active' && s.site === null);
	await call(alex, 'POST', `/api/v1/subscriptions/${term.id}/cancel`, { body: { effective: 'term_end' } });
	await call(alex, 'POST', `/api/v1/subscriptions/${term.id}/cancel`, { body: { effective: 'term_end' } });
	const ended = items.find((x) => x.state === 'cancelled' && x.bill_date < '2026-06-15');
	if (ended) await call(support, 'POST', `/api/v1/subscriptions/${ended.id}/reactivate`, { body: {} });
	await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.pat, password: PASSWORD, org: missingId('org') } });
	await call(srv.anon(), 'POST', `/api/v1/subscriptions/${term.id}/cancel`, { body: {} });

	// Audit.
	const audit = await call(admin, 'GET', `/api/v1/audit-events?object_id=${product.id}`);
	assert.ok(audit.body.data.length >= 2, 'cancel and reactivate are audited');
	await call(admin, 'GET', '/api/v1/audit-events');
	await call(pat, 'GET', `/api/v1/audit-events?object_id=${product.id}`);
	await call(srv.anon(), 'GET', `/api/v1/audit-events?object_id=${product.id}`);

	// Logout.
	const s = await srv.login(USERS.casey);
	await call(s, 'DELETE', '/api/v1/sessions/current', { csrf: false });
	await call(s, 'DELETE', '/api/v1/sessions/current');
	await call(s, 'DELETE', '/api/v1/sessions/current');

	// Throttle.
	for (let i = 0; i < 5; i++)
		await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.dana, password: 'nope' } });
	const locked = await call(srv.anon(), 'POST', '/api/v1/sessions', { body: { email: USERS.dana, password: PASSWORD } });
	assert.equal(locked.status, 429);
});

// The operations this file covers; each must be documented and answer a documented 2xx.
const COVERED = [
	'GET /health',
	'POST /sessions',
	'DELETE /sessions/current',
	'GET /me',
	'POST /tokens',
	'GET /tokens',
	'DELETE /tokens/{token_id}',
	'GET /subscriptions',
	'GET /subscriptions/{subscription_id}',
	'GET /subscriptions/{subscription_id}/contacts',
	'GET /subscriptions/{subscription_id}/history',
	'POST /subscriptions/{subscription_id}/cancel',
	'POST /subscriptions/{subscription_id}/reactivate',
	'GET /customers',
	'GET /billing-accounts',
	'GET /audit-events',
];

test('every covered operation is documented and was exercised', () => {
	for (const op of COVERED) {
		const [m, tpl] = op.split(' ');
		assert.ok(spec.paths[tpl]?.[m.toLowerCase()], `${op} is documented`);
	}
	for (const op of COVERED) {
		const successes = [...checked].filter((c) => c.startsWith(op + ' 2'));
		assert.ok(successes.length > 0, `${op} answered a documented 2xx`);
	}
	assert.ok(checked.size >= 40, `${checked.size} (operation, status) pairs checked`);
});
