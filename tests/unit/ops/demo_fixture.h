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

#include <sodium.h>

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

/*
 * A fresh store at dir/t.db (dir a new temporary folder, path the
 * database's address), with the demo data set (subscriptions: 0 for its
 * default size). 0, or -1.
 */
static inline int demo_store_open(char *dir, size_t dirlen, char *path, size_t pathlen,
				  int64_t subscriptions, struct store **st)
{
	struct store_config cfg;
	struct demo_options opt = {0, subscriptions, true};
	struct problem p;

	memset(&cfg, 0, sizeof(cfg));
	if (sodium_init() < 0)
		return -1;
	snprintf(dir, dirlen, "/tmp/tessera-ops-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, pathlen, "%s/t.db", dir);
	cfg.address = path;
	cfg.busy_timeout_ms = 5000;
	if (store_open(&cfg, st, &p) != TESS_OK || demo_load(*st, &opt, &p) != TESS_OK)
		return -1;
	return 0;
}

/* Closes st and removes its folder dir. 0, or -1. */
static inline int demo_store_remove(const char *dir, struct store *st)
{
	char cmd[128];
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static inline int demo_setup(void **state)
{
	struct demo_fixture *f = xcalloc(1, sizeof(*f));

	if (demo_store_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), 0, &f->st) != 0)
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
	arena_cleanup(&f->arena);
	store_conn_close(f->rc);
	if (demo_store_remove(f->dir, f->st) != 0)
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
	struct actor who;
	struct problem p;
	assert_int_equal(actor_by_email(c, email, clock_now(), clock_today(), "test", &f->arena,
					&who, &p),
			 TESS_OK);
	demo_read_end(f);
	return who;
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
