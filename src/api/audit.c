/* The audit log, for vendor staff: every change to one object, oldest first. */
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "http/validate.h"

static const struct field_spec object_param = {"object_id", FIELD_STRING, true, 1, 64, NULL,
						NULL};
static const char *const audit_params[] = {"object_id", NULL};

/* Parses stored JSON text back into a value; null when absent. */
static json_t *stored_json(const char *text)
{
	json_t *v;
	if (text == NULL)
		return json_null();
	v = json_loads(text, 0, NULL);
	return v != NULL ? v : json_null();
}

enum tess_err api_audit_list(struct req *r, struct problem *p)
{
	struct audit_row *rows = NULL;
	size_t n = 0;
	json_t *items;
	enum tess_err err = req_query_allow(r, audit_params, p);

	if (err == TESS_OK)
		err = validate_query(req_query(r, "object_id"), &object_param, p);
	if (err == TESS_OK)
		err = store_audit_for_object(r->conn, req_query(r, "object_id"), r->arena, &rows,
					     &n);
	if (err != TESS_OK)
		return err;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "id", rows[i].id,
				      "at", json_ts(rows[i].at), "actor_user_id",
				      rows[i].actor_user_id[0] ? json_string(rows[i].actor_user_id)
							       : json_null(),
				      "action", rows[i].action, "object_type", rows[i].object_type,
				      "object_id", rows[i].object_id, "before",
				      stored_json(rows[i].before_json), "after",
				      stored_json(rows[i].after_json));
		if (json_array_append_new(items, e) != 0) {
			json_decref(items);
			return TESS_ERR_INTERNAL;
		}
	}
	req_reply(r, 200, json_page(items, false, 0));
	return TESS_OK;
}
