/*
 * The catalog as every signed-in role reads it: products and apps with
 * their prices, grouped by edition, billing period and currency with one
 * amount per user tier. A partner user also sees its own storefront entry
 * for each item (published, markup); nobody sees another partner's.
 */
#include <string.h>

#include "api/api.h"
#include "api/render.h"

/* Appends price groups of one product to arr; rows come ordered by edition, period, currency,
 * users. */
static enum tess_err price_groups(const struct price_row *rows, size_t n, json_t *arr)
{
	json_t *group = NULL, *tiers = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct price_row *pr = &rows[i];
		bool same = i > 0 && rows[i - 1].edition == pr->edition &&
		            rows[i - 1].period == pr->period &&
		            strcmp(rows[i - 1].amount.currency, pr->amount.currency) == 0;
		char amount[32];
		if (!same) {
			tiers = json_array();
			group =
			    json_pack("{s:s, s:s, s:s, s:o}", "edition", edition_name(pr->edition),
			              "billing_period", billing_period_name(pr->period), "currency",
			              pr->amount.currency, "tiers", tiers);
			if (group == NULL || json_array_append_new(arr, group) != 0)
				return TESS_ERR_INTERNAL;
		}
		money_format(pr->amount, amount);
		if (json_array_append_new(tiers, json_pack("{s:i, s:s}", "users", (int)pr->users,
		                                           "amount", amount)) != 0)
			return TESS_ERR_INTERNAL;
	}
	return TESS_OK;
}

static enum tess_err catalog_item(struct req *r, const struct product *pd, json_t **out)
{
	struct price_row *rows = NULL;
	size_t n = 0;
	json_t *prices = json_array(), *o;
	enum tess_err err = store_prices_for_product(r->conn, pd->pk, r->arena, &rows, &n);

	if (err == TESS_OK && prices == NULL)
		err = TESS_ERR_INTERNAL;
	if (err == TESS_OK)
		err = price_groups(rows, n, prices);
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
	size_t n = 0;
	json_t *items;
	enum tess_err err = req_query_allow(r, params, p);

	if (err == TESS_OK)
		err = store_products_list(r->conn, r->arena, &pds, &n);
	if (err != TESS_OK)
		return err;
	items = json_array();
	if (items == NULL)
		return TESS_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = NULL;
		err = catalog_item(r, &pds[i], &o);
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
