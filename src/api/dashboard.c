/*
 * GET /api/v1/dashboard: the billing dashboard's overview for any role,
 * within the caller's tenancy: how many orders, subscriptions (by status,
 * SPEC rule 15) and assets (self-managed licenses) it holds, and its
 * newest orders. The orders are shown as the order list shows them, by
 * the same renderer, so an amount the list hides (SPEC rule 16) is hidden
 * here too.
 */
#include "api/api.h"
#include "api/orders_int.h"

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
