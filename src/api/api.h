/*
 * API handlers, one file per resource. The route table (api/routes.c)
 * names each with its method, path, the roles that may call it and its
 * body limit; tenancy, authentication and body parsing happen before.
 */
#ifndef TESSERA_API_H
#define TESSERA_API_H

#include "http/handler.h"

/* api/health.c */
enum tess_err api_health(struct req *r, struct problem *p);

/* api/sessions.c: login, logout, who am I, API tokens */
enum tess_err api_session_create(struct req *r, struct problem *p);
enum tess_err api_session_delete(struct req *r, struct problem *p);
enum tess_err api_me(struct req *r, struct problem *p);
enum tess_err api_token_create(struct req *r, struct problem *p);
enum tess_err api_token_list(struct req *r, struct problem *p);
enum tess_err api_token_delete(struct req *r, struct problem *p);

/* api/subscriptions.c */
enum tess_err api_subscription_list(struct req *r, struct problem *p);
enum tess_err api_subscription_get(struct req *r, struct problem *p);
enum tess_err api_subscription_contacts(struct req *r, struct problem *p);
enum tess_err api_subscription_history(struct req *r, struct problem *p);
enum tess_err api_subscription_cancel(struct req *r, struct problem *p);
enum tess_err api_subscription_reactivate(struct req *r, struct problem *p);

/* api/catalog.c */
enum tess_err api_catalog_products(struct req *r, struct problem *p);

/* api/customers.c, api/billing_accounts.c: whom a quote is for and billed through */
enum tess_err api_customer_list(struct req *r, struct problem *p);
enum tess_err api_customer_get(struct req *r, struct problem *p);
enum tess_err api_billing_account_list(struct req *r, struct problem *p);

/* api/quote_create.c: saving a quote */
enum tess_err api_quote_create(struct req *r, struct problem *p);
enum tess_err api_quote_preview(struct req *r, struct problem *p);
/* api/quotes.c: quotes, their PDF, cancelling */
enum tess_err api_quote_list(struct req *r, struct problem *p);
enum tess_err api_quote_get(struct req *r, struct problem *p);
enum tess_err api_quote_pdf(struct req *r, struct problem *p);
enum tess_err api_quote_cancel(struct req *r, struct problem *p);
enum tess_err api_render_quote(struct req *r, const char *id, json_t **out);

/* api/billing.c: invoices, their PDF, payments (which execute the order), refunds */
enum tess_err api_invoice_list(struct req *r, struct problem *p);
enum tess_err api_invoice_get(struct req *r, struct problem *p);
enum tess_err api_invoice_pdf(struct req *r, struct problem *p);
enum tess_err api_invoice_pay(struct req *r, struct problem *p);
enum tess_err api_invoice_refund(struct req *r, struct problem *p);
/* A payment's reply, by the id of the invoice it paid: what the order created. */
enum tess_err api_render_invoice_payment(struct req *r, const char *id, json_t **out);

/* api/licenses.c: self-managed licenses and their keys */
enum tess_err api_license_list(struct req *r, struct problem *p);
enum tess_err api_license_get(struct req *r, struct problem *p);

/* api/orders.c, api/order_actions.c: orders, approvals and review, quick actions */
enum tess_err api_quote_order(struct req *r, struct problem *p);
enum tess_err api_order_list(struct req *r, struct problem *p);
enum tess_err api_order_get(struct req *r, struct problem *p);
enum tess_err api_render_order(struct req *r, const char *id, json_t **out);
enum tess_err api_order_approve(struct req *r, struct problem *p);
enum tess_err api_order_reject(struct req *r, struct problem *p);
enum tess_err api_subscription_actions(struct req *r, struct problem *p);
enum tess_err api_subscription_action(struct req *r, struct problem *p);

/* api/dashboard.c: the billing dashboard's counts and newest orders */
enum tess_err api_dashboard(struct req *r, struct problem *p);
enum tess_err api_subscription_charges(struct req *r, struct problem *p);

/* api/audit.c */
enum tess_err api_audit_list(struct req *r, struct problem *p);

/* api/exports.c: every row of a list as CSV or .xlsx (SPEC rule 21) */
enum tess_err api_export_subscriptions(struct req *r, struct problem *p);
enum tess_err api_export_orders(struct req *r, struct problem *p);
enum tess_err api_export_invoices(struct req *r, struct problem *p);

#endif
