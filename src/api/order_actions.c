/*
 * Quick actions on a subscription (SPEC rule 17, the storefront's "I want
 * to..." menu): the actions a subscription offers, and ordering one
 * (ops_quick_action, ops/quick_actions.h). Which actions are offered is
 * decided once, by quick_actions_assess, for the list and for the order.
 */
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "ops/quick_actions.h"
#include "ops/subscriptions.h"
#include "http/validate.h"

static const char *const action_names[QA__MAX + 1] = {
	[QA_BUY_LICENSES] = "buy_licenses", [QA_UPGRADE] = "upgrade",
	[QA_CANCEL_ADDON] = "cancel_addon", [QA_DECREASE_ADDON] = "decrease_addon",
	[QA_CANCEL] = "cancel",             [QA__MAX] = NULL,
};

static const char *const effective_choices[] = {"now", "term_end", NULL};

#define QA_QUANTITY_MAX 100000
#define QA_USER_TIER_MAX 1000000
#define QA_INSTRUCTIONS_MAX 2000

static const struct field_spec action_body[] = {
	{"action", FIELD_ENUM, true, 0, 0, action_names, NULL},
	{"quantity", FIELD_INT, false, 1, QA_QUANTITY_MAX, NULL, NULL},
	{"edition", FIELD_ENUM, false, 0, 0, edition_choices, NULL},
	{"user_tier", FIELD_INT, false, 1, QA_USER_TIER_MAX, NULL, NULL},
	{"addon", FIELD_ID, false, 0, 0, NULL, "sub"},
	{"effective", FIELD_ENUM, false, 0, 0, effective_choices, NULL},
	{"instructions", FIELD_STRING, false, 0, QA_INSTRUCTIONS_MAX, NULL, NULL},
	{"payment_method", FIELD_ENUM, false, 0, 0, payment_method_choices, NULL},
};

/* The fields each action takes ("action" always) and those it needs. */
static const struct {
	const char *takes[6];
	const char *needs[2];
} action_fields[QA__MAX] = {
	[QA_BUY_LICENSES] = {{"quantity", "instructions", "payment_method"}, {"quantity"}},
	[QA_UPGRADE] = {{"quantity", "edition", "user_tier", "instructions", "payment_method"},
			{NULL}},
	[QA_CANCEL_ADDON] = {{"addon", "effective", "instructions"}, {"addon"}},
	[QA_DECREASE_ADDON] = {{"addon", "quantity", "effective", "instructions"},
			       {"addon", "quantity"}},
	[QA_CANCEL] = {{"quantity", "effective", "instructions"}, {NULL}},
};

enum tess_err api_subscription_actions(struct req *r, struct problem *p)
{
	struct subscription s;
	struct quick_action_offer as;
	json_t *items;
	enum tess_err err = req_query_allow(r, (const char *const[]){NULL}, p);

	if (err == TESS_OK)
		err = subscriptions_load(r->conn, r->tenancy, r->params[0], r->arena, &s, p);
	if (err == TESS_OK)
		err = quick_actions_assess(r->conn, r->arena, &s, r->today, &as);
	if (err != TESS_OK)
		return err;
	items = json_array();
	for (int k = 0; items != NULL && k < QA__MAX; k++)
		json_array_append_new(items,
				      json_pack("{s:s, s:b, s:o}", "action", action_names[k],
						"available", as.available[k], "reason",
						as.available[k] ? json_null() : json_string(as.reason[k])));
	if (items == NULL)
		return TESS_ERR_INTERNAL;
	req_reply(r, 200, json_pack("{s:o}", "data", items));
	return TESS_OK;
}

/* ---- Ordering a quick action ---- */

API_OP_UNIT(action_unit, ops_quick_action, struct quick_action_in, 201, "order")

/* Refuses fields the action does not take and missing fields it needs (SPEC: bad input is 400). */
static enum tess_err check_action_fields(json_t *body, enum quick_action a, struct problem *p)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		bool ok = strcmp(key, "action") == 0;
		for (size_t i = 0; !ok && i < 6 && action_fields[a].takes[i] != NULL; i++)
			ok = strcmp(key, action_fields[a].takes[i]) == 0;
		if (!ok)
			return problem_set(p, TESS_ERR_INVALID, "field_not_allowed", key,
					   "'%s' does not apply to %s.", key, action_names[a]);
	}
	for (size_t i = 0; i < 2 && action_fields[a].needs[i] != NULL; i++)
		if (json_object_get(body, action_fields[a].needs[i]) == NULL)
			return problem_set(p, TESS_ERR_INVALID, "required",
					   action_fields[a].needs[i], "%s needs '%s'.",
					   action_names[a], action_fields[a].needs[i]);
	if (a == QA_UPGRADE && json_object_get(body, "edition") == NULL &&
	    json_object_get(body, "user_tier") == NULL)
		return problem_set(p, TESS_ERR_INVALID, "required", "edition",
				   "An upgrade needs an 'edition', a 'user_tier' or both.");
	return TESS_OK;
}

enum tess_err api_subscription_action(struct req *r, struct problem *p)
{
	struct action_unit_call x;
	struct quick_action_in *in = &x.in;
	json_t *v;
	int k;
	enum tess_err err = validate_body(r->body, action_body,
					  sizeof(action_body) / sizeof(action_body[0]), p);
	if (err != TESS_OK)
		return err;
	memset(&x, 0, sizeof(x));
	x.who = req_actor(r);
	in->subscription_id = r->params[0];
	in->instructions = "";
	v = json_object_get(r->body, "action");
	for (k = 0; k < QA__MAX && strcmp(action_names[k], json_string_value(v)) != 0; k++)
		;
	if (k == QA__MAX)
		return problem_set(p, TESS_ERR_INVALID, "invalid", "action", "Unknown action.");
	in->action = (enum quick_action)k;
	err = check_action_fields(r->body, in->action, p);
	if (err != TESS_OK)
		return err;
	if ((v = json_object_get(r->body, "quantity")) != NULL)
		in->quantity = (int32_t)json_integer_value(v);
	if ((v = json_object_get(r->body, "edition")) != NULL)
		in->has_edition = edition_parse(json_string_value(v), &in->edition);
	if ((v = json_object_get(r->body, "user_tier")) != NULL)
		in->user_tier = (int32_t)json_integer_value(v);
	if ((v = json_object_get(r->body, "addon")) != NULL)
		in->addon = json_string_value(v);
	if ((v = json_object_get(r->body, "effective")) != NULL) {
		in->has_effective = true;
		in->effective = strcmp(json_string_value(v), "term_end") == 0 ? CANCEL_AT_TERM_END
									     : CANCEL_NOW;
	}
	if ((v = json_object_get(r->body, "instructions")) != NULL)
		in->instructions = json_string_value(v);
	if ((v = json_object_get(r->body, "payment_method")) != NULL)
		in->has_method = payment_method_parse(json_string_value(v), &in->method);
	return req_run_unit(r, action_unit, &x, sizeof(x), p);
}
