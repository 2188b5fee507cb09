/*
 * Orders: status transitions (SPEC rule 18), manual review (rules 11, 12)
 * and who may buy what (rules 5, 6). What a customer sees of an order's
 * amounts (rule 16) is decided in price_visibility.h.
 *
 * Transitions, by event (see order_transition for the table):
 *
 *   pending_reseller_approval --partner_approve--> pending_review | onward
 *   pending_reseller_approval --partner_reject---> cancelled
 *   pending_review            --vendor_approve---> onward
 *   pending_review            --vendor_reject----> cancelled
 *   in_progress               --execute----------> executed
 *   in_progress               --cancel-----------> cancelled
 *   executed, cancelled: final.
 *
 * "onward" depends on whether the order has anything to pay:
 *   - something to pay: in_progress, with its invoice issued in the same
 *     unit of work; the order is executed when the payment of that invoice
 *     is recorded (SPEC rule 13: keys and renewals follow payment). This is
 *     what SPEC rule 18 calls "not automatically provisioned".
 *   - nothing to pay (cancellations, license decreases, cancelled add-ons,
 *     a zero total): executed as soon as it is approved, without invoice.
 */
#ifndef TESSERA_DOMAIN_ORDERS_H
#define TESSERA_DOMAIN_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/err.h"
#include "util/money.h"

/* SPEC rule 12: what a customer is told about an order held for review. */
#define ORDER_REVIEW_MESSAGE "Your order will be processed within one to three business days."

enum order_event {
	ORDER_EV_PARTNER_APPROVE,
	ORDER_EV_PARTNER_REJECT,
	ORDER_EV_VENDOR_APPROVE,
	ORDER_EV_VENDOR_REJECT,
	ORDER_EV_EXECUTE,
	ORDER_EV_CANCEL,
	ORDER_EVENT__MAX
};

/* Who placed an order. */
enum order_origin {
	ORDER_BY_PARTNER,  /* from a quote, by the partner */
	ORDER_BY_CUSTOMER, /* a storefront quick action by a customer contact */
	ORDER_ORIGIN__MAX
};

/* What one order line does; names as the API and the database spell them. */
enum order_line_action {
	ORDER_LINE_NEW,          /* a new subscription or license */
	ORDER_LINE_RENEW,
	ORDER_LINE_UPGRADE,      /* a higher edition or user tier, for all or part of the quantity */
	ORDER_LINE_ADD_LICENSES, /* more of the same subscription */
	ORDER_LINE_DECREASE,     /* fewer licenses of a subscription or an add-on */
	ORDER_LINE_CANCEL,       /* cancel a subscription */
	ORDER_LINE_CANCEL_ADDON, /* cancel an add-on (app subscription) */
	ORDER_LINE_ACTION__MAX
};

const char *order_line_action_name(enum order_line_action a);
bool order_line_action_parse(const char *s, enum order_line_action *out);
const char *order_origin_name(enum order_origin o);
bool order_origin_parse(const char *s, enum order_origin *out);

/* What decides where an approved order goes next (order_flags_of fills it). */
struct order_flags {
	bool needs_review;     /* order_needs_review() said so */
	bool auto_provisioned; /* nothing to pay: carried out once approved, no invoice */
};

/*
 * The flags of an order: needs_review as order_needs_review decided, and
 * auto_provisioned when its total is zero (nothing to pay, so nothing
 * waits for a payment).
 */
struct order_flags order_flags_of(bool needs_review, struct money total);

/*
 * True when the step from -> to issues the order's invoice: entering
 * in_progress, the status in which an order waits for its payment.
 * from is ORDER_STATUS__MAX for an order just placed.
 */
bool order_issues_invoice(enum order_status from, enum order_status to);

/* "partner_approve", "partner_reject", ...; "" for an unknown event. */
const char *order_event_name(enum order_event ev);
/* false on an unknown name. */
bool order_event_parse(const char *s, enum order_event *out);

/*
 * Roles that may fire ev (a ROLE_BIT mask): partner events by partner
 * users, vendor events by vendor admins, execute and cancel by vendor
 * admins. 0 for an unknown event.
 */
unsigned order_event_roles(enum order_event ev);

/*
 * The status an order starts in: a customer's storefront order waits for
 * its partner (SPEC rule 17); a partner's order goes to review if it needs
 * it, else onward.
 */
enum order_status order_initial_status(enum order_origin origin, const struct order_flags *f);

/*
 * The status after ev. TESS_ERR_CONFLICT (order_transition_invalid) with
 * the statuses in the message when ev does not apply (a final status, or
 * an event of another stage); TESS_ERR_INVALID on unknown values.
 */
enum tess_err order_transition(enum order_status from, enum order_event ev,
			       const struct order_flags *f, enum order_status *to,
			       struct problem *p);

/*
 * SPEC rules 11, 12: an order needs manual review when a co-term is
 * requested or the buyer left notes (notes of notes_len bytes; only
 * whitespace counts as none).
 */
bool order_needs_review(bool coterm_requested, const char *notes, size_t notes_len);

/* ORDER_REVIEW_MESSAGE for an order pending review, NULL for other statuses. */
const char *order_customer_message(enum order_status status);

/*
 * SPEC rule 6: a partner (reseller) buys directly from the vendor.
 * TESS_ERR_REFUSED (two_tier_reselling_not_allowed) if buyer_kind is a
 * partner buying through a distributor (distributor_pk != 0).
 */
enum tess_err order_check_channel(enum org_kind buyer_kind, int64_t distributor_pk,
				  struct problem *p);

/*
 * SPEC rule 5: partners buy annual cloud subscriptions for customers, not
 * monthly ones. TESS_ERR_REFUSED (monthly_cloud_not_allowed_for_partners)
 * for a monthly cloud line on an order placed by a partner.
 */
enum tess_err order_check_partner_line(enum order_origin origin, enum hosting h,
				       enum billing_period period, struct problem *p);

/* SPEC rule 17: the storefront's "I want to..." actions on a subscription. */
enum quick_action {
	QA_BUY_LICENSES,
	QA_UPGRADE,
	QA_CANCEL_ADDON,
	QA_DECREASE_ADDON,
	QA_CANCEL,
	QA__MAX
};

/* Whether an action is offered, or why not. */
enum quick_action_bar {
	QA_OFFERED,
	QA_BAR_INACTIVE,          /* the subscription is inactive: nothing is offered */
	QA_BAR_NOT_PUBLISHED,     /* buy licenses: not published on the storefront */
	QA_BAR_NO_HIGHER_PLAN,    /* upgrade: no higher edition or tier is priced */
	QA_BAR_NO_ADDONS,         /* the add-on actions: no add-ons */
	QA_BAR_SINGLE_LICENSE,    /* decrease an add-on: each has one license */
	QA_BAR__MAX
};

/* What decides the actions a subscription offers. */
struct quick_action_facts {
	enum sub_status status;          /* the subscription's, today */
	bool published;                  /* its product is published on the partner's storefront */
	bool higher_plan_priced;         /* a higher plan is priced for its period and currency */
	size_t addons;                   /* its add-ons (quick_action_addon_counts) */
	bool addon_with_several_licenses; /* one of them has more than one license */
};

/*
 * SPEC rule 17: buy licenses only if published; upgrade when a higher
 * plan is priced; cancel or decrease an add-on only if there are add-ons
 * (a decrease needs one with several licenses); cancel always; nothing on
 * an inactive subscription. Writes out[a] for every action a.
 */
void quick_actions_offered(const struct quick_action_facts *f, enum quick_action_bar out[QA__MAX]);

/*
 * True if app, an app subscription on a product, counts as its add-on on
 * today: any that is not inactive. A cancelled or expired app does not.
 */
bool quick_action_addon_counts(const struct subscription *app, tdate today);

/*
 * True when the plan (ed, users) is above (from_ed, from_users): never
 * lower on either axis and not the same plan.
 */
bool plan_is_upgrade(enum edition from_ed, int32_t from_users, enum edition ed, int32_t users);

/* ---- Quotes ---- */

/*
 * The status a quote stored as stored shows at today: an open quote past
 * its expiry date is expired; the others show as stored.
 */
enum quote_status quote_status_at(enum quote_status stored, tdate expires_on, tdate today);

/*
 * Only an open quote can be cancelled: TESS_ERR_CONFLICT (quote_not_open)
 * for one whose status, as shown (quote_status_at), is another.
 */
enum tess_err quote_check_cancel(enum quote_status shown, struct problem *p);

#endif
