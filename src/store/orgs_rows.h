/*
 * The column list the reader of store/orgs.c reads, in the order it reads
 * it (store-internal). A backend's statements select it as it stands; one
 * that must spell a column its own way keeps the order.
 */
#ifndef TESSERA_STORE_ORGS_ROWS_H
#define TESSERA_STORE_ORGS_ROWS_H

/* An organization, from orgs alone: row_org. */
#define ORG_COLS                                                                                   \
	"pk, id, kind, name, tier, tier_discount_bp, partner_pk, distributor_pk, eligibility, "    \
	"cloud_migration, country, state, contact_name, contact_email"

#endif
