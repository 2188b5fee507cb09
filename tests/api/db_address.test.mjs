// The database address of --db and TESSERA_DB (src/store/address.h): a file
// or sqlite:PATH opens SQLite; any other scheme is refused, naming the ones
// this build knows, before anything is created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function tessera(args, env = {}, cwd = undefined) {
	const r = spawnSync(process.env.TESSERA_BIN, args, {
		encoding: 'utf8',
		cwd,
		env: { ...process.env, TESSERA_LOG_LEVEL: 'warn', ...env },
	});
	assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:/);
	return r;
}

function withDir(fn) {
	const dir = mkdtempSync(join(tmpdir(), 'tessera-addr-'));
	try {
		fn(dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

test('sqlite:PATH and a bare path open the same SQLite file', () => {
	withDir((dir) => {
		const file = join(dir, 't.db');
		const r = tessera(['migrate', '--db', `sqlite:${file}`]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^schema version \d+/);
		assert.ok(existsSync(file));
		const again = tessera(['migrate', '--db', file]);
		assert.equal(again.status, 0, again.stderr);
		assert.equal(again.stdout, r.stdout);
		const key = tessera(['license', 'public-key', '--db', `sqlite:${file}`]);
		assert.equal(key.status, 0, key.stderr);
		assert.match(key.stdout, /^[0-9a-f]{64}\n$/);
	});
});

test('demo --reset removes the file the sqlite: address names', () => {
	withDir((dir) => {
		const file = join(dir, 'demo.db');
		for (let i = 0; i < 2; i++) {
			const r = tessera(['demo', '--db', `sqlite:${file}`, '--reset', '--quiet']);
			assert.equal(r.status, 0, r.stderr);
		}
		assert.ok(existsSync(file));
	});
});

test('TESSERA_DB takes the same addresses', () => {
	withDir((dir) => {
		const file = join(dir, 'env.db');
		const r = tessera(['migrate'], { TESSERA_DB: `sqlite:${file}` });
		assert.equal(r.status, 0, r.stderr);
		assert.ok(existsSync(file));
	});
});

test('another scheme is refused, naming the known ones, and creates nothing', () => {
	withDir((dir) => {
		for (const args of [
			['migrate', '--db', 'postgres://tessera@localhost/tessera'],
			['serve', '--db', 'postgresql://localhost/t', '--listen', '127.0.0.1:0'],
			['demo', '--db', 'mysql:x.db', '--reset'],
			['license', 'public-key', '--db', 'file:x.db'],
		]) {
			const r = tessera(args, {}, dir);
			assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
			const db = args[args.indexOf('--db') + 1];
			const scheme = db.slice(0, db.indexOf(':') + 1);
			assert.ok(r.stderr.includes(`Unknown database scheme '${scheme}'`), r.stderr);
			assert.match(r.stderr, /knows only sqlite:PATH/);
		}
		assert.deepEqual(readdirSync(dir), []);
	});
});

test('an empty path and sqlite:// are refused', () => {
	withDir((dir) => {
		for (const [db, why] of [
			['sqlite:', /needs a file path/],
			['sqlite://x.db', /not sqlite:\/\//],
		]) {
			const r = tessera(['migrate', '--db', db], {}, dir);
			assert.equal(r.status, 1);
			assert.match(r.stderr, why);
		}
		const r = tessera(['migrate', '--db', ''], {}, dir);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /empty/);
		assert.deepEqual(readdirSync(dir), []);
	});
});
