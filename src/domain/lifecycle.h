/*
 * A subscription's life: its status as users see it (SPEC rule 15), and
 * the decisions to cancel and reactivate it (SPEC rule 14). Pure: today
 * and the caller's role come in as parameters.
 */
#ifndef TESSERA_DOMAIN_LIFECYCLE_H
#define TESSERA_DOMAIN_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/model.h"
#include "util/err.h"

/* SPEC rule 15: upcoming before its start date, active from it, inactive once ended. */
enum sub_status sub_status_on(const struct subscription *s, tdate today);
/* Days from today to the bill date for an active subscription; -1 otherwise. */
int sub_days_until_renewal(const struct subscription *s, tdate today);
/* Days until an upcoming subscription starts; -1 otherwise. */
int sub_starts_in_days(const struct subscription *s, tdate today);
/* SPEC rule 15: an active subscription with no site needs its site set up. */
bool sub_site_setup_required(const struct subscription *s, tdate today);
/*
 * The one-line status users read: "Starts in 3 days", "Renews in 1 day",
 * "Cancels on 2026-07-01", "Site setup required", "Cancelled on ...",
 * "Expired on ...". Writes at most n bytes (NUL included) into out.
 */
void sub_status_text(const struct subscription *s, tdate today, char *out, size_t n);

/*
 * True when a renewal or an upgrade of a subscription of hosting h billed
 * per period starts a new term on its payment date (SPEC rule 13: annual
 * cloud) rather than keeping the current one.
 */
bool lifecycle_term_restarts(enum hosting h, enum billing_period period);

/*
 * The term a renewal paid on `on` buys for a subscription billed per
 * period whose term ends on period_end: one period from the payment date
 * when restarts (lifecycle_term_restarts, SPEC rule 13); otherwise one
 * more period from the current end, or from the payment date if the term
 * has lapsed. TESS_ERR_INVALID on an unknown period.
 */
enum tess_err lifecycle_renewal_term(bool restarts, enum billing_period period, tdate period_end,
				     tdate on, tdate *start, tdate *end);

enum cancel_when { CANCEL_NOW, CANCEL_AT_TERM_END, CANCEL_WHEN__MAX };

/* What a cancellation changes on one subscription. */
struct cancel_change {
	enum sub_state state;
	tdate ended_on;
	bool cancel_at_period_end;
};

/*
 * Decides the cancellation of s. An inactive subscription is
 * TESS_ERR_CONFLICT "already_inactive"; one already set to cancel at term
 * end asked again for term end is TESS_ERR_CONFLICT "already_scheduled".
 * An upcoming subscription has no term to run out, so it is cancelled now.
 */
enum tess_err lifecycle_cancel(const struct subscription *s, enum cancel_when when, tdate today,
			       struct cancel_change *out, struct problem *p);

/*
 * SPEC rule 14: cancelling a product subscription cancels its apps the
 * same way. Decides for one app of a product whose change is product;
 * false when the app needs no change (already inactive).
 */
bool lifecycle_cascade_to_app(const struct subscription *app, const struct cancel_change *product,
			      struct cancel_change *out);

/*
 * SPEC rule 14: only vendor support or admin reactivate. Refuses customers
 * and partners (TESS_ERR_FORBIDDEN "reactivation_not_allowed"), a live
 * subscription with no pending cancellation (TESS_ERR_CONFLICT
 * "not_cancelled"), an app whose product is not live (TESS_ERR_CONFLICT
 * "parent_cancelled") and one whose term has ended (TESS_ERR_REFUSED
 * "term_ended": renew it through an order). parent is NULL for products.
 */
enum tess_err lifecycle_reactivate(const struct subscription *s,
				   const struct subscription *parent, enum role who, tdate today,
				   struct cancel_change *out, struct problem *p);

#endif
