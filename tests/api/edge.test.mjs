// The edge in front of evhttp, spoken to over raw sockets: every request
// libevent would have answered with its own HTML page gets the API's
// error shape, the usual headers and Connection: close; pipelined good
// requests pass untouched; slow clients are cut at their deadlines while
// the others are served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { startServer } from './harness.mjs';

let srv;
let port;

before(async () => {
	srv = await startServer();
	port = Number(new URL(srv.baseUrl).port);
});

after(async () => {
	await srv.stop();
});

// Parses every whole response in buf: [{status, headers (lower-case names), body (Buffer)}].
function parseResponses(buf) {
	const out = [];
	let at = 0;
	for (;;) {
		const end = buf.indexOf('\r\n\r\n', at);
		if (end < 0) break;
		const lines = buf.subarray(at, end).toString('latin1').split('\r\n');
		const m = /^HTTP\/1\.[01] (\d{3}) /.exec(lines[0]);
		assert.ok(m, `a status line, got ${JSON.stringify(lines[0])}`);
		const headers = {};
		for (const l of lines.slice(1)) {
			const i = l.indexOf(':');
			headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
		}
		const status = Number(m[1]);
		const len = status === 100 ? 0 : Number(headers['content-length'] ?? 0);
		if (buf.length < end + 4 + len) break;
		out.push({ status, headers, body: buf.subarray(end + 4, end + 4 + len) });
		at = end + 4 + len;
	}
	return out;
}

// Sends bytes (a string or a list of pieces written one after the other) and
// reads until the server closes or timeoutMs passes.
// The writing side stays open (a half-close would end a keep-alive
// connection) unless halfClose: then the client shuts its side once written.
function exchange(bytes, { timeoutMs = 5000, halfClose = false } = {}) {
	return new Promise((resolve, reject) => {
		const sock = net.connect(port, '127.0.0.1');
		const chunks = [];
		let closed = false;
		const t0 = Date.now();
		const timer = setTimeout(() => {
			sock.destroy();
			resolve({ buf: Buffer.concat(chunks), closed: false, ms: Date.now() - t0 });
		}, timeoutMs);
		sock.on('connect', () => {
			for (const piece of Array.isArray(bytes) ? bytes : [bytes]) sock.write(piece);
			if (halfClose) sock.end();
		});
		sock.on('data', (d) => chunks.push(d));
		sock.on('error', (err) => {
			// A reset after the reply is the server closing with input unread: still a close.
			if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {
				clearTimeout(timer);
				reject(err);
			}
		});
		sock.on('close', () => {
			if (closed) return;
			closed = true;
			clearTimeout(timer);
			resolve({ buf: Buffer.concat(chunks), closed: true, ms: Date.now() - t0 });
		});
	});
}

// The one error shape with the headers every reply carries, and the connection closed.
function assertRefusal(r, status, code, field, what) {
	const rs = parseResponses(r.buf);
	assert.equal(rs.length, 1, `${what}: one reply, got ${JSON.stringify(r.buf.toString('latin1'))}`);
	const res = rs[0];
	assert.equal(res.status, status, `${what}: status (${res.body})`);
	const h = res.headers;
	assert.match(h['content-type'] ?? '', /^application\/json/, `${what}: JSON`);
	assert.equal(h['x-content-type-options'], 'nosniff', what);
	assert.equal(h['x-frame-options'], 'DENY', what);
	assert.equal(h['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", what);
	assert.equal(h['referrer-policy'], 'no-referrer', what);
	assert.equal(h['cache-control'], 'no-store', what);
	assert.match(h['x-request-id'] ?? '', /^[0-9a-f]{16}$/, `${what}: X-Request-Id`);
	assert.equal(h.connection, 'close', `${what}: Connection: close`);
	const body = JSON.parse(res.body.toString('utf8'));
	assert.deepEqual(Object.keys(body), ['error'], what);
	assert.deepEqual(Object.keys(body.error).sort(), ['code', 'field', 'message'], what);
	assert.equal(body.error.code, code, `${what}: code (${body.error.message})`);
	assert.equal(body.error.field, field, `${what}: field`);
	assert.ok(body.error.message.length > 0, what);
	assert.ok(r.closed, `${what}: the server closed the connection`);
	return body.error;
}

async function health() {
	const res = await fetch(`${srv.baseUrl}/api/v1/health`);
	await res.text();
	return res.status;
}

const GOOD = 'GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n';

test('every request libevent would answer with its own page gets the one error shape', async () => {
	const cases = [
		['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'malformed_request', null],
		['a request line without a version', 'GET /api/v1/health\r\n\r\n', 400, 'malformed_request', null],
		['a malformed version', 'GET / HTTP/one\r\n\r\n', 400, 'malformed_request', null],
		['HTTP/2.0', 'GET /api/v1/health HTTP/2.0\r\n\r\n', 505, 'http_version_not_supported', null],
		['HTTP/3.1', 'GET /api/v1/health HTTP/3.1\r\n\r\n', 505, 'http_version_not_supported', null],
		['an unknown method', 'BREW /api/v1/health HTTP/1.1\r\n\r\n', 501, 'not_implemented', null],
		['CONNECT', 'CONNECT example.com:443 HTTP/1.1\r\n\r\n', 501, 'not_implemented', null],
		['a target that is no path', 'GET //x/y HTTP/1.1\r\n\r\n', 400, 'malformed_request', null],
		['a URI over 8 KiB', `GET /api/v1/health?q=${'a'.repeat(9000)} HTTP/1.1\r\n\r\n`, 414, 'uri_too_long', null],
		['a URI that never ends', `GET /${'a'.repeat(40000)}`, 414, 'uri_too_long', null],
		['a header over 16 KiB', `${GOOD.slice(0, -2)}X-Big: ${'b'.repeat(17000)}\r\n\r\n`, 431, 'headers_too_large', null],
		['header lines that never end', `${GOOD.slice(0, -2)}X-Big: ${'b'.repeat(40000)}`, 431, 'headers_too_large', null],
		['101 header fields', `${GOOD.slice(0, -2)}${Array.from({ length: 101 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`, 431, 'headers_too_large', null],
		['a header line without a colon', `${GOOD.slice(0, -2)}NoColon\r\n\r\n`, 400, 'malformed_request', null],
		['a folded header line', `${GOOD.slice(0, -2)}X-A: b\r\n c\r\n\r\n`, 400, 'malformed_request', null],
		['a NUL in a header', `${GOOD.slice(0, -2)}X-A: b\u0000c\r\n\r\n`, 400, 'malformed_request', null],
		['a Content-Length that is no number', 'POST /api/v1/tokens HTTP/1.1\r\nContent-Length: abc\r\n\r\n', 400, 'invalid_header', 'Content-Length'],
		['a negative Content-Length', 'POST /api/v1/tokens HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 400, 'invalid_header', 'Content-Length'],
		['two Content-Lengths', 'POST /api/v1/tokens HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400, 'invalid_header', 'Content-Length'],
		['Content-Length and chunked', 'POST /api/v1/tokens HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 400, 'invalid_header', 'Transfer-Encoding'],
		['chunked in HTTP/1.0', 'POST /api/v1/tokens HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', 400, 'invalid_header', 'Transfer-Encoding'],
		['a transfer coding other than chunked', 'POST /api/v1/tokens HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501, 'not_implemented', 'Transfer-Encoding'],
		['a HEAD with a body', 'HEAD /api/v1/health HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc', 400, 'invalid_header', 'Content-Length'],
		['an unknown expectation', 'POST /api/v1/tokens HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}', 417, 'expectation_failed', 'Expect'],
		['a body over the route limit', 'POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 16385\r\n\r\n', 413, 'body_too_large', null],
		['a body over 1 MiB', `POST /api/v1/nowhere HTTP/1.1\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n${'x'.repeat(4096)}`, 413, 'body_too_large', null],
		['a chunked body over the route limit', `POST /api/v1/tokens HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n${'x'.repeat(0x4000)}\r\n1\r\n`, 413, 'body_too_large', null],
		['a malformed chunk size', 'POST /api/v1/tokens HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 'malformed_request', null],
		['a chunk extension', 'POST /api/v1/tokens HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\n{}\r\n0\r\n\r\n', 400, 'malformed_request', null],
		['a chunk without its line end', 'POST /api/v1/tokens HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n', 400, 'malformed_request', null],
		['trailer fields', 'POST /api/v1/tokens HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-T: 1\r\n\r\n', 400, 'malformed_request', null],
	];
	for (const [what, bytes, status, code, field] of cases) {
		const r = await exchange(Buffer.from(bytes, 'latin1'));
		const e = assertRefusal(r, status, code, field, what);
		if (status === 413) assert.match(e.message, /\(\d+ bytes\)/, `${what}: the limit is named`);
	}
	assert.equal(await health(), 200, 'still serving');
});

test('a body over the limit is refused at its head, before the client sends it', async () => {
	// With Expect: 100-continue the client waits: the refusal comes instead of 100 Continue.
	const r = await exchange(
		'POST /api/v1/sessions HTTP/1.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n' +
			'Content-Length: 5000\r\n\r\n',
	);
	assertRefusal(r, 413, 'body_too_large', null, '413 for 100-continue');
	assert.ok(!r.buf.toString('latin1').includes('100 Continue'), 'no 100 Continue before it');
});

test('pipelined requests are answered in order, bodies and chunked ones included', async () => {
	const login = '{"email":"nobody@nowhere.example","password":"x"}';
	const chunked = '{"name":"n"}';
	const r = await exchange(
		GOOD +
			'\r\n' + // an empty line between requests is allowed (RFC 9112 2.2)
			`POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${login.length}\r\n\r\n${login}` +
			`POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
			`${chunked.length.toString(16)}\r\n${chunked}\r\n0\r\n\r\n` +
			'GET /api/v1/nowhere HTTP/1.1\r\n\r\n' +
			GOOD,
		{ timeoutMs: 1500 },
	);
	const rs = parseResponses(r.buf);
	assert.deepEqual(
		rs.map((x) => x.status),
		[200, 401, 401, 404, 200],
		r.buf.toString('latin1'),
	);
	for (const x of rs) assert.match(x.headers['content-type'], /^application\/json/);
	assert.ok(!r.closed, 'a keep-alive connection stays open');
});

test('a bad request after good pipelined ones is answered after theirs, then the connection closes', async () => {
	const r = await exchange(GOOD + GOOD + 'GET / HTTP/9.9\r\n\r\n' + GOOD);
	const rs = parseResponses(r.buf);
	assert.deepEqual(
		rs.map((x) => x.status),
		[200, 200, 505],
	);
	assert.equal(rs[2].headers.connection, 'close');
	assert.ok(r.closed);
});

test('Expect: 100-continue gets 100 Continue, then the reply, even when the body does not wait', async () => {
	const head =
		'POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n' +
		'Content-Length: 2\r\nConnection: close\r\n\r\n';
	// Waiting for the 100, as curl does.
	const waited = await new Promise((resolve) => {
		const sock = net.connect(port, '127.0.0.1');
		const chunks = [];
		sock.on('connect', () => sock.write(head));
		sock.on('data', (d) => {
			chunks.push(d);
			if (chunks.length === 1) sock.write('{}');
		});
		sock.on('error', () => {});
		sock.on('close', () => resolve(Buffer.concat(chunks)));
	});
	assert.deepEqual(
		parseResponses(waited).map((x) => x.status),
		[100, 401],
	);
	// And sending the body a moment later without waiting, many times over.
	for (let i = 0; i < 20; i++) {
		const r = await exchange([head, '{}']);
		const statuses = parseResponses(r.buf).map((x) => x.status);
		assert.equal(statuses[statuses.length - 1], 401, r.buf.toString('latin1'));
		assert.ok(r.closed);
	}
});

test('a client that half-closes after its requests still gets every reply', async () => {
	for (let i = 0; i < 30; i++) {
		const { buf } = await exchange(GOOD + GOOD, { halfClose: true });
		assert.deepEqual(
			parseResponses(buf).map((x) => x.status),
			[200, 200],
			`round ${i}: ${buf.toString('latin1')}`,
		);
	}
});

test('a bad request from a client that half-closed is still answered', async () => {
	const { buf } = await exchange(GOOD + 'GET / HTTP/2.0\r\n\r\n', { halfClose: true });
	assert.deepEqual(
		parseResponses(buf).map((x) => x.status),
		[200, 505],
	);
});

test('a request sent a byte at a time is served', async () => {
	const bytes = 'POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}';
	const r = await exchange([...bytes].map((c) => Buffer.from(c, 'latin1')));
	const rs = parseResponses(r.buf);
	assert.deepEqual(
		rs.map((x) => x.status),
		[401],
	);
});

// Slow clients, on a server of their own with short deadlines.
test('slow clients are cut at their deadlines while the others are served', async () => {
	const slow = await startServer({ args: ['--header-timeout', '3', '--body-timeout', '3'], threads: 2 });
	const slowPort = Number(new URL(slow.baseUrl).port);
	try {
		// Each sends head at once (if any), then a byte of drip every 2 s (or
		// an endless 'x' without drip): the head, or the body, never completes
		// in time.
		const trickle = (head, drip = null) =>
			new Promise((resolve) => {
				const sock = net.connect(slowPort, '127.0.0.1');
				const chunks = [];
				let i = 0;
				const t0 = Date.now();
				let timer = null;
				const step = () => {
					if (!sock.destroyed) {
						if (drip === null) sock.write('x');
						else if (i < drip.length) sock.write(drip.subarray(i, ++i));
					}
					timer = setTimeout(step, 2000);
				};
				sock.on('connect', () => {
					if (head.length > 0) sock.write(head);
					step();
				});
				sock.on('data', (d) => chunks.push(d));
				sock.on('error', () => {});
				sock.on('close', () => {
					clearTimeout(timer);
					resolve({ buf: Buffer.concat(chunks), ms: Date.now() - t0, closed: true });
				});
				setTimeout(() => sock.destroy(), 15000);
			});
		const heads = Array.from({ length: 180 }, () =>
			trickle('', Buffer.from('GET /api/v1/health HTTP/1.1\r\nHost: slow\r\n\r\n')),
		);
		// The body kind: a head at once, then the body a byte at a time.
		const bodies = Array.from({ length: 20 }, () =>
			trickle('POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n'),
		);

		// Meanwhile, normal clients: one request after the other for 4.5 s.
		const latencies = [];
		const tEnd = Date.now() + 4500;
		while (Date.now() < tEnd) {
			const t = Date.now();
			const res = await fetch(`${slow.baseUrl}/api/v1/health`);
			await res.text();
			assert.equal(res.status, 200);
			latencies.push(Date.now() - t);
			await new Promise((r) => setTimeout(r, 50));
		}
		latencies.sort((a, b) => a - b);
		assert.ok(latencies.length >= 20, `served ${latencies.length} requests meanwhile`);
		const p50 = latencies[Math.floor(latencies.length / 2)];
		assert.ok(p50 < 200, `normal clients keep a normal latency (median ${p50} ms)`);

		const results = await Promise.all([...heads, ...bodies]);
		results.forEach((r, i) => {
			const what = i < heads.length ? `slow head ${i}` : `slow body ${i - heads.length}`;
			assertRefusal(r, 408, 'request_timeout', null, what);
			// Cut at the 3 s deadline, not at the 30 s idle timeout.
			assert.ok(r.ms >= 2800 && r.ms < 9000, `${what}: closed after ${r.ms} ms`);
		});

		// An idle keep-alive connection between requests keeps the idle timeout, not the deadline.
		const sock = net.connect(slowPort, '127.0.0.1');
		const got = [];
		sock.on('data', (d) => got.push(d));
		await new Promise((r) => sock.on('connect', r));
		sock.write(GOOD);
		await new Promise((r) => setTimeout(r, 4000));
		sock.write(GOOD);
		await new Promise((r) => setTimeout(r, 500));
		sock.destroy();
		assert.deepEqual(
			parseResponses(Buffer.concat(got)).map((x) => x.status),
			[200, 200],
			'both requests of an idle connection served',
		);
	} finally {
		await slow.stop();
	}
});
