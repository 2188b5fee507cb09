/*
 * Refund windows: SPEC rule 9.
 *
 *   self-managed (server, datacenter): up to 30 days after the purchase;
 *   annual cloud: up to 30 days after the payment being refunded;
 *   monthly cloud: up to 30 days after the first paid period.
 *
 * "Up to 30 days after" day D means the last allowed day is D + 30: a
 * request on day 30 is granted, on day 31 refused.
 *
 * Our reading of the monthly rule: the first paid period starts on the
 * first payment and ends one calendar month later (date_add_months, so a
 * period starting Jan 31 ends Feb 28/29); the window closes 30 days after
 * that end. A monthly subscription paid first on 2024-01-10 can be refunded
 * through 2024-03-11 (period end 2024-02-10, plus 30 days).
 */
#ifndef TESSERA_DOMAIN_REFUNDS_H
#define TESSERA_DOMAIN_REFUNDS_H

#include "domain/model.h"
#include "util/date.h"
#include "util/err.h"

/* Days after the anchor date a refund is still granted. */
#define REFUND_WINDOW_DAYS 30

enum refund_kind {
	REFUND_SELF_MANAGED, /* anchor: purchase date */
	REFUND_CLOUD_ANNUAL, /* anchor: payment date */
	REFUND_CLOUD_MONTHLY, /* anchor: date of the first payment */
	REFUND_KIND__MAX
};

/*
 * The refund rule that applies to a purchase: server and datacenter are
 * self-managed whatever the period; cloud by its billing period.
 * TESS_ERR_INVALID on an unknown hosting or period.
 */
enum tess_err refund_kind_of(enum hosting h, enum billing_period period, enum refund_kind *out);

/*
 * The day the window of a purchase of kind counts from, for a refund of a
 * payment made on paid_on: that day for self-managed licenses and annual
 * cloud; for monthly cloud the first payment of the subscription
 * (first_paid_on, 0 when unknown: then paid_on is the first), whichever
 * of its invoices is refunded.
 */
tdate refund_anchor(enum refund_kind kind, tdate paid_on, tdate first_paid_on);

/*
 * The last day a refund is granted for a purchase of kind anchored on
 * anchor (see refund_kind). TESS_ERR_INVALID on an unknown kind.
 */
enum tess_err refund_last_day(enum refund_kind kind, tdate anchor, tdate *out);

/*
 * TESS_OK if a refund requested on requested_on is within the window.
 * TESS_ERR_REFUSED (refund_window_closed) with the rule and the last
 * allowed date in the message when it is later; TESS_ERR_INVALID
 * (refund_date_invalid) when requested before the anchor.
 */
enum tess_err refund_check(enum refund_kind kind, tdate anchor, tdate requested_on,
			   struct problem *p);

#endif
