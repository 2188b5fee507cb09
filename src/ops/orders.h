/*
 * Orders as operations (ops/ops.h): placing an order from a quote and
 * deciding on one; and, for the other operations that place or move
 * orders, placing one inside their unit, the payment-terms check every
 * paid order passes and the audit of a status change.
 */
#ifndef TESSERA_OPS_ORDERS_H
#define TESSERA_OPS_ORDERS_H

#include <stdbool.h>

#include "domain/payment_terms.h"
#include "ops/ops.h"

struct order_from_quote_in {
	const char *quote_id;
	enum payment_method method;
};

/*
 * Orders the open, unexpired quote in->quote_id of who's tenancy, paid by
 * in->method (SPEC rules 1-6: the method its total and lines allow, a
 * partner buying from the vendor, no monthly cloud line). A quote who may
 * not see is TESS_ERR_NOT_FOUND; one ordered, cancelled or expired is
 * TESS_ERR_CONFLICT (quote_already_ordered, quote_not_open,
 * quote_expired). out names the new order.
 */
enum tess_err ops_order_from_quote(struct store_conn *c, const struct actor *who,
				   const struct order_from_quote_in *in, struct arena *a,
				   struct op_ref *out, struct problem *p);

struct order_decision_in {
	const char *order_id;
	bool approve;     /* or reject */
	const char *note; /* NULL: none given */
};

/*
 * who approves or rejects order in->order_id: a partner user decides its
 * customers' storefront orders, vendor staff the orders held for review
 * (SPEC rules 11, 12). A decision who's role may not take is
 * TESS_ERR_FORBIDDEN; one the order's status refuses (order_transition)
 * is TESS_ERR_CONFLICT. An approved order goes on as placing does: its
 * invoice is issued, or, with nothing to pay, it is carried out. out
 * names the order.
 */
enum tess_err ops_order_decide(struct store_conn *c, const struct actor *who,
			       const struct order_decision_in *in, struct arena *a, struct op_ref *out,
			       struct problem *p);

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
 * the emails of SPEC rule 19 (order placed, order confirmation) as who.
 * The caller fills everything of o but pk, id, number and status. On
 * TESS_OK o->pk and o->id name the new order.
 */
enum tess_err orders_place(struct store_conn *c, const struct actor *who, struct arena *a,
			   struct order *o, const struct order_line *lines, size_t n,
			   struct problem *p);

#endif
