// Writes in flight: a worker thread does not wait for the writer, so one
// thread carries many units at once; each reply goes out only after the
// commit that holds it; a client that leaves early does not undo or
// repeat its write; on SIGTERM every write already received is answered
// before the server exits.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { startServer, findQuoteBody, newKey, USERS } from './harness.mjs';

let srv;
let alex;
let quoteBody;

function sqlIn(db, query) {
	const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' });
	return out.trim() === '' ? [] : JSON.parse(out);
}


before(async () => {
	srv = await startServer({ threads: 1 });
	alex = await srv.as(USERS.alex);
	quoteBody = await findQuoteBody(alex);
});
after(async () => {
	await srv?.stop();
});

test('one worker thread carries many writes at once, each answered after its commit', async () => {
	const before = sqlIn(srv.db, 'SELECT count(*) AS n FROM quotes')[0].n;
	const n = 48;
	const writes = Array.from({ length: n }, (_, i) =>
		alex.post('/api/v1/quotes', quoteBody, { idempotencyKey: newKey(`burst-${i}`) }),
	);
	const reads = Array.from({ length: 8 }, () => alex.get('/api/v1/subscriptions?limit=5'));
	const [written, read] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
	for (const r of read) assert.equal(r.status, 200, r.text);
	const numbers = new Set();
	for (const r of written) {
		assert.equal(r.status, 201, r.text);
		numbers.add(r.body.number);
		// Answered, so committed: a fresh connection of another reader sees it.
		const row = sqlIn(srv.db, `SELECT status FROM quotes WHERE id = '${r.body.id}'`);
		assert.equal(row.length, 1, `quote ${r.body.id} is in the database`);
	}
	assert.equal(numbers.size, n, 'every quote has its own number');
	assert.equal(sqlIn(srv.db, 'SELECT count(*) AS n FROM quotes')[0].n, before + n);
});

test('a client that leaves before its reply: the write happens once and a retry replays it', async () => {
	const key = newKey('gone');
	const body = JSON.stringify(quoteBody);
	const { hostname: host, port } = new URL(srv.baseUrl);
	// Writes queued ahead keep the writer busy, so that the server sees the
	// client leave while its unit still waits.
	const ahead = Array.from({ length: 32 }, (_, i) =>
		alex.post('/api/v1/quotes', quoteBody, { idempotencyKey: newKey(`ahead-${i}`) }),
	);
	await new Promise((resolve, reject) => {
		const sock = connect({ host, port: Number(port) }, () => {
			sock.write(
				`POST /api/v1/quotes HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
					`Cookie: ${alex.cookie}\r\nX-CSRF-Token: ${alex.csrf}\r\nIdempotency-Key: ${key}\r\n` +
					`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
				() => {
					sock.destroy();
					resolve();
				},
			);
		});
		sock.on('error', reject);
	});
	for (const r of await Promise.all(ahead)) assert.equal(r.status, 201, r.text);
	const retry = await alex.post('/api/v1/quotes', quoteBody, { idempotencyKey: key });
	assert.equal(retry.status, 201, retry.text);
	assert.equal(retry.headers.get('idempotent-replayed'), 'true', 'the first request wrote it');
	const rows = sqlIn(srv.db, `SELECT count(*) AS n FROM quotes WHERE id = '${retry.body.id}'`);
	assert.equal(rows[0].n, 1);
	// The server goes on serving; its access log has the request that nobody read.
	assert.equal((await alex.get('/api/v1/quotes?limit=1')).status, 200);
});

test('on SIGTERM every write already received is answered, then the server exits cleanly', async () => {
	const other = await startServer({ threads: 1 });
	try {
		const client = await other.as(USERS.alex);
		const body = await findQuoteBody(client);
		// Connections open and requests received before the signal.
		const writes = Array.from({ length: 24 }, (_, i) =>
			client.post('/api/v1/quotes', body, { idempotencyKey: newKey(`term-${i}`) }).catch((e) => e),
		);
		const first = await Promise.race(writes);
		other.child.kill('SIGTERM');
		const results = await Promise.all(writes);
		const { code, signal } = await other.exited;
		assert.equal(signal, null, other.stderr());
		assert.equal(code, 0, other.stderr());
		assert.ok(!(first instanceof Error), `the first write was answered: ${first}`);
		let answered = 0;
		for (const r of results) {
			if (r instanceof Error) continue; // not yet accepted when the server stopped listening
			assert.ok(r.status === 201 || r.status === 503, `status ${r.status}: ${r.text}`);
			if (r.status !== 201) continue;
			answered++;
			const rows = sqlIn(other.db, `SELECT count(*) AS n FROM quotes WHERE id = '${r.body.id}'`);
			assert.equal(rows[0].n, 1, `answered quote ${r.body.id} was committed`);
		}
		assert.ok(answered >= 1);
	} finally {
		await other.stop();
	}
});
