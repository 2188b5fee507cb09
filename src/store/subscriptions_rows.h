/*
 * The column lists the readers of store/subscriptions.c read, each beside
 * its reader, in the order it reads them (store-internal). A backend's
 * statements select a list as it stands, over the table aliases named
 * here; one that must spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_SUBSCRIPTIONS_ROWS_H
#define TESSERA_STORE_SUBSCRIPTIONS_ROWS_H

#include "store/db.h"
#include "store/store.h"

/*
 * A subscription: s the subscription, par its parent (may be missing), p
 * its product, cu and pa its customer and partner orgs, ba its billing
 * account, si its site (may be missing).
 */
#define SUB_COLS                                                                                   \
	"s.pk, s.id, s.kind, s.parent_pk, par.id, s.customer_pk, cu.id, cu.name, s.partner_pk, "   \
	"pa.id, pa.name, s.billing_account_pk, ba.id, s.site_pk, si.id, si.url, s.product_pk, "    \
	"p.id, p.name, p.hosting, s.edition, s.user_tier, s.quantity, s.active_users, "            \
	"s.entitlement_number, s.sen, s.start_date, s.period_end, s.period, s.state, s.ended_on, " \
	"s.cancel_at_period_end, s.unit_price_minor, s.currency, s.discount_bp, p.code"
/* Reads SUB_COLS into a struct subscription. */
enum tess_err row_subscription(struct db_stmt *st, int *pos, struct arena *a, void *out);

/*
 * A contact of a customer (c), with the role it holds given by role, an
 * expression of the statement's own (a column, a literal, a CASE).
 */
#define CONTACT_COLS(role)                                                                         \
	"c.pk, c.id, c.customer_pk, c.name, c.email, c.phone, c.address_line, c.city, "            \
	"c.postal_code, c.country, c.state, " role
/* Reads CONTACT_COLS into a struct contact. */
enum tess_err row_contact(struct db_stmt *st, int *pos, struct arena *a, void *out);

#endif
