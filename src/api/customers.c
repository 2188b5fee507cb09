/*
 * Customers: the customer organizations the caller may deal with, so that
 * a partner user can name one (and its site) in a quote. Partners see the
 * customers they manage, a customer contact its own organization, vendor
 * staff every customer; the store applies the tenancy. One customer is
 * shown with its contacts: who signs in for it, the technical contacts of
 * its subscriptions and licenses, and the billing contact whose address
 * decides its tax (SPEC rule 8).
 */
#include <string.h>

#include "api/api.h"
#include "api/render.h"

/* A customer as the list shows it (see docs/openapi.yaml, Customer). */
static json_t *json_customer(const void *row, const struct req *r)
{
	(void)r;
	const struct customer *cu = row;
	json_t *sites = json_array();
	if (sites == NULL)
		return NULL;
	for (size_t i = 0; i < cu->n_sites; i++) {
		if (json_array_append_new(sites, json_pack("{s:s, s:s}", "id", cu->sites[i].id,
		                                           "url", cu->sites[i].url)) != 0) {
			json_decref(sites);
			return NULL;
		}
	}
	return json_pack(
	    "{s:s, s:s, s:o, s:s, s:s, s:o}", "id", cu->id, "name", cu->name, "partner",
	    cu->partner_pk != 0 ? json_ref(cu->partner_id, cu->partner_name) : json_null(),
	    "country", cu->country, "state", cu->state, "sites", sites);
}

/* name: part of the customer's name, so that a partner finds one among many. */
static const struct field_spec list_query[] = {
    {"name", FIELD_STRING, false, 1, 200, NULL, NULL},
};

enum tess_err api_customer_list(struct req *r, struct problem *p)
{
	struct customer *rows = NULL;
	size_t n = 0;
	bool more = false;
	struct page_params pg;
	enum tess_err err = page_params_read(r, list_query, sizeof(list_query) / sizeof(list_query[0]),
					     &pg, p);

	if (err == TESS_OK)
		err = store_customer_list(r->conn, r->tenancy, req_query(r, "name"), pg.after,
		                          pg.limit, r->arena, &rows, &n, &more);
	if (err != TESS_OK)
		return err;
	return req_reply_page(r, rows, n, sizeof(*rows), json_customer, more,
	                      n > 0 ? rows[n - 1].pk : 0);
}

/* The billing contact with its address (SPEC rule 8), or null without one. */
static json_t *json_billing_contact(struct req *r, int64_t customer_pk, enum tess_err *err)
{
	struct contact b;

	*err = store_customer_billing_contact(r->conn, customer_pk, r->arena, &b);
	if (*err == TESS_ERR_NOT_FOUND) {
		*err = TESS_OK;
		return json_null();
	}
	if (*err != TESS_OK)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "id", b.id, "name",
	                 b.name, "email", b.email, "phone", b.phone, "address", "line",
	                 b.address_line, "city", b.city, "postal_code", b.postal_code, "country",
	                 b.country, "state", b.state);
}

/* Adds the customer's customer and technical contacts to o. */
static enum tess_err put_contacts(struct req *r, int64_t customer_pk, json_t *o)
{
	struct contact *cts = NULL;
	size_t n = 0;
	json_t *customer = json_array(), *technical = json_array();
	enum tess_err err = customer != NULL && technical != NULL
	                        ? store_customer_contacts(r->conn, customer_pk, r->arena, &cts, &n)
	                        : TESS_ERR_INTERNAL;

	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		bool tech = cts[i].role != CONTACT_CUSTOMER;
		json_t *c = json_pack("{s:s, s:s, s:s}", "id", cts[i].id, "name", cts[i].name,
		                      "email", cts[i].email);
		if (c != NULL && tech)
			json_object_set_new(c, "primary",
			                    json_boolean(cts[i].role == CONTACT_TECHNICAL_PRIMARY));
		if (json_array_append_new(tech ? technical : customer, c) != 0)
			err = TESS_ERR_INTERNAL;
	}
	if (err == TESS_OK && (json_object_set_new(o, "customer_contacts", customer) != 0 ||
	                       json_object_set_new(o, "technical_contacts", technical) != 0))
		return TESS_ERR_INTERNAL;
	if (err != TESS_OK) {
		json_decref(customer);
		json_decref(technical);
	}
	return err;
}

enum tess_err api_customer_get(struct req *r, struct problem *p)
{
	const char *id = r->params[0];
	struct customer cu;
	json_t *o = NULL, *billing;
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err != TESS_OK)
		return err;
	err = id_valid("org", id, strlen(id))
	          ? store_customer_get(r->conn, r->tenancy, id, r->arena, &cu)
	          : TESS_ERR_NOT_FOUND;
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such customer.");
	if (err != TESS_OK)
		return err;
	o = json_customer(&cu, r);
	billing = o != NULL ? json_billing_contact(r, cu.pk, &err) : NULL;
	if (billing != NULL && json_object_set_new(o, "billing_contact", billing) != 0)
		err = TESS_ERR_INTERNAL;
	else if (billing == NULL && err == TESS_OK)
		err = TESS_ERR_INTERNAL;
	if (err == TESS_OK)
		err = put_contacts(r, cu.pk, o);
	if (err != TESS_OK) {
		json_decref(o);
		return err;
	}
	req_reply(r, 200, o);
	return TESS_OK;
}
