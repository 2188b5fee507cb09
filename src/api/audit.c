/*
 * The audit log, for vendor staff: who changed what, with the state
 * before and after; the whole log or the events of one object or of one
 * user, oldest or newest first.
 */
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "http/validate.h"

/* object_id: any object's public id (a subscription, an order, a quote, ...). */
static const struct field_spec list_query[] = {
	{"object_id", FIELD_STRING, false, 1, 64, NULL, NULL},
	{"actor", FIELD_ID, false, 0, 0, NULL, "usr"},
};

/* Parses stored JSON text back into a value; null when absent. */
static json_t *stored_json(const char *text)
{
	json_t *v;
	if (text == NULL)
		return json_null();
	v = json_loads(text, 0, NULL);
	return v != NULL ? v : json_null();
}

static json_t *audit_row_json(const void *row, const struct req *r)
{
	const struct audit_row *e = row;
	(void)r;
	return json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "id", e->id, "at",
			 json_ts(e->at), "actor_user_id",
			 e->actor_user_id[0] ? json_string(e->actor_user_id) : json_null(),
			 "action", e->action, "object_type", e->object_type, "object_id",
			 e->object_id, "before", stored_json(e->before_json), "after",
			 stored_json(e->after_json));
}

enum tess_err api_audit_list(struct req *r, struct problem *p)
{
	struct audit_row *rows = NULL;
	struct audit_filter f;
	struct page_params pg;
	size_t n = 0;
	bool more = false;
	enum tess_err err = page_params_read_ordered(
		r, list_query, sizeof(list_query) / sizeof(list_query[0]), &pg, p);

	if (err != TESS_OK)
		return err;
	f = (struct audit_filter){req_query(r, "object_id"), req_query(r, "actor"), pg.newest,
				  pg.after, pg.limit};
	err = store_audit_list(r->conn, &f, r->arena, &rows, &n, &more);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", "actor", "No such user.");
	if (err != TESS_OK)
		return err;
	return req_reply_page_in(r, &pg, rows, n, sizeof(*rows), audit_row_json, more,
				 n > 0 ? rows[n - 1].pk : 0);
}
