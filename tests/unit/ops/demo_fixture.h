/*
 * What the operation tests share: a fresh store in a temporary folder
 * loaded with the demo data set (src/demo/demo.h), the actor a demo login
 * is, and a read transaction on a connection of the test's own. Include
 * it after cmocka.h; its functions are static inline, so that a test may
 * leave some unused.
 */
#ifndef TESSERA_TESTS_OPS_DEMO_FIXTURE_H
#define TESSERA_TESTS_OPS_DEMO_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "ops/actor.h"
#include "ops/ops.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/xmalloc.h"

struct demo_fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct store_conn *rc; /* reads, between demo_read_begin and demo_read_end */
	struct arena arena;
};

static inline int demo_setup(void **state)
{
	struct demo_fixture *f = xcalloc(1, sizeof(*f));
	struct store_config cfg;
	struct demo_options opt = {0, 0, true};
	struct problem p;

	memset(&cfg, 0, sizeof(cfg));
	snprintf(f->dir, sizeof(f->dir), "/tmp/tessera-ops-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	cfg.address = f->path;
	cfg.busy_timeout_ms = 5000;
	if (store_open(&cfg, &f->st, &p) != TESS_OK || demo_load(f->st, &opt, &p) != TESS_OK)
		return -1;
	f->rc = store_conn_open(f->st);
	if (f->rc == NULL)
		return -1;
	arena_init(&f->arena, 4096);
	*state = f;
	return 0;
}

static inline int demo_teardown(void **state)
{
	struct demo_fixture *f = *state;
	char cmd[128];
	arena_cleanup(&f->arena);
	store_conn_close(f->rc);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* A read snapshot on f->rc: each begin has its end. */
static inline struct store_conn *demo_read_begin(struct demo_fixture *f)
{
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	return f->rc;
}

static inline void demo_read_end(struct demo_fixture *f)
{
	store_read_end(f->rc);
}

/* The actor the demo login email is, in its first organization, now. */
static inline struct actor demo_actor(struct demo_fixture *f, const char *email)
{
	struct store_conn *c = demo_read_begin(f);
	struct user u;
	struct membership *m = NULL;
	struct principal who;
	size_t n = 0;

	assert_int_equal(store_user_by_email(c, email, &f->arena, &u), TESS_OK);
	assert_int_equal(store_user_memberships(c, u.pk, &f->arena, &m, &n), TESS_OK);
	demo_read_end(f);
	assert_true(n > 0);
	memset(&who, 0, sizeof(who));
	who.user_pk = u.pk;
	who.email = u.email;
	who.name = u.name;
	who.org_pk = m[0].org_pk;
	who.org_kind = m[0].org_kind;
	who.org_name = m[0].org_name;
	who.role = m[0].role;
	return actor_of(&who, clock_now(), clock_today(), "test");
}

/* Every subscription who may see, in pk order, into *out (in f's arena). */
static inline size_t demo_subscriptions(struct demo_fixture *f, const struct actor *who,
				 struct subscription **out)
{
	struct store_conn *c = demo_read_begin(f);
	struct subscription *all = NULL;
	size_t n = 0, cap = 0;
	struct sub_filter sf;
	bool more = true;

	memset(&sf, 0, sizeof(sf));
	sf.today = who->today;
	sf.limit = 200;
	while (more) {
		struct subscription *rows = NULL;
		size_t k = 0;
		assert_int_equal(store_subscription_list(c, who->tenancy, &sf, &f->arena, &rows,
							 &k, &more),
				 TESS_OK);
		for (size_t i = 0; i < k; i++)
			*ARENA_PUSH(&f->arena, all, n, cap) = rows[i];
		if (k > 0)
			sf.after_pk = rows[k - 1].pk;
	}
	demo_read_end(f);
	*out = all;
	return n;
}

/* Subscription id as who sees it now. */
static inline struct subscription demo_subscription(struct demo_fixture *f, const struct actor *who,
					     const char *id)
{
	struct store_conn *c = demo_read_begin(f);
	struct subscription s;
	assert_int_equal(store_subscription_get(c, who->tenancy, id, &f->arena, &s), TESS_OK);
	demo_read_end(f);
	return s;
}

/* The kind of the newest purchase-history event of subscription pk ("" when it has none). */
static inline const char *demo_last_event(struct demo_fixture *f, int64_t pk, const char **note)
{
	struct store_conn *c = demo_read_begin(f);
	struct purchase_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_purchase_events(c, pk, false, &f->arena, &ev, &n), TESS_OK);
	demo_read_end(f);
	if (note != NULL)
		*note = n > 0 ? ev[n - 1].note : "";
	return n > 0 ? ev[n - 1].kind : "";
}

/* How many orders the vendor sees: every order. */
static inline size_t demo_order_count(struct demo_fixture *f)
{
	struct store_conn *c = demo_read_begin(f);
	struct tenancy vendor = {0, 0};
	struct order_filter of;
	size_t total = 0;
	bool more = true;

	memset(&of, 0, sizeof(of));
	of.limit = 200;
	while (more) {
		struct order *rows = NULL;
		size_t k = 0;
		assert_int_equal(store_order_list(c, vendor, &of, &f->arena, &rows, &k, &more),
				 TESS_OK);
		total += k;
		if (k > 0)
			of.after_pk = rows[k - 1].pk;
	}
	demo_read_end(f);
	return total;
}

#endif
