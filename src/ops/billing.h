/*
 * Invoices as operations (ops/ops.h): paying one, which executes its
 * order, and refunding one within its window, which ends what it paid
 * for; and the payment-terms facts of an invoice's order, which its
 * readers show as the methods it accepts.
 */
#ifndef TESSERA_OPS_BILLING_H
#define TESSERA_OPS_BILLING_H

#include "domain/payment_terms.h"
#include "ops/ops.h"
#include "store/billing.h"

/* What SPEC rules 1-4 need to know about the order behind invoice v, with its n lines. */
struct payterms_order invoice_payterms(const struct invoice *v, const struct billing_line *lines,
                                       size_t n);

struct invoice_pay_in {
	const char *invoice_id;
	enum payment_method method; /* a way to pay (payment_method_pays) */
	const char *reference;      /* "" when none was given */
};

/*
 * Pays invoice in->invoice_id of who's tenancy in full with in->method on
 * who->today, marks it paid and executes its order (SPEC rule 13: what was
 * paid for takes effect from the payment date). An invoice who may not see
 * is TESS_ERR_NOT_FOUND; one not open (or paid meanwhile) is
 * TESS_ERR_CONFLICT invoice_not_open; a method SPEC rules 2-4 refuse for
 * its order is the domain's TESS_ERR_REFUSED with field "method", and
 * net30 (terms, not a way to pay) TESS_ERR_INVALID invalid_value. out
 * names the invoice.
 */
enum tess_err ops_invoice_pay(struct store_conn *c, const struct actor *who,
                              const struct invoice_pay_in *in, struct arena *a, struct op_ref *out,
                              struct problem *p);

struct invoice_refund_in {
	const char *invoice_id;
	const char *reason;
};

struct invoice_refund_out {
	char invoice_id[ID_MAX];
	struct refund refund; /* with its credit note; strings in the arena */
};

/*
 * Refunds paid invoice in->invoice_id of who's tenancy in full, with a
 * credit note, when every line is within its refund window (SPEC rule 9);
 * the subscriptions it paid for end now (with their apps) and its
 * licenses are refunded. An invoice who may not see is TESS_ERR_NOT_FOUND;
 * one not paid is TESS_ERR_CONFLICT invoice_not_paid, one paid with
 * nothing nothing_to_refund; a line past its window is the domain's
 * refusal (refund_check).
 */
enum tess_err ops_invoice_refund(struct store_conn *c, const struct actor *who,
                                 const struct invoice_refund_in *in, struct arena *a,
                                 struct invoice_refund_out *out, struct problem *p);

#endif
