/*
 * Quotes as operations (ops/ops.h): saving a priced quote for a customer
 * (an existing one, found by id, site or SEN, or a new one created with
 * the quote) and cancelling an open quote.
 */
#ifndef TESSERA_OPS_QUOTES_H
#define TESSERA_OPS_QUOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/orders.h"
#include "ops/ops.h"

/* How long a saved quote stays open, in days from the day it is saved. */
#define QUOTE_VALID_DAYS 30

/* One line of a quote to save. */
struct quote_line_in {
	const char *product_id; /* a product or an app */
	enum edition edition;
	int32_t user_tier;
	enum billing_period period;
	int32_t quantity;
	enum order_line_action action; /* ORDER_LINE_NEW, _RENEW or _UPGRADE */
	const char *subscription_id;   /* renew and upgrade: the subscription; NULL for new */
};

/* How the quote names its customer: the field of quote_save_in that does. */
enum quote_customer_by {
	QUOTE_FOR_CUSTOMER,     /* customer_id */
	QUOTE_FOR_SITE,         /* site */
	QUOTE_FOR_SEN,          /* sen */
	QUOTE_FOR_NEW_CUSTOMER, /* new_customer */
};

/* A customer created with its quote, and its first contact. */
struct quote_new_customer {
	const char *name;
	const char *contact_name;
	const char *email;
	const char *address_line;
	const char *city;
	const char *postal_code;
	const char *country; /* ISO 3166-1 alpha-2, either case */
	const char *state;   /* NULL or "": none */
};

struct quote_save_in {
	enum quote_customer_by customer_by;
	const char *customer_id; /* an organization id */
	const char *site;        /* a site's URL */
	const char *sen;         /* a subscription's SEN */
	struct quote_new_customer new_customer;
	const char *billing_account_id;
	const char *currency; /* NULL: the billing account's */
	const struct quote_line_in *lines;
	size_t nlines;
	const char *notes; /* NULL: none */
	tdate coterm_end;  /* 0: none; otherwise after today */
	const char *tech_name; /* the customer's technical contact; NULL: the customer's own */
	const char *tech_email;
};

/*
 * who, a partner user, prices and saves a quote (SPEC rules 5-8, 11, 13,
 * 1-4): the channel, the billing account and its currency, the customer
 * and the address its tax follows, each line's catalog price, term,
 * renewal or upgrade price, co-term proration and discounts, and a
 * payment method the total and lines leave. A new customer is created
 * with it; the partner user gets its copy by email (rule 19). Refusals
 * name the field of in at fault as the API spells it ("customer",
 * "lines[0].product", "new_customer.country", ...): what in names and
 * who may not see is TESS_ERR_NOT_FOUND, what the rules refuse
 * TESS_ERR_REFUSED. out names the new quote.
 */
enum tess_err ops_quote_save(struct store_conn *c, const struct actor *who,
			     const struct quote_save_in *in, struct arena *a, struct op_ref *out,
			     struct problem *p);

/* A quote as ops_quote_save would save it, before it has an id or a number. */
struct quote_priced {
	struct quote q; /* pk 0, id and number ""; a new customer's id "" */
	struct quote_line *lines;
	size_t nlines;
};

/*
 * Prices in as ops_quote_save does, with the same refusals, and writes
 * nothing: no customer, number, quote, email or audit event. Runs on any
 * connection (a read snapshot is enough). out's strings live in a.
 */
enum tess_err ops_quote_price(struct store_conn *c, const struct actor *who,
			      const struct quote_save_in *in, struct arena *a,
			      struct quote_priced *out, struct problem *p);

struct quote_cancel_in {
	const char *quote_id;
};

/*
 * Cancels the open quote in->quote_id of who's tenancy. A quote who may
 * not see is TESS_ERR_NOT_FOUND; one that is not open (ordered,
 * cancelled or expired, quote_check_cancel) TESS_ERR_CONFLICT
 * (quote_not_open). out names the quote.
 */
enum tess_err ops_quote_cancel(struct store_conn *c, const struct actor *who,
			       const struct quote_cancel_in *in, struct arena *a,
			       struct op_ref *out, struct problem *p);

#endif
