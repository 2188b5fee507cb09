/*
 * What the demo loader's files share: the generator's state, its PRNG,
 * the catalog table and the records of the organizations it created.
 * Nothing here is used outside src/demo/.
 */
#ifndef TESSERA_DEMO_DEMO_INT_H
#define TESSERA_DEMO_DEMO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "demo/demo.h"
#include "domain/model.h"
#include "store/store.h"

#define DEMO_PASSWORD "tessera-demo"
#define DEMO_CLOUD_DOMAIN "cloud.helix.example"

/* A small deterministic generator (splitmix64); never rand(). */
struct demo_rng {
	uint64_t state;
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n);
/* Uniform in [lo, hi]; lo <= hi. */
int32_t demo_rng_range(struct demo_rng *r, int32_t lo, int32_t hi);
/* True with a probability of percent / 100. */
bool demo_rng_percent(struct demo_rng *r, uint32_t percent);

/* ---- Catalog (demo_catalog.c) ---- */

enum demo_item {
	ITEM_TRACKER,
	ITEM_WIKI,
	ITEM_SERVICE_DESK,
	ITEM_CODE_REVIEW,
	ITEM_TRACKER_DC,
	ITEM_WIKI_SERVER,
	ITEM_GANTT,
	ITEM_TIMESHEETS,
	ITEM_DIAGRAMS,
	ITEM_TEST_LEDGER,
	ITEM_DIAGRAMS_DC,
	ITEM__MAX
};

#define DEMO_TIERS_MAX 8
#define DEMO_COMPAT_MAX 3

struct demo_item_def {
	const char *code;
	const char *name;
	const char *description;
	enum product_kind kind;
	enum hosting hosting;
	int32_t per_user_minor;           /* USD minor units per user and month, standard */
	const int32_t *tiers;             /* user tiers, ascending, 0-terminated */
	int installs_on[DEMO_COMPAT_MAX]; /* apps: products (enum demo_item), -1 past the end */
};

/* The catalog definition; index by enum demo_item. */
const struct demo_item_def *demo_item(enum demo_item i);
/* Number of user tiers of an item. */
int demo_item_tier_count(enum demo_item i);
/* Whether an item is sold in an edition at a user tier (free: the smallest tier only). */
bool demo_item_sells(enum demo_item i, enum edition ed, int32_t users);
/* Whether an item is sold with a billing period (monthly: cloud only). */
bool demo_item_period_ok(enum demo_item i, enum billing_period period);
/*
 * The list price of a whole user tier, as inserted into the price table;
 * currency one of USD, EUR, GBP, AUD.
 */
struct money demo_price(enum demo_item i, enum edition ed, int32_t users,
                        enum billing_period period, const char *currency);

/* ---- Generator state ---- */

enum demo_partner_id { PARTNER_BLUEBIRD, PARTNER_CEDAR, PARTNER_DUNE, PARTNER_EMBER, PARTNER__MAX };

#define DEMO_ACCOUNTS_MAX 2
#define DEMO_SITES_MAX 2
#define DEMO_TECH2_MAX 2

struct demo_partner {
	int64_t pk;
	int64_t user_pk;
	enum partner_tier tier;
	int32_t discount_bp;
	int64_t account_pk[DEMO_ACCOUNTS_MAX];
	const char *account_currency[DEMO_ACCOUNTS_MAX];
	int accounts;
};

struct demo_customer {
	int64_t pk;
	int64_t login_user_pk; /* 0: no login */
	int64_t site_pk[DEMO_SITES_MAX];
	int64_t customer_contact_pk;
	int64_t tech_primary_pk;
	int64_t tech_secondary_pk[DEMO_TECH2_MAX];
	int64_t billing_contact_pk;
	/* The last live app subscription on a site, for a second install. */
	int64_t last_app_sub_pk;
	int64_t last_app_site_pk;
	int8_t last_app_item;
	uint8_t partner; /* enum demo_partner_id */
	uint8_t account; /* index into the partner's billing accounts */
	uint8_t sites;
	uint8_t tech_secondaries;
	bool detailed; /* one of the hand-written customers */
};

struct demo_ctx {
	struct demo_rng rng;
	const struct demo_options *opt;
	tdate today;
	int64_t now;
	int64_t vendor_pk;
	int64_t vendor_admin_pk;
	struct demo_partner partners[PARTNER__MAX];
	int64_t item_pk[ITEM__MAX];
	struct demo_customer *customers;
	size_t customers_wanted;
	size_t customers_made;
	size_t acme;  /* index of Acme Robotics in customers */
	size_t birch; /* index of Birch Analytics */
	int64_t subs_wanted;
	int64_t subs_made;
	int64_t detail_every; /* purchase events and contacts on every n-th subscription */
	uint64_t number_salt; /* scrambles entitlement numbers */
	size_t next_customer;
	int64_t started_us;
	const char *failed; /* what an insert was making when it failed */
};

/* Records what failed and returns err, for one-line error returns. */
enum tess_err demo_failed(struct demo_ctx *d, enum tess_err err, const char *what);
/* Prints a progress line on stderr unless quiet. */
void demo_progress(const struct demo_ctx *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Inserts products, apps, compatibility, prices and storefront items. */
enum tess_err demo_catalog_load(struct store_conn *c, struct demo_ctx *d);

/*
 * Inserts up to `batch` subscriptions (product subscriptions with their
 * apps, contacts and purchase events); the first call also inserts the
 * guaranteed set for Acme Robotics and Birch Analytics.
 */
enum tess_err demo_subs_load(struct store_conn *c, struct demo_ctx *d, int64_t batch);

#endif
