// Shared helpers for the API tests: a real tessera server on a loopback
// port against a fresh demo database, and small HTTP clients.
//
//   const srv = await startServer();   // in before()
//   const pat = await srv.login('pat@acme.example');
//   const res = await pat.get('/api/v1/me');
//   await srv.stop();                  // in after(): fails on a bad exit or a sanitizer report

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { checkReply } from './openapi.mjs';

export const NOW = '2026-06-15T12:00:00Z';
export const TODAY = '2026-06-15';
export const PASSWORD = 'tessera-demo';

export const USERS = {
	admin: 'admin@helix.example',
	support: 'support@helix.example',
	alex: 'alex@bluebird.example', // partner Bluebird Solutions
	casey: 'casey@cedar.example', // partner Cedar Consulting
	dana: 'dana@dune.example', // partner Dune Resellers
	pat: 'pat@acme.example', // customer Acme Robotics (Bluebird)
	robin: 'robin@birch.example', // customer Birch Analytics (Cedar)
};

const SANITIZER_REPORT =
	/AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:/;

function bin() {
	const b = process.env.TESSERA_BIN;
	if (!b) throw new Error('TESSERA_BIN is not set (path to the built tessera binary)');
	return b;
}

function childEnv(now = NOW) {
	return { ...process.env, TESSERA_NOW: now };
}

export function run(args, timeoutMs = 60000) {
	return new Promise((resolve, reject) => {
		const child = spawn(bin(), args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

// A parsed response: status, headers (a Headers object), the text and,
// when it is JSON, the value.
async function toResult(res) {
	const text = await res.text();
	let body = null;
	if (text.length > 0) {
		try {
			body = JSON.parse(text);
		} catch {
			body = undefined; // not JSON
		}
	}
	return { status: res.status, headers: res.headers, text, body };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// One HTTP client; every reply it receives is checked against
// docs/openapi.yaml (tests/api/openapi.mjs). auth: {cookie, csrf} for a session, {bearer} for a token, {} for none.
export class Client {
	constructor(baseUrl, auth = {}) {
		this.baseUrl = baseUrl;
		this.cookie = auth.cookie ?? null;
		this.csrf = auth.csrf ?? null;
		this.bearer = auth.bearer ?? null;
		this.session = auth.session ?? null; // the POST /sessions reply
	}

	// opts: body (any value: JSON-encoded), raw (a string or Buffer sent as is),
	// contentType, headers, csrf (false: do not send the token; a string: send it instead),
	// idempotencyKey.
	async request(method, path, opts = {}) {
		const headers = { ...(opts.headers ?? {}) };
		let body;
		if (opts.raw !== undefined) {
			body = opts.raw;
			if (opts.contentType !== null)
				headers['content-type'] = opts.contentType ?? 'application/json';
		} else if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			if (opts.contentType !== null)
				headers['content-type'] = opts.contentType ?? 'application/json';
		}
		if (this.cookie) headers.cookie = this.cookie;
		if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
		if (this.cookie && WRITE_METHODS.has(method) && opts.csrf !== false) {
			const token = typeof opts.csrf === 'string' ? opts.csrf : this.csrf;
			if (token) headers['x-csrf-token'] = token;
		}
		if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
		const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
		const result = await toResult(res);
		// Every reply is checked against docs/openapi.yaml; one that does not
		// conform fails the test that made the request.
		const problems = checkReply(method, path, result);
		if (problems.length > 0)
			assert.fail(`the reply does not conform to docs/openapi.yaml:\n  ${problems.join('\n  ')}\n  body: ${result.text.slice(0, 600)}`);
		return result;
	}

	get(path, opts) {
		return this.request('GET', path, opts);
	}
	post(path, body, opts = {}) {
		return this.request('POST', path, { ...opts, body });
	}
	delete(path, opts) {
		return this.request('DELETE', path, opts);
	}
}

// Fetches every page of a list endpoint; returns {items, pages}.
export async function walk(client, path, limit) {
	const items = [];
	let pages = 0;
	let after = null;
	const sep = path.includes('?') ? '&' : '?';
	for (;;) {
		let url = path + sep + `limit=${limit}`;
		if (after !== null) url += `&after=${encodeURIComponent(after)}`;
		const res = await client.get(url);
		assert.equal(res.status, 200, `GET ${url}: ${res.text}`);
		assert.ok(Array.isArray(res.body.data), 'data is an array');
		assert.ok(res.body.data.length <= limit, 'a page holds at most limit items');
		items.push(...res.body.data);
		pages++;
		assert.ok(pages < 10000, 'pagination terminates');
		if (res.body.next === null) break;
		assert.equal(typeof res.body.next, 'string');
		assert.ok(res.body.data.length > 0, 'a page with a next cursor is not empty');
		after = res.body.next;
	}
	return { items, pages };
}

// Asserts the one error shape, and optionally its status, code and field.
export function assertError(res, status, code, field) {
	if (status !== undefined) assert.equal(res.status, status, `status (body: ${res.text})`);
	assert.ok(res.status >= 400 && res.status < 600, `an error status, got ${res.status}`);
	assert.ok(res.body && typeof res.body === 'object', `a JSON error body, got: ${res.text}`);
	assert.deepEqual(Object.keys(res.body), ['error'], 'the body holds only "error"');
	const e = res.body.error;
	assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message'], 'error keys');
	assert.equal(typeof e.code, 'string');
	assert.match(e.code, /^[a-z][a-z0-9_]*$/);
	assert.equal(typeof e.message, 'string');
	assert.ok(e.message.length > 0, 'the message is not empty');
	assert.ok(e.field === null || typeof e.field === 'string', 'field is a string or null');
	if (code !== undefined) assert.equal(e.code, code, `error code (message: ${e.message})`);
	if (field !== undefined) assert.equal(e.field, field, `error field (message: ${e.message})`);
	const ct = res.headers.get('content-type') ?? '';
	assert.match(ct, /^application\/json/, 'errors are JSON');
}

// A well-formed id that names nothing.
export function missingId(prefix) {
	return `${prefix}_aaaaaaaaaaaaaaaaaaaa`;
}

let keySeq = 0;
export function newKey(label = 'k') {
	keySeq++;
	return `${label}-${process.pid}-${Date.now()}-${keySeq}`;
}

export function daysBetween(fromDate, toDate) {
	return Math.round((Date.parse(toDate + 'T00:00:00Z') - Date.parse(fromDate + 'T00:00:00Z')) / 86400000);
}

// Starts a server on a fresh demo database. opts.beforeServe(dbPath), if
// given, runs after the demo data is loaded and before the server starts
// (fixtures written straight into the database file). opts.threads sets
// the worker threads (4 unless given), opts.args adds options to `serve`,
// opts.now sets TESSERA_NOW (NOW unless given), and opts.db serves an
// existing database (left in place by stop()) instead of a fresh one.
export async function startServer(opts = {}) {
	const dir = opts.db ? null : mkdtempSync(join(tmpdir(), 'tessera-api-'));
	const db = opts.db ?? join(dir, 't.db');
	if (!opts.db) {
		const demo = await run(['demo', '--db', db]);
		if (demo.code !== 0 || SANITIZER_REPORT.test(demo.stderr)) {
			rmSync(dir, { recursive: true, force: true });
			throw new Error(
				`tessera demo failed (exit ${demo.code}, signal ${demo.signal}):\n${demo.stderr}\n${demo.stdout}`,
			);
		}
	}
	if (opts.beforeServe) await opts.beforeServe(db);

	const threads = String(opts.threads ?? 4);
	const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', threads, ...(opts.args ?? [])];
	const child = spawn(bin(), args, {
		env: childEnv(opts.now),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (d) => (stderr += d));
	const exited = new Promise((resolve) => {
		child.on('close', (code, signal) => resolve({ code, signal }));
	});

	const baseUrl = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tessera serve did not say "listening on" within 30 s:\n${stdout}\n${stderr}`));
		}, 30000);
		child.stdout.on('data', (d) => {
			stdout += d;
			const m = /listening on (http:\/\/[^\s]+)/.exec(stdout);
			if (m) {
				clearTimeout(timer);
				resolve(m[1].replace(/\/$/, ''));
			}
		});
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		exited.then(({ code, signal }) => {
			clearTimeout(timer);
			reject(new Error(`tessera serve exited early (exit ${code}, signal ${signal}):\n${stderr}`));
		});
	});

	const logins = new Map();
	const server = {
		baseUrl,
		dir,
		db,
		child,
		exited, // resolves to {code, signal} when the process has ended
		stderr: () => stderr,
		anon: () => new Client(baseUrl),
		bearer: (token) => new Client(baseUrl, { bearer: token }),
		raw: (method, path, opts) => new Client(baseUrl).request(method, path, opts),

		// Logs in and returns a client holding the cookie and CSRF token.
		async login(email, password = PASSWORD, extra = {}) {
			const res = await new Client(baseUrl).post('/api/v1/sessions', { email, password, ...extra });
			assert.equal(res.status, 201, `login ${email}: ${res.text}`);
			const setCookies = res.headers.getSetCookie();
			const sc = setCookies.find((c) => c.startsWith('tessera_session='));
			assert.ok(sc, `a tessera_session cookie in ${JSON.stringify(setCookies)}`);
			const cookie = sc.split(';')[0];
			return new Client(baseUrl, { cookie, csrf: res.body.csrf_token, session: res.body });
		},

		// One login per user for the server's life (logins are slow by design).
		async as(email) {
			if (!logins.has(email)) logins.set(email, server.login(email));
			return logins.get(email);
		},

		// SIGKILL and wait; fails on a sanitizer report before it. The database stays.
		async kill() {
			child.kill('SIGKILL');
			await exited;
			assert.ok(!SANITIZER_REPORT.test(stderr), `sanitizer report on the server's stderr:\n${stderr}`);
		},

		// SIGTERM, wait, and fail on a non-zero exit or a sanitizer report.
		async stop() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
			const { code, signal } = await exited;
			clearTimeout(timer);
			if (dir) rmSync(dir, { recursive: true, force: true });
			assert.ok(!SANITIZER_REPORT.test(stderr), `sanitizer report on the server's stderr:\n${stderr}`);
			assert.equal(signal, null, `the server was killed by ${signal}:\n${stderr}`);
			assert.equal(code, 0, `the server exited with ${code}:\n${stderr}`);
		},
	};
	return server;
}

// A valid quote for one of Bluebird's customers, found through the API.
export async function findQuoteBody(client) {
	const customers = await client.get('/api/v1/customers?limit=1');
	assert.equal(customers.status, 200, customers.text);
	const accounts = await client.get('/api/v1/billing-accounts');
	assert.equal(accounts.status, 200, accounts.text);
	const usd = accounts.body.data.find((a) => a.currency === 'USD');
	assert.ok(usd, 'a USD billing account');
	const catalog = await client.get('/api/v1/catalog/products');
	assert.equal(catalog.status, 200, catalog.text);
	const tracker = catalog.body.data.find((p) => p.code === 'HLX-TRK-C');
	assert.ok(tracker, 'the cloud tracker');
	return {
		customer: customers.body.data[0].id,
		billing_account: usd.id,
		lines: [{ product: tracker.id, edition: 'standard', user_tier: 10, billing_period: 'annual', quantity: 1 }],
	};
}
