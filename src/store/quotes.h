/*
 * Store functions of the quotes slice of commerce (store/quotes.c).
 * Included by store.h; the conventions of store.h hold: strings live in
 * the arena passed in, and reads take the caller's tenancy (a quote of
 * another tenant is TESS_ERR_NOT_FOUND).
 */
#ifndef TESSERA_STORE_QUOTES_H
#define TESSERA_STORE_QUOTES_H

#include "domain/orders.h"
#include "store/commerce.h"

struct quote {
	int64_t pk;
	char id[ID_MAX];
	const char *number; /* "Q-000042" */
	int64_t partner_pk;
	char partner_id[ID_MAX];
	const char *partner_name;
	int64_t customer_pk;
	char customer_id[ID_MAX];
	const char *customer_name;
	int64_t billing_account_pk;
	char billing_account_id[ID_MAX];
	const char *billing_account_name;
	int64_t site_pk; /* 0: none */
	char site_id[ID_MAX];
	const char *site_url;
	int64_t created_by_user_pk; /* the partner's contact on the quote */
	const char *created_by_name;
	const char *created_by_email;
	enum quote_status status; /* as stored: open, ordered or cancelled */
	char currency[4];
	const char *notes;
	tdate coterm_end;                   /* 0: no co-term requested */
	const char *technical_contact_name; /* "" when none */
	const char *technical_contact_email;
	const char *tax_country;
	const char *tax_state;
	int32_t tax_rate_ppm;
	const char *tax_label;
	struct money subtotal, discount, markup, net, tax, total; /* in currency */
	tdate expires_on;
	int64_t created_at;
};

struct quote_line {
	int64_t pk;
	int32_t line_no;    /* 0-based, the index in the request's lines */
	enum order_line_action action; /* new, renew or upgrade */
	int64_t product_pk;
	char product_id[ID_MAX];
	const char *product_code;
	const char *product_name;
	enum product_kind kind;
	enum hosting hosting;
	enum edition edition;
	int32_t user_tier;
	enum billing_period period;
	int32_t quantity;
	int64_t subscription_pk; /* renew/upgrade: 0 otherwise */
	char subscription_id[ID_MAX];
	tdate start_date;
	tdate end_date;
	struct money list;            /* every amount of a line is in its quote's currency */
	const char *eligibility_kind; /* pricing_discount_kind_name() */
	int32_t eligibility_bp;
	struct money eligibility_discount;
	int32_t tier_bp;
	struct money tier_discount;
	struct money markup;
	struct money amount;
};

/*
 * Inserts q (status, number and every amount as given; id is generated
 * and written into q->id, pk into q->pk). Strings may be NULL for "".
 */
enum tess_err store_quote_insert(struct store_conn *c, struct quote *q);
/* Inserts one line of quote_pk (l->pk is filled in). */
enum tess_err store_quote_line_insert(struct store_conn *c, int64_t quote_pk, struct quote_line *l);

/* A quote by id within the tenancy; TESS_ERR_NOT_FOUND otherwise. */
enum tess_err store_quote_get(struct store_conn *c, struct tenancy t, const char *id,
                              struct arena *a, struct quote *out);
/* The lines of a quote, in line order. */
enum tess_err store_quote_lines(struct store_conn *c, int64_t quote_pk, struct arena *a,
                                struct quote_line **out, size_t *n);

struct quote_filter {
	bool by_status;           /* false: any status */
	enum quote_status status; /* as shown: open and expired are told apart by today */
	tdate today;              /* decides open versus expired */
	int64_t customer_pk;      /* 0: any */
	bool newest;              /* descending pk order */
	int64_t after_pk;         /* keyset cursor: the last pk of the page before (0: none) */
	int limit;                /* 1..200 */
};
/*
 * One page of the tenancy's quotes in pk order (descending when newest);
 * *more tells whether another follows.
 */
enum tess_err store_quote_list(struct store_conn *c, struct tenancy t, const struct quote_filter *f,
                               struct arena *a, struct quote **out, size_t *n, bool *more);

/*
 * Moves a quote from status `from` to `to`. TESS_ERR_CONFLICT when the
 * quote is no longer in `from` (someone else moved it first).
 */
enum tess_err store_quote_set_status(struct store_conn *c, int64_t pk, enum quote_status from,
                                     enum quote_status to);

/* The vendor's name, as quote documents show it; TESS_ERR_NOT_FOUND without a vendor org. */
enum tess_err store_vendor_name(struct store_conn *c, struct arena *a, const char **out);

#endif
