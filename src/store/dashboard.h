/*
 * Store functions of the billing dashboard (store/dashboard.c): how many
 * subscriptions, orders and licenses a tenancy holds, and its newest
 * orders. Included by store.h; its conventions hold.
 */
#ifndef TESSERA_STORE_DASHBOARD_H
#define TESSERA_STORE_DASHBOARD_H

#include "store/orders.h"

/* Counts within one tenancy; statuses as SPEC rule 15 derives them on a day. */
struct dashboard_counts {
	int64_t subscriptions; /* every status */
	int64_t upcoming, active, inactive;
	int64_t orders;
	int64_t licenses;
};

/* The counts of t's rows on day today, each from a range of an index. */
enum tess_err store_dashboard_counts(struct store_conn *c, struct tenancy t, tdate today,
                                     struct dashboard_counts *out);
/*
 * t's newest orders, newest first, at most limit (1..20) of them, with
 * their invoices as store_order_get reads them; *n may be 0.
 */
enum tess_err store_dashboard_recent_orders(struct store_conn *c, struct tenancy t, int limit,
                                            struct arena *a, struct order **out, size_t *n);

#endif
