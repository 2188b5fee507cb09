/*
 * What api/orders.c shares with api/order_actions.c and api/execute.c
 * (api-internal): placing an order inside a unit of work, the payment-terms
 * check every paid order passes, the audit of a status change, and the
 * order as a viewer sees it.
 */
#ifndef TESSERA_API_ORDERS_INT_H
#define TESSERA_API_ORDERS_INT_H

#include <jansson.h>

#include "domain/payment_terms.h"
#include "http/handler.h"

/*
 * SPEC rules 1-4 for an order with the facts po (payterms_order_of and
 * payterms_order_add_line, domain/payment_terms.h). Nothing to pay
 * needs no method. Otherwise a missing method is TESS_ERR_INVALID
 * (payment_method_required); a method the rules refuse is the domain's
 * TESS_ERR_REFUSED (payment_method_not_allowed, net30_not_allowed, ...).
 */
enum tess_err orders_check_payment(const struct payterms_order *po, bool has_method,
				   enum payment_method method, struct problem *p);

/*
 * Places order o with its n lines inside the unit running on c: takes its
 * number, decides its status (order_initial_status), inserts it, issues
 * its invoice when it goes to in_progress, executes it at once when there
 * is nothing to pay, and records purchase history, the audit event and
 * the emails of SPEC rule 19 (order placed, order confirmation). The
 * caller fills everything of o but pk, id, number and status. On TESS_OK
 * o->pk and o->id name the new order.
 */
enum tess_err orders_place(struct store_conn *c, struct req *r, struct order *o,
			   const struct order_line *lines, size_t n, struct problem *p);

/*
 * The audit event of order order_id going from -> to (from
 * ORDER_STATUS__MAX: just placed), inside the unit running on c.
 */
enum tess_err orders_audit_status(struct store_conn *c, struct req *r, const char *order_id,
				  const char *action, enum order_status from, enum order_status to);

/*
 * The order as viewer sees it (SPEC rules 12, 16), with its n lines when
 * with_lines. A new reference, NULL when out of memory.
 */
json_t *orders_json(const struct order *o, const struct order_line *lines, size_t n,
		    bool with_lines, enum role viewer);


#endif
