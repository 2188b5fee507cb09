#include "domain/price_visibility.h"

#include <stdio.h>
#include <string.h>

enum price_visibility price_visibility_for(enum role viewer, enum order_origin origin,
                                           bool published)
{
	switch (viewer) {
	case ROLE_VENDOR_ADMIN:
	case ROLE_VENDOR_SUPPORT:
	case ROLE_PARTNER_USER: return PRICES_ALL;
	case ROLE_CUSTOMER_CONTACT:
		/* SPEC rule 16: no amount on what the partner ordered ... */
		if (origin != ORDER_BY_CUSTOMER)
			return PRICES_HIDDEN;
		/* ... and a price only for items published on its storefront. */
		return published ? PRICES_PAID : PRICES_HIDDEN;
	case ROLE__MAX: break;
	}
	return PRICES_HIDDEN;
}

bool price_paid_visible(enum price_visibility v)
{
	return v == PRICES_PAID || v == PRICES_ALL;
}

bool price_breakdown_visible(enum price_visibility v)
{
	return v == PRICES_ALL;
}

void price_visibility_text(enum price_visibility v, struct money m, char out[PRICE_TEXT_MAX])
{
	char amount[32];

	if (!price_paid_visible(v)) {
		memcpy(out, "-", 2);
		return;
	}
	money_format(m, amount);
	if (snprintf(out, PRICE_TEXT_MAX, "%s %.3s", amount, m.currency) < 0)
		memcpy(out, "-", 2);
}
