/*
 * Carrying out an order (operations-internal): what an order's lines change once
 * it is paid, or, for orders with nothing to pay (cancellations, license
 * decreases), once it is approved. Runs inside a unit of work.
 */
#ifndef TESSERA_OPS_EXECUTE_H
#define TESSERA_OPS_EXECUTE_H

#include "ops/actor.h"
#include "store/store.h"

/*
 * Executes order order_pk on c as of effective_on (the payment date, SPEC
 * rule 13): creates, renews, upgrades or changes subscriptions, issues
 * license keys for self-managed lines, records purchase history and audit
 * events, queues the emails, and sets the order to executed. The order
 * must be in a status that order_transition lets execute; anything else
 * is TESS_ERR_CONFLICT with the reason in p. who acts (its clock, its
 * trace in the audit events); what is read lives in a.
 */
enum tess_err execute_order(struct store_conn *c, const struct actor *who,
                            struct arena *a, int64_t order_pk,
                            tdate effective_on, struct problem *p);

/*
 * Cancels subscription sub_pk now, with its apps (SPEC rule 14), recording
 * purchase history (note on each event) and audit events; a subscription
 * already inactive is left as it is. For refunds (SPEC rule 9), inside
 * their unit of work.
 */
enum tess_err execute_cancel_now(struct store_conn *c, const struct actor *who,
                                 struct arena *a, int64_t sub_pk,
                                 const char *note, struct problem *p);

#endif
