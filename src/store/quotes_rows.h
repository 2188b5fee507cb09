/*
 * The column lists the readers of store/quotes.c read, each in the order
 * its reader reads it (store-internal). A backend's statements select a
 * list as it stands, over the table aliases named here; one that must
 * spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_QUOTES_ROWS_H
#define TESSERA_STORE_QUOTES_ROWS_H

/*
 * A quote (q) with its partner and customer orgs (pa, cu), billing
 * account (ba), the user who made it (u) and its site (si, may be
 * missing). Read by row_quote.
 */
#define QUOTE_COLS                                                                                 \
	"q.pk, q.id, q.number, q.partner_pk, pa.id, pa.name, q.customer_pk, cu.id, cu.name, "      \
	"q.billing_account_pk, ba.id, ba.name, q.site_pk, si.id, si.url, q.created_by_user_pk, "   \
	"u.name, u.email, q.status, q.currency, q.notes, q.coterm_end, q.technical_contact_name, " \
	"q.technical_contact_email, q.tax_country, q.tax_state, q.tax_rate_ppm, q.tax_label, "     \
	"q.subtotal_minor, q.discount_minor, q.markup_minor, q.net_minor, q.tax_minor, "           \
	"q.total_minor, q.expires_on, q.created_at"

/*
 * A quote line (l) with its quote (q, for the currency of its amounts),
 * product (p) and subscription (s, may be missing): row_quote_line.
 */
#define QUOTE_LINE_COLS                                                                            \
	"l.pk, l.line_no, l.action, l.product_pk, p.id, p.code, p.name, p.kind, p.hosting, "       \
	"l.edition, l.user_tier, l.period, l.quantity, l.subscription_pk, s.id, l.start_date, "    \
	"l.end_date, q.currency, l.list_minor, l.eligibility_kind, l.eligibility_bp, "             \
	"l.eligibility_discount_minor, l.tier_bp, l.tier_discount_minor, l.markup_minor, "         \
	"l.amount_minor"

#endif
