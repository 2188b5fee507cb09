/*
 * Subscriptions as operations (ops/ops.h): cancelling one, now or at the
 * end of its term, with its apps (SPEC rule 14), and reactivating one;
 * and, for every operation that acts on a subscription, loading it by id
 * within the actor's tenancy.
 */
#ifndef TESSERA_OPS_SUBSCRIPTIONS_H
#define TESSERA_OPS_SUBSCRIPTIONS_H

#include "domain/lifecycle.h"
#include "ops/ops.h"

/*
 * Reads subscription id of tenancy t into out (strings in a). An id that
 * is not a subscription's, or one outside t, is TESS_ERR_NOT_FOUND
 * ("not_found", "No such subscription.").
 */
enum tess_err subscriptions_load(struct store_conn *c, struct tenancy t, const char *id,
				 struct arena *a, struct subscription *out, struct problem *p);

struct subscription_cancel_in {
	const char *subscription_id;
	enum cancel_when when;
	const char *note; /* recorded in the purchase history; "" for none */
};

/*
 * who cancels subscription in->subscription_id, now or at its term end
 * (lifecycle_cancel: TESS_ERR_CONFLICT already_inactive,
 * already_scheduled); a product's live apps go with it (SPEC rule 14).
 * Each subscription changed gets a purchase-history event
 * ("cancelled", "cancellation_scheduled") and an audit event
 * "subscription.cancel" with its state before and after. out names the
 * subscription.
 */
enum tess_err ops_subscription_cancel(struct store_conn *c, const struct actor *who,
				      const struct subscription_cancel_in *in, struct arena *a,
				      struct op_ref *out, struct problem *p);

struct subscription_reactivate_in {
	const char *subscription_id;
};

/*
 * who reactivates subscription in->subscription_id (lifecycle_reactivate,
 * SPEC rule 14: vendor support or admin only, TESS_ERR_FORBIDDEN
 * reactivation_not_allowed; TESS_ERR_CONFLICT not_cancelled,
 * parent_cancelled; TESS_ERR_REFUSED term_ended), with a "reactivated"
 * purchase-history event and an audit event "subscription.reactivate".
 * out names the subscription.
 */
enum tess_err ops_subscription_reactivate(struct store_conn *c, const struct actor *who,
					  const struct subscription_reactivate_in *in,
					  struct arena *a, struct op_ref *out, struct problem *p);

#endif
