#include "domain/refunds.h"

enum tess_err refund_kind_of(enum hosting h, enum billing_period period, enum refund_kind *out)
{
	switch (h) {
	case HOSTING_SERVER:
	case HOSTING_DATACENTER:
		*out = REFUND_SELF_MANAGED;
		return TESS_OK;
	case HOSTING_CLOUD:
		switch (period) {
		case PERIOD_MONTHLY:
			*out = REFUND_CLOUD_MONTHLY;
			return TESS_OK;
		case PERIOD_ANNUAL:
			*out = REFUND_CLOUD_ANNUAL;
			return TESS_OK;
		case PERIOD__MAX: break;
		}
		break;
	case HOSTING__MAX: break;
	}
	return TESS_ERR_INVALID;
}

enum tess_err refund_last_day(enum refund_kind kind, tdate anchor, tdate *out)
{
	switch (kind) {
	case REFUND_SELF_MANAGED:
	case REFUND_CLOUD_ANNUAL:
		/* SPEC rule 9: 30 days after the purchase, or after the payment. */
		*out = anchor + REFUND_WINDOW_DAYS;
		return TESS_OK;
	case REFUND_CLOUD_MONTHLY:
		/* SPEC rule 9: 30 days after the first paid period (one month). */
		*out = date_add_months(anchor, 1) + REFUND_WINDOW_DAYS;
		return TESS_OK;
	case REFUND_KIND__MAX: break;
	}
	return TESS_ERR_INVALID;
}

static const char *rule_text(enum refund_kind kind)
{
	switch (kind) {
	case REFUND_SELF_MANAGED:
		return "Self-managed licenses can be refunded up to 30 days after purchase";
	case REFUND_CLOUD_ANNUAL:
		return "Annual cloud subscriptions can be refunded up to 30 days after payment";
	case REFUND_CLOUD_MONTHLY:
		return "Monthly cloud subscriptions can be refunded up to 30 days after the first "
		       "paid period";
	case REFUND_KIND__MAX: break;
	}
	return "";
}

enum tess_err refund_check(enum refund_kind kind, tdate anchor, tdate requested_on,
			   struct problem *p)
{
	tdate last;
	char when[11];

	if (refund_last_day(kind, anchor, &last) != TESS_OK)
		return problem_set(p, TESS_ERR_INVALID, "refund_kind_invalid", NULL,
				   "Unknown kind of purchase");
	if (requested_on < anchor)
		return problem_set(p, TESS_ERR_INVALID, "refund_date_invalid", NULL,
				   "A refund cannot be requested before the purchase was paid");
	if (requested_on <= last)
		return TESS_OK;
	date_format(last, when);
	return problem_set(p, TESS_ERR_REFUSED, "refund_window_closed", NULL,
			   "%s; the last day for this one was %s", rule_text(kind), when);
}

tdate refund_anchor(enum refund_kind kind, tdate paid_on, tdate first_paid_on)
{
	if (kind == REFUND_CLOUD_MONTHLY && first_paid_on != 0 && first_paid_on < paid_on)
		return first_paid_on;
	return paid_on;
}
