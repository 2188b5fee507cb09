/*
 * What of a price a viewer may see: SPEC rule 16.
 *
 *   "Orders placed by the partner show no amount to the customer. A unit
 *    price is shown to the customer only for items published on the
 *    partner's storefront; otherwise '-'."
 *
 * One decision for every reply, email and export that shows an amount of
 * an order, an order line or what a purchase cost (purchase history).
 * Our reading of the rule:
 *   - vendor staff and partner users see every amount of their tenancy;
 *   - a customer contact sees no amount of an order its partner placed;
 *   - on its own storefront orders a customer contact sees what it pays
 *     (unit price, line amount, net, tax, total) for items published on
 *     the partner's storefront, and no amount of an item that is not:
 *     with a quantity of one a line's amount is its unit price;
 *   - never the list price, discounts and markup behind a customer's
 *     price: they would show the partner's cost.
 * An amount that sums several items (an order's totals) is shown only
 * when every item's is, or the hidden one would be the difference.
 */
#ifndef TESSERA_DOMAIN_PRICE_VISIBILITY_H
#define TESSERA_DOMAIN_PRICE_VISIBILITY_H

#include <stdbool.h>

#include "domain/model.h"
#include "domain/orders.h"
#include "util/money.h"

enum price_visibility {
	PRICES_HIDDEN, /* no amount: null in the API, "-" as text */
	PRICES_PAID,   /* what the buyer pays: unit price, amount, net, tax, total */
	PRICES_ALL,    /* and how it is made: list price, discounts, markup */
	PRICE_VISIBILITY__MAX
};

/* Room for price_visibility_text: "-92233720368547758.08 USD" and a NUL. */
#define PRICE_TEXT_MAX 40

/*
 * SPEC rule 16: what viewer may see of the price of an item bought on an
 * order of origin; published is whether the item was published on the
 * partner's storefront when it was ordered (for a sum of items: whether
 * every one was).
 */
enum price_visibility price_visibility_for(enum role viewer, enum order_origin origin,
                                           bool published);

/* True when v shows what the buyer pays (PRICES_PAID or PRICES_ALL). */
bool price_paid_visible(enum price_visibility v);
/* True when v shows the list price, discounts and markup (PRICES_ALL). */
bool price_breakdown_visible(enum price_visibility v);

/*
 * The text of an amount the buyer pays as v lets it be seen, with a NUL:
 * "1234.50 USD", or "-" when v hides it.
 */
void price_visibility_text(enum price_visibility v, struct money m, char out[PRICE_TEXT_MAX]);

#endif
