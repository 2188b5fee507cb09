/*
 * Cancelling and reactivating subscriptions. Both decide in domain/
 * (lifecycle.c) and write through one step, change_state, that records
 * each change in the purchase history and the audit log.
 */
#include "ops/subscriptions.h"

#include <stdlib.h>
#include <string.h>

#include "ops/record.h"
#include "util/json_fmt.h"

enum tess_err subscriptions_load(struct store_conn *c, struct tenancy t, const char *id,
				 struct arena *a, struct subscription *out, struct problem *p)
{
	enum tess_err err;
	if (!id_valid("sub", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL,
				   "No such subscription.");
	err = store_subscription_get(c, t, id, a, out);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such subscription.");
	return err;
}

/* The part of a subscription a cancellation or reactivation changes, as audit JSON. */
static char *state_json(const struct subscription *s)
{
	return ops_json_text(json_pack("{s:s, s:o, s:b}", "state", sub_state_name(s->state),
				       "ended_on",
				       s->state != SUB_STATE_LIVE ? json_date(s->ended_on)
								  : json_null(),
				       "cancel_at_period_end", s->cancel_at_period_end));
}

/*
 * Applies change to s and records it: a purchase-history event of kind
 * with note, and the audit event action with the state before and after.
 */
static enum tess_err change_state(struct store_conn *c, const struct actor *who,
				  struct subscription *s, const struct cancel_change *change,
				  const char *kind, const char *note, const char *action)
{
	struct purchase_event ev;
	char *before = state_json(s), *after = NULL;
	enum tess_err err;

	err = store_subscription_set_state(c, s->pk, change->state, change->ended_on,
					   change->cancel_at_period_end, who->now);
	if (err != TESS_OK)
		goto done;
	s->state = change->state;
	s->ended_on = change->ended_on;
	s->cancel_at_period_end = change->cancel_at_period_end;
	after = state_json(s);

	memset(&ev, 0, sizeof(ev));
	ev.subscription_pk = s->pk;
	ev.at = who->now;
	ev.kind = kind;
	ev.actor_user_pk = who->user_pk;
	ev.quantity = s->quantity;
	ev.note = note;
	err = store_purchase_event_add(c, &ev);
	if (err == TESS_OK)
		err = ops_audit(c, who, action, "subscription", s->id, before, after);
done:
	free(before);
	free(after);
	return err;
}

static const char *cancel_kind(const struct cancel_change *change)
{
	return change->cancel_at_period_end ? "cancellation_scheduled" : "cancelled";
}

enum tess_err ops_subscription_cancel(struct store_conn *c, const struct actor *who,
				      const struct subscription_cancel_in *in, struct arena *a,
				      struct op_ref *out, struct problem *p)
{
	static const char action[] = "subscription.cancel";
	struct subscription s, *apps = NULL;
	struct cancel_change change, app_change;
	size_t n = 0;
	enum tess_err err = subscriptions_load(c, who->tenancy, in->subscription_id, a, &s, p);

	if (err == TESS_OK)
		err = lifecycle_cancel(&s, in->when, who->today, &change, p);
	if (err == TESS_OK)
		err = change_state(c, who, &s, &change, cancel_kind(&change), in->note, action);
	/* SPEC rule 14: a product's apps are cancelled with it. */
	if (err == TESS_OK && s.kind == PRODUCT_PRODUCT)
		err = store_subscription_apps(c, s.pk, a, &apps, &n);
	for (size_t i = 0; err == TESS_OK && i < n; i++)
		if (lifecycle_cascade_to_app(&apps[i], &change, &app_change))
			err = change_state(c, who, &apps[i], &app_change, cancel_kind(&app_change),
					   in->note, action);
	if (err == TESS_OK)
		memcpy(out->id, s.id, sizeof(out->id));
	return err;
}

enum tess_err ops_subscription_reactivate(struct store_conn *c, const struct actor *who,
					  const struct subscription_reactivate_in *in,
					  struct arena *a, struct op_ref *out, struct problem *p)
{
	struct subscription s, parent;
	struct cancel_change change;
	bool has_parent;
	enum tess_err err = subscriptions_load(c, who->tenancy, in->subscription_id, a, &s, p);

	if (err != TESS_OK)
		return err;
	has_parent = s.kind == PRODUCT_APP;
	if (has_parent) {
		err = store_subscription_get(c, who->tenancy, s.parent_id, a, &parent);
		if (err != TESS_OK)
			return err;
	}
	err = lifecycle_reactivate(&s, has_parent ? &parent : NULL, who->role, who->today, &change,
				   p);
	if (err == TESS_OK)
		err = change_state(c, who, &s, &change, "reactivated", "",
				   "subscription.reactivate");
	if (err == TESS_OK)
		memcpy(out->id, s.id, sizeof(out->id));
	return err;
}
