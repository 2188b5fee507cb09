#include "ops/record.h"

#include <stdlib.h>
#include <string.h>

#include "util/json_mem.h"

enum tess_err ops_audit(struct store_conn *c, const struct actor *who, const char *action,
			const char *type, const char *id, const char *before, const char *after)
{
	struct audit_event au;

	memset(&au, 0, sizeof(au));
	au.at = who->now;
	au.actor_user_pk = who->user_pk;
	au.actor_org_pk = who->org_pk;
	au.action = action;
	au.object_type = type;
	au.object_id = id;
	au.before_json = before;
	au.after_json = after;
	au.request_id = who->trace != NULL ? who->trace : "";
	return store_audit_add(c, &au);
}

char *ops_json_text(json_t *v)
{
	char *text = v != NULL ? json_text(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(v);
	return text;
}

enum tess_err ops_mail(struct store_conn *c, const struct actor *who, const char *to,
		       const char *template_name, json_t *data)
{
	char *text = ops_json_text(data);
	enum tess_err err = TESS_ERR_INTERNAL;

	if (text != NULL)
		err = store_outbox_enqueue(c, to, template_name, text, who->now);
	free(text);
	return err;
}

static char *status_text(enum order_status st)
{
	return ops_json_text(json_pack("{s:s}", "status", order_status_name(st)));
}

enum tess_err orders_audit_status(struct store_conn *c, const struct actor *who, const char *order_id,
				  const char *action, enum order_status from, enum order_status to)
{
	char *before = from != ORDER_STATUS__MAX ? status_text(from) : NULL;
	char *after = status_text(to);
	enum tess_err err = TESS_ERR_INTERNAL;

	if (after != NULL && (before != NULL || from == ORDER_STATUS__MAX))
		err = ops_audit(c, who, action, "order", order_id, before, after);
	free(before);
	free(after);
	return err;
}
