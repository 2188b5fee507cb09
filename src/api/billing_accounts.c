/*
 * Billing accounts: the partner accounts a quote is billed through. A
 * partner user sees its partner's accounts, vendor staff all of them. The
 * schema ties an account to a partner only, so a customer contact sees an
 * empty list, as it would find no account by id either; the store applies
 * the tenancy.
 */
#include "api/api.h"
#include "api/render.h"

/* A billing account as the list shows it (see docs/openapi.yaml, BillingAccount). */
static json_t *json_billing_account(const void *row, const struct req *r)
{
	(void)r;
	const struct billing_account *ba = row;
	return json_pack("{s:s, s:s, s:s, s:o}", "id", ba->id, "name", ba->name, "currency",
	                 ba->currency, "partner", json_ref(ba->partner_id, ba->partner_name));
}

enum tess_err api_billing_account_list(struct req *r, struct problem *p)
{
	struct billing_account *rows = NULL;
	size_t n = 0;
	bool more = false;
	struct page_params pg;
	enum tess_err err = page_params_read(r, NULL, 0, &pg, p);

	if (err == TESS_OK)
		err = store_billing_account_list(r->conn, r->tenancy, pg.after, pg.limit, r->arena,
		                                 &rows, &n, &more);
	if (err != TESS_OK)
		return err;
	return req_reply_page(r, rows, n, sizeof(*rows), json_billing_account, more,
	                      n > 0 ? rows[n - 1].pk : 0);
}
