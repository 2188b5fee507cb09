#include "domain/orders.h"

#include "domain/lifecycle.h"

#include <string.h>

/* Where an event leads; ONWARD and REVIEW_OR_ONWARD depend on the order's flags. */
enum next {
	NEXT_NONE, /* the event does not apply in this status */
	NEXT_REVIEW_OR_ONWARD,
	NEXT_ONWARD,
	NEXT_EXECUTED,
	NEXT_CANCELED,
};

/* SPEC rule 18: the whole state machine. Rows not listed are final. */
static const enum next transitions[ORDER_STATUS__MAX][ORDER_EVENT__MAX] = {
	[ORDER_PENDING_RESELLER_APPROVAL] =
		{
			[ORDER_EV_PARTNER_APPROVE] = NEXT_REVIEW_OR_ONWARD,
			[ORDER_EV_PARTNER_REJECT] = NEXT_CANCELED,
		},
	[ORDER_PENDING_REVIEW] =
		{
			[ORDER_EV_VENDOR_APPROVE] = NEXT_ONWARD,
			[ORDER_EV_VENDOR_REJECT] = NEXT_CANCELED,
		},
	[ORDER_IN_PROGRESS] =
		{
			[ORDER_EV_EXECUTE] = NEXT_EXECUTED,
			[ORDER_EV_CANCEL] = NEXT_CANCELED,
		},
};

static const struct {
	const char *name;
	unsigned roles;
} events[ORDER_EVENT__MAX] = {
	[ORDER_EV_PARTNER_APPROVE] = {"partner_approve", ROLE_BIT(ROLE_PARTNER_USER)},
	[ORDER_EV_PARTNER_REJECT] = {"partner_reject", ROLE_BIT(ROLE_PARTNER_USER)},
	[ORDER_EV_VENDOR_APPROVE] = {"vendor_approve", ROLE_BIT(ROLE_VENDOR_ADMIN)},
	[ORDER_EV_VENDOR_REJECT] = {"vendor_reject", ROLE_BIT(ROLE_VENDOR_ADMIN)},
	[ORDER_EV_EXECUTE] = {"execute", ROLE_BIT(ROLE_VENDOR_ADMIN)},
	[ORDER_EV_CANCEL] = {"cancel", ROLE_BIT(ROLE_VENDOR_ADMIN)},
};

static const char *const line_actions[ORDER_LINE_ACTION__MAX] = {
	[ORDER_LINE_NEW] = "new",
	[ORDER_LINE_RENEW] = "renew",
	[ORDER_LINE_UPGRADE] = "upgrade",
	[ORDER_LINE_ADD_LICENSES] = "add_licenses",
	[ORDER_LINE_DECREASE] = "decrease",
	[ORDER_LINE_CANCEL] = "cancel",
	[ORDER_LINE_CANCEL_ADDON] = "cancel_addon",
};

static const char *const origins[ORDER_ORIGIN__MAX] = {
	[ORDER_BY_PARTNER] = "partner",
	[ORDER_BY_CUSTOMER] = "customer",
};

static bool name_parse(const char *const *names, int n, const char *s, int *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

const char *order_line_action_name(enum order_line_action a)
{
	if ((int)a < 0 || a >= ORDER_LINE_ACTION__MAX)
		return "";
	return line_actions[a];
}

bool order_line_action_parse(const char *s, enum order_line_action *out)
{
	int i;
	if (!name_parse(line_actions, ORDER_LINE_ACTION__MAX, s, &i))
		return false;
	*out = (enum order_line_action)i;
	return true;
}

const char *order_origin_name(enum order_origin o)
{
	if ((int)o < 0 || o >= ORDER_ORIGIN__MAX)
		return "";
	return origins[o];
}

bool order_origin_parse(const char *s, enum order_origin *out)
{
	int i;
	if (!name_parse(origins, ORDER_ORIGIN__MAX, s, &i))
		return false;
	*out = (enum order_origin)i;
	return true;
}

const char *order_event_name(enum order_event ev)
{
	if ((int)ev < 0 || ev >= ORDER_EVENT__MAX)
		return "";
	return events[ev].name;
}

bool order_event_parse(const char *s, enum order_event *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < ORDER_EVENT__MAX; i++) {
		if (strcmp(events[i].name, s) == 0) {
			*out = (enum order_event)i;
			return true;
		}
	}
	return false;
}

unsigned order_event_roles(enum order_event ev)
{
	if ((int)ev < 0 || ev >= ORDER_EVENT__MAX)
		return 0;
	return events[ev].roles;
}

static enum order_status onward(const struct order_flags *f)
{
	/*
	 * SPEC rule 18: in progress means not automatically provisioned: the
	 * order waits for the payment of its invoice. With nothing to pay
	 * there is nothing to wait for.
	 */
	return f->auto_provisioned ? ORDER_EXECUTED : ORDER_IN_PROGRESS;
}

struct order_flags order_flags_of(bool needs_review, struct money total)
{
	struct order_flags f = {needs_review, total.minor == 0};
	return f;
}

bool order_issues_invoice(enum order_status from, enum order_status to)
{
	return to == ORDER_IN_PROGRESS && from != ORDER_IN_PROGRESS;
}

enum order_status order_initial_status(enum order_origin origin, const struct order_flags *f)
{
	switch (origin) {
	case ORDER_BY_CUSTOMER:
		/* SPEC rule 17: storefront orders wait for partner approval. */
		return ORDER_PENDING_RESELLER_APPROVAL;
	case ORDER_BY_PARTNER:
	case ORDER_ORIGIN__MAX:
		break;
	}
	return f->needs_review ? ORDER_PENDING_REVIEW : onward(f);
}

enum tess_err order_transition(enum order_status from, enum order_event ev,
			       const struct order_flags *f, enum order_status *to,
			       struct problem *p)
{
	if ((int)from < 0 || from >= ORDER_STATUS__MAX || (int)ev < 0 || ev >= ORDER_EVENT__MAX)
		return problem_set(p, TESS_ERR_INVALID, "order_event_invalid", "event",
				   "Unknown order status or event");
	switch (transitions[from][ev]) {
	case NEXT_NONE:
		if (from == ORDER_EXECUTED || from == ORDER_CANCELED)
			return problem_set(p, TESS_ERR_CONFLICT, "order_transition_invalid",
					   "event", "The order is already %s: it cannot change",
					   order_status_name(from));
		return problem_set(p, TESS_ERR_CONFLICT, "order_transition_invalid", "event",
				   "An order that is %s cannot take '%s'",
				   order_status_name(from), order_event_name(ev));
	case NEXT_REVIEW_OR_ONWARD:
		*to = f->needs_review ? ORDER_PENDING_REVIEW : onward(f);
		return TESS_OK;
	case NEXT_ONWARD:
		*to = onward(f);
		return TESS_OK;
	case NEXT_EXECUTED:
		*to = ORDER_EXECUTED;
		return TESS_OK;
	case NEXT_CANCELED:
		*to = ORDER_CANCELED;
		return TESS_OK;
	}
	return TESS_ERR_INTERNAL;
}

bool order_needs_review(bool coterm_requested, const char *notes, size_t notes_len)
{
	/* SPEC rule 11: every co-term request is reviewed by a person. */
	if (coterm_requested)
		return true;
	/* Free-text notes are instructions only a person can carry out. */
	for (size_t i = 0; notes != NULL && i < notes_len; i++)
		if (notes[i] != ' ' && notes[i] != '\t' && notes[i] != '\n' && notes[i] != '\r')
			return true;
	return false;
}

const char *order_customer_message(enum order_status status)
{
	switch (status) {
	case ORDER_PENDING_REVIEW:
		/* SPEC rule 12. */
		return ORDER_REVIEW_MESSAGE;
	case ORDER_PENDING_RESELLER_APPROVAL:
	case ORDER_IN_PROGRESS:
	case ORDER_EXECUTED:
	case ORDER_CANCELED:
	case ORDER_STATUS__MAX:
		break;
	}
	return NULL;
}

enum tess_err order_check_channel(enum org_kind buyer_kind, int64_t distributor_pk,
				  struct problem *p)
{
	/* SPEC rule 6: buying through a distributor is two-tier reselling. */
	if (buyer_kind == ORG_PARTNER && distributor_pk != 0)
		return problem_set(p, TESS_ERR_REFUSED, "two_tier_reselling_not_allowed",
				   "distributor",
				   "Resellers must buy directly from the vendor: buying through a "
				   "distributor is two-tier reselling and is not allowed");
	return TESS_OK;
}

enum tess_err order_check_partner_line(enum order_origin origin, enum hosting h,
				       enum billing_period period, struct problem *p)
{
	/* SPEC rule 5: partners buy annual cloud subscriptions only. */
	if (origin == ORDER_BY_PARTNER && h == HOSTING_CLOUD && period == PERIOD_MONTHLY)
		return problem_set(p, TESS_ERR_REFUSED,
				   "monthly_cloud_not_allowed_for_partners", "billing_period",
				   "Partners cannot buy monthly cloud subscriptions for a "
				   "customer: choose annual billing");
	return TESS_OK;
}

void quick_actions_offered(const struct quick_action_facts *f, enum quick_action_bar out[QA__MAX])
{
	if (f->status == SUB_INACTIVE) {
		for (int k = 0; k < QA__MAX; k++)
			out[k] = QA_BAR_INACTIVE;
		return;
	}
	out[QA_BUY_LICENSES] = f->published ? QA_OFFERED : QA_BAR_NOT_PUBLISHED;
	out[QA_UPGRADE] = f->higher_plan_priced ? QA_OFFERED : QA_BAR_NO_HIGHER_PLAN;
	out[QA_CANCEL_ADDON] = f->addons > 0 ? QA_OFFERED : QA_BAR_NO_ADDONS;
	out[QA_DECREASE_ADDON] = f->addons == 0                     ? QA_BAR_NO_ADDONS
				 : f->addon_with_several_licenses ? QA_OFFERED
								  : QA_BAR_SINGLE_LICENSE;
	out[QA_CANCEL] = QA_OFFERED;
}

bool quick_action_addon_counts(const struct subscription *app, tdate today)
{
	return sub_status_on(app, today) != SUB_INACTIVE;
}

bool plan_is_upgrade(enum edition from_ed, int32_t from_users, enum edition ed, int32_t users)
{
	return ed >= from_ed && users >= from_users && (ed != from_ed || users != from_users);
}

enum quote_status quote_status_at(enum quote_status stored, tdate expires_on, tdate today)
{
	return stored == QUOTE_OPEN && expires_on < today ? QUOTE_EXPIRED : stored;
}

enum tess_err quote_check_cancel(enum quote_status shown, struct problem *p)
{
	if (shown != QUOTE_OPEN)
		return problem_set(p, TESS_ERR_CONFLICT, "quote_not_open", NULL,
				   "Only open quotes can be cancelled; this one is %s.",
				   quote_status_name(shown));
	return TESS_OK;
}
