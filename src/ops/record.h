/*
 * What every operation records beside its change, inside its unit of
 * work: the audit event (SPEC section 4) and the emails it queues in the
 * outbox (rule 19), to be delivered after the commit.
 */
#ifndef TESSERA_OPS_RECORD_H
#define TESSERA_OPS_RECORD_H

#include <jansson.h>

#include "domain/model.h"
#include "ops/actor.h"
#include "store/store.h"

/*
 * Records an audit event of who (user, organization, clock, trace):
 * action on the object type/id, its state before and after as JSON text
 * (either NULL).
 */
enum tess_err ops_audit(struct store_conn *c, const struct actor *who, const char *action,
			const char *type, const char *id, const char *before, const char *after);

/*
 * Queues the email template_name to to, with data (taken; NULL is
 * TESS_ERR_INTERNAL, as out of memory) as its JSON values, at who->now.
 */
enum tess_err ops_mail(struct store_conn *c, const struct actor *who, const char *to,
		       const char *template_name, json_t *data);

/*
 * The audit event of order order_id going from -> to (from
 * ORDER_STATUS__MAX: just placed), inside the unit running on c: for every
 * operation that moves an order (ops/orders.c, ops/execute.c).
 */
enum tess_err orders_audit_status(struct store_conn *c, const struct actor *who,
				  const char *order_id, const char *action, enum order_status from,
				  enum order_status to);

/* Compact JSON text of v with sorted keys (malloc'd; NULL when out of memory); takes v. */
char *ops_json_text(json_t *v);

#endif
