/*
 * The column lists the readers of store/commerce.c read, each in the
 * order its reader reads it (store-internal). A backend's statements
 * select a list as it stands, over the table aliases named here; one that
 * must spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_COMMERCE_ROWS_H
#define TESSERA_STORE_COMMERCE_ROWS_H

/* A product, from products alone: row_product. */
#define PRODUCT_COLS "pk, id, kind, code, name, hosting, description"

/* A price, from prices alone: row_price. */
#define PRICE_COLS "edition, users, period, currency, amount_minor"

/* A billing account (ba) with its partner org (pa): row_billing_account. */
#define BILLING_ACCOUNT_COLS "ba.pk, ba.id, ba.partner_pk, pa.id, pa.name, ba.name, ba.currency"

/* A site (si): row_site_ref. */
#define SITE_REF_COLS "si.pk, si.id, si.customer_pk, si.url"

/* A customer org (cu) with its partner org (pa, may be missing): row_customer. */
#define CUSTOMER_COLS "cu.pk, cu.id, cu.name, cu.partner_pk, pa.id, pa.name, cu.country, cu.state"

#endif
