/*
 * The column lists the readers of store/billing.c read, each in the order
 * its reader reads it (store-internal). A backend's statements select a
 * list as it stands, over the table aliases named here; one that must
 * spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_BILLING_ROWS_H
#define TESSERA_STORE_BILLING_ROWS_H

#include "store/subscriptions_rows.h"

/*
 * An order (o) as execution reads it, with its customer org (cu), the
 * user who placed it (u) and its quote (q, may be missing). Read by
 * row_billing_order.
 */
#define BILLING_ORDER_COLS                                                                         \
	"o.pk, o.id, o.number, o.status, o.origin, o.partner_pk, o.customer_pk, cu.name, "         \
	"o.billing_account_pk, o.placed_by_user_pk, u.email, u.name, o.currency, o.total_minor, "  \
	"COALESCE(q.site_pk, 0), COALESCE(q.technical_contact_name, ''), "                         \
	"COALESCE(q.technical_contact_email, '')"

/* An order line (l) with its product (p) and order (o): row_billing_line. */
#define BILLING_LINE_COLS                                                                          \
	"l.pk, l.line_no, l.action, l.product_pk, p.id, p.code, p.name, p.kind, p.hosting, "       \
	"l.edition, l.user_tier, l.period, l.quantity, COALESCE(l.subscription_pk, 0), "           \
	"COALESCE(l.license_pk, 0), l.unit_minor, l.amount_minor, COALESCE(l.effective, 'now'), "  \
	"l.instructions, o.currency"

/*
 * An invoice (i) with its order (o), partner and customer orgs (pa, cu)
 * and billing account (ba). Read by row_invoice.
 */
#define INVOICE_COLS                                                                               \
	"i.pk, i.id, i.number, i.order_pk, o.id, o.number, o.status, i.partner_pk, pa.id, "        \
	"pa.name, i.customer_pk, cu.id, cu.name, ba.id, i.currency, i.net_minor, i.tax_minor, "    \
	"i.total_minor, o.tax_rate_ppm, i.terms, i.issued_on, i.due_on, i.status, i.paid_on, "     \
	"i.created_at"

/* A payment, from payments alone: row_payment. */
#define PAYMENT_COLS                                                                               \
	"pk, id, invoice_pk, method, amount_minor, currency, paid_on, reference, "                 \
	"recorded_by_user_pk, created_at"

/* A refund (r) with its credit note (cn, may be missing): row_refund. */
#define REFUND_COLS                                                                                \
	"r.pk, r.id, r.invoice_pk, r.payment_pk, r.amount_minor, r.currency, r.reason, "           \
	"r.refunded_on, r.requested_by_user_pk, r.created_at, COALESCE(cn.id, ''), "               \
	"COALESCE(cn.number, '')"

/*
 * A license (l) with its customer org (cu), the partner that bought it
 * (pp, may be missing), its order (o, may be missing) and product (p).
 * Read by row_license.
 */
#define LICENSE_COLS                                                                               \
	"l.pk, l.id, l.sen, l.customer_pk, cu.id, cu.name, cu.partner_pk, "                        \
	"l.purchaser_partner_pk, pp.id, pp.name, l.order_pk, o.id, l.product_pk, p.id, p.code, "   \
	"p.name, p.hosting, l.edition, l.user_tier, l.license_key, l.maintenance_start, "          \
	"l.maintenance_end, l.state, l.created_at, l.updated_at, p.kind"

/* A technical contact (c) of a license (lc), and its user: row_license_contact. */
#define LICENSE_CONTACT_COLS CONTACT_COLS("lc.role") ", COALESCE(c.user_pk, 0)"

#endif
