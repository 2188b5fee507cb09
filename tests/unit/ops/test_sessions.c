/*
 * Signing in and API tokens as operations, on a fresh store with the demo
 * data and without any server: a login whose password matched makes a
 * session that authenticates, a wrong password is counted and after
 * AUTH_PAIR_FREE of them the pair is throttled, and a token is made,
 * authenticates as its maker, and is revoked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_fixture.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "ops/sessions.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/xmalloc.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct store_conn *rc; /* for reading back */
	struct arena arena;
	struct actor nobody;  /* a login's actor: the clock, no user */
	struct actor partner; /* Bluebird's partner user, signed in */
	struct membership member;
};

static void pick_partner(struct fixture *f)
{
	struct user u;
	struct membership *ms = NULL;
	size_t n = 0;

	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_user_by_email(f->rc, "alex@bluebird.example", &f->arena, &u),
	                 TESS_OK);
	assert_int_equal(store_user_memberships(f->rc, u.pk, &f->arena, &ms, &n), TESS_OK);
	store_read_end(f->rc);
	assert_true(n > 0);
	f->member = ms[0];
	memset(&f->nobody, 0, sizeof(f->nobody));
	f->nobody.email = f->nobody.name = f->nobody.trace = "";
	f->nobody.now = clock_now();
	f->nobody.today = clock_today();
	f->partner = f->nobody;
	f->partner.user_pk = u.pk;
	f->partner.email = u.email;
	f->partner.name = u.name;
	f->partner.org_pk = ms[0].org_pk;
	f->partner.role = ms[0].role;
	f->partner.tenancy.partner_pk = ms[0].org_pk;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (demo_store_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), 0, &f->st) != 0)
		return -1;
	f->rc = store_conn_open(f->st);
	arena_init(&f->arena, 4096);
	pick_partner(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_cleanup(&f->arena);
	store_conn_close(f->rc);
	if (demo_store_remove(f->dir, f->st) != 0)
		return -1;
	free(f);
	return 0;
}

/* Who a secret authenticates as at now: TESS_ERR_NOT_FOUND when nobody. */
static enum tess_err principal_of(struct fixture *f, const char *secret, int64_t now,
                                  struct principal *who)
{
	unsigned char hash[32];
	enum tess_err err;
	secret_hash(secret, strlen(secret), hash);
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	err = store_principal_by_secret(f->rc, hash, now, &f->arena, who);
	store_read_end(f->rc);
	return err;
}

struct login_call {
	const struct actor *who;
	struct login_in in;
	struct login_out out;
};

static enum tess_err login(struct store_conn *c, void *ctx, struct arena *a, struct problem *p)
{
	struct login_call *x = ctx;
	return ops_login(c, x->who, &x->in, a, &x->out, p);
}

static void login_in_of(struct fixture *f, bool password_ok, struct login_in *in)
{
	memset(in, 0, sizeof(*in));
	in->password_ok = password_ok;
	in->user_pk = password_ok ? f->partner.user_pk : 0;
	memset(in->pair_key, 'p', sizeof(in->pair_key));
	memset(in->addr_key, 'a', sizeof(in->addr_key));
}

static int64_t pair_failures(struct fixture *f, const unsigned char key[32])
{
	struct login_failure lf;
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_login_failure_get(f->rc, key, &lf), TESS_OK);
	store_read_end(f->rc);
	return lf.failures;
}

static void test_login_makes_session(void **state)
{
	struct fixture *f = *state;
	struct login_call x = {&f->nobody, {0}, {0}};
	struct principal who;
	struct problem p;

	login_in_of(f, true, &x.in);
	assert_int_equal(ops_run(f->st, login, &x, &f->arena, &p), TESS_OK);
	assert_true(x.out.signed_in);
	assert_int_equal(strlen(x.out.secret), 2 * OPS_SECRET_BYTES);
	assert_int_equal(strlen(x.out.csrf), 2 * OPS_SECRET_BYTES);
	assert_int_equal(x.out.expires_at, f->nobody.now + AUTH_SESSION_SECONDS);
	assert_string_equal(x.out.membership.org_id, f->member.org_id);
	/* The session's secret authenticates the user in the organization, with its CSRF hash. */
	assert_int_equal(principal_of(f, x.out.secret, f->nobody.now, &who), TESS_OK);
	assert_int_equal(who.user_pk, f->partner.user_pk);
	assert_int_equal(who.org_pk, f->member.org_pk);
	assert_int_equal(who.role, ROLE_PARTNER_USER);
	assert_int_equal(who.credential_kind, CRED_SESSION);
	assert_string_equal(who.credential_id, x.out.credential_id);
	assert_true(who.has_csrf);
	/* It ends with its lifetime. */
	assert_int_equal(principal_of(f, x.out.secret, x.out.expires_at + 1, &who),
	                 TESS_ERR_NOT_FOUND);
}

static void test_login_wrong_password_refused(void **state)
{
	struct fixture *f = *state;
	struct login_call x = {&f->nobody, {0}, {0}};
	struct problem p;

	login_in_of(f, false, &x.in);
	assert_int_equal(ops_run(f->st, login, &x, &f->arena, &p), TESS_OK);
	/* Refused, and counted against the pair and the address. */
	assert_false(x.out.signed_in);
	assert_int_equal(x.out.credential_id[0], '\0');
	assert_int_equal(x.out.hold_ms, 0);
	assert_int_equal(pair_failures(f, x.in.pair_key), 1);
	assert_int_equal(pair_failures(f, x.in.addr_key), 1);
}

static void test_login_throttled_after_failures(void **state)
{
	struct fixture *f = *state;
	struct login_call x = {&f->nobody, {0}, {0}};
	struct problem p;

	login_in_of(f, false, &x.in);
	for (int i = 0; i < AUTH_PAIR_FREE; i++)
		assert_int_equal(ops_run(f->st, login, &x, &f->arena, &p), TESS_OK);
	/* The pair must now wait, even with the right password, and nothing is written. */
	login_in_of(f, true, &x.in);
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, login, &x, &f->arena, &p), TESS_ERR_THROTTLED);
	assert_string_equal(p.code, "too_many_attempts");
	assert_int_equal(x.out.wait, AUTH_PAIR_DELAY_BASE);
	assert_int_equal(pair_failures(f, x.in.pair_key), AUTH_PAIR_FREE);
	/* Once the wait is over, the right password signs in and clears the pair. */
	f->nobody.now += AUTH_PAIR_DELAY_BASE;
	assert_int_equal(ops_run(f->st, login, &x, &f->arena, &p), TESS_OK);
	assert_true(x.out.signed_in);
	assert_int_equal(pair_failures(f, x.in.pair_key), 0);
}

static void test_login_other_org_refused(void **state)
{
	struct fixture *f = *state;
	struct login_call x = {&f->nobody, {0}, {0}};
	struct problem p;

	login_in_of(f, true, &x.in);
	x.in.org_id = "org_notamemberofthisone";
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, login, &x, &f->arena, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "not_a_member");
	assert_string_equal(p.field, "org");
}

struct token_call {
	const struct actor *who;
	struct token_create_in in;
	struct token_create_out out;
};

static enum tess_err token_create(struct store_conn *c, void *ctx, struct arena *a,
                                  struct problem *p)
{
	struct token_call *x = ctx;
	return ops_token_create(c, x->who, &x->in, a, &x->out, p);
}

struct revoke_call {
	const struct actor *who;
	struct credential_revoke_in in;
	struct op_ref out;
};

static enum tess_err revoke_op(struct store_conn *c, void *ctx, struct arena *a, struct problem *p)
{
	struct revoke_call *x = ctx;
	return ops_credential_revoke(c, x->who, &x->in, a, &x->out, p);
}

static void test_token_create_and_revoke(void **state)
{
	struct fixture *f = *state;
	struct token_call t;
	struct revoke_call rv;
	struct actor other = f->partner;
	struct principal who;
	struct credential_info *ts = NULL;
	size_t n = 0;
	struct problem p;

	memset(&t, 0, sizeof(t));
	t.who = &f->partner;
	t.in.name = "ci";
	t.in.expires_in_days = 30;
	assert_int_equal(ops_run(f->st, token_create, &t, &f->arena, &p), TESS_OK);
	assert_memory_equal(t.out.token, OPS_TOKEN_PREFIX, strlen(OPS_TOKEN_PREFIX));
	assert_int_equal(t.out.expires_at, f->partner.now + 30 * 86400);
	assert_int_equal(t.out.role, ROLE_PARTNER_USER);
	/* The token acts as its maker. */
	assert_int_equal(principal_of(f, t.out.token, f->partner.now, &who), TESS_OK);
	assert_int_equal(who.user_pk, f->partner.user_pk);
	assert_int_equal(who.org_pk, f->partner.org_pk);
	assert_int_equal(who.credential_kind, CRED_TOKEN);
	assert_string_equal(who.credential_id, t.out.id);
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(
	    store_tokens_list(f->rc, f->partner.user_pk, f->partner.now, &f->arena, &ts, &n),
	    TESS_OK);
	store_read_end(f->rc);
	assert_int_equal(n, 1);
	assert_string_equal(ts[0].name, "ci");

	/* Another user may not revoke it. */
	other.user_pk = f->partner.user_pk + 1;
	memset(&rv, 0, sizeof(rv));
	rv.who = &other;
	rv.in.credential_id = t.out.id;
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, revoke_op, &rv, &f->arena, &p), TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
	assert_int_equal(principal_of(f, t.out.token, f->partner.now, &who), TESS_OK);

	rv.who = &f->partner;
	assert_int_equal(ops_run(f->st, revoke_op, &rv, &f->arena, &p), TESS_OK);
	assert_string_equal(rv.out.id, t.out.id);
	assert_int_equal(principal_of(f, t.out.token, f->partner.now, &who), TESS_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_login_makes_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_wrong_password_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_throttled_after_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_login_other_org_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_create_and_revoke, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
