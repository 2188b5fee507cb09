#include "domain/lifecycle.h"

#include <stdio.h>

enum sub_status sub_status_on(const struct subscription *s, tdate today)
{
	if (s->state != SUB_STATE_LIVE)
		return SUB_INACTIVE;
	if (s->start_date > today)
		return SUB_UPCOMING;
	return SUB_ACTIVE;
}

int sub_days_until_renewal(const struct subscription *s, tdate today)
{
	if (sub_status_on(s, today) != SUB_ACTIVE)
		return -1;
	return s->period_end > today ? (int)(s->period_end - today) : 0;
}

int sub_starts_in_days(const struct subscription *s, tdate today)
{
	if (sub_status_on(s, today) != SUB_UPCOMING)
		return -1;
	return (int)(s->start_date - today);
}

bool sub_site_setup_required(const struct subscription *s, tdate today)
{
	return s->site_pk == 0 && sub_status_on(s, today) == SUB_ACTIVE;
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

void sub_status_text(const struct subscription *s, tdate today, char *out, size_t n)
{
	char d[11];
	int days;
	int r = 0;

	switch (sub_status_on(s, today)) {
	case SUB_UPCOMING:
		days = sub_starts_in_days(s, today);
		r = snprintf(out, n, "Starts in %d day%s", days, plural(days));
		break;
	case SUB_ACTIVE:
		if (sub_site_setup_required(s, today)) {
			r = snprintf(out, n, "Site setup required");
		} else if (s->cancel_at_period_end) {
			date_format(s->period_end, d);
			r = snprintf(out, n, "Cancels on %s", d);
		} else {
			days = sub_days_until_renewal(s, today);
			r = snprintf(out, n, "Renews in %d day%s", days, plural(days));
		}
		break;
	case SUB_INACTIVE:
		date_format(s->ended_on, d);
		r = snprintf(out, n, "%s on %s",
			     s->state == SUB_STATE_EXPIRED ? "Expired" : "Cancelled", d);
		break;
	case SUB_STATUS__MAX:
		break;
	}
	if (r < 0 && n > 0)
		out[0] = '\0';
}

enum tess_err lifecycle_cancel(const struct subscription *s, enum cancel_when when, tdate today,
			       struct cancel_change *out, struct problem *p)
{
	enum sub_status status = sub_status_on(s, today);

	if (status == SUB_INACTIVE)
		return problem_set(p, TESS_ERR_CONFLICT, "already_inactive", NULL,
				   "This subscription is already inactive.");
	out->state = SUB_STATE_CANCELLED;
	out->ended_on = today;
	out->cancel_at_period_end = false;
	switch (when) {
	case CANCEL_NOW:
		break;
	case CANCEL_AT_TERM_END:
		if (status == SUB_UPCOMING)
			break;
		if (s->cancel_at_period_end)
			return problem_set(p, TESS_ERR_CONFLICT, "already_scheduled", "effective",
					   "This subscription is already set to cancel at the "
					   "end of its term.");
		out->state = SUB_STATE_LIVE;
		out->ended_on = 0;
		out->cancel_at_period_end = true;
		break;
	case CANCEL_WHEN__MAX:
		return problem_set(p, TESS_ERR_INVALID, "invalid", "effective",
				   "Unknown cancellation time.");
	}
	return TESS_OK;
}

bool lifecycle_cascade_to_app(const struct subscription *app, const struct cancel_change *product,
			      struct cancel_change *out)
{
	if (app->state != SUB_STATE_LIVE)
		return false;
	if (product->state == SUB_STATE_LIVE && app->cancel_at_period_end)
		return false;
	*out = *product;
	return true;
}

enum tess_err lifecycle_reactivate(const struct subscription *s,
				   const struct subscription *parent, enum role who, tdate today,
				   struct cancel_change *out, struct problem *p)
{
	char d[11];

	switch (who) {
	case ROLE_VENDOR_ADMIN:
	case ROLE_VENDOR_SUPPORT:
		break;
	case ROLE_PARTNER_USER:
	case ROLE_CUSTOMER_CONTACT:
	case ROLE__MAX:
		return problem_set(p, TESS_ERR_FORBIDDEN, "reactivation_not_allowed", NULL,
				   "A cancelled subscription can only be reactivated by vendor "
				   "support. Please contact support.");
	}
	if (s->state == SUB_STATE_LIVE && !s->cancel_at_period_end)
		return problem_set(p, TESS_ERR_CONFLICT, "not_cancelled", NULL,
				   "This subscription is not cancelled.");
	if (parent != NULL && parent->state != SUB_STATE_LIVE)
		return problem_set(p, TESS_ERR_CONFLICT, "parent_cancelled", NULL,
				   "The product this app belongs to is cancelled; reactivate "
				   "the product first.");
	if (s->period_end < today) {
		date_format(s->period_end, d);
		return problem_set(p, TESS_ERR_REFUSED, "term_ended", NULL,
				   "The term of this subscription ended on %s; renew it "
				   "through an order instead.",
				   d);
	}
	out->state = SUB_STATE_LIVE;
	out->ended_on = 0;
	out->cancel_at_period_end = false;
	return TESS_OK;
}

bool lifecycle_term_restarts(enum hosting h, enum billing_period period)
{
	return h == HOSTING_CLOUD && period == PERIOD_ANNUAL;
}

enum tess_err lifecycle_renewal_term(bool restarts, enum billing_period period, tdate period_end,
				     tdate on, tdate *start, tdate *end)
{
	int months = billing_period_months(period);
	tdate from = on;

	if (months == 0)
		return TESS_ERR_INVALID;
	if (!restarts && period_end > on)
		from = period_end;
	*start = from;
	*end = date_add_months(from, months);
	return TESS_OK;
}
