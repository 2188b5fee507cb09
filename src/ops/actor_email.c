/*
 * The actor a user is, found by email: for the command line, whose
 * operator acts as a named user. A request's actor comes from its
 * credential instead (http/auth.c), so nothing here answers a request.
 */
#include "ops/actor.h"

#include <string.h>

enum tess_err actor_by_email(struct store_conn *c, const char *email, int64_t now, tdate today,
			     const char *trace, struct arena *a, struct actor *out,
			     struct problem *p)
{
	struct user u;
	struct membership *ms = NULL;
	size_t n = 0;
	enum tess_err err = store_user_by_email(c, email, a, &u);

	if (err == TESS_ERR_NOT_FOUND || (err == TESS_OK && u.disabled))
		return problem_set(p, TESS_ERR_NOT_FOUND, "unknown_user", "as",
				   "No enabled user has the email %s.", email);
	if (err == TESS_OK)
		err = store_user_memberships(c, u.pk, a, &ms, &n);
	if (err != TESS_OK)
		return err;
	if (n == 0)
		return problem_set(p, TESS_ERR_FORBIDDEN, "no_membership", "as",
				   "%s belongs to no organization.", email);
	{
		struct principal who;
		memset(&who, 0, sizeof(who));
		who.user_pk = u.pk;
		memcpy(who.user_id, u.id, sizeof(who.user_id));
		who.email = u.email;
		who.name = u.name;
		who.org_pk = ms[0].org_pk;
		memcpy(who.org_id, ms[0].org_id, sizeof(who.org_id));
		who.org_kind = ms[0].org_kind;
		who.org_name = ms[0].org_name;
		who.role = ms[0].role;
		*out = actor_of(&who, now, today, trace);
	}
	return TESS_OK;
}
