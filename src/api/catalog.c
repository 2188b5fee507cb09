/*
 * The catalog as every signed-in role reads it: products and apps with
 * their prices, grouped by edition, billing period and currency with one
 * amount per user tier. A partner user also sees its own storefront entry
 * for each item (published, markup); nobody sees another partner's. A
 * customer contact sees the prices SPEC rule 16 lets it see: its
 * partner's storefront prices of the items published there, and no price
 * of the others.
 */
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "domain/price_visibility.h"
#include "domain/pricing.h"

/* How the caller sees one item's prices. */
struct price_view {
	enum price_visibility vis;
	/* PRICES_PAID: the storefront line a unit of a tier would be (tier_price set per tier). */
	struct pricing_line_in storefront;
};

/* A tier's amount as v shows it: its list price, its storefront price, or null. */
static enum tess_err tier_amount(const struct price_view *v, struct money list, json_t **out)
{
	struct pricing_line_in in = v->storefront;
	struct pricing_line line;
	struct money shown = list;
	char amount[32];

	switch (v->vis) {
	case PRICES_HIDDEN:
	case PRICE_VISIBILITY__MAX:
		*out = json_null();
		return TESS_OK;
	case PRICES_PAID:
		in.tier_price = list;
		if (pricing_line_price(&in, &line, NULL) != TESS_OK)
			return TESS_ERR_INTERNAL;
		shown = line.amount;
		break;
	case PRICES_ALL:
		break;
	}
	money_format(shown, amount);
	*out = json_string(amount);
	return TESS_OK;
}

/* Appends price groups of one product to arr; rows come ordered by edition, period, currency,
 * users. */
static enum tess_err price_groups(const struct price_row *rows, size_t n,
				  const struct price_view *v, json_t *arr)
{
	json_t *group = NULL, *tiers = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct price_row *pr = &rows[i];
		bool same = i > 0 && rows[i - 1].edition == pr->edition &&
		            rows[i - 1].period == pr->period &&
		            strcmp(rows[i - 1].amount.currency, pr->amount.currency) == 0;
		json_t *amount = NULL;
		if (!same) {
			tiers = json_array();
			group =
			    json_pack("{s:s, s:s, s:s, s:o}", "edition", edition_name(pr->edition),
			              "billing_period", billing_period_name(pr->period), "currency",
			              pr->amount.currency, "tiers", tiers);
			if (group == NULL || json_array_append_new(arr, group) != 0)
				return TESS_ERR_INTERNAL;
		}
		if (tier_amount(v, pr->amount, &amount) != TESS_OK ||
		    json_array_append_new(tiers, json_pack("{s:i, s:o}", "users", (int)pr->users,
		                                           "amount", amount)) != 0)
			return TESS_ERR_INTERNAL;
	}
	return TESS_OK;
}

/* The customer contact's organization and its partner: whose storefront it buys on. */
struct buyer {
	struct org customer;
	struct org partner;
};

/*
 * SPEC rule 16: how the caller sees the prices of pd. A customer contact
 * would buy it on its partner's storefront, so it sees what it would pay
 * there (pricing.h: its eligibility, the partner's tier discount and
 * markup) if the item is published, else nothing; vendor staff and
 * partner users see list prices.
 */
static enum tess_err price_view_of(struct req *r, const struct buyer *b, const struct product *pd,
				   struct price_view *out)
{
	bool found = false, published = false;
	int32_t markup = 0;
	enum tess_err err = TESS_OK;

	memset(out, 0, sizeof(*out));
	if (b != NULL)
		err = store_storefront_item_get(r->conn, b->partner.pk, pd->pk, &found, &markup,
		                                &published);
	if (err != TESS_OK)
		return err;
	out->vis = price_visibility_for(r->who->role, ORDER_BY_CUSTOMER, found && published);
	if (b != NULL) {
		out->storefront.quantity = 1;
		out->storefront.hosting = pd->hosting;
		out->storefront.eligibility = b->customer.eligibility;
		out->storefront.cloud_migration = b->customer.cloud_migration;
		out->storefront.tier = b->partner.tier;
		out->storefront.tier_discount_bp = b->partner.tier_discount_bp;
		out->storefront.storefront = true;
		out->storefront.markup_bp = markup;
	}
	return TESS_OK;
}

static enum tess_err catalog_item(struct req *r, const struct buyer *b, const struct product *pd,
				  json_t **out)
{
	struct price_row *rows = NULL;
	struct price_view view;
	size_t n = 0;
	json_t *prices = json_array(), *o;
	enum tess_err err = store_prices_for_product(r->conn, pd->pk, r->arena, &rows, &n);

	if (err == TESS_OK && prices == NULL)
		err = TESS_ERR_INTERNAL;
	if (err == TESS_OK)
		err = price_view_of(r, b, pd, &view);
	if (err == TESS_OK)
		err = price_groups(rows, n, &view, prices);
	if (err != TESS_OK) {
		json_decref(prices);
		return err;
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", pd->id, "kind",
	              product_kind_name(pd->kind), "code", pd->code, "name", pd->name, "hosting",
	              hosting_name(pd->hosting), "description", pd->description, "prices", prices);
	if (o == NULL)
		return TESS_ERR_INTERNAL;
	if (r->who->role == ROLE_PARTNER_USER) {
		bool found = false, published = false;
		int32_t markup = 0;
		err = store_storefront_item_get(r->conn, r->who->org_pk, pd->pk, &found, &markup,
		                                &published);
		if (err == TESS_OK &&
		    json_object_set_new(o, "storefront",
		                        found ? json_pack("{s:b, s:i}", "published", published,
		                                          "markup_bp", (int)markup)
		                              : json_null()) != 0)
			err = TESS_ERR_INTERNAL;
		if (err != TESS_OK) {
			json_decref(o);
			return err;
		}
	}
	*out = o;
	return TESS_OK;
}

enum tess_err api_catalog_products(struct req *r, struct problem *p)
{
	static const char *const params[] = {NULL};
	struct product *pds = NULL;
	struct buyer buyer, *b = NULL;
	size_t n = 0;
	json_t *items;
	enum tess_err err = req_query_allow(r, params, p);

	if (err == TESS_OK && r->who->role == ROLE_CUSTOMER_CONTACT) {
		b = &buyer;
		err = store_org_get_pk(r->conn, r->who->org_pk, r->arena, &b->customer);
		if (err == TESS_OK)
			err = store_org_get_pk(r->conn, b->customer.partner_pk, r->arena, &b->partner);
	}
	if (err == TESS_OK)
		err = store_products_list(r->conn, r->arena, &pds, &n);
	if (err != TESS_OK)
		return err;
	items = json_array();
	if (items == NULL)
		return TESS_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = NULL;
		err = catalog_item(r, b, &pds[i], &o);
		if (err == TESS_OK && json_array_append_new(items, o) != 0)
			err = TESS_ERR_INTERNAL;
		if (err != TESS_OK) {
			json_decref(items);
			return err;
		}
	}
	req_reply(r, 200, json_page(items, false, 0));
	return TESS_OK;
}
