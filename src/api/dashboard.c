/*
 * The billing dashboard's reads that no other resource answers.
 *
 * GET /api/v1/dashboard: the billing dashboard's overview for any role,
 * within the caller's tenancy: how many orders, subscriptions (by status,
 * SPEC rule 15) and assets (self-managed licenses) it holds, and its
 * newest orders. The orders are shown as the order list shows them, by
 * the same renderer, so an amount the list hides (SPEC rule 16) is hidden
 * here too.
 *
 * GET /api/v1/subscriptions/:id/charges: what a subscription and its
 * add-ons cost, line by line, with the summary, as SPEC rule 16 lets the
 * caller see it (as the subscription export shows them).
 */
#include "api/api.h"
#include "api/orders_int.h"
#include "domain/lifecycle.h"
#include "domain/price_visibility.h"
#include "ops/subscriptions.h"
#include "util/json_fmt.h"

/* How many of the newest orders the overview shows. */
#define RECENT_ORDERS 5

enum tess_err api_dashboard(struct req *r, struct problem *p)
{
	struct dashboard_counts k;
	struct order *recent = NULL;
	size_t n = 0;
	json_t *o, *arr;
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err != TESS_OK)
		return err;
	err = store_dashboard_counts(r->conn, r->tenancy, r->today, &k);
	if (err == TESS_OK)
		err = store_dashboard_recent_orders(r->conn, r->tenancy, RECENT_ORDERS, r->arena,
		                                    &recent, &n);
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "dashboard: store read failed");
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < n; i++) {
		if (json_array_append_new(
		        arr, orders_json(&recent[i], NULL, 0, false, r->who->role)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	o = json_pack("{s:{s:I, s:I, s:{s:I, s:I, s:I}, s:I}, s:o}", "counts", "orders",
	              (json_int_t)k.orders, "subscriptions", (json_int_t)k.subscriptions,
	              "subscriptions_by_status", "upcoming", (json_int_t)k.upcoming, "active",
	              (json_int_t)k.active, "inactive", (json_int_t)k.inactive, "assets",
	              (json_int_t)k.licenses, "recent_orders", arr);
	if (o == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "dashboard: json_pack failed");
	req_reply(r, 200, o);
	return TESS_OK;
}

/* ---- The charges of a subscription ---- */

/*
 * SPEC rule 16 for a subscription's price, read as the subscription
 * export reads it: vendor staff and partner users see the unit price, the
 * discount and the total; a customer contact sees what it pays (the unit
 * price after the discount, and the total) for a product its partner
 * publishes on its storefront, and "-" otherwise; never the discount.
 */
static enum tess_err charge_visibility(struct req *r, const struct subscription *s,
				       enum price_visibility *out)
{
	bool found = false, published = false;
	int32_t markup = 0;
	enum tess_err err = TESS_OK;

	if (r->who->role == ROLE_CUSTOMER_CONTACT)
		err = store_storefront_item_get(r->conn, s->partner_pk, s->product_pk, &found,
						&markup, &published);
	if (err != TESS_OK)
		return err;
	*out = price_visibility_for(r->who->role, ORDER_BY_CUSTOMER, found && published);
	return TESS_OK;
}

/* One line of the charges: its unit price, discount and total as vis lets them be seen. */
static json_t *charge_line(const struct subscription *s, enum sub_status status,
                           enum price_visibility vis, struct money *total, bool *ok)
{
	struct money discount, unit, sum;
	bool paid = price_paid_visible(vis), breakdown = price_breakdown_visible(vis);
	json_t *j;

	*ok = money_percent(s->unit_price, s->discount_bp, &discount) == TESS_OK &&
	      money_sub(s->unit_price, discount, &unit) == TESS_OK &&
	      money_mul(unit, s->quantity, &sum) == TESS_OK;
	j = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:I}", "subscription_id", s->id,
	              "kind", product_kind_name(s->kind), "status", sub_status_name(status),
	              "product", "id", s->product_id, "code", s->product_code, "name",
	              s->product_name, "plan", edition_name(s->edition), "quantity",
	              (json_int_t)s->quantity);
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "list_unit_price",
	                    *ok && breakdown ? json_money(s->unit_price) : json_null());
	json_object_set_new(j, "discount", *ok && breakdown ? json_money(discount) : json_null());
	json_object_set_new(j, "unit_price", *ok && paid ? json_money(unit) : json_null());
	json_object_set_new(j, "total", *ok && paid ? json_money(sum) : json_null());
	*ok = *ok && paid;
	*total = sum;
	return j;
}

enum tess_err api_subscription_charges(struct req *r, struct problem *p)
{
	struct subscription s, *apps = NULL;
	size_t napps = 0;
	struct money total = money_make(0, "");
	bool all_shown = true;
	json_t *lines, *o;
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err == TESS_OK)
		err = subscriptions_load(r->conn, r->tenancy, r->params[0], r->arena, &s, p);
	if (err != TESS_OK)
		return err;
	if (s.kind == PRODUCT_PRODUCT)
		err = store_subscription_apps(r->conn, s.pk, r->arena, &apps, &napps);
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "charges: apps lookup failed");
	total = money_make(0, s.unit_price.currency);
	lines = json_array();
	for (size_t i = 0; lines != NULL && i <= napps; i++) {
		const struct subscription *x = i == 0 ? &s : &apps[i - 1];
		enum sub_status st = sub_status_on(x, r->today);
		enum price_visibility vis;
		struct money line_total;
		bool shown;
		json_t *j;

		err = charge_visibility(r, x, &vis);
		if (err != TESS_OK) {
			json_decref(lines);
			return problem_set(p, err, NULL, NULL, "charges: storefront lookup failed");
		}
		j = charge_line(x, st, vis, &line_total, &shown);
		if (j == NULL || json_array_append_new(lines, j) != 0) {
			json_decref(lines);
			lines = NULL;
			break;
		}
		/* The summary sums what is charged (live lines), and only when each is shown. */
		if (st != SUB_INACTIVE)
			all_shown =
			    all_shown && shown && money_add(total, line_total, &total) == TESS_OK;
	}
	o = json_pack("{s:s, s:s, s:o}", "subscription_id", s.id, "currency", s.unit_price.currency,
	              "lines", lines);
	if (o == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "charges: json_pack failed");
	json_object_set_new(o, "total", all_shown ? json_money(total) : json_null());
	req_reply(r, 200, o);
	return TESS_OK;
}
