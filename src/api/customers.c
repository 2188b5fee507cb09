/*
 * Customers: the customer organizations the caller may deal with, so that
 * a partner user can name one (and its site) in a quote. Partners see the
 * customers they manage, a customer contact its own organization, vendor
 * staff every customer; the store applies the tenancy.
 */
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
