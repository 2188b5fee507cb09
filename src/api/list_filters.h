/*
 * The filters of the subscription, order and invoice lists, which their
 * exports (api/exports.c) share, so that an export holds exactly the rows
 * its list pages through (api-internal).
 */
#ifndef TESSERA_API_LIST_FILTERS_H
#define TESSERA_API_LIST_FILTERS_H

#include "http/handler.h"
#include "http/validate.h"
#include "store/billing.h"
#include "store/orders.h"
#include "store/store.h"

/* status, kind, customer */
#define SUBSCRIPTION_FILTER_SPECS 3
extern const struct field_spec subscription_filter_specs[SUBSCRIPTION_FILTER_SPECS];
/*
 * Fills f's filters from r's query, already checked against
 * subscription_filter_specs; a customer outside r's tenancy, or an
 * organization that is not a customer, is TESS_ERR_NOT_FOUND naming
 * "customer", as if it did not exist.
 */
enum tess_err subscription_filter_read(struct req *r, struct sub_filter *f, struct problem *p);

/* status */
#define ORDER_FILTER_SPECS 1
extern const struct field_spec order_filter_specs[ORDER_FILTER_SPECS];
/* Fills f's filters from r's query, already checked against order_filter_specs. */
void order_filter_read(struct req *r, struct order_filter *f);

/* status: the query value itself, checked against invoice_filter_specs. */
#define INVOICE_FILTER_SPECS 1
extern const struct field_spec invoice_filter_specs[INVOICE_FILTER_SPECS];

#endif
