// Crash safety: quotes are created by many clients at once, each with its
// own Idempotency-Key, while the server is killed with SIGKILL several
// times and started again on the same database. After every restart:
// every write that was acknowledged (a 201 received) is there exactly
// once, with the id it was acknowledged with; a write that was in flight
// at the kill may or may not be there, but never twice, and its retry
// with the same key answers that same quote, or makes it if it was not
// there; a replayed key always answers the resource first acknowledged.
//
// The kills fall at seeded random moments: after a random number of
// acknowledged writes in the round, while the other clients' requests
// are in flight. What is checked does not depend on when that is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { startServer, findQuoteBody, USERS } from './harness.mjs';

const SEED = Number(process.env.CRASH_SEED ?? 20261201);
const CLIENTS = 12;
const KILLS = 4;
const PREFIX = 'crash';

// mulberry32: a small seeded generator, so that a failure can be run again.
function seeded(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function sqlIn(db, query) {
	const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8' });
	return out.trim() === '' ? [] : JSON.parse(out);
}

// The quotes this test made, by the key each carries in its notes: key -> [ids].
function quotesByKey(db) {
	const byKey = new Map();
	for (const row of sqlIn(db, `SELECT notes, id FROM quotes WHERE notes LIKE '${PREFIX}-%'`)) {
		if (!byKey.has(row.notes)) byKey.set(row.notes, []);
		byKey.get(row.notes).push(row.id);
	}
	return byKey;
}


test(`acknowledged quotes survive ${KILLS} kills once each, and retried keys answer the same quote (seed ${SEED})`, async () => {
	const rand = seeded(SEED);
	let srv = await startServer();
	const db = srv.db;
	// A bearer token outlives the server process, and a restart's new port.
	const alex = await srv.login(USERS.alex);
	const tok = await alex.post('/api/v1/tokens', { name: 'crash test' });
	assert.equal(tok.status, 201, tok.text);
	const token = tok.body.token;
	const base = await findQuoteBody(alex);
	const bodyFor = (key) => ({ ...base, notes: key });

	// key -> {id: the quote acknowledged, or null while the write's fate is unknown}
	const keys = new Map();
	let acknowledged = 0;
	let uncertain = 0;
	let wereThere = 0;
	let replays = 0;

	// Sends key's quote again on the running server: a replay, or the first
	// creation if the write in flight at the kill never committed.
	async function retry(key, expectId) {
		const res = await srv.bearer(token).post('/api/v1/quotes', bodyFor(key), { idempotencyKey: key });
		assert.equal(res.status, 201, `retry of ${key}: ${res.text}`);
		if (expectId !== null) {
			assert.equal(res.body.id, expectId, `${key} answers the quote first acknowledged`);
			assert.equal(res.headers.get('idempotent-replayed'), 'true', `${key} is a replay`);
		}
		return res;
	}

	try {
		for (let round = 0; round < KILLS; round++) {
			const client = srv.bearer(token);
			const killAfter = 8 + Math.floor(rand() * 40);
			const mine = [];
			let acks = 0;
			let killed = null;
			const loops = Array.from({ length: CLIENTS }, (_, c) =>
				(async () => {
					for (let n = 0; ; n++) {
						const key = `${PREFIX}-r${round}-c${c}-${n}`;
						keys.set(key, { id: null });
						mine.push(key);
						let res;
						try {
							res = await client.post('/api/v1/quotes', bodyFor(key), { idempotencyKey: key });
						} catch {
							return; // the server is gone: this write's fate is unknown
						}
						assert.equal(res.status, 201, `${key}: ${res.text}`);
						assert.match(res.body.id, /^quo_/);
						assert.equal(res.body.notes, key);
						keys.get(key).id = res.body.id;
						if (++acks >= killAfter && killed === null) killed = srv.kill();
					}
				})(),
			);
			await Promise.all(loops);
			await killed;

			srv = await startServer({ db });
			const found = quotesByKey(db);
			const unknown = [];
			for (const key of mine) {
				const ids = found.get(key) ?? [];
				assert.ok(ids.length <= 1, `${key} made one quote, not ${ids.length}: ${ids}`);
				const { id } = keys.get(key);
				if (id !== null) {
					acknowledged++;
					assert.deepEqual(ids, [id], `acknowledged ${key} is there once, as ${id}`);
				} else {
					uncertain++;
					unknown.push([key, ids[0] ?? null]);
				}
			}
			// In flight at the kill: there or not, and its retry settles which.
			for (const [key, there] of unknown) {
				const res = await retry(key, there);
				if (there !== null) wereThere++;
				else assert.notEqual(res.headers.get('idempotent-replayed'), 'true', `${key} was not there`);
				keys.get(key).id = res.body.id;
			}
			// Some keys acknowledged before, chosen at random, replayed.
			const done = [...keys].filter(([, v]) => v.id !== null);
			for (let i = 0; i < 5; i++) {
				const [key, { id }] = done[Math.floor(rand() * done.length)];
				await retry(key, id);
				replays++;
			}
		}

		// Every key, replayed once more on the last server: the same quote each.
		for (const [key, { id }] of keys) {
			assert.notEqual(id, null, `${key} was settled`);
			await retry(key, id);
			replays++;
		}
		// And in the database: one quote a key, no other.
		const found = quotesByKey(db);
		assert.equal(found.size, keys.size, 'one key, one quote');
		for (const [key, { id }] of keys) assert.deepEqual(found.get(key), [id], `${key} is there once`);
		const all = sqlIn(db, `SELECT count(*) AS n FROM quotes WHERE notes LIKE '${PREFIX}-%'`)[0].n;
		assert.equal(all, keys.size, 'no quote beyond one a key');
		assert.ok(acknowledged >= KILLS * 8, `writes were acknowledged (${acknowledged})`);
		// Each client's last request of a round is the one the kill cut off.
		assert.equal(uncertain, KILLS * CLIENTS, 'one write in flight a client at each kill');
		console.log(
			`seed ${SEED}: ${keys.size} keys, ${acknowledged} acknowledged before a kill, ` +
				`${uncertain} in flight at one (${wereThere} of which had committed), ${replays} replays`,
		);
	} finally {
		if (srv.child.signalCode === null) await srv.stop();
		rmSync(dirname(db), { recursive: true, force: true });
	}
});
