/*
 * Store functions of the billing slice of commerce (store/billing.c):
 * the orders as billing executes them, invoices, payments, refunds and
 * credit notes, self-managed licenses and their technical contacts.
 * Included by store.h; the conventions of store.h hold.
 */
#ifndef TESSERA_STORE_BILLING_H
#define TESSERA_STORE_BILLING_H

#include "store/commerce.h"

/* ---- Orders, as execution reads them ---- */

struct billing_order {
	int64_t pk;
	char id[ID_MAX];
	const char *number;
	enum order_status status;
	bool by_customer; /* placed by a customer contact (storefront) */
	int64_t partner_pk;
	int64_t customer_pk;
	const char *customer_name;
	int64_t billing_account_pk;
	int64_t placed_by_user_pk;
	const char *placed_by_email;
	const char *placed_by_name;
	struct money total; /* its currency is the order's */
	/* From the quote the order came from; 0 / "" when none. */
	int64_t quote_site_pk;
	const char *quote_tech_name;
	const char *quote_tech_email;
};

/* What an order line asks for, with its product. */
struct billing_line {
	int64_t pk;
	int32_t line_no;
	const char *action; /* "new", "renew", "upgrade", "add_licenses", ... */
	int64_t product_pk;
	char product_id[ID_MAX];
	const char *product_code;
	const char *product_name;
	enum product_kind product_kind;
	enum hosting hosting;
	enum edition edition;
	int32_t user_tier;
	enum billing_period period;
	int32_t quantity;
	int64_t subscription_pk; /* the subscription it changes, or the one it created */
	int64_t license_pk;      /* the license it changes, or the first it created */
	struct money unit;
	struct money amount;
	bool at_term_end; /* cancellations: effective "term_end" */
	const char *instructions;
};

/* An order by pk (no tenancy: callers have checked it through its invoice). */
enum tess_err store_billing_order_get(struct store_conn *c, int64_t pk, struct arena *a,
                                      struct billing_order *out);
/* Its lines in line order. */
enum tess_err store_billing_order_lines(struct store_conn *c, int64_t order_pk, struct arena *a,
                                        struct billing_line **out, size_t *n);
enum tess_err store_billing_order_set_status(struct store_conn *c, int64_t pk,
                                             enum order_status status, int64_t now);
/* Records what a line created (0 leaves a column as it is). */
enum tess_err store_billing_line_set_result(struct store_conn *c, int64_t line_pk,
                                            int64_t subscription_pk, int64_t license_pk);

/* ---- Subscriptions changed by an order ---- */

/* A subscription by pk, no tenancy. */
enum tess_err store_billing_sub_get_pk(struct store_conn *c, int64_t pk, struct arena *a,
                                       struct subscription *out);
/* Sets the term, plan, quantity and unit price of a subscription. */
enum tess_err store_billing_sub_update(struct store_conn *c, const struct subscription *s,
                                       int64_t now);
/*
 * The date of the first payment of an invoice whose order has a line on
 * subscription sub_pk; *found false when none.
 */
enum tess_err store_billing_sub_first_payment(struct store_conn *c, int64_t sub_pk, tdate *out,
                                              bool *found);
/*
 * The customer's technical contacts: contacts that are technical contacts
 * (primary or secondary) of any of its subscriptions or licenses, primary
 * ones first. Each contact once; role is its best role.
 */
enum tess_err store_billing_customer_tech_contacts(struct store_conn *c, int64_t customer_pk,
                                                   struct arena *a, struct contact **out,
                                                   size_t *n);

/* ---- Invoices, payments, refunds, credit notes ---- */

struct invoice {
	int64_t pk;
	char id[ID_MAX];
	const char *number;
	int64_t order_pk;
	char order_id[ID_MAX];
	const char *order_number;
	enum order_status order_status;
	int64_t partner_pk;
	char partner_id[ID_MAX];
	const char *partner_name;
	int64_t customer_pk;
	char customer_id[ID_MAX];
	const char *customer_name;
	char billing_account_id[ID_MAX];
	struct money net;
	struct money tax;
	struct money total;
	int64_t tax_rate_ppm;
	bool net30; /* terms: net30, else due on receipt */
	tdate issued_on;
	tdate due_on;
	enum invoice_status status;
	tdate paid_on; /* 0 when unpaid */
	int64_t created_at;
};

/*
 * One page of invoices in pk order within the tenancy (partners their
 * own, customers none), of one status (its name) or any (NULL). *more
 * tells whether another page follows.
 */
enum tess_err store_invoice_list(struct store_conn *c, struct tenancy t, const char *status,
                                 int64_t after_pk, int limit, struct arena *a,
                                 struct invoice **out, size_t *n, bool *more);
struct invoice_filter {
	const char *status;  /* a status name; NULL: any */
	int64_t customer_pk; /* 0: any */
	bool newest;         /* descending pk order */
	int64_t after_pk;    /* keyset cursor: the last pk of the page before (0: none) */
	int limit;           /* 1..200 */
};
/* store_invoice_list with every filter: descending pk order when newest. */
enum tess_err store_invoice_page(struct store_conn *c, struct tenancy t,
                                 const struct invoice_filter *f, struct arena *a,
                                 struct invoice **out, size_t *n, bool *more);
enum tess_err store_invoice_get(struct store_conn *c, struct tenancy t, const char *id,
                                struct arena *a, struct invoice *out);
/* Sets status and paid_on (0 leaves paid_on as it is). */
enum tess_err store_invoice_set_status(struct store_conn *c, int64_t pk, enum invoice_status status,
                                       tdate paid_on);

struct payment {
	int64_t pk;
	char id[ID_MAX];
	int64_t invoice_pk;
	enum payment_method method;
	struct money amount;
	tdate paid_on;
	const char *reference;
	int64_t recorded_by_user_pk;
	int64_t created_at;
};
/* Inserts p (pk and id filled in); TESS_ERR_CONFLICT if the invoice has a payment. */
enum tess_err store_payment_insert(struct store_conn *c, struct payment *p);
/* The payment of an invoice; TESS_ERR_NOT_FOUND when unpaid. */
enum tess_err store_payment_for_invoice(struct store_conn *c, int64_t invoice_pk, struct arena *a,
                                        struct payment *out);

struct refund {
	int64_t pk;
	char id[ID_MAX];
	int64_t invoice_pk;
	int64_t payment_pk;
	struct money amount;
	const char *reason;
	tdate refunded_on;
	int64_t requested_by_user_pk;
	int64_t created_at;
	/* Its credit note. */
	char credit_note_id[ID_MAX];
	char credit_note_number[32];
};
/* Inserts the refund and its credit note (number from SERIES_CREDIT_NOTE); fills ids. */
enum tess_err store_refund_insert(struct store_conn *c, struct refund *r, int64_t now);
/* An invoice's refunds with their credit notes, oldest first. */
enum tess_err store_refunds_for_invoice(struct store_conn *c, int64_t invoice_pk, struct arena *a,
                                        struct refund **out, size_t *n);

/* ---- Licenses ---- */

enum license_state { LICENSE_ACTIVE, LICENSE_REFUNDED, LICENSE_STATE__MAX };
const char *license_state_name(enum license_state v);
bool license_state_parse(const char *s, enum license_state *out);

struct license {
	int64_t pk;
	char id[ID_MAX];
	const char *sen;
	int64_t customer_pk;
	char customer_id[ID_MAX];
	const char *customer_name;
	int64_t partner_pk; /* the customer's partner */
	int64_t purchaser_partner_pk;
	char purchaser_partner_id[ID_MAX];
	const char *purchaser_partner_name;
	int64_t order_pk;
	char order_id[ID_MAX];
	int64_t product_pk;
	char product_id[ID_MAX];
	const char *product_code;
	const char *product_name;
	enum product_kind product_kind;
	enum hosting hosting;
	enum edition edition;
	int32_t user_tier;
	const char *license_key;
	tdate maintenance_start;
	tdate maintenance_end;
	enum license_state state;
	int64_t created_at;
	int64_t updated_at;
};

/* Inserts l (pk and id filled in; sen must be unique). */
enum tess_err store_license_insert(struct store_conn *c, struct license *l, int64_t now);
/*
 * Tenancy: customers their own licenses, partners those of their
 * customers, vendor staff all.
 */
enum tess_err store_license_get(struct store_conn *c, struct tenancy t, const char *id,
                                struct arena *a, struct license *out);
enum tess_err store_license_get_pk(struct store_conn *c, int64_t pk, struct arena *a,
                                   struct license *out);
enum tess_err store_license_list(struct store_conn *c, struct tenancy t, int64_t after_pk,
                                 int limit, struct arena *a, struct license **out, size_t *n,
                                 bool *more);
/* store_license_list of one customer's licenses (customer_pk 0: any). */
enum tess_err store_license_page(struct store_conn *c, struct tenancy t, int64_t customer_pk,
                                 int64_t after_pk, int limit, struct arena *a,
                                 struct license **out, size_t *n, bool *more);
/* Licenses an order created, in pk order. */
enum tess_err store_licenses_for_order(struct store_conn *c, int64_t order_pk, struct arena *a,
                                       struct license **out, size_t *n);
/* Sets edition, tier, maintenance end, key and state of l->pk. */
enum tess_err store_license_update(struct store_conn *c, const struct license *l, int64_t now);

/* A technical contact of a license, with the login of its user if any. */
struct license_contact {
	struct contact contact;
	int64_t user_pk; /* 0 when the contact has no login */
};
enum tess_err store_license_contact_add(struct store_conn *c, int64_t license_pk,
                                        int64_t contact_pk, enum contact_role role);
/* A license's technical contacts, primary first. */
enum tess_err store_license_contacts(struct store_conn *c, int64_t license_pk, struct arena *a,
                                     struct license_contact **out, size_t *n);

#endif
