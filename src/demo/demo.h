/*
 * The demo data set: a made-up vendor ("Helix Software"), its partners,
 * their customers, a small catalog and subscriptions in every status,
 * with one login per role (all with the password "tessera-demo").
 *
 * The data are deterministic: the same seed and the same clock give the
 * same rows (only the random public ids differ). Every date is relative
 * to clock_today(), so the set looks the same whenever it is loaded.
 */
#ifndef TESSERA_DEMO_DEMO_H
#define TESSERA_DEMO_DEMO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"
#include "util/err.h"

struct demo_options {
	uint64_t seed;         /* 0: a fixed default */
	int64_t subscriptions; /* 0: about 200 */
	bool quiet;            /* no progress lines on stderr */
};

/*
 * Loads the demo data set into an empty store (dates relative to
 * clock_today()). TESS_ERR_CONFLICT "store_not_empty" if the store already
 * has organizations; TESS_ERR_INVALID for a negative subscription count;
 * TESS_ERR_INTERNAL (with p saying what failed) if an insert fails, in
 * which case the batches committed before it stay in the store.
 * Needs sodium_init() to have run.
 */
enum tess_err demo_load(struct store *st, const struct demo_options *o, struct problem *p);

/* Prints one line per demo login: role, email, password. */
void demo_print_logins(FILE *out);

#endif
