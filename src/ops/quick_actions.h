/*
 * The storefront's quick actions on a subscription (SPEC rule 17, the "I
 * want to..." menu) as an operation (ops/ops.h): buy licenses, upgrade
 * (all or part of the quantity), cancel an add-on or decrease its
 * licenses, cancel the subscription. Each action becomes a one-line
 * order. A customer contact's order waits for its partner's approval; a
 * partner's proceeds like a quote's order.
 *
 * Which actions a subscription offers, and why not, is decided once
 * (quick_actions_assess) for the list the API shows and for the
 * operation, so that both always agree.
 */
#ifndef TESSERA_OPS_QUICK_ACTIONS_H
#define TESSERA_OPS_QUICK_ACTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/lifecycle.h"
#include "domain/orders.h"
#include "domain/payment_terms.h"
#include "ops/ops.h"

/* What a subscription offers, and the facts the decision used. */
struct quick_action_offer {
	bool available[QA__MAX];
	const char *reason[QA__MAX]; /* why an action is not offered; NULL when it is */
	struct subscription *addons; /* its live app subscriptions */
	size_t naddons;
	bool listed;    /* the product is on the partner's storefront */
	bool published; /* ... and published there */
	int32_t markup_bp;
	struct price_row *prices; /* the product's catalog prices */
	size_t nprices;
};

/*
 * The actions subscription s offers on today (quick_actions_offered,
 * SPEC rule 17), from its storefront item, its add-ons and its product's
 * prices read on c; everything in out lives in a.
 */
enum tess_err quick_actions_assess(struct store_conn *c, struct arena *a,
				   const struct subscription *s, tdate today,
				   struct quick_action_offer *out);

/* A quick action and its fields; a field the action does not take is ignored. */
struct quick_action_in {
	const char *subscription_id;
	enum quick_action action;
	int32_t quantity; /* 0: not given */
	bool has_edition;
	enum edition edition;
	int32_t user_tier;  /* 0: not given */
	const char *addon;  /* the add-on's subscription id; NULL: not given */
	bool has_effective; /* cancellations: now unless given */
	enum cancel_when effective;
	const char *instructions; /* "" for none; any other text is reviewed (rule 12) */
	bool has_method;
	enum payment_method method;
};

/*
 * who orders quick action in->action on subscription
 * in->subscription_id of its tenancy (TESS_ERR_NOT_FOUND otherwise). An
 * action the subscription does not offer is TESS_ERR_CONFLICT
 * action_not_available (field "action", with the reason). The action's
 * own refusals are TESS_ERR_REFUSED: addon_not_found, not_an_upgrade,
 * quantity_too_large, upgrade_not_priced; those of lifecycle_cancel for
 * a cancellation; SPEC rule 5 (a partner's paid action on a monthly
 * cloud subscription, monthly_cloud_not_allowed_for_partners), rule 6
 * and rules 1-4 (orders_check_payment) for the order. The one-line
 * order is placed as orders_place places it; out names it.
 */
enum tess_err ops_quick_action(struct store_conn *c, const struct actor *who,
			       const struct quick_action_in *in, struct arena *a, struct op_ref *out,
			       struct problem *p);

#endif
