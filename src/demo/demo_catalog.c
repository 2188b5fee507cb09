/*
 * The demo catalog: six products over the three hostings, five apps that
 * install on them, a price for every edition, user tier, billing period
 * and currency, and the partners' storefronts.
 *
 * Prices come from one formula rather than a hand-typed table, so that
 * the subscriptions the generator makes carry exactly the list price the
 * price table holds: per-user price x users x edition factor x volume
 * factor, converted at a fixed rate and rounded to whole currency units.
 * Annual is ten months of the monthly price (two months free).
 */
#include <string.h>

#include "demo/demo_int.h"

static const int32_t cloud_tiers[] = {10, 25, 50, 100, 250, 500, 1000, 0};
static const int32_t dc_tiers[] = {500, 1000, 2000, 5000, 10000, 0};
static const int32_t server_tiers[] = {10, 25, 50, 100, 250, 500, 0};

static const struct demo_item_def items[ITEM__MAX] = {
    [ITEM_TRACKER] = {"HLX-TRK-C",
                      "Helix Tracker",
                      "Issue and project tracking for teams.",
                      PRODUCT_PRODUCT,
                      HOSTING_CLOUD,
                      800,
                      cloud_tiers,
                      {-1, -1, -1}},
    [ITEM_WIKI] = {"HLX-WIKI-C",
                   "Helix Wiki",
                   "Pages, spaces and team knowledge.",
                   PRODUCT_PRODUCT,
                   HOSTING_CLOUD,
                   600,
                   cloud_tiers,
                   {-1, -1, -1}},
    [ITEM_SERVICE_DESK] = {"HLX-SD-C",
                           "Helix Service Desk",
                           "Requests, queues and service levels for support teams.",
                           PRODUCT_PRODUCT,
                           HOSTING_CLOUD,
                           2000,
                           cloud_tiers,
                           {-1, -1, -1}},
    [ITEM_CODE_REVIEW] = {"HLX-CR-C",
                          "Helix Code Review",
                          "Reviews and checks for code changes.",
                          PRODUCT_PRODUCT,
                          HOSTING_CLOUD,
                          400,
                          cloud_tiers,
                          {-1, -1, -1}},
    [ITEM_TRACKER_DC] = {"HLX-TRK-DC",
                         "Helix Tracker Data Center",
                         "Self-managed Helix Tracker for clustered deployments.",
                         PRODUCT_PRODUCT,
                         HOSTING_DATACENTER,
                         700,
                         dc_tiers,
                         {-1, -1, -1}},
    [ITEM_WIKI_SERVER] = {"HLX-WIKI-S",
                          "Helix Wiki Server",
                          "Self-managed Helix Wiki on a single server.",
                          PRODUCT_PRODUCT,
                          HOSTING_SERVER,
                          500,
                          server_tiers,
                          {-1, -1, -1}},
    [ITEM_GANTT] = {"APP-GANTT-C",
                    "Gantt Planner",
                    "Timelines and dependencies for tracker issues.",
                    PRODUCT_APP,
                    HOSTING_CLOUD,
                    150,
                    cloud_tiers,
                    {ITEM_TRACKER, ITEM_SERVICE_DESK, -1}},
    [ITEM_TIMESHEETS] = {"APP-TIME-C",
                         "Timesheet Pro",
                         "Log and report time on issues.",
                         PRODUCT_APP,
                         HOSTING_CLOUD,
                         200,
                         cloud_tiers,
                         {ITEM_TRACKER, -1, -1}},
    [ITEM_DIAGRAMS] = {"APP-DIAG-C",
                       "Diagram Studio",
                       "Diagrams inside pages and issues.",
                       PRODUCT_APP,
                       HOSTING_CLOUD,
                       100,
                       cloud_tiers,
                       {ITEM_WIKI, ITEM_TRACKER, -1}},
    [ITEM_TEST_LEDGER] = {"APP-TEST-C",
                          "Test Ledger",
                          "Test cases and runs linked to issues.",
                          PRODUCT_APP,
                          HOSTING_CLOUD,
                          250,
                          cloud_tiers,
                          {ITEM_TRACKER, ITEM_CODE_REVIEW, -1}},
    [ITEM_DIAGRAMS_DC] = {"APP-DIAG-DC",
                          "Diagram Studio Data Center",
                          "Diagram Studio for self-managed Helix Tracker.",
                          PRODUCT_APP,
                          HOSTING_DATACENTER,
                          40,
                          dc_tiers,
                          {ITEM_TRACKER_DC, -1, -1}},
};

static const char *const currencies[] = {"USD", "EUR", "GBP", "AUD"};
/* Fixed demo conversion rates from USD, in percent. */
static const int64_t currency_rate_pct[] = {100, 92, 79, 152};

struct storefront_def {
	enum demo_partner_id partner;
	enum demo_item item;
	int32_t markup_bp;
	bool published;
};

/*
 * SPEC section 2: corporate and partner-tier resellers may run a
 * storefront; the unaffiliated Dune Resellers has none. Code Review is
 * listed but unpublished on Bluebird's, so its price shows as "-".
 */
static const struct storefront_def storefront[] = {
    {PARTNER_BLUEBIRD, ITEM_TRACKER, 1500, true},
    {PARTNER_BLUEBIRD, ITEM_SERVICE_DESK, 1200, true},
    {PARTNER_BLUEBIRD, ITEM_GANTT, 2000, true},
    {PARTNER_BLUEBIRD, ITEM_DIAGRAMS, 2000, true},
    {PARTNER_BLUEBIRD, ITEM_CODE_REVIEW, 1000, false},
    {PARTNER_CEDAR, ITEM_WIKI, 1000, true},
    {PARTNER_CEDAR, ITEM_TRACKER, 800, true},
    {PARTNER_CEDAR, ITEM_DIAGRAMS, 1500, true},
    {PARTNER_CEDAR, ITEM_TRACKER_DC, 500, true},
    {PARTNER_EMBER, ITEM_TRACKER, 1000, true},
    {PARTNER_EMBER, ITEM_TIMESHEETS, 1500, true},
};

const struct demo_item_def *demo_item(enum demo_item i)
{
	return &items[i];
}

int demo_item_tier_count(enum demo_item i)
{
	int n = 0;
	while (items[i].tiers[n] != 0)
		n++;
	return n;
}

bool demo_item_sells(enum demo_item i, enum edition ed, int32_t users)
{
	const struct demo_item_def *it = &items[i];
	switch (ed) {
	case EDITION_FREE:
		return it->kind == PRODUCT_PRODUCT && it->hosting == HOSTING_CLOUD &&
		       users == it->tiers[0];
	case EDITION_STANDARD: return true;
	case EDITION_PREMIUM: return it->kind == PRODUCT_PRODUCT;
	case EDITION_ENTERPRISE:
		return it->kind == PRODUCT_PRODUCT && it->hosting != HOSTING_SERVER && users >= 100;
	case EDITION__MAX: break;
	}
	return false;
}

bool demo_item_period_ok(enum demo_item i, enum billing_period period)
{
	return period == PERIOD_ANNUAL || items[i].hosting == HOSTING_CLOUD;
}

/* Larger tiers pay less per user. */
static int64_t volume_pct(int32_t users)
{
	static const struct {
		int32_t up_to;
		int64_t pct;
	} steps[] = {{10, 100}, {25, 95},   {50, 90},   {100, 85}, {250, 75},
	             {500, 65}, {1000, 55}, {2000, 48}, {5000, 42}};
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		if (users <= steps[k].up_to)
			return steps[k].pct;
	}
	return 38;
}

static int64_t edition_pct(enum edition ed)
{
	switch (ed) {
	case EDITION_FREE: return 0;
	case EDITION_STANDARD: return 100;
	case EDITION_PREMIUM: return 190;
	case EDITION_ENTERPRISE: return 320;
	case EDITION__MAX: break;
	}
	return 0;
}

struct money demo_price(enum demo_item i, enum edition ed, int32_t users,
                        enum billing_period period, const char *currency)
{
	int64_t rate = 100, minor;
	for (size_t k = 0; k < sizeof(currencies) / sizeof(currencies[0]); k++) {
		if (strcmp(currencies[k], currency) == 0)
			rate = currency_rate_pct[k];
	}
	/* Monthly USD minor units, then the period, then the currency. */
	minor = (int64_t)items[i].per_user_minor * users * edition_pct(ed) / 100 *
	        volume_pct(users) / 100;
	if (period == PERIOD_ANNUAL)
		minor *= 10;
	minor = minor * rate / 100;
	/* Whole currency units; a paid tier never rounds down to nothing. */
	minor = (minor + 50) / 100 * 100;
	if (minor == 0 && ed != EDITION_FREE)
		minor = 100;
	return money_make(minor, currency);
}

static enum tess_err load_prices(struct store_conn *c, struct demo_ctx *d, enum demo_item i)
{
	const struct demo_item_def *it = &items[i];
	enum tess_err err;

	for (int ed = 0; ed < EDITION__MAX; ed++) {
		for (int t = 0; it->tiers[t] != 0; t++) {
			if (!demo_item_sells(i, (enum edition)ed, it->tiers[t]))
				continue;
			for (int per = 0; per < PERIOD__MAX; per++) {
				if (!demo_item_period_ok(i, (enum billing_period)per))
					continue;
				for (size_t k = 0; k < sizeof(currencies) / sizeof(currencies[0]);
				     k++) {
					struct money m =
					    demo_price(i, (enum edition)ed, it->tiers[t],
					               (enum billing_period)per, currencies[k]);
					err = store_price_insert(c, d->item_pk[i], (enum edition)ed,
					                         it->tiers[t],
					                         (enum billing_period)per, m);
					if (err != TESS_OK)
						return demo_failed(d, err, "price");
				}
			}
		}
	}
	return TESS_OK;
}

/*
 * One datacenter product priced by hand rather than by the formula, so
 * that a quote can land on either side of the net-30 threshold (SPEC rule
 * 1): three 250-user licenses come to 9,999.99 USD, two 500-user licenses
 * to 10,000.00 USD. Subscriptions are not generated for it.
 */
static const struct {
	int32_t users;
	int64_t usd_minor;
} vault_prices[] = {{250, 333333}, {500, 500000}};

static enum tess_err load_vault(struct store_conn *c, struct demo_ctx *d)
{
	int64_t pk = 0;
	enum tess_err err = store_product_insert(
		c, PRODUCT_PRODUCT, "HLX-VLT-DC", "Helix Vault Data Center", HOSTING_DATACENTER,
		"Self-managed archive and legal hold for Helix data.", d->now, &pk);
	for (size_t i = 0; err == TESS_OK && i < sizeof(vault_prices) / sizeof(vault_prices[0]); i++)
		err = store_price_insert(c, pk, EDITION_STANDARD, vault_prices[i].users, PERIOD_ANNUAL,
					 money_make(vault_prices[i].usd_minor, "USD"));
	return err == TESS_OK ? TESS_OK : demo_failed(d, err, "Helix Vault prices");
}

enum tess_err demo_catalog_load(struct store_conn *c, struct demo_ctx *d)
{
	enum tess_err err;

	for (int i = 0; i < ITEM__MAX; i++) {
		err = store_product_insert(c, items[i].kind, items[i].code, items[i].name,
		                           items[i].hosting, items[i].description, d->now,
		                           &d->item_pk[i]);
		if (err != TESS_OK)
			return demo_failed(d, err, "product");
		err = load_prices(c, d, (enum demo_item)i);
		if (err != TESS_OK)
			return err;
	}
	for (int i = 0; i < ITEM__MAX; i++) {
		for (int k = 0; k < DEMO_COMPAT_MAX && items[i].installs_on[k] >= 0; k++) {
			err = store_app_compat_insert(c, d->item_pk[i],
			                              d->item_pk[items[i].installs_on[k]]);
			if (err != TESS_OK)
				return demo_failed(d, err, "app compatibility");
		}
	}
	for (size_t k = 0; k < sizeof(storefront) / sizeof(storefront[0]); k++) {
		const struct storefront_def *s = &storefront[k];
		err = store_storefront_item_insert(c, d->partners[s->partner].pk,
		                                   d->item_pk[s->item], s->markup_bp, s->published);
		if (err != TESS_OK)
			return demo_failed(d, err, "storefront item");
	}
	return load_vault(c, d);
}
