#include "api/render.h"

#include <stdlib.h>
#include <string.h>

#include "domain/lifecycle.h"
#include "util/cursor.h"
#include "util/id.h"

json_t *json_ref(const char *id, const char *name)
{
	return json_pack("{s:s, s:s}", "id", id, "name", name != NULL ? name : "");
}

json_t *json_page(json_t *items, bool more, int64_t last_key)
{
	char cursor[CURSOR_MAX];
	if (!more)
		return json_pack("{s:o, s:n}", "data", items, "next");
	cursor_encode(last_key, cursor);
	return json_pack("{s:o, s:s}", "data", items, "next", cursor);
}

struct actor req_actor(const struct req *r)
{
	return actor_of(r->who, r->now, r->today, r->request_id);
}

enum tess_err req_reply_page(struct req *r, const void *rows, size_t n, size_t size,
			     page_row_fn fn, bool more, int64_t last_key)
{
	json_t *items = json_array();

	if (items == NULL)
		return TESS_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(items, fn((const char *)rows + i * size, r)) != 0) {
			json_decref(items);
			return TESS_ERR_INTERNAL;
		}
	}
	req_reply(r, 200, json_page(items, more, last_key));
	return TESS_OK;
}

/* An integer, or null when negative (not applicable). */
static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

/*
 * A list page holds fifty of these, so they are built with jansson's
 * unchecked setters (no format string to parse, no UTF-8 pass): the keys
 * are literals, and the text comes from the store, which holds only what
 * the API accepted as UTF-8 or the demo data's literals.
 */
static void put(json_t *o, const char *key, json_t *v)
{
	(void)json_object_set_new_nocheck(o, key, v);
}

static json_t *text(const char *s)
{
	return json_string_nocheck(s != NULL ? s : "");
}

static json_t *date_text(tdate d)
{
	char s[11];
	date_format(d, s);
	return json_string_nocheck(s);
}

static json_t *ref_text(const char *id, const char *name)
{
	json_t *o = json_object();
	put(o, "id", text(id));
	put(o, "name", text(name));
	return o;
}

json_t *json_subscription(const struct subscription *s, tdate today)
{
	char status[64];
	json_t *o = json_object(), *product = json_object(), *site = json_null();

	if (o == NULL || product == NULL) {
		json_decref(o);
		json_decref(product);
		return NULL;
	}
	sub_status_text(s, today, status, sizeof(status));
	put(o, "id", text(s->id));
	put(o, "kind", text(product_kind_name(s->kind)));
	put(o, "parent_id", s->parent_pk != 0 ? text(s->parent_id) : json_null());
	put(product, "id", text(s->product_id));
	put(product, "code", text(s->product_code));
	put(product, "name", text(s->product_name));
	put(product, "kind", text(product_kind_name(s->kind)));
	put(product, "hosting", text(hosting_name(s->hosting)));
	put(o, "product", product);
	put(o, "plan", text(edition_name(s->edition)));
	put(o, "user_tier", json_integer(s->user_tier));
	put(o, "quantity", json_integer(s->quantity));
	put(o, "active_users", json_integer(s->active_users));
	put(o, "status", text(sub_status_name(sub_status_on(s, today))));
	put(o, "state", text(sub_state_name(s->state)));
	put(o, "status_text", text(status));
	put(o, "days_until_renewal", int_or_null(sub_days_until_renewal(s, today)));
	put(o, "starts_in_days", int_or_null(sub_starts_in_days(s, today)));
	put(o, "start_date", date_text(s->start_date));
	put(o, "bill_date", date_text(s->period_end));
	put(o, "billing_period", text(billing_period_name(s->period)));
	if (s->site_pk != 0) {
		site = json_object();
		put(site, "id", text(s->site_id));
		put(site, "url", text(s->site_url));
	}
	put(o, "site", site);
	put(o, "site_setup_required", json_boolean(sub_site_setup_required(s, today)));
	put(o, "partner", ref_text(s->partner_id, s->partner_name));
	put(o, "customer", ref_text(s->customer_id, s->customer_name));
	put(o, "entitlement_number", text(s->entitlement_number));
	put(o, "sen", text(s->sen));
	put(o, "ended_on", s->state != SUB_STATE_LIVE ? date_text(s->ended_on) : json_null());
	put(o, "cancel_at_period_end", json_boolean(s->cancel_at_period_end));
	return o;
}

static const struct field_spec page_specs[] = {
	{"limit", FIELD_INT, false, 1, LIST_LIMIT_MAX, NULL, NULL},
	{"after", FIELD_STRING, false, 1, CURSOR_MAX, NULL, NULL},
};

enum tess_err query_params_read(struct req *r, const struct field_spec *a, size_t na,
				const struct field_spec *b, size_t nb, struct problem *p)
{
	const char **allowed = arena_alloc(r->arena, sizeof(*allowed) * (na + nb + 1));
	enum tess_err err;

	for (size_t i = 0; i < na; i++)
		allowed[i] = a[i].name;
	for (size_t i = 0; i < nb; i++)
		allowed[na + i] = b[i].name;
	allowed[na + nb] = NULL;
	err = req_query_allow(r, allowed, p);
	for (size_t i = 0; err == TESS_OK && i < na + nb; i++) {
		const struct field_spec *f = i < na ? &a[i] : &b[i - na];
		err = validate_query(req_query(r, f->name), f, p);
	}
	return err;
}

enum tess_err page_params_read(struct req *r, const struct field_spec *specs, size_t n,
			       struct page_params *out, struct problem *p)
{
	const char *v;
	enum tess_err err = query_params_read(r, specs, n, page_specs,
					      sizeof(page_specs) / sizeof(page_specs[0]), p);

	if (err != TESS_OK)
		return err;
	out->limit = LIST_LIMIT_DEFAULT;
	out->after = 0;
	if ((v = req_query(r, "limit")) != NULL)
		out->limit = (int)strtol(v, NULL, 10);
	if ((v = req_query(r, "after")) != NULL && !cursor_decode(v, &out->after))
		return problem_set(p, TESS_ERR_INVALID, "invalid_cursor", "after",
				   "The cursor is not one this API returned.");
	return TESS_OK;
}

enum tess_err req_reply_one(struct req *r, const char *prefix, reply_render_fn render,
			    const char *missing, struct problem *p)
{
	const char *id = r->params[0];
	json_t *v = NULL;
	enum tess_err err = req_query_allow(r, NULL, p);
	if (err != TESS_OK)
		return err;
	err = id_valid(prefix, id, strlen(id)) ? render(r, id, &v) : TESS_ERR_NOT_FOUND;
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "%s", missing);
	if (err == TESS_OK)
		req_reply(r, 200, v);
	return err;
}
