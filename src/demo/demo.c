/*
 * The demo loader: organizations, logins, billing accounts, the catalog
 * (demo_catalog.c), customers with sites and contacts, and subscriptions
 * (demo_subs.c), written through the store's plain insert functions.
 *
 * It commits in batches (store_run_direct, one transaction per call) so
 * that a million subscriptions load in seconds and never sit in one huge
 * transaction. Customers scale with the subscriptions (one per ten), the
 * hand-written ones first. Above DEMO_DETAIL_ALL subscriptions only every
 * n-th generated subscription gets contacts and purchase events (those of
 * the hand-written customers always do): the rows the lists read are all
 * there, and the load stays well under a minute.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "demo/demo_int.h"
#include "util/clock.h"
#include "util/date.h"
#include "util/xmalloc.h"

#define DEMO_DEFAULT_SEED UINT64_C(0x7e55e7a2024d3e11)
#define DEMO_DEFAULT_SUBS 200
#define DEMO_MAX_SUBS 10000000
#define DEMO_SUBS_PER_COMMIT 50000
#define DEMO_CUSTOMERS_PER_COMMIT 20000
#define DEMO_DETAIL_ALL 100000
#define DEMO_DETAIL_EVERY 10

/* ---- PRNG ---- */

void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

uint32_t demo_rng_below(struct demo_rng *r, uint32_t n)
{
	/* Multiply-shift: no modulo, and a bias far below what a demo can see. */
	return (uint32_t)(((demo_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int32_t demo_rng_range(struct demo_rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)demo_rng_below(r, (uint32_t)(hi - lo) + 1);
}

bool demo_rng_percent(struct demo_rng *r, uint32_t percent)
{
	return demo_rng_below(r, 100) < percent;
}

enum tess_err demo_failed(struct demo_ctx *d, enum tess_err err, const char *what)
{
	d->failed = what;
	return err;
}

void demo_progress(const struct demo_ctx *d, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	if (d->opt->quiet)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	(void)fprintf(stderr, "demo: %s (%.1f s)\n", line,
	              (double)(clock_mono_us() - d->started_us) / 1e6);
}

/* ---- The fixed cast ---- */

struct place {
	const char *country;
	const char *state;
	const char *city;
	const char *postal_code;
	const char *phone_prefix;
};

static const struct place places[] = {
    {"US", "CA", "San Jose", "95113", "+1 408 555"},
    {"US", "TX", "Austin", "78701", "+1 512 555"},
    {"US", "NY", "New York", "10001", "+1 212 555"},
    {"US", "WA", "Seattle", "98101", "+1 206 555"},
    {"US", "MA", "Boston", "02110", "+1 617 555"},
    {"US", "CO", "Denver", "80202", "+1 303 555"},
    {"US", "FL", "Miami", "33131", "+1 305 555"},
    {"US", "IL", "Chicago", "60601", "+1 312 555"},
    {"US", "AZ", "Phoenix", "85004", "+1 602 555"},
    {"US", "OR", "Portland", "97204", "+1 503 555"},
    {"US", "NV", "Reno", "89501", "+1 775 555"},
    {"AU", "NSW", "Sydney", "2000", "+61 2 5550"},
    {"AU", "VIC", "Melbourne", "3000", "+61 3 5550"},
    {"GB", "", "London", "EC1A 1BB", "+44 20 7946"},
    {"GB", "", "Manchester", "M1 1AE", "+44 161 496"},
    {"DE", "BY", "Munich", "80331", "+49 89 5550"},
    {"DE", "BE", "Berlin", "10115", "+49 30 5550"},
    {"CA", "ON", "Toronto", "M5H 2N2", "+1 416 555"},
    {"CA", "BC", "Vancouver", "V6B 1A1", "+1 604 555"},
};
#define PLACES (sizeof(places) / sizeof(places[0]))
enum {
	AT_SAN_JOSE,
	AT_AUSTIN,
	AT_NEW_YORK,
	AT_SEATTLE,
	AT_BOSTON,
	AT_DENVER,
	AT_MIAMI,
	AT_CHICAGO,
	AT_PHOENIX,
	AT_PORTLAND,
	AT_RENO,
	AT_SYDNEY,
	AT_MELBOURNE,
	AT_LONDON,
	AT_MANCHESTER,
	AT_MUNICH,
	AT_BERLIN,
	AT_TORONTO,
	AT_VANCOUVER
};

struct partner_def {
	const char *name;
	enum partner_tier tier;
	int32_t discount_bp;
	int place;
	const char *user_name;
	const char *user_email;
	const char *accounts[DEMO_ACCOUNTS_MAX][2]; /* name, currency */
};

static const struct partner_def partner_defs[PARTNER__MAX] = {
    [PARTNER_BLUEBIRD] = {"Bluebird Solutions",
                          TIER_PARTNER,
                          2000,
                          AT_SAN_JOSE,
                          "Alex Carter",
                          "alex@bluebird.example",
                          {{"Bluebird Solutions US", "USD"},
                           {"Bluebird Solutions Australia", "AUD"}}},
    [PARTNER_CEDAR] = {"Cedar Consulting",
                       TIER_CORPORATE,
                       1000,
                       AT_NEW_YORK,
                       "Casey Lund",
                       "casey@cedar.example",
                       {{"Cedar Consulting", "USD"}, {"Cedar Consulting Projects", "USD"}}},
    [PARTNER_DUNE] = {"Dune Resellers",
                      TIER_UNAFFILIATED,
                      0,
                      AT_PHOENIX,
                      "Dana Pryce",
                      "dana@dune.example",
                      {{"Dune Resellers", "USD"}, {NULL, NULL}}},
    [PARTNER_EMBER] = {"Ember IT",
                       TIER_PARTNER,
                       2000,
                       AT_PORTLAND,
                       "Erin Walsh",
                       "erin@ember.example",
                       {{"Ember IT", "USD"}, {NULL, NULL}}},
};

struct customer_def {
	const char *name;
	const char *slug; /* site names */
	const char *domain;
	enum demo_partner_id partner;
	int place;
	enum eligibility eligibility;
	bool cloud_migration;
	int sites;
	int tech_secondaries;
	const char *login_name; /* the customer contact with a login, or NULL */
	const char *login_email;
};

static const struct customer_def customer_defs[] = {
    {"Acme Robotics", "acme-robotics", "acme.example", PARTNER_BLUEBIRD, AT_SAN_JOSE, ELIG_NONE,
     false, 2, 2, "Pat Reyes", "pat@acme.example"},
    {"Birch Analytics", "birch-analytics", "birch.example", PARTNER_CEDAR, AT_BOSTON, ELIG_NONE,
     true, 2, 1, "Robin Hale", "robin@birch.example"},
    {"Quokka Media", "quokka-media", "quokka.example", PARTNER_BLUEBIRD, AT_SYDNEY, ELIG_NONE,
     false, 1, 1, "Lee Harper", "lee@quokka.example"},
    {"Tamarack College", "tamarack-college", "tamarack.example", PARTNER_CEDAR, AT_VANCOUVER,
     ELIG_ACADEMIC, false, 1, 0, "Jo Whitfield", "jo@tamarack.example"},
    {"Sandpiper Studios", "sandpiper-studios", "sandpiper.example", PARTNER_DUNE, AT_MIAMI,
     ELIG_NONE, true, 1, 1, "Kim Okafor", "kim@sandpiper.example"},
    {"Granite Health Network", "granite-health", "granite-health.example", PARTNER_BLUEBIRD,
     AT_AUSTIN, ELIG_NONPROFIT, false, 2, 1, NULL, NULL},
    {"Kestrel Aerospace", "kestrel-aero", "kestrel.example", PARTNER_BLUEBIRD, AT_SEATTLE,
     ELIG_NONE, false, 1, 2, NULL, NULL},
    {"Wattle Energy", "wattle-energy", "wattle.example", PARTNER_BLUEBIRD, AT_MELBOURNE, ELIG_NONE,
     true, 1, 0, NULL, NULL},
    {"Lumen Public Schools", "lumen-schools", "lumen-schools.example", PARTNER_BLUEBIRD,
     AT_NEW_YORK, ELIG_ACADEMIC, false, 1, 1, NULL, NULL},
    {"Pine Ridge Logistics", "pine-ridge", "pineridge.example", PARTNER_BLUEBIRD, AT_DENVER,
     ELIG_NONE, false, 1, 0, NULL, NULL},
    {"Fjordline Maritime", "fjordline", "fjordline.example", PARTNER_CEDAR, AT_LONDON, ELIG_NONE,
     false, 1, 1, NULL, NULL},
    {"Thistle Mutual", "thistle-mutual", "thistle.example", PARTNER_CEDAR, AT_MANCHESTER, ELIG_NONE,
     false, 2, 0, NULL, NULL},
    {"Isar Mechanik", "isar-mechanik", "isar-mechanik.example", PARTNER_CEDAR, AT_MUNICH, ELIG_NONE,
     true, 1, 1, NULL, NULL},
    {"Spree Kulturstiftung", "spree-kultur", "spree-kultur.example", PARTNER_CEDAR, AT_BERLIN,
     ELIG_NONPROFIT, false, 1, 0, NULL, NULL},
    {"Caribou Outfitters", "caribou-outfitters", "caribou.example", PARTNER_CEDAR, AT_TORONTO,
     ELIG_NONE, false, 1, 1, NULL, NULL},
    {"Mesa County Services", "mesa-county", "mesa-county.example", PARTNER_DUNE, AT_PHOENIX,
     ELIG_GOVERNMENT, false, 1, 2, NULL, NULL},
    {"Oasis Water Trust", "oasis-water", "oasis-water.example", PARTNER_DUNE, AT_RENO,
     ELIG_NONPROFIT, false, 1, 0, NULL, NULL},
    {"Saguaro Games", "saguaro-games", "saguaro.example", PARTNER_DUNE, AT_PHOENIX, ELIG_NONE, true,
     1, 1, NULL, NULL},
    {"Prairie State Transit", "prairie-transit", "prairie-transit.example", PARTNER_DUNE,
     AT_CHICAGO, ELIG_GOVERNMENT, false, 1, 0, NULL, NULL},
    {"Kindling Labs", "kindling-labs", "kindling.example", PARTNER_EMBER, AT_PORTLAND, ELIG_NONE,
     false, 1, 1, NULL, NULL},
    {"Hearth Home Goods", "hearth-home", "hearth-home.example", PARTNER_EMBER, AT_CHICAGO,
     ELIG_NONE, true, 1, 0, NULL, NULL},
    /* No discount, no sales tax: its quotes show list prices as they are (net-30 threshold). */
    {"Cascade Timber", "cascade-timber", "cascade-timber.example", PARTNER_DUNE, AT_PORTLAND,
     ELIG_NONE, false, 1, 0, NULL, NULL},
};
#define CUSTOMER_DEFS (sizeof(customer_defs) / sizeof(customer_defs[0]))

static const char *const first_names[] = {
    "Avery", "Blake",  "Cameron", "Devon", "Emery",  "Finley", "Gray",   "Harper",
    "Indra", "Jordan", "Kai",     "Logan", "Marlow", "Noor",   "Oakley", "Parker",
    "Quinn", "Riley",  "Skyler",  "Tatum", "Umi",    "Val",    "Wren",   "Yael",
};
static const char *const last_names[] = {
    "Abbott",   "Brennan", "Castillo", "Dubois",    "Eriksen", "Fischer",  "Garcia", "Haddad",
    "Ivanova",  "Jensen",  "Kowalski", "Lindqvist", "Moreau",  "Nakamura", "Osei",   "Petrov",
    "Quintero", "Rossi",   "Schmidt",  "Tanaka",    "Usman",   "Varga",    "Weber",  "Young",
};
#define NAMES (sizeof(first_names) / sizeof(first_names[0]))

static const char *const company_words[] = {
    "Amber",  "Basalt",  "Cobalt", "Dapple", "Elm",   "Flint",  "Garnet", "Heron",
    "Indigo", "Juniper", "Kelp",   "Lark",   "Moss",  "Nimbus", "Onyx",   "Pebble",
    "Quill",  "Rowan",   "Slate",  "Tidal",  "Umber", "Vesper", "Willow", "Yarrow",
};
static const char *const company_kinds[] = {
    "Labs",   "Systems", "Logistics", "Health",  "Foods",     "Media",
    "Energy", "Works",   "Studios",   "Freight", "Analytics", "Robotics",
};
static const char *const streets[] = {
    "Market Street", "Harbour Road", "King Street",   "Station Road",
    "Mill Lane",     "Elm Avenue",   "Bridge Street", "Park Avenue",
};

void demo_print_logins(FILE *out)
{
	(void)fprintf(out, "%-17s %-26s %s\n", "vendor_admin", "admin@helix.example",
	              DEMO_PASSWORD);
	(void)fprintf(out, "%-17s %-26s %s\n", "vendor_support", "support@helix.example",
	              DEMO_PASSWORD);
	for (int k = 0; k < PARTNER__MAX; k++)
		(void)fprintf(out, "%-17s %-26s %s\n", "partner_user", partner_defs[k].user_email,
		              DEMO_PASSWORD);
	for (size_t k = 0; k < CUSTOMER_DEFS; k++) {
		if (customer_defs[k].login_email != NULL)
			(void)fprintf(out, "%-17s %-26s %s\n", "customer_contact",
			              customer_defs[k].login_email, DEMO_PASSWORD);
	}
}

/* snprintf into a fixed buffer; false if it did not fit. */
static bool format_into(char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static bool format_into(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;
	va_start(ap, fmt);
	r = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	return r >= 0 && (size_t)r < n;
}

/*
 * The demo's password is printed for everyone to read, so its hashes need
 * no cost: argon2id at libsodium's minimum passes (1) and 1 MiB, some
 * milliseconds each where the server's own cost (AUTH_PWHASH_*) takes
 * half a second. Each login still gets a hash of its own, with its own
 * salt, as every stored password must.
 */
#define DEMO_PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_MIN
#define DEMO_PWHASH_MEMLIMIT (1024 * 1024)

static enum tess_err add_user(struct store_conn *c, struct demo_ctx *d, const char *email,
                              const char *name, int64_t org_pk, enum role role, int64_t *pk_out)
{
	char hash[crypto_pwhash_STRBYTES];
	enum tess_err err;

	if (crypto_pwhash_str(hash, DEMO_PASSWORD, strlen(DEMO_PASSWORD), DEMO_PWHASH_OPSLIMIT,
	                      DEMO_PWHASH_MEMLIMIT) != 0)
		return demo_failed(d, TESS_ERR_INTERNAL, "password hash (out of memory)");
	err = store_user_insert(c, email, name, hash, d->now, pk_out);
	sodium_memzero(hash, sizeof(hash));
	if (err == TESS_OK)
		err = store_membership_insert(c, *pk_out, org_pk, role, d->now);
	return err == TESS_OK ? TESS_OK : demo_failed(d, err, "user");
}

static enum tess_err load_orgs(struct store_conn *c, struct demo_ctx *d)
{
	struct org_new o = {0};
	int64_t atlas_pk = 0, user_pk = 0;
	enum tess_err err;

	o.kind = ORG_VENDOR;
	o.name = "Helix Software";
	o.country = "US";
	o.state = "CA";
	o.contact_name = "Morgan Vale";
	o.contact_email = "admin@helix.example";
	err = store_org_insert(c, &o, d->now, &d->vendor_pk);
	if (err != TESS_OK)
		return demo_failed(d, err, "vendor");
	err = add_user(c, d, "admin@helix.example", "Morgan Vale", d->vendor_pk, ROLE_VENDOR_ADMIN,
	               &d->vendor_admin_pk);
	if (err == TESS_OK)
		err = add_user(c, d, "support@helix.example", "Sam Ortiz", d->vendor_pk,
		               ROLE_VENDOR_SUPPORT, &user_pk);
	if (err != TESS_OK)
		return err;

	memset(&o, 0, sizeof(o));
	o.kind = ORG_DISTRIBUTOR;
	o.name = "Atlas Distribution";
	o.country = "US";
	o.state = "TX";
	o.contact_name = "Jamie Atwood";
	o.contact_email = "jamie@atlas.example";
	err = store_org_insert(c, &o, d->now, &atlas_pk);
	if (err != TESS_OK)
		return demo_failed(d, err, "distributor");

	for (int k = 0; k < PARTNER__MAX; k++) {
		const struct partner_def *def = &partner_defs[k];
		struct demo_partner *pa = &d->partners[k];
		memset(&o, 0, sizeof(o));
		o.kind = ORG_PARTNER;
		o.name = def->name;
		o.tier = def->tier;
		o.tier_discount_bp = def->discount_bp;
		/* Ember buys through Atlas: the two-tier case of SPEC rule 6. */
		o.distributor_pk = k == PARTNER_EMBER ? atlas_pk : 0;
		o.country = places[def->place].country;
		o.state = places[def->place].state;
		o.contact_name = def->user_name;
		o.contact_email = def->user_email;
		err = store_org_insert(c, &o, d->now, &pa->pk);
		if (err != TESS_OK)
			return demo_failed(d, err, "partner");
		pa->tier = def->tier;
		pa->discount_bp = def->discount_bp;
		err = add_user(c, d, def->user_email, def->user_name, pa->pk, ROLE_PARTNER_USER,
		               &pa->user_pk);
		if (err != TESS_OK)
			return err;
		for (int a = 0; a < DEMO_ACCOUNTS_MAX && def->accounts[a][0] != NULL; a++) {
			err = store_billing_account_insert(c, pa->pk, def->accounts[a][0],
			                                   def->accounts[a][1], d->now,
			                                   &pa->account_pk[a]);
			if (err != TESS_OK)
				return demo_failed(d, err, "billing account");
			pa->account_currency[a] = def->accounts[a][1];
			pa->accounts = a + 1;
		}
	}
	return TESS_OK;
}

/* A contact of a customer; only billing contacts carry a street address. */
static enum tess_err add_contact(struct store_conn *c, struct demo_ctx *d, int64_t customer_pk,
                                 const struct place *pl, int person, const char *domain,
                                 bool billing, int64_t *pk_out)
{
	const char *first = first_names[person % NAMES];
	const char *last = last_names[(person / NAMES + person * 7) % NAMES];
	char name[64], email[128], phone[32], street[64];
	struct contact ct = {0};
	enum tess_err err;

	if (!format_into(name, sizeof(name), "%s %s", first, last) ||
	    !format_into(email, sizeof(email), "%s.%s@%s", first, last, domain) ||
	    !format_into(phone, sizeof(phone), "%s %04d", pl->phone_prefix,
	                 demo_rng_range(&d->rng, 100, 199)) ||
	    !format_into(street, sizeof(street), "%d %s", demo_rng_range(&d->rng, 1, 480),
	                 streets[demo_rng_below(&d->rng, sizeof(streets) / sizeof(streets[0]))]))
		return demo_failed(d, TESS_ERR_INTERNAL, "contact name");
	for (char *s = email; *s != '\0'; s++) {
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	}
	ct.customer_pk = customer_pk;
	ct.name = name;
	ct.email = email;
	ct.phone = phone;
	ct.country = pl->country;
	ct.state = pl->state;
	if (billing) {
		ct.address_line = street;
		ct.city = pl->city;
		ct.postal_code = pl->postal_code;
	}
	err = store_contact_insert(c, &ct, 0, d->now, pk_out);
	return err == TESS_OK ? TESS_OK : demo_failed(d, err, "contact");
}

/*
 * Customers whose billing contact works elsewhere than the customer, so
 * that the address tax follows (SPEC rule 8) is not the customer's own.
 */
static const struct {
	const char *customer;
	int place;
} billing_elsewhere[] = {
    /* Based in Seattle, billed through its finance office in Austin. */
    {"Kestrel Aerospace", AT_AUSTIN},
};

/* Where the billing contact of customer def (NULL: a generated one) works. */
static const struct place *billing_place(const struct customer_def *def, const struct place *own)
{
	for (size_t i = 0; def != NULL && i < sizeof(billing_elsewhere) / sizeof(billing_elsewhere[0]);
	     i++)
		if (strcmp(billing_elsewhere[i].customer, def->name) == 0)
			return &places[billing_elsewhere[i].place];
	return own;
}

/*
 * One customer: the organization, its sites, its customer contact (with a
 * login for the hand-written ones that have one), a primary and up to two
 * secondary technical contacts, and a billing contact with an address.
 */
/* A customer's name, the slug its sites and addresses are made from, its mail domain. */
struct customer_names {
	char name[96], slug[96], domain[128];
};

/* A customer the demo defines by hand (the ones with logins and the cases tests rely on). */
static enum tess_err defined_customer(struct demo_ctx *d, const struct customer_def *def,
                                      struct demo_customer *cu, struct org_new *o,
                                      struct customer_names *nm, const struct place **pl)
{
	*pl = &places[def->place];
	cu->partner = (uint8_t)def->partner;
	cu->sites = (uint8_t)def->sites;
	cu->tech_secondaries = (uint8_t)def->tech_secondaries;
	cu->detailed = true;
	o->eligibility = def->eligibility;
	o->cloud_migration = def->cloud_migration;
	if (!format_into(nm->name, sizeof(nm->name), "%s", def->name) ||
	    !format_into(nm->slug, sizeof(nm->slug), "%s", def->slug) ||
	    !format_into(nm->domain, sizeof(nm->domain), "%s", def->domain))
		return demo_failed(d, TESS_ERR_INTERNAL, "customer name");
	return TESS_OK;
}

/* A generated customer: its partner, sites, contacts and eligibility drawn from d's generator. */
static enum tess_err generated_customer(struct demo_ctx *d, size_t idx, struct demo_customer *cu,
                                        struct org_new *o, struct customer_names *nm,
                                        const struct place **pl)
{
	const char *w = company_words[demo_rng_below(&d->rng, 24)];
	const char *k = company_kinds[demo_rng_below(&d->rng, 12)];
	uint32_t x = demo_rng_below(&d->rng, 100);
	*pl = &places[demo_rng_below(&d->rng, PLACES)];
	cu->partner = (uint8_t)(x < 40   ? PARTNER_BLUEBIRD
	                        : x < 70 ? PARTNER_CEDAR
	                        : x < 90 ? PARTNER_DUNE
	                                 : PARTNER_EMBER);
	cu->sites = demo_rng_percent(&d->rng, 20) ? 2 : 1;
	cu->tech_secondaries = demo_rng_percent(&d->rng, 30) ? 1 : 0;
	x = demo_rng_below(&d->rng, 100);
	o->eligibility = x < 8    ? ELIG_NONPROFIT
	                 : x < 13 ? ELIG_ACADEMIC
	                 : x < 17 ? ELIG_GOVERNMENT
	                          : ELIG_NONE;
	o->cloud_migration = demo_rng_percent(&d->rng, 10);
	/* The index keeps generated names (and so site names) unique. */
	if (!format_into(nm->name, sizeof(nm->name), "%s %s %zu", w, k, idx) ||
	    !format_into(nm->slug, sizeof(nm->slug), "%s-%s-%zu", w, k, idx))
		return demo_failed(d, TESS_ERR_INTERNAL, "customer name");
	for (char *s = nm->slug; *s != '\0'; s++) {
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	}
	if (!format_into(nm->domain, sizeof(nm->domain), "%s.example", nm->slug))
		return demo_failed(d, TESS_ERR_INTERNAL, "customer name");
	return TESS_OK;
}

/* The customer's cloud sites: slug, and slug-ops for a second one. */
static enum tess_err add_sites(struct store_conn *c, struct demo_ctx *d, struct demo_customer *cu,
                               const char *slug)
{
	char site[128], url[192];
	for (int s = 0; s < cu->sites; s++) {
		enum tess_err err;
		if (!format_into(site, sizeof(site), "%s%s", slug, s == 0 ? "" : "-ops") ||
		    !format_into(url, sizeof(url), "https://%s.%s", site, DEMO_CLOUD_DOMAIN))
			return demo_failed(d, TESS_ERR_INTERNAL, "site name");
		err = store_site_insert(c, cu->pk, site, url, d->now, &cu->site_pk[s]);
		if (err != TESS_OK)
			return demo_failed(d, err, "site");
	}
	return TESS_OK;
}

/*
 * The customer's contacts: the one with a login (defined customers) or a
 * generated one, its technical contacts and its billing contact.
 */
static enum tess_err add_customer_contacts(struct store_conn *c, struct demo_ctx *d,
                                           const struct customer_def *def,
                                           struct demo_customer *cu, const struct place *pl,
                                           int person, const char *domain)
{
	struct contact ct = {0};
	enum tess_err err;

	if (def != NULL && def->login_name != NULL) {
		err = add_user(c, d, def->login_email, def->login_name, cu->pk,
		               ROLE_CUSTOMER_CONTACT, &cu->login_user_pk);
		if (err != TESS_OK)
			return err;
		ct.customer_pk = cu->pk;
		ct.name = def->login_name;
		ct.email = def->login_email;
		ct.country = pl->country;
		ct.state = pl->state;
		err = store_contact_insert(c, &ct, cu->login_user_pk, d->now,
		                           &cu->customer_contact_pk);
		if (err != TESS_OK)
			return demo_failed(d, err, "contact");
	} else {
		err =
		    add_contact(c, d, cu->pk, pl, person, domain, false, &cu->customer_contact_pk);
		if (err != TESS_OK)
			return err;
	}
	/* Consecutive person numbers never repeat a first name within a customer. */
	err = add_contact(c, d, cu->pk, pl, person + 1, domain, false, &cu->tech_primary_pk);
	for (int k = 0; err == TESS_OK && k < cu->tech_secondaries; k++)
		err = add_contact(c, d, cu->pk, pl, person + 2 + k, domain, false,
		                  &cu->tech_secondary_pk[k]);
	if (err == TESS_OK)
		err = add_contact(c, d, cu->pk, billing_place(def, pl), person + 2 + DEMO_TECH2_MAX,
		                  domain, true,
		                  &cu->billing_contact_pk);
	return err;
}

static enum tess_err add_customer(struct store_conn *c, struct demo_ctx *d,
                                  const struct customer_def *def, struct demo_customer *cu)
{
	struct customer_names nm;
	const struct place *pl;
	struct org_new o = {0};
	int person = (int)demo_rng_below(&d->rng, NAMES * NAMES);
	size_t idx = (size_t)(cu - d->customers);
	enum tess_err err = def != NULL ? defined_customer(d, def, cu, &o, &nm, &pl)
	                                : generated_customer(d, idx, cu, &o, &nm, &pl);

	if (err != TESS_OK)
		return err;
	/* Bluebird bills its Australian customers from its AUD account. */
	cu->account = 0;
	if (d->partners[cu->partner].accounts > 1) {
		if (cu->partner == PARTNER_BLUEBIRD)
			cu->account = strcmp(pl->country, "AU") == 0 ? 1 : 0;
		else
			cu->account = (uint8_t)demo_rng_below(&d->rng, 2);
	}

	o.kind = ORG_CUSTOMER;
	o.name = nm.name;
	o.partner_pk = d->partners[cu->partner].pk;
	o.country = pl->country;
	o.state = pl->state;
	if (def != NULL && def->login_name != NULL) {
		o.contact_name = def->login_name;
		o.contact_email = def->login_email;
	}
	err = store_org_insert(c, &o, d->now, &cu->pk);
	if (err != TESS_OK)
		return demo_failed(d, err, "customer");
	err = add_sites(c, d, cu, nm.slug);
	if (err == TESS_OK)
		err = add_customer_contacts(c, d, def, cu, pl, person, nm.domain);
	return err;
}

/* ---- Units: each runs in its own transaction ---- */

static enum tess_err unit_result(struct store_unit *u, struct demo_ctx *d, enum tess_err err)
{
	if (err != TESS_OK && u->problem.message[0] == '\0')
		problem_set(&u->problem, err, "demo_load_failed", NULL,
		            "Loading the demo data failed while inserting a %s",
		            d->failed != NULL ? d->failed : "row");
	return err;
}

static enum tess_err unit_base(struct store_conn *c, struct store_unit *u)
{
	struct demo_ctx *d = u->ctx;
	int64_t orgs = 0;
	enum tess_err err = store_count(c, "orgs", &orgs);

	if (err != TESS_OK)
		return unit_result(u, d, demo_failed(d, err, "count of organizations"));
	if (orgs > 0)
		return problem_set(&u->problem, TESS_ERR_CONFLICT, "store_not_empty", NULL,
		                   "The database already has organizations; demo data loads "
		                   "only into an empty database");
	err = load_orgs(c, d);
	if (err == TESS_OK)
		err = demo_catalog_load(c, d);
	for (size_t k = 0; err == TESS_OK && k < CUSTOMER_DEFS; k++) {
		err = add_customer(c, d, &customer_defs[k], &d->customers[k]);
		if (strcmp(customer_defs[k].name, "Acme Robotics") == 0)
			d->acme = k;
		else if (strcmp(customer_defs[k].name, "Birch Analytics") == 0)
			d->birch = k;
	}
	if (err == TESS_OK)
		d->customers_made = CUSTOMER_DEFS;
	return unit_result(u, d, err);
}

static enum tess_err unit_customers(struct store_conn *c, struct store_unit *u)
{
	struct demo_ctx *d = u->ctx;
	size_t stop = d->customers_made + DEMO_CUSTOMERS_PER_COMMIT;
	enum tess_err err = TESS_OK;

	if (stop > d->customers_wanted)
		stop = d->customers_wanted;
	while (err == TESS_OK && d->customers_made < stop) {
		err = add_customer(c, d, NULL, &d->customers[d->customers_made]);
		if (err == TESS_OK)
			d->customers_made++;
	}
	return unit_result(u, d, err);
}

static enum tess_err unit_subs(struct store_conn *c, struct store_unit *u)
{
	struct demo_ctx *d = u->ctx;
	return unit_result(u, d, demo_subs_load(c, d, DEMO_SUBS_PER_COMMIT));
}

static enum tess_err run_unit(struct store *st, store_unit_fn fn, struct demo_ctx *d,
                              struct problem *p)
{
	struct store_unit u;
	enum tess_err err;

	memset(&u, 0, sizeof(u));
	u.ctx = d;
	err = store_run_direct(st, fn, &u);
	if (err == TESS_OK)
		return TESS_OK;
	if (u.problem.message[0] == '\0')
		problem_set(&u.problem, err, "demo_load_failed", NULL,
		            "Cannot write the demo data to the database");
	if (p != NULL)
		*p = u.problem;
	return err;
}

enum tess_err demo_load(struct store *st, const struct demo_options *o, struct problem *p)
{
	struct demo_ctx *d = xcalloc(1, sizeof(*d));
	int64_t subs = o->subscriptions == 0 ? DEMO_DEFAULT_SUBS : o->subscriptions;
	enum tess_err err;

	if (subs < 0 || subs > DEMO_MAX_SUBS) {
		err = problem_set(p, TESS_ERR_INVALID, "invalid_subscriptions", "subscriptions",
		                  "The number of subscriptions must be between 1 and %d",
		                  DEMO_MAX_SUBS);
		goto done;
	}
	d->opt = o;
	d->started_us = clock_mono_us();
	d->today = clock_today();
	d->now = clock_now();
	demo_rng_seed(&d->rng, o->seed != 0 ? o->seed : DEMO_DEFAULT_SEED);
	d->number_salt = demo_rng_next(&d->rng);
	d->subs_wanted = subs;
	d->detail_every = subs > DEMO_DETAIL_ALL ? DEMO_DETAIL_EVERY : 1;
	d->customers_wanted = (size_t)(subs / 10);
	if (d->customers_wanted < CUSTOMER_DEFS)
		d->customers_wanted = CUSTOMER_DEFS;
	d->customers = xcalloc(d->customers_wanted, sizeof(*d->customers));

	err = run_unit(st, unit_base, d, p);
	if (err != TESS_OK)
		goto done;
	demo_progress(d, "organizations, logins and catalog");
	while (d->customers_made < d->customers_wanted) {
		err = run_unit(st, unit_customers, d, p);
		if (err != TESS_OK)
			goto done;
		demo_progress(d, "%zu/%zu customers", d->customers_made, d->customers_wanted);
	}
	while (d->subs_made < d->subs_wanted) {
		err = run_unit(st, unit_subs, d, p);
		if (err != TESS_OK)
			goto done;
		demo_progress(d, "%lld/%lld subscriptions", (long long)d->subs_made,
		              (long long)d->subs_wanted);
	}
done:
	if (d->customers != NULL)
		free(d->customers);
	free(d);
	return err;
}
