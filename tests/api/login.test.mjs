// Logins from several client addresses: the client address (the peer, or
// X-Forwarded-For behind a trusted proxy) as the access log shows it.
// Requests leave from chosen loopback addresses (127.0.0.2, 127.0.0.3...),
// which Linux routes to the server on 127.0.0.1 without any setup.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { startServer, assertError, USERS, PASSWORD } from './harness.mjs';

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
