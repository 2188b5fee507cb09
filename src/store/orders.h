/*
 * Store functions of the orders slice of commerce (store/orders.c):
 * orders and their lines, the invoice an order issues, and the reads of a
 * quote an order is placed from. Included by store.h; its conventions hold
 * (strings in the arena passed in, tenancy on reads of tenant rows).
 */
#ifndef TESSERA_STORE_ORDERS_H
#define TESSERA_STORE_ORDERS_H

#include "domain/lifecycle.h"
#include "domain/orders.h"
#include "store/commerce.h"

/* ---- A quote, as an order reads it ---- */

struct order_quote {
	int64_t pk;
	char id[ID_MAX];
	const char *number;
	int64_t partner_pk;
	int64_t customer_pk;
	int64_t billing_account_pk;
	enum quote_status status; /* as stored: open, ordered or cancelled */
	char currency[4];
	const char *notes;
	tdate coterm_end; /* 0: none requested */
	int32_t tax_rate_ppm;
	struct money subtotal, discount, markup, net, tax, total; /* in currency */
	tdate expires_on;
};

struct order_quote_line {
	int32_t line_no;
	enum order_line_action action; /* new, renew or upgrade */
	int64_t product_pk;
	enum hosting hosting;
	enum edition edition;
	int32_t user_tier;
	enum billing_period period;
	int32_t quantity;
	int64_t subscription_pk; /* 0: none */
	int64_t license_pk;      /* 0: none */
	tdate start_date, end_date;
	struct money list, discount, markup, amount; /* in the quote's currency */
};

/* A quote by id within t; TESS_ERR_NOT_FOUND outside it. */
enum tess_err store_order_quote_get(struct store_conn *c, struct tenancy t, const char *id,
				    struct arena *a, struct order_quote *out);
/* The quote's lines in line order. */
enum tess_err store_order_quote_lines(struct store_conn *c, int64_t quote_pk, struct arena *a,
				      struct order_quote_line **out, size_t *n);
/* Marks an open quote ordered; TESS_ERR_CONFLICT if it is no longer open. */
enum tess_err store_order_quote_mark_ordered(struct store_conn *c, int64_t quote_pk);

/* ---- Orders ---- */

struct order_line {
	int64_t pk;
	int32_t line_no;
	enum order_line_action action;
	int64_t product_pk;
	char product_id[ID_MAX];
	const char *product_code;
	const char *product_name;
	enum hosting hosting;
	enum product_kind product_kind;
	enum edition edition;     /* the target edition of an upgrade */
	int32_t user_tier;        /* the target user tier of an upgrade */
	enum billing_period period;
	int32_t quantity;         /* units bought, upgraded, removed or cancelled */
	int64_t subscription_pk;  /* the subscription (or add-on) acted on; 0 for new lines */
	char subscription_id[ID_MAX];
	int64_t license_pk;       /* 0: none */
	tdate start_date, end_date; /* 0: not set */
	bool published;           /* sold through the partner's storefront (SPEC rule 16) */
	struct money unit, list, discount, markup, amount; /* in the order's currency */
	bool has_effective;
	enum cancel_when effective; /* cancellations and decreases, when has_effective */
	const char *instructions;
};

struct order {
	int64_t pk;
	char id[ID_MAX];
	const char *number;
	int64_t quote_pk; /* 0: not from a quote */
	char quote_id[ID_MAX];
	enum order_origin origin;
	int64_t partner_pk;
	char partner_id[ID_MAX];
	const char *partner_name;
	int64_t customer_pk;
	char customer_id[ID_MAX];
	const char *customer_name;
	int64_t billing_account_pk;
	char billing_account_id[ID_MAX];
	int64_t placed_by_user_pk;
	char placed_by_user_id[ID_MAX];
	const char *placed_by_name;
	const char *placed_by_email;
	enum order_status status;
	bool has_payment_method;
	enum payment_method payment_method;
	char currency[4];
	const char *notes;
	tdate coterm_end; /* 0: none */
	bool needs_review;
	int32_t tax_rate_ppm;
	struct money subtotal, discount, markup, net, tax, total; /* in currency */
	const char *decision_note;
	int64_t created_at, updated_at;
	/* Its invoice, when one was issued (invoice_pk 0 otherwise). */
	int64_t invoice_pk;
	char invoice_id[ID_MAX];
	const char *invoice_number;
	const char *invoice_status;
	const char *invoice_terms;
	tdate invoice_issued_on, invoice_due_on;
	/* Every line was published on the partner's storefront (SPEC rule 16). */
	bool all_published;
};

/*
 * Inserts o (its pk, id and created/updated times are filled in from
 * now; number must be set) and its n lines, numbered 1..n in order.
 */
enum tess_err store_order_insert(struct store_conn *c, struct order *o,
				 const struct order_line *lines, size_t n, int64_t now);
/* An order by id within t; TESS_ERR_NOT_FOUND outside it. */
enum tess_err store_order_get(struct store_conn *c, struct tenancy t, const char *id,
			      struct arena *a, struct order *out);
/* The order's lines in line order. */
enum tess_err store_order_lines(struct store_conn *c, int64_t order_pk, struct arena *a,
				struct order_line **out, size_t *n);

struct order_filter {
	bool by_status;
	enum order_status status;
	bool by_origin;           /* only the orders placed by one side */
	enum order_origin origin;
	int64_t customer_pk;      /* 0: any */
	bool newest;              /* descending pk order */
	int64_t after_pk;         /* keyset cursor: the last pk of the page before (0: none) */
	int limit;                /* 1..200 */
};
/*
 * One page of orders within t in pk order (descending when newest); *more
 * tells whether another follows.
 */
enum tess_err store_order_list(struct store_conn *c, struct tenancy t,
			       const struct order_filter *f, struct arena *a, struct order **out,
			       size_t *n, bool *more);

/*
 * Moves the order from `from` to `to`, recording who decided (0: keep)
 * and the note (NULL: keep). TESS_ERR_CONFLICT if it is no longer in
 * `from` (a concurrent decision).
 */
enum tess_err store_order_set_status(struct store_conn *c, int64_t pk, enum order_status from,
				     enum order_status to, int64_t decided_by_user_pk,
				     const char *note, int64_t now);

/* ---- The invoice an order issues ---- */

struct order_invoice_new {
	int64_t order_pk;
	int64_t partner_pk;
	int64_t customer_pk;
	int64_t billing_account_pk;
	struct money net, tax, total; /* one currency, the invoice's */
	bool net30; /* terms net30, else due_on_receipt */
	tdate issued_on;
	tdate due_on;
	/* Filled in. */
	int64_t pk;
	char id[ID_MAX];
	char number[32];
};
/* Numbers (SERIES_INVOICE) and inserts the open invoice of an order. */
enum tess_err store_order_invoice_insert(struct store_conn *c, struct order_invoice_new *inv,
					 int64_t now);

/*
 * The addresses that hear of a customer's orders (SPEC rule 19, "order
 * placed"): contacts linked as customer contacts to its subscriptions and
 * its contacts with logins, each once, in address order.
 */
enum tess_err store_order_customer_recipients(struct store_conn *c, int64_t customer_pk,
					      struct arena *a, const char ***out, size_t *n);

#endif
