/*
 * Demo subscriptions. They come in bundles: one product subscription and
 * zero to two app subscriptions on it (same customer, partner, billing
 * account and site; each app installed on its product, and now and then
 * on a second product of the same site). A bundle has one of five shapes,
 * which between them give every status users can see (SPEC rule 15):
 * upcoming, active on a site, active with no site ("Site setup
 * required"), cancelled and expired.
 *
 * Entitlement numbers and SENs derive from a counter, so they are unique
 * without asking the store. Prices are the catalog's list prices
 * (demo_price) in the billing account's currency, with the partner's tier
 * discount.
 */
#include "demo/demo_int.h"
#include "util/date.h"
#include "util/money.h"

enum bundle_kind {
	BUNDLE_ACTIVE,
	BUNDLE_ACTIVE_NO_SITE,
	BUNDLE_UPCOMING,
	BUNDLE_CANCELLED,
	BUNDLE_EXPIRED,
	BUNDLE__MAX
};

/* How often each shape is drawn, in percent. */
static const uint32_t bundle_share[BUNDLE__MAX] = {
    [BUNDLE_ACTIVE] = 50,    [BUNDLE_ACTIVE_NO_SITE] = 8, [BUNDLE_UPCOMING] = 12,
    [BUNDLE_CANCELLED] = 20, [BUNDLE_EXPIRED] = 10,
};

/* How often each product is the bundle's product, in percent. */
static const uint32_t product_share[] = {
    [ITEM_TRACKER] = 28,     [ITEM_WIKI] = 18,       [ITEM_SERVICE_DESK] = 14,
    [ITEM_CODE_REVIEW] = 10, [ITEM_TRACKER_DC] = 15, [ITEM_WIKI_SERVER] = 15,
};

struct bundle {
	enum bundle_kind kind;
	int product; /* enum demo_item, or -1: drawn */
	int apps[2]; /* with a given product: the apps on it, -1 for none */
	int site;    /* index into the customer's sites, or -1: drawn */
};

/* The bundles every test can rely on for Acme Robotics and Birch Analytics. */
static const struct bundle guaranteed[] = {
    {BUNDLE_ACTIVE, ITEM_TRACKER, {ITEM_GANTT, ITEM_DIAGRAMS}, 0},
    /* Same site: Diagram Studio above is installed on this one too. */
    {BUNDLE_ACTIVE, ITEM_WIKI, {-1, -1}, 0},
    {BUNDLE_UPCOMING, ITEM_SERVICE_DESK, {-1, -1}, 0},
    {BUNDLE_ACTIVE_NO_SITE, ITEM_CODE_REVIEW, {-1, -1}, -1},
    {BUNDLE_CANCELLED, ITEM_TRACKER, {ITEM_TIMESHEETS, -1}, 0},
};

/*
 * A bijection on 60 bits (odd multipliers and xorshifts modulo 2^60), so
 * distinct counters give distinct entitlement numbers that still look
 * random.
 */
static uint64_t scramble60(uint64_t x)
{
	const uint64_t mask = (UINT64_C(1) << 60) - 1;
	x &= mask;
	x = (x * UINT64_C(0x9E3779B97F4A7C15)) & mask;
	x ^= x >> 31;
	x = (x * UINT64_C(0xBF58476D1CE4E5B9)) & mask;
	x ^= x >> 29;
	return x;
}

/* "E-4XJ-9K2-ABC-123": twelve Crockford base32 characters of a scrambled counter. */
static void entitlement_number(const struct demo_ctx *d, int64_t n, char out[18])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint64_t x = scramble60((uint64_t)n ^ d->number_salt);
	int k = 0;

	out[k++] = 'E';
	for (int g = 0; g < 4; g++) {
		out[k++] = '-';
		for (int i = 0; i < 3; i++) {
			out[k++] = alphabet[x & 31];
			x >>= 5;
		}
	}
	out[k] = '\0';
}

/* "SEN-10000001" and up. */
static void sen_number(int64_t n, char out[24])
{
	int64_t v = 10000000 + n;
	char digits[20];
	int len = 0, k = 0;

	do {
		digits[len++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && len < (int)sizeof(digits));
	out[k++] = 'S';
	out[k++] = 'E';
	out[k++] = 'N';
	out[k++] = '-';
	while (len > 0)
		out[k++] = digits[--len];
	out[k] = '\0';
}

static enum bundle_kind draw_kind(struct demo_ctx *d)
{
	uint32_t x = demo_rng_below(&d->rng, 100);
	for (int k = 0; k < BUNDLE__MAX; k++) {
		if (x < bundle_share[k])
			return (enum bundle_kind)k;
		x -= bundle_share[k];
	}
	return BUNDLE_ACTIVE;
}

static int draw_product(struct demo_ctx *d, enum bundle_kind kind)
{
	uint32_t x;
	/* A subscription that waits for its site is a cloud one. */
	if (kind == BUNDLE_ACTIVE_NO_SITE)
		return (int)demo_rng_below(&d->rng, ITEM_CODE_REVIEW + 1);
	x = demo_rng_below(&d->rng, 100);
	for (size_t k = 0; k < sizeof(product_share) / sizeof(product_share[0]); k++) {
		if (x < product_share[k])
			return (int)k;
		x -= product_share[k];
	}
	return ITEM_TRACKER;
}

static enum edition draw_edition(struct demo_ctx *d, int item, int32_t users)
{
	uint32_t x = demo_rng_below(&d->rng, 100);
	enum edition ed = x < 55 ? EDITION_STANDARD : x < 85 ? EDITION_PREMIUM : EDITION_ENTERPRISE;
	while (!demo_item_sells((enum demo_item)item, ed, users))
		ed = (enum edition)(ed - 1);
	return ed;
}

/* The first bill date after `after`, counting whole periods from start. */
static tdate period_end_after(tdate start, int months, tdate after)
{
	int k = 1;
	tdate pe = date_add_months(start, months);
	while (pe <= after)
		pe = date_add_months(start, ++k * months);
	return pe;
}

/* Fills start, period end, state and ended_on of a product subscription. */
static void draw_dates(struct demo_ctx *d, enum bundle_kind kind, struct subscription *s)
{
	int months = billing_period_months(s->period);
	tdate today = d->today;

	s->state = SUB_STATE_LIVE;
	s->cancel_at_period_end = false;
	switch (kind) {
	case BUNDLE_UPCOMING:
		s->start_date = today + demo_rng_range(&d->rng, 3, 40);
		s->period_end = date_add_months(s->start_date, months);
		break;
	case BUNDLE_ACTIVE:
		s->start_date = today - demo_rng_range(&d->rng, 1, months == 1 ? 400 : 1000);
		s->period_end = period_end_after(s->start_date, months, today);
		s->cancel_at_period_end = demo_rng_percent(&d->rng, 6);
		break;
	case BUNDLE_ACTIVE_NO_SITE:
		s->start_date = today - demo_rng_range(&d->rng, 0, 45);
		s->period_end = period_end_after(s->start_date, months, today);
		break;
	case BUNDLE_CANCELLED:
		s->start_date = today - demo_rng_range(&d->rng, 60, 1000);
		s->state = SUB_STATE_CANCELLED;
		s->ended_on = s->start_date + demo_rng_range(&d->rng, 1, today - s->start_date - 1);
		s->period_end = period_end_after(s->start_date, months, s->ended_on);
		break;
	case BUNDLE_EXPIRED:
		/* It ran out on a bill date that passed without a renewal. */
		s->start_date = today - demo_rng_range(&d->rng, 400, 1400);
		s->state = SUB_STATE_EXPIRED;
		s->period_end = date_add_months(s->start_date, months);
		for (int k = 2; date_add_months(s->start_date, k * months) < today; k++)
			s->period_end = date_add_months(s->start_date, k * months);
		s->ended_on = s->period_end;
		break;
	case BUNDLE__MAX: break;
	}
}

/* The contacts the customer would name on an order: SPEC section 1. */
static enum tess_err attach_contacts(struct store_conn *c, struct demo_ctx *d,
                                     const struct demo_customer *cu, int64_t sub_pk)
{
	enum tess_err err;

	err = store_subscription_contact_add(c, sub_pk, cu->customer_contact_pk, CONTACT_CUSTOMER);
	if (err == TESS_OK)
		err = store_subscription_contact_add(c, sub_pk, cu->tech_primary_pk,
		                                     CONTACT_TECHNICAL_PRIMARY);
	for (int k = 0; err == TESS_OK && k < cu->tech_secondaries; k++) {
		if (demo_rng_percent(&d->rng, 60))
			err = store_subscription_contact_add(c, sub_pk, cu->tech_secondary_pk[k],
			                                     CONTACT_TECHNICAL_SECONDARY);
	}
	if (err == TESS_OK)
		err = store_subscription_contact_add(c, sub_pk, cu->billing_contact_pk,
		                                     CONTACT_BILLING);
	return err == TESS_OK ? TESS_OK : demo_failed(d, err, "subscription contact");
}

/* A "created" event for the order that bought it, and one for how it ended. */
static enum tess_err add_events(struct store_conn *c, struct demo_ctx *d,
                                const struct demo_customer *cu, const struct subscription *s)
{
	const struct demo_partner *pa = &d->partners[cu->partner];
	struct purchase_event e = {0};
	struct money discount;
	tdate ordered = s->start_date - demo_rng_range(&d->rng, 1, 14);
	enum tess_err err;

	if (ordered > d->today)
		ordered = d->today - demo_rng_range(&d->rng, 0, 5);
	e.subscription_pk = s->pk;
	e.at = ts_of_date(ordered) + demo_rng_range(&d->rng, 9 * 3600, 17 * 3600);
	if (e.at > d->now)
		e.at = d->now;
	e.kind = "created";
	e.actor_user_pk = pa->user_pk;
	e.quantity = s->quantity;
	e.has_amount = true;
	err = money_percent(s->unit_price, s->discount_bp, &discount);
	if (err == TESS_OK)
		err = money_sub(s->unit_price, discount, &e.amount);
	if (err == TESS_OK)
		err = money_mul(e.amount, s->quantity, &e.amount);
	if (err != TESS_OK)
		return demo_failed(d, err, "purchase amount");
	e.note = s->period == PERIOD_MONTHLY ? "Monthly subscription" : "Annual subscription";
	err = store_purchase_event_add(c, &e);
	if (err != TESS_OK || s->state == SUB_STATE_LIVE)
		return err == TESS_OK ? TESS_OK : demo_failed(d, err, "purchase event");

	e.at = ts_of_date(s->ended_on) + demo_rng_range(&d->rng, 9 * 3600, 17 * 3600);
	e.has_amount = false;
	e.amount = money_make(0, s->unit_price.currency);
	if (s->state == SUB_STATE_CANCELLED) {
		e.kind = "cancelled";
		e.actor_user_pk = cu->login_user_pk != 0 ? cu->login_user_pk : pa->user_pk;
		e.note = "Cancelled at the customer's request";
	} else {
		e.kind = "expired";
		e.actor_user_pk = 0;
		e.note = "Not renewed by the bill date";
	}
	err = store_purchase_event_add(c, &e);
	return err == TESS_OK ? TESS_OK : demo_failed(d, err, "purchase event");
}

/*
 * Inserts s (numbering it) and, when this subscription is one of those
 * that get the full detail, its contacts and purchase events.
 */
static enum tess_err insert_sub(struct store_conn *c, struct demo_ctx *d,
                                const struct demo_customer *cu, struct subscription *s)
{
	char ent[18], sen[24];
	int64_t n = d->subs_made + 1;
	enum tess_err err;

	entitlement_number(d, n, ent);
	sen_number(n, sen);
	s->entitlement_number = ent;
	s->sen = sen;
	err = store_subscription_insert(c, s, d->now);
	if (err != TESS_OK)
		return demo_failed(d, err, "subscription");
	d->subs_made++;
	if (!cu->detailed && n % d->detail_every != 0)
		return TESS_OK;
	err = attach_contacts(c, d, cu, s->pk);
	if (err == TESS_OK)
		err = add_events(c, d, cu, s);
	return err;
}

/* The apps that install on a product, into out; returns how many. */
static int apps_for(int product, int out[ITEM__MAX])
{
	int n = 0;
	for (int i = 0; i < ITEM__MAX; i++) {
		const struct demo_item_def *it = demo_item((enum demo_item)i);
		for (int k = 0; it->kind == PRODUCT_APP && k < DEMO_COMPAT_MAX; k++) {
			if (it->installs_on[k] == product) {
				out[n++] = i;
				break;
			}
		}
	}
	return n;
}

static bool installs_on(int app, int product)
{
	const struct demo_item_def *it = demo_item((enum demo_item)app);
	for (int k = 0; k < DEMO_COMPAT_MAX; k++) {
		if (it->installs_on[k] == product)
			return true;
	}
	return false;
}

/* One app subscription on the product subscription p. */
static enum tess_err add_app(struct store_conn *c, struct demo_ctx *d, struct demo_customer *cu,
                             const struct subscription *p, int app)
{
	struct subscription s = *p;
	enum tess_err err;

	s.kind = PRODUCT_APP;
	s.parent_pk = p->pk;
	s.product_pk = d->item_pk[app];
	s.edition = EDITION_STANDARD;
	s.unit_price = demo_price((enum demo_item)app, EDITION_STANDARD, p->user_tier, p->period,
	                          p->unit_price.currency);
	/* Apps added after the product are co-termed with it. */
	if (p->state == SUB_STATE_LIVE && p->start_date < d->today - 2) {
		int32_t span = d->today - p->start_date - 2;
		s.start_date = p->start_date + demo_rng_range(&d->rng, 0, span < 60 ? span : 60);
		/* An add-on the customer dropped while keeping the product. */
		if (demo_rng_percent(&d->rng, 10)) {
			s.state = SUB_STATE_CANCELLED;
			s.ended_on = demo_rng_range(&d->rng, s.start_date + 1, d->today - 1);
			s.cancel_at_period_end = false;
		}
	}
	err = insert_sub(c, d, cu, &s);
	if (err != TESS_OK)
		return err;
	err = store_subscription_install_add(c, s.pk, p->pk);
	if (err != TESS_OK)
		return demo_failed(d, err, "subscription install");
	if (s.state == SUB_STATE_LIVE && s.site_pk != 0 && s.start_date <= d->today) {
		cu->last_app_sub_pk = s.pk;
		cu->last_app_site_pk = s.site_pk;
		cu->last_app_item = (int8_t)app;
	}
	return TESS_OK;
}

/* The product subscription of a bundle: its tier, edition, period, dates, users, price and site. */
static struct subscription bundle_product_sub(struct demo_ctx *d, struct demo_customer *cu,
                                              const struct bundle *b, int product)
{
	const struct demo_partner *pa = &d->partners[cu->partner];
	struct subscription s = {0};
	int ntiers = demo_item_tier_count((enum demo_item)product);

	s.kind = PRODUCT_PRODUCT;
	s.customer_pk = cu->pk;
	s.partner_pk = pa->pk;
	s.billing_account_pk = pa->account_pk[cu->account];
	s.product_pk = d->item_pk[product];
	/* Smaller tiers are more common than larger ones. */
	s.user_tier =
	    demo_item(product)
	        ->tiers[demo_rng_below(&d->rng, demo_rng_below(&d->rng, (uint32_t)ntiers) + 1)];
	if (demo_item(product)->hosting == HOSTING_CLOUD && demo_rng_percent(&d->rng, 4)) {
		s.edition = EDITION_FREE;
		s.user_tier = demo_item(product)->tiers[0];
	} else {
		s.edition = draw_edition(d, product, s.user_tier);
	}
	/*
	 * SPEC rule 5 keeps partners from buying monthly cloud now; a few
	 * monthly ones remain from before, as in a real book of business.
	 */
	s.period = demo_item_period_ok((enum demo_item)product, PERIOD_MONTHLY) &&
	                   demo_rng_percent(&d->rng, 4)
	               ? PERIOD_MONTHLY
	               : PERIOD_ANNUAL;
	s.quantity = 1;
	draw_dates(d, b->kind, &s);
	s.active_users =
	    b->kind == BUNDLE_UPCOMING
	        ? 0
	        : demo_rng_range(&d->rng, s.user_tier * 3 / 10 > 0 ? s.user_tier * 3 / 10 : 1,
	                         s.user_tier);
	s.unit_price = demo_price((enum demo_item)product, s.edition, s.user_tier, s.period,
	                          pa->account_currency[cu->account]);
	s.discount_bp = pa->discount_bp;
	if (b->kind == BUNDLE_ACTIVE_NO_SITE)
		s.site_pk = 0;
	else if (b->site >= 0 && b->site < cu->sites)
		s.site_pk = cu->site_pk[b->site];
	else
		s.site_pk = cu->site_pk[demo_rng_below(&d->rng, cu->sites)];
	if (b->kind == BUNDLE_UPCOMING && b->product < 0 && demo_rng_percent(&d->rng, 40))
		s.site_pk = 0;
	return s;
}

/* The apps of a generated bundle: none, one or two of those that fit the product, drawn. */
static enum tess_err add_drawn_apps(struct store_conn *c, struct demo_ctx *d,
                                    struct demo_customer *cu, struct subscription *s, int product)
{
	int apps[ITEM__MAX];
	int napps = apps_for(product, apps);
	int want;

	if (napps == 0)
		return TESS_OK;
	want = demo_rng_percent(&d->rng, 50) ? 0 : demo_rng_percent(&d->rng, 70) ? 1 : 2;
	if (want > napps)
		want = napps;
	if (want > d->subs_wanted - d->subs_made)
		want = (int)(d->subs_wanted - d->subs_made);
	for (int k = 0; k < want; k++) {
		int pick = k + (int)demo_rng_below(&d->rng, (uint32_t)(napps - k));
		int app = apps[pick];
		enum tess_err err;
		apps[pick] = apps[k];
		apps[k] = app;
		err = add_app(c, d, cu, s, app);
		if (err != TESS_OK)
			return err;
	}
	return TESS_OK;
}

static enum tess_err add_bundle(struct store_conn *c, struct demo_ctx *d, struct demo_customer *cu,
                                const struct bundle *b)
{
	int product = b->product >= 0 ? b->product : draw_product(d, b->kind);
	struct subscription s = bundle_product_sub(d, cu, b, product);
	enum tess_err err = insert_sub(c, d, cu, &s);

	if (err != TESS_OK)
		return err;
	/* An app already on this site that also fits this product goes on it as well. */
	if (s.state == SUB_STATE_LIVE && s.start_date <= d->today && s.site_pk != 0 &&
	    cu->last_app_sub_pk != 0 && cu->last_app_site_pk == s.site_pk &&
	    installs_on(cu->last_app_item, product)) {
		err = store_subscription_install_add(c, cu->last_app_sub_pk, s.pk);
		if (err != TESS_OK)
			return demo_failed(d, err, "subscription install");
		cu->last_app_sub_pk = 0;
	}
	if (b->product < 0)
		return add_drawn_apps(c, d, cu, &s, product);
	for (int k = 0; k < 2; k++) {
		if (b->apps[k] < 0)
			continue;
		err = add_app(c, d, cu, &s, b->apps[k]);
		if (err != TESS_OK)
			return err;
	}
	return TESS_OK;
}

enum tess_err demo_subs_load(struct store_conn *c, struct demo_ctx *d, int64_t batch)
{
	int64_t stop = d->subs_made + batch;
	enum tess_err err;

	if (stop > d->subs_wanted)
		stop = d->subs_wanted;
	if (d->subs_made == 0) {
		size_t who[2] = {d->acme, d->birch};
		for (size_t w = 0; w < 2; w++) {
			for (size_t k = 0; k < sizeof(guaranteed) / sizeof(guaranteed[0]); k++) {
				err = add_bundle(c, d, &d->customers[who[w]], &guaranteed[k]);
				if (err != TESS_OK)
					return err;
			}
		}
	}
	while (d->subs_made < stop) {
		struct bundle b = {draw_kind(d), -1, {-1, -1}, -1};
		struct demo_customer *cu = &d->customers[d->next_customer];
		d->next_customer = (d->next_customer + 1) % d->customers_made;
		err = add_bundle(c, d, cu, &b);
		if (err != TESS_OK)
			return err;
	}
	return TESS_OK;
}
