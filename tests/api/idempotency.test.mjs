// Idempotency-Key on POST: the same key and body replays the stored
// response (Idempotent-Replayed: true) without acting twice; the same key
// with another body is 409 idempotency_key_reused; keys belong to a user.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, walk, newKey, USERS, TODAY } from './harness.mjs';

let srv;
let alex, pat, casey, admin;

before(async () => {
	srv = await startServer();
	[alex, pat, casey, admin] = await Promise.all([USERS.alex, USERS.pat, USERS.casey, USERS.admin].map((u) => srv.as(u)));
});
after(async () => {
	await srv?.stop();
});

async function tokenCount(c) {
	return (await walk(c, '/api/v1/tokens', 200)).items.length;
}

test('the same key and body replays the created token instead of creating another', async () => {
	const key = newKey('tok');
	const before = await tokenCount(alex);
	const first = await alex.post('/api/v1/tokens', { name: 'replayed' }, { idempotencyKey: key });
	assert.equal(first.status, 201, first.text);
	assert.notEqual(first.headers.get('idempotent-replayed'), 'true', 'the first response is not a replay');

	const second = await alex.post('/api/v1/tokens', { name: 'replayed' }, { idempotencyKey: key });
	assert.equal(second.status, 201, second.text);
	assert.equal(second.headers.get('idempotent-replayed'), 'true');
	// The same token, except that its secret is shown once and never stored in clear.
	assert.deepEqual(second.body, { ...first.body, token: null });
	assert.match(first.body.token, /^tsk_[0-9a-f]{64}$/);

	assert.equal(await tokenCount(alex), before + 1, 'exactly one token was created');
	// The token created is the real one.
	const me = await srv.bearer(first.body.token).get('/api/v1/me');
	assert.equal(me.status, 200);
	assert.equal(me.body.credential.id, first.body.id);

	// The replay still carries the security headers.
	assert.equal(second.headers.get('x-content-type-options'), 'nosniff');
	assert.ok(second.headers.get('x-request-id'));
	assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'));
});

test('without a key, two identical POSTs act twice', async () => {
	const before = await tokenCount(alex);
	const a = await alex.post('/api/v1/tokens', { name: 'twice' });
	const b = await alex.post('/api/v1/tokens', { name: 'twice' });
	assert.equal(a.status, 201);
	assert.equal(b.status, 201);
	assert.notEqual(a.body.id, b.body.id);
	assert.equal(await tokenCount(alex), before + 2);
});

test('the same key with a different body is 409 idempotency_key_reused and acts not', async () => {
	const key = newKey('reuse');
	const first = await alex.post('/api/v1/tokens', { name: 'original' }, { idempotencyKey: key });
	assert.equal(first.status, 201);
	const count = await tokenCount(alex);

	const other = await alex.post('/api/v1/tokens', { name: 'different' }, { idempotencyKey: key });
	assertError(other, 409, 'idempotency_key_reused');
	assert.notEqual(other.headers.get('idempotent-replayed'), 'true');
	const other2 = await alex.post('/api/v1/tokens', { name: 'original', expires_in_days: 5 }, { idempotencyKey: key });
	assertError(other2, 409, 'idempotency_key_reused');

	assert.equal(await tokenCount(alex), count, 'no token was created');
	const names = (await walk(alex, '/api/v1/tokens', 200)).items.map((t) => t.name);
	assert.ok(!names.includes('different'));

	// The original is still replayable.
	const again = await alex.post('/api/v1/tokens', { name: 'original' }, { idempotencyKey: key });
	assert.equal(again.status, 201);
	assert.equal(again.headers.get('idempotent-replayed'), 'true');
	assert.equal(again.body.id, first.body.id);
});

test('keys belong to a user: another user with the same key acts on its own', async () => {
	const key = newKey('shared');
	const a = await alex.post('/api/v1/tokens', { name: 'mine' }, { idempotencyKey: key });
	const c = await casey.post('/api/v1/tokens', { name: 'mine' }, { idempotencyKey: key });
	assert.equal(a.status, 201);
	assert.equal(c.status, 201, c.text);
	assert.notEqual(c.headers.get('idempotent-replayed'), 'true');
	assert.notEqual(a.body.id, c.body.id);
	assert.notEqual(a.body.token, c.body.token);
	// Casey's token is casey's.
	const me = await srv.bearer(c.body.token).get('/api/v1/me');
	assert.equal(me.body.user.email, USERS.casey);
});

test('a replayed cancel answers the first 200 instead of 409 already_inactive, and cancels once', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200);
	const target = items.find((s) => s.site !== null);
	assert.ok(target, 'an active Acme product');
	const key = newKey('cancel');
	const body = { effective: 'now', note: 'Retry-safe cancel.' };

	const first = await pat.post(`/api/v1/subscriptions/${target.id}/cancel`, body, { idempotencyKey: key });
	assert.equal(first.status, 200, first.text);
	assert.equal(first.body.state, 'cancelled');
	assert.equal(first.body.ended_on, TODAY);

	const retry = await pat.post(`/api/v1/subscriptions/${target.id}/cancel`, body, { idempotencyKey: key });
	assert.equal(retry.status, 200, retry.text);
	assert.equal(retry.headers.get('idempotent-replayed'), 'true');
	assert.deepEqual(retry.body, first.body);

	// Without the key it is a new request, refused by the state.
	assertError(await pat.post(`/api/v1/subscriptions/${target.id}/cancel`, body), 409, 'already_inactive');

	// Cancelled once: one history event, one audit event.
	const history = (await pat.get(`/api/v1/subscriptions/${target.id}/history`)).body.data;
	assert.equal(history.filter((e) => e.subscription_id === target.id && e.kind === 'cancelled').length, 1);
	const audit = (await admin.get(`/api/v1/audit-events?object_id=${target.id}`)).body.data;
	assert.equal(audit.filter((e) => /cancel/.test(e.action)).length, 1);
});

test('a refused request is replayed too: the same key answers the same error', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions?status=inactive', 200);
	const target = items.find((s) => s.state === 'cancelled');
	const key = newKey('refused');
	const a = await pat.post(`/api/v1/subscriptions/${target.id}/reactivate`, {}, { idempotencyKey: key });
	assertError(a, 403, 'reactivation_not_allowed');
	const b = await pat.post(`/api/v1/subscriptions/${target.id}/reactivate`, {}, { idempotencyKey: key });
	assertError(b, 403, 'reactivation_not_allowed');
	assert.deepEqual(b.body, a.body);
});

test('the same key on another endpoint or another subscription is not a replay of the first', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions?status=active', 200);
	const [s1, s2] = items.filter((s) => !s.cancel_at_period_end);
	assert.ok(s1 && s2, 'two live Acme subscriptions');
	const key = newKey('path');
	const body = { effective: 'term_end' };
	const first = await pat.post(`/api/v1/subscriptions/${s1.id}/cancel`, body, { idempotencyKey: key });
	assert.equal(first.status, 200, first.text);
	assert.equal(first.body.id, s1.id);

	const second = await pat.post(`/api/v1/subscriptions/${s2.id}/cancel`, body, { idempotencyKey: key });
	assertError(second, 409, 'idempotency_key_reused');
	const s2now = await pat.get(`/api/v1/subscriptions/${s2.id}`);
	assert.equal(s2now.body.cancel_at_period_end, s2.cancel_at_period_end, 'the second subscription is untouched');
	assert.equal(s2now.body.state, 'live');

	const tok = await pat.post('/api/v1/tokens', body, { idempotencyKey: key });
	assert.ok(tok.status === 409 || tok.status === 400, `not a replay of the cancel: ${tok.status} ${tok.text}`);
	assert.notEqual(tok.headers.get('idempotent-replayed'), 'true');
});

test('concurrent requests with one key act once', async () => {
	const key = newKey('race');
	const before = await tokenCount(casey);
	const results = await Promise.all(
		Array.from({ length: 8 }, () => casey.post('/api/v1/tokens', { name: 'raced' }, { idempotencyKey: key })),
	);
	const ok = results.filter((r) => r.status === 201);
	assert.ok(ok.length >= 1, `at least one 201: ${results.map((r) => r.status)}`);
	for (const r of results) {
		// A request that meets the key still in flight may be told to retry (409);
		// every 201 is the one token.
		assert.ok(r.status === 201 || r.status === 409, `status ${r.status}: ${r.text}`);
		if (r.status === 201) assert.equal(r.body.id, ok[0].body.id);
		else assertError(r, 409);
	}
	assert.equal(await tokenCount(casey), before + 1, 'one token');
});
