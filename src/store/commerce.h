/*
 * Store functions shared by the commerce slices (quotes, orders, billing):
 * document numbers, the email outbox, catalog reads and the customers,
 * sites and billing accounts a quote names. Included by store.h; the
 * conventions of store.h hold.
 */
#ifndef TESSERA_STORE_COMMERCE_H
#define TESSERA_STORE_COMMERCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/arena.h"
#include "util/err.h"

struct store_conn;
struct contact;
struct subscription;

enum number_series { SERIES_QUOTE, SERIES_ORDER, SERIES_INVOICE, SERIES_CREDIT_NOTE, SERIES_SEN,
		     SERIES__MAX };

/*
 * The next document number of a series, formatted ("Q-000042", "O-000042",
 * "INV-000042", "CN-000042", "SEN-50000042"). Numbers are taken inside the
 * caller's transaction, so a rolled-back unit gives its number back.
 */
enum tess_err store_next_number(struct store_conn *c, enum number_series series, char out[32]);

/* Queues an email: template name and its data as JSON text. */
enum tess_err store_outbox_enqueue(struct store_conn *c, const char *recipient,
				   const char *template_name, const char *data_json, int64_t now);

struct product {
	int64_t pk;
	char id[ID_MAX];
	enum product_kind kind;
	const char *code;
	const char *name;
	enum hosting hosting;
	const char *description;
};
/* The catalog is public to every signed-in role: no tenancy. */
enum tess_err store_product_get(struct store_conn *c, const char *id, struct arena *a,
				struct product *out);
enum tess_err store_products_list(struct store_conn *c, struct arena *a, struct product **out,
				  size_t *n);

struct price_row {
	enum edition edition;
	int32_t users;
	enum billing_period period;
	struct money amount;
};
/* The price of one user tier; TESS_ERR_NOT_FOUND when the catalog has none. */
enum tess_err store_price_get(struct store_conn *c, int64_t product_pk, enum edition ed,
			      int32_t users, enum billing_period period, const char *currency,
			      struct money *out);
enum tess_err store_prices_for_product(struct store_conn *c, int64_t product_pk, struct arena *a,
				       struct price_row **out, size_t *n);

/* A partner's storefront entry for a product; *found false when it has none. */
enum tess_err store_storefront_item_get(struct store_conn *c, int64_t partner_pk,
					int64_t product_pk, bool *found, int32_t *markup_bp,
					bool *published);

struct billing_account {
	int64_t pk;
	char id[ID_MAX];
	int64_t partner_pk;
	char partner_id[ID_MAX];
	const char *partner_name;
	const char *name;
	char currency[4];
};
/* A billing account by id; only partners (their own) and vendor staff see them. */
enum tess_err store_billing_account_get(struct store_conn *c, struct tenancy t, const char *id,
					struct arena *a, struct billing_account *out);
/*
 * One page of the billing accounts in the tenancy, in pk order (none for
 * a customer contact); *more tells whether another page follows.
 */
enum tess_err store_billing_account_list(struct store_conn *c, struct tenancy t, int64_t after_pk,
					 int limit, struct arena *a, struct billing_account **out,
					 size_t *n, bool *more);

struct site_ref {
	int64_t pk;
	char id[ID_MAX];
	int64_t customer_pk;
	const char *url;
};
/* A cloud site by its URL or its name, within the caller's tenancy. */
enum tess_err store_site_by_url(struct store_conn *c, struct tenancy t, const char *url,
				struct arena *a, struct site_ref *out);

struct customer {
	int64_t pk;
	char id[ID_MAX];
	const char *name;
	int64_t partner_pk; /* 0: bought directly */
	char partner_id[ID_MAX];
	const char *partner_name;
	const char *country; /* the organization's own address */
	const char *state;
	const struct site_ref *sites; /* its cloud sites in pk order, in the same arena */
	size_t n_sites;
};
/*
 * One page of the customer organizations in the tenancy, in pk order,
 * each with its sites: a partner's own customers, a customer contact's
 * own organization, every customer for vendor staff; with name (not
 * NULL), only those whose name holds it, ignoring the case of ASCII
 * letters. *more tells whether another page follows.
 */
enum tess_err store_customer_list(struct store_conn *c, struct tenancy t, const char *name,
				  int64_t after_pk, int limit, struct arena *a,
				  struct customer **out, size_t *n, bool *more);
/* The customer organization id, with its sites, within the tenancy (as store_customer_list). */
enum tess_err store_customer_get(struct store_conn *c, struct tenancy t, const char *id,
				 struct arena *a, struct customer *out);
/* At most this many contacts are read for one customer. */
#define CUSTOMER_CONTACTS_MAX 500
/*
 * The customer's contacts, each once per kind: its customer contacts
 * (role CONTACT_CUSTOMER: those who sign in, or are named so on one of its
 * subscriptions), then the technical contacts of its subscriptions and
 * licenses (CONTACT_TECHNICAL_PRIMARY when primary on any of them, else
 * _SECONDARY), each kind by name; at most CUSTOMER_CONTACTS_MAX rows.
 */
enum tess_err store_customer_contacts(struct store_conn *c, int64_t customer_pk, struct arena *a,
				      struct contact **out, size_t *n);
/* A subscription by its SEN, within the caller's tenancy. */
enum tess_err store_subscription_by_sen(struct store_conn *c, struct tenancy t, const char *sen,
					struct arena *a, struct subscription *out);
/*
 * The customer's billing contact (SPEC rule 8: its address decides tax):
 * a contact that is the billing contact of one of its subscriptions, else
 * any contact of the customer with an address. TESS_ERR_NOT_FOUND if none.
 */
enum tess_err store_customer_billing_contact(struct store_conn *c, int64_t customer_pk,
					     struct arena *a, struct contact *out);
/* A contact of the customer by email (exact), TESS_ERR_NOT_FOUND if none. */
enum tess_err store_customer_contact_by_email(struct store_conn *c, int64_t customer_pk,
					      const char *email, struct arena *a,
					      struct contact *out);

#endif
