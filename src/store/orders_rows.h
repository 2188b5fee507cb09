/*
 * The column lists the readers of store/orders.c read, each in the order
 * its reader reads it (store-internal). A backend's statements select a
 * list as it stands, over the table aliases named here; one that must
 * spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_ORDERS_ROWS_H
#define TESSERA_STORE_ORDERS_ROWS_H

/* A quote as an order reads it, from quotes alone: read by row_order_quote. */
#define ORDER_QUOTE_COLS                                                                           \
	"pk, id, number, partner_pk, customer_pk, billing_account_pk, status, currency, notes, "   \
	"coterm_end, tax_rate_ppm, subtotal_minor, discount_minor, markup_minor, net_minor, "      \
	"tax_minor, total_minor, expires_on"

/* A quote line (l) with its quote (q, for its currency) and product (p): row_order_quote_line. */
#define ORDER_QUOTE_LINE_COLS                                                                      \
	"l.line_no, l.action, l.product_pk, p.hosting, l.edition, l.user_tier, l.period, "         \
	"l.quantity, l.subscription_pk, l.license_pk, l.start_date, l.end_date, q.currency, "      \
	"l.list_minor, l.eligibility_discount_minor + l.tier_discount_minor, l.markup_minor, "     \
	"l.amount_minor"

/*
 * An order (o) with its partner and customer orgs (pa, cu), billing
 * account (ba), the user who placed it (u), and its quote (q) and invoice
 * (i), both may be missing; the last column tells whether every line is
 * published. Read by row_order.
 */
#define ORDER_COLS                                                                                 \
	"o.pk, o.id, o.number, o.quote_pk, q.id, o.origin, o.partner_pk, pa.id, pa.name, "         \
	"o.customer_pk, cu.id, cu.name, o.billing_account_pk, ba.id, o.placed_by_user_pk, u.id, "  \
	"u.name, u.email, o.status, o.payment_method, o.currency, o.notes, o.coterm_end, "         \
	"o.needs_review, o.tax_rate_ppm, o.subtotal_minor, o.discount_minor, o.markup_minor, "     \
	"o.net_minor, o.tax_minor, o.total_minor, o.decision_note, o.created_at, o.updated_at, "   \
	"i.pk, i.id, i.number, i.status, i.terms, i.issued_on, i.due_on, "                         \
	"NOT EXISTS (SELECT 1 FROM order_lines ol WHERE ol.order_pk = o.pk AND ol.published = 0)"

/*
 * An order line (l) with its order (o, for the currency of its amounts),
 * product (p) and subscription (s, may be missing): row_order_line.
 */
#define ORDER_LINE_COLS                                                                            \
	"l.pk, l.line_no, l.action, l.product_pk, p.id, p.name, p.hosting, p.kind, l.edition, "    \
	"l.user_tier, l.period, l.quantity, l.subscription_pk, s.id, l.license_pk, l.start_date, " \
	"l.end_date, l.published, o.currency, l.unit_minor, l.list_minor, l.discount_minor, "      \
	"l.markup_minor, l.amount_minor, l.effective, l.instructions, p.code"

#endif
