/*
 * Self-managed licenses: customers see their own, partners those of their
 * customers, vendor staff all. The key itself is shown only to whom SPEC
 * rule 13 allows (license_key_visible): the technical contacts on the
 * license who sign in as customer contacts, the partner that originally
 * purchased it, and vendor staff. Everyone else reads null.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "domain/licensing.h"
#include "http/validate.h"
#include "util/cursor.h"

/* A license as the API shows it, with its technical contacts and, if visible, its key. */
static enum tess_err license_json(struct req *r, const struct license *l, json_t **out)
{
	struct license_contact *cts = NULL;
	struct license_key_audience aud;
	int64_t *users;
	size_t n = 0, nu = 0;
	bool visible;
	json_t *contacts, *o;
	enum tess_err err = store_license_contacts(r->conn, l->pk, r->arena, &cts, &n);

	if (err != TESS_OK)
		return err;
	users = arena_alloc(r->arena, (n > 0 ? n : 1) * sizeof(*users));
	contacts = json_array();
	for (size_t i = 0; i < n; i++) {
		if (cts[i].user_pk != 0)
			users[nu++] = cts[i].user_pk;
		json_array_append_new(contacts,
		                      json_pack("{s:s, s:s, s:s, s:b}", "id", cts[i].contact.id,
		                                "name", cts[i].contact.name, "email",
		                                cts[i].contact.email, "primary",
		                                cts[i].contact.role == CONTACT_TECHNICAL_PRIMARY));
	}
	aud.original_purchaser_pk = l->purchaser_partner_pk;
	aud.technical_user_pks = users;
	aud.n_technical = nu;
	visible = license_key_visible(r->who, &aud);
	o = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}, s:s, s:i, s:o, s:o, s:o, s:o, s:s, "
	              "s:o, s:b, s:o, s:o}",
	              "id", l->id, "sen", l->sen, "product", "id", l->product_id, "code",
	              l->product_code, "name", l->product_name, "kind",
	              product_kind_name(l->product_kind), "hosting", hosting_name(l->hosting),
	              "edition", edition_name(l->edition), "user_tier", (json_int_t)l->user_tier,
	              "customer", json_ref(l->customer_id, l->customer_name), "original_purchaser",
	              l->purchaser_partner_pk != 0
	                  ? json_ref(l->purchaser_partner_id, l->purchaser_partner_name)
	                  : json_null(),
	              "maintenance_start", json_date(l->maintenance_start), "maintenance_end",
	              json_date(l->maintenance_end), "state", license_state_name(l->state),
	              "license_key", visible ? json_string(l->license_key) : json_null(),
	              "license_key_visible", visible, "technical_contacts", contacts, "created_at",
	              json_ts(l->created_at));
	if (o == NULL)
		return TESS_ERR_INTERNAL;
	*out = o;
	return TESS_OK;
}

static const struct field_spec list_query[] = {
    {"customer", FIELD_ID, false, 0, 0, NULL, "org"},
};

enum tess_err api_license_list(struct req *r, struct problem *p)
{
	struct license *rows = NULL;
	size_t n = 0;
	bool more = false;
	struct page_params pg;
	int64_t customer = 0;
	json_t *items;
	enum tess_err err =
	    page_params_read(r, list_query, sizeof(list_query) / sizeof(list_query[0]), &pg, p);

	if (err == TESS_OK)
		err = req_customer_filter(r, "customer", &customer, p);
	if (err != TESS_OK)
		return err;
	err = store_license_page(r->conn, r->tenancy, customer, pg.after, pg.limit, r->arena, &rows,
	                         &n, &more);
	if (err != TESS_OK)
		return err;
	items = json_array();
	if (items == NULL)
		return TESS_ERR_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = NULL;
		err = license_json(r, &rows[i], &o);
		if (err != TESS_OK) {
			json_decref(items);
			return err;
		}
		json_array_append_new(items, o);
	}
	req_reply(r, 200, json_page(items, more, n > 0 ? rows[n - 1].pk : 0));
	return TESS_OK;
}

enum tess_err api_license_get(struct req *r, struct problem *p)
{
	struct license l;
	const char *id = r->params[0];
	json_t *o = NULL;
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err != TESS_OK)
		return err;
	if (!id_valid("lic", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such license.");
	err = store_license_get(r->conn, r->tenancy, id, r->arena, &l);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such license.");
	if (err == TESS_OK)
		err = license_json(r, &l, &o);
	if (err == TESS_OK)
		req_reply(r, 200, o);
	return err;
}
