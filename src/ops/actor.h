/*
 * Who runs an operation, and when: a signed-in user through the API, an
 * operator through the command line, or a scheduled job. Plain data,
 * filled by whoever calls the operation; nothing in it is HTTP's.
 */
#ifndef TESSERA_OPS_ACTOR_H
#define TESSERA_OPS_ACTOR_H

#include <stdint.h>

#include "domain/model.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

struct actor {
	int64_t user_pk;        /* 0: no user (a job acting for the vendor) */
	const char *email;      /* "" when there is no user */
	const char *name;
	int64_t org_pk;
	enum role role;
	struct tenancy tenancy; /* what the actor may read and change (tenancy_of) */
	int64_t now;            /* the operation's clock, seconds since the epoch */
	tdate today;            /* its date */
	const char *trace;      /* recorded with audit events: a request id, a job's name; "" */
};

/*
 * The actor a signed-in principal is, at now (its date today), its audit
 * events traced to trace (NULL: ""). The strings are who's.
 */
struct actor actor_of(const struct principal *who, int64_t now, tdate today, const char *trace);

/*
 * The actor the enabled user with this email is, in its oldest
 * membership (an operator acting as that user from the command line), read
 * on c. No such user, or a disabled one, is TESS_ERR_NOT_FOUND
 * (unknown_user); a user of no organization TESS_ERR_FORBIDDEN
 * (no_membership). The strings live in a.
 */
enum tess_err actor_by_email(struct store_conn *c, const char *email, int64_t now, tdate today,
			     const char *trace, struct arena *a, struct actor *out,
			     struct problem *p);

#endif
