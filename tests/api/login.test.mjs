// Logins from several client addresses: throttling by (account, address)
// without lockouts, and the client address (the peer, or X-Forwarded-For
// behind a trusted proxy) as throttling and the access log take it.
// Requests leave from chosen loopback addresses (127.0.0.2, 127.0.0.3...),
// which Linux routes to the server on 127.0.0.1 without any setup.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertError, USERS, PASSWORD, NOW } from './harness.mjs';

// One request from the local address `from`; the result has the shape of
// the harness's (status, headers.get/getSetCookie, text, body).
export function send(baseUrl, method, path, { from = '127.0.0.1', body, headers = {} } = {}) {
	const url = new URL(baseUrl + path);
	const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
	const h = { ...headers };
	if (data) {
		h['content-type'] = 'application/json';
		h['content-length'] = String(data.length);
	}
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: h, localAddress: from, agent: false },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let parsed = null;
					if (text.length > 0) {
						try {
							parsed = JSON.parse(text);
						} catch {
							parsed = undefined;
						}
					}
					const raw = res.headers;
					resolve({
						status: res.statusCode,
						text,
						body: parsed,
						headers: {
							get: (n) => {
								const v = raw[n.toLowerCase()];
								return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
							},
							getSetCookie: () => raw['set-cookie'] ?? [],
						},
					});
				});
			},
		);
		req.on('error', reject);
		if (data) req.write(data);
		req.end();
	});
}

export function login(srv, email, password, opts = {}) {
	return send(srv.baseUrl, 'POST', '/api/v1/sessions', { ...opts, body: { email, password } });
}

// The addr= of the access log line of the request whose reply carried this X-Request-Id.
async function loggedAddr(srv, res) {
	const id = res.headers.get('x-request-id');
	assert.ok(id, 'an X-Request-Id');
	const re = new RegExp(`access id=${id} .* addr=(\\S+)`);
	for (let i = 0; i < 100; i++) {
		const m = re.exec(srv.stderr());
		if (m) return m[1];
		await new Promise((r) => setTimeout(r, 20));
	}
	assert.fail(`no access log line for ${id}`);
}

let plain; // no trusted proxy
let proxied; // 127.0.0.2 and 127.0.0.8/29 are trusted proxies
before(async () => {
	[plain, proxied] = await Promise.all([
		startServer({ threads: 2 }),
		startServer({ threads: 2, args: ['--trusted-proxy', '127.0.0.2', '--trusted-proxy', '127.0.0.8/29,::1'] }),
	]);
});
after(async () => {
	await Promise.all([plain?.stop(), proxied?.stop()]);
});

test('X-Forwarded-For is ignored from a peer that is not a trusted proxy', async () => {
	const xff = { 'x-forwarded-for': '203.0.113.9' };
	let res = await send(plain.baseUrl, 'GET', '/api/v1/health', { from: '127.0.0.2', headers: xff });
	assert.equal(res.status, 200);
	assert.equal(await loggedAddr(plain, res), '127.0.0.2');
	// With proxies configured, a peer outside the list is still the client.
	res = await send(proxied.baseUrl, 'GET', '/api/v1/health', { from: '127.0.0.3', headers: xff });
	assert.equal(await loggedAddr(proxied, res), '127.0.0.3');
});

test('X-Forwarded-For from a trusted proxy names the client: its right-most untrusted entry', async () => {
	const cases = [
		['127.0.0.2', '203.0.113.9', '203.0.113.9'],
		// The left entry is the client's own claim; the proxy appended what it saw.
		['127.0.0.2', '198.51.100.1, 203.0.113.9', '203.0.113.9'],
		// Two trusted hops (127.0.0.10 is inside 127.0.0.8/29).
		['127.0.0.2', '198.51.100.1, 203.0.113.10, 127.0.0.10', '203.0.113.10'],
		['127.0.0.9', '2001:DB8::1', '2001:db8::1'],
		// Not an address: the proxy itself is the client known.
		['127.0.0.2', 'unknown', '127.0.0.2'],
	];
	for (const [from, xff, want] of cases) {
		const res = await send(proxied.baseUrl, 'GET', '/api/v1/health', { from, headers: { 'x-forwarded-for': xff } });
		assert.equal(res.status, 200);
		assert.equal(await loggedAddr(proxied, res), want, `${from} with X-Forwarded-For: ${xff}`);
	}
	// Without the header the trusted proxy is the client.
	const res = await send(proxied.baseUrl, 'GET', '/api/v1/health', { from: '127.0.0.2' });
	assert.equal(await loggedAddr(proxied, res), '127.0.0.2');
});

test('a bad --trusted-proxy is refused at start', () => {
	for (const bad of ['10.0.0.1/8', 'proxy.example', '10.0.0.0/33']) {
		const r = spawnSync(process.env.TESSERA_BIN, ['serve', '--db', '/nonexistent/t.db', '--trusted-proxy', bad], { encoding: 'utf8' });
		assert.equal(r.status, 2, `exit status for ${bad}: ${r.stderr}`);
		assert.match(r.stderr, /--trusted-proxy: .*not an IP address or CIDR network/);
	}
});

// Fails the pair (email, from) n times; each answer must be a 401.
async function fail(srv, email, n, opts = {}) {
	for (let i = 0; i < n; i++) {
		const res = await login(srv, email, `wrong-${i}`, opts);
		assertError(res, 401, 'invalid_credentials');
	}
}

function retryAfter(res) {
	assertError(res, 429, 'too_many_attempts');
	const secs = Number(res.headers.get('retry-after'));
	assert.ok(Number.isInteger(secs) && secs > 0, `a Retry-After in seconds: ${res.headers.get('retry-after')}`);
	assert.equal(res.headers.getSetCookie().filter((c) => /tessera_session=[^;]/.test(c)).length, 0, 'no session');
	return secs;
}

test('wrong passwords from one address do not stop the right password from another', async () => {
	await fail(plain, USERS.alex, 3, { from: '127.0.0.4' });
	retryAfter(await login(plain, USERS.alex, 'wrong-again', { from: '127.0.0.4' }));
	const other = await login(plain, USERS.alex, PASSWORD, { from: '127.0.0.5' });
	assert.equal(other.status, 201, other.text);
	// The failing address itself is slowed for this account, even with the right password.
	retryAfter(await login(plain, USERS.alex, PASSWORD, { from: '127.0.0.4' }));
});

test('the old lockout is gone: five failures lock neither the account nor the address', async () => {
	// Five failures from five addresses: the account's owner still signs in.
	for (let i = 0; i < 5; i++) await fail(plain, USERS.robin, 1, { from: `127.0.1.${i + 1}` });
	const owner = await login(plain, USERS.robin, PASSWORD, { from: '127.0.1.9' });
	assert.equal(owner.status, 201, owner.text);
	// And from an address that failed on one account, others sign in.
	await fail(plain, USERS.support, 3, { from: '127.0.1.10' });
	const res = await login(plain, USERS.casey, PASSWORD, { from: '127.0.1.10' });
	assert.equal(res.status, 201, res.text);
});

test('one address spraying many accounts locks no owner out, and its failures are slowed', async () => {
	const from = '127.0.2.1';
	const emails = [USERS.admin, USERS.support, USERS.alex, USERS.casey, USERS.dana, USERS.pat, USERS.robin];
	for (let i = 0; emails.length < 20; i++) emails.push(`nobody-${i}@spray.example`);
	// 20 accounts, one wrong password each, four at a time: the address's free failures.
	for (let i = 0; i < emails.length; i += 4)
		await Promise.all(emails.slice(i, i + 4).map((e) => fail(plain, e, 1, { from })));
	// The next failure is answered late...
	const t0 = Date.now();
	await fail(plain, 'nobody-late@spray.example', 1, { from });
	assert.ok(Date.now() - t0 >= 250, `a failed attempt from the address is held back (${Date.now() - t0} ms)`);
	// ...but every owner still signs in, from that address and from elsewhere.
	for (const email of [USERS.pat, USERS.dana, USERS.admin]) {
		const here = await login(plain, email, PASSWORD, { from });
		assert.equal(here.status, 201, `${email} from the spraying address: ${here.text}`);
		const there = await login(plain, email, PASSWORD, { from: '127.0.2.2' });
		assert.equal(there.status, 201, `${email} from elsewhere: ${there.text}`);
	}
});

test('attempts of one pair sent at once are not all heard: past the free failures they are answered 429', async () => {
	// An unknown email: each check takes long enough that all eight pass the first look together.
	const results = await Promise.all(
		Array.from({ length: 8 }, (_, i) => login(plain, 'nobody@burst.example', `wrong-${i}`, { from: '127.0.5.1' })),
	);
	const statuses = results.map((r) => r.status).sort();
	assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429], `statuses: ${statuses}`);
	for (const r of results.filter((x) => x.status === 429)) retryAfter(r);
});

test('behind a trusted proxy the client of X-Forwarded-For is throttled, not the proxy', async () => {
	const via = (client) => ({ from: '127.0.0.2', headers: { 'x-forwarded-for': client } });
	await fail(proxied, USERS.dana, 3, via('203.0.113.20'));
	retryAfter(await login(proxied, USERS.dana, PASSWORD, via('203.0.113.20')));
	const res = await login(proxied, USERS.dana, PASSWORD, via('203.0.113.21'));
	assert.equal(res.status, 201, `another client behind the same proxy: ${res.text}`);
});

test('an untrusted peer cannot escape the throttle by changing X-Forwarded-For', async () => {
	const from = '127.0.0.3';
	for (let i = 0; i < 3; i++)
		await fail(proxied, USERS.casey, 1, { from, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
	retryAfter(await login(proxied, USERS.casey, PASSWORD, { from, headers: { 'x-forwarded-for': '198.51.100.99' } }));
});

test('a slowed pair waits Retry-After, growing with its failures, then signs in again', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tessera-login-'));
	const db = join(dir, 't.db');
	const at = (secs) => new Date(Date.parse(NOW) + secs * 1000).toISOString().replace('.000Z', 'Z');
	const demo = spawnSync(process.env.TESSERA_BIN, ['demo', '--db', db, '--quiet'], {
		env: { ...process.env, TESSERA_NOW: NOW },
		encoding: 'utf8',
	});
	assert.equal(demo.status, 0, demo.stderr);
	const email = USERS.pat;
	const from = '127.0.3.1';
	let srv;
	try {
		// The server's clock is TESSERA_NOW: each restart moves it on.
		srv = await startServer({ db, threads: 1 });
		await fail(srv, email, 3, { from });
		const first = retryAfter(await login(srv, email, PASSWORD, { from }));
		await srv.stop();

		srv = await startServer({ db, threads: 1, now: at(first - 1) });
		assert.equal(retryAfter(await login(srv, email, PASSWORD, { from })), 1, 'one second before the wait ends');
		await srv.stop();

		srv = await startServer({ db, threads: 1, now: at(first) });
		await fail(srv, email, 1, { from }); // heard again, and wrong again
		const second = retryAfter(await login(srv, email, PASSWORD, { from }));
		assert.ok(second > first, `the wait grows with the failures: ${first} then ${second}`);
		await srv.stop();

		srv = await startServer({ db, threads: 1, now: at(first + second) });
		const ok = await login(srv, email, PASSWORD, { from });
		assert.equal(ok.status, 201, ok.text);
		// A success clears the pair: the next failure is a plain 401 again.
		await fail(srv, email, 1, { from });
		await srv.stop();

		// Failures are forgotten, and their records deleted as new failures come.
		const later = first + second + 20 * 60;
		assert.ok(Number(sqlite(db, 'SELECT count(*) FROM login_throttle;')) >= 2);
		srv = await startServer({ db, threads: 1, now: at(later) });
		await fail(srv, 'someone-else@example.com', 1, { from: '127.0.3.2' });
		const stale = Number(Date.parse(at(later)) / 1000 - 15 * 60);
		assert.equal(sqlite(db, `SELECT count(*) FROM login_throttle WHERE last_failure < ${stale};`), '0');
		assert.equal(sqlite(db, 'SELECT count(*) FROM login_throttle;'), '2', 'the new pair and address');
		await srv.stop();
		srv = null;
	} finally {
		await srv?.stop();
		rmSync(dir, { recursive: true, force: true });
	}
});

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout.trim();
}

test('CSRF tokens are stored hashed, and the CSRF check still works', async () => {
	const a = await plain.login(USERS.casey);
	const b = await plain.login(USERS.casey);
	const secret = a.cookie.split('=')[1];
	// Every byte of the database and its log: neither secret is there in clear.
	const bytes = Buffer.concat([plain.db, `${plain.db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
	for (const s of [a.csrf, b.csrf, secret]) {
		assert.equal(bytes.indexOf(s), -1, 'no plaintext secret in the database files');
		assert.equal(bytes.indexOf(Buffer.from(s, 'hex')), -1, 'nor its raw bytes');
	}
	const cols = sqlite(plain.db, 'SELECT name FROM pragma_table_info(\'credentials\');').split('\n');
	assert.ok(!cols.includes('csrf_token') && cols.includes('csrf_hash'), `columns: ${cols}`);
	const lens = sqlite(plain.db, "SELECT DISTINCT length(csrf_hash) FROM credentials WHERE kind = 'session';");
	assert.equal(lens, '32', 'every session has a 32-byte CSRF hash');

	// The token still guards writes: its own passes, another session's and none do not.
	const ok = await a.post('/api/v1/tokens', { name: 'csrf ok' });
	assert.equal(ok.status, 201, ok.text);
	assertError(await a.post('/api/v1/tokens', { name: 'x' }, { csrf: b.csrf }), 403, 'csrf_token_invalid');
	assertError(await a.post('/api/v1/tokens', { name: 'x' }, { csrf: false }), 403, 'csrf_token_invalid');
	assertError(await a.post('/api/v1/tokens', { name: 'x' }, { csrf: a.csrf.slice(1) }), 403, 'csrf_token_invalid');
	assert.equal((await a.delete(`/api/v1/tokens/${ok.body.id}`)).status, 204);
});

test('every stored password hash has a salt of its own, the demo logins included', () => {
	const rows = sqlite(plain.db, 'SELECT email, password_hash FROM users ORDER BY pk;').split('\n');
	assert.ok(rows.length >= 7, `the demo's logins: ${rows.length}`);
	const salts = new Map();
	for (const row of rows) {
		const [email, hash] = row.split('|');
		// $argon2id$v=19$m=...,t=...,p=...$SALT$HASH
		const parts = hash.split('$');
		assert.equal(parts[1], 'argon2id', `${email}: ${hash}`);
		assert.ok(parts[4].length >= 16, `${email} has a salt`);
		assert.ok(!salts.has(parts[4]), `${email} shares its salt with ${salts.get(parts[4])}`);
		salts.set(parts[4], email);
	}
});

test('a login checks its password off the worker loop: other requests on that worker go on', async () => {
	const srv = await startServer({ threads: 1 });
	try {
		const t0 = Date.now();
		// Unknown emails: each costs a full argon2id check (about half a second).
		const logins = Array.from({ length: 4 }, (_, i) =>
			login(srv, `nobody-${i}@offload.example`, 'wrong').then((res) => ({ res, at: Date.now() - t0 })),
		);
		await new Promise((r) => setTimeout(r, 50));
		const health = await send(srv.baseUrl, 'GET', '/api/v1/health');
		const healthAt = Date.now() - t0;
		assert.equal(health.status, 200);
		const done = await Promise.all(logins);
		for (const { res } of done) assertError(res, 401, 'invalid_credentials');
		const firstLogin = Math.min(...done.map((d) => d.at));
		assert.ok(healthAt + 150 <= firstLogin, `health answered at ${healthAt} ms, the first login at ${firstLogin} ms`);
	} finally {
		await srv.stop();
	}
});
