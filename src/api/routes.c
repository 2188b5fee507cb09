/*
 * Every API route in one table. Who may call what is read here and
 * nowhere else; handlers receive only callers the table lets through.
 */
#include "api/routes.h"

#include "api/api.h"

#define KB (1024u)
#define ALL ROLES_ALL
#define VENDOR ROLES_VENDOR
#define CANCELLERS                                                                                 \
	(ROLE_BIT(ROLE_VENDOR_ADMIN) | ROLE_BIT(ROLE_PARTNER_USER) |                               \
	 ROLE_BIT(ROLE_CUSTOMER_CONTACT))
#define BODY ROUTE_DEFAULT_MAX_BODY
#define QUOTE_READERS (ROLES_VENDOR | ROLE_BIT(ROLE_PARTNER_USER))
#define QUOTE_WRITERS ROLE_BIT(ROLE_PARTNER_USER)
#define INVOICE_READERS (ROLES_VENDOR | ROLE_BIT(ROLE_PARTNER_USER))
#define INVOICE_PAYERS (ROLE_BIT(ROLE_VENDOR_ADMIN) | ROLE_BIT(ROLE_PARTNER_USER))

const struct route api_routes[] = {
    {METHOD_GET, "/api/v1/health", api_health, ALL, 0, ROUTE_PUBLIC},

    /* Login is public: there is no session yet to carry a CSRF token. */
    {METHOD_POST, "/api/v1/sessions", api_session_create, ALL, 4 * KB,
     ROUTE_PUBLIC | ROUTE_NO_CSRF},
    {METHOD_DELETE, "/api/v1/sessions/current", api_session_delete, ALL, BODY, 0},
    {METHOD_GET, "/api/v1/me", api_me, ALL, 0, 0},

    {METHOD_POST, "/api/v1/tokens", api_token_create, ALL, BODY, 0},
    {METHOD_GET, "/api/v1/tokens", api_token_list, ALL, 0, 0},
    {METHOD_DELETE, "/api/v1/tokens/:id", api_token_delete, ALL, BODY, 0},

    {METHOD_GET, "/api/v1/subscriptions", api_subscription_list, ALL, 0, 0},
    /* Exports (SPEC rule 21): open to whoever may read the list. */
    {METHOD_GET, "/api/v1/exports/subscriptions", api_export_subscriptions, ALL, 0, 0},
    {METHOD_GET, "/api/v1/exports/orders", api_export_orders, ALL, 0, 0},
    {METHOD_GET, "/api/v1/exports/invoices", api_export_invoices, INVOICE_READERS, 0, 0},
    {METHOD_GET, "/api/v1/subscriptions/:id", api_subscription_get, ALL, 0, 0},
    {METHOD_GET, "/api/v1/subscriptions/:id/contacts", api_subscription_contacts, ALL, 0, 0},
    {METHOD_GET, "/api/v1/subscriptions/:id/history", api_subscription_history, ALL, 0, 0},
    /* SPEC section 1: vendor support may not cancel; the other roles may. */
    {METHOD_POST, "/api/v1/subscriptions/:id/cancel", api_subscription_cancel, CANCELLERS, BODY, 0},
    /*
     * SPEC rule 14: open to every role so that the domain answers partners
     * and customers with its own reason rather than a bare 403.
     */
    {METHOD_POST, "/api/v1/subscriptions/:id/reactivate", api_subscription_reactivate, ALL, BODY,
     0},

    /* The catalog is public to every signed-in role. */
    {METHOD_GET, "/api/v1/catalog/products", api_catalog_products, ALL, 0, 0},

    /*
     * Whom a quote is for and billed through, within the caller's tenancy:
     * a customer contact sees its own organization and no billing account.
     */
    {METHOD_GET, "/api/v1/customers", api_customer_list, ALL, 0, 0},
    {METHOD_GET, "/api/v1/customers/:id", api_customer_get, ALL, 0, 0},
    {METHOD_GET, "/api/v1/billing-accounts", api_billing_account_list, ALL, 0, 0},

    /* Partners make quotes; vendor staff read them all; customers see none. */
    {METHOD_POST, "/api/v1/quotes", api_quote_create, QUOTE_WRITERS, 64 * KB, 0},
    /* The same body priced and answered, nothing saved: the quote form's live price. */
    {METHOD_POST, "/api/v1/quotes/preview", api_quote_preview, QUOTE_WRITERS, 64 * KB, 0},
    {METHOD_GET, "/api/v1/quotes", api_quote_list, QUOTE_READERS, 0, 0},
    {METHOD_GET, "/api/v1/quotes/:id", api_quote_get, QUOTE_READERS, 0, 0},
    {METHOD_GET, "/api/v1/quotes/:id/pdf", api_quote_pdf, QUOTE_READERS, 0, 0},
    {METHOD_POST, "/api/v1/quotes/:id/cancel", api_quote_cancel, QUOTE_WRITERS, BODY, 0},

    /*
     * Invoices: partners their own, vendor staff all, customers none. A
     * partner user or a vendor admin records a payment; refunds are the
     * vendor admin's (SPEC section 1).
     */
    {METHOD_GET, "/api/v1/invoices", api_invoice_list, INVOICE_READERS, 0, 0},
    {METHOD_GET, "/api/v1/invoices/:id", api_invoice_get, INVOICE_READERS, 0, 0},
    {METHOD_GET, "/api/v1/invoices/:id/pdf", api_invoice_pdf, INVOICE_READERS, 0, 0},
    {METHOD_POST, "/api/v1/invoices/:id/payments", api_invoice_pay, INVOICE_PAYERS, BODY, 0},
    {METHOD_POST, "/api/v1/invoices/:id/refunds", api_invoice_refund,
     ROLE_BIT(ROLE_VENDOR_ADMIN), BODY, 0},

    /* Licenses: every role, within its tenancy; the key only to whom rule 13 allows. */
    {METHOD_GET, "/api/v1/licenses", api_license_list, ALL, 0, 0},
    {METHOD_GET, "/api/v1/licenses/:id", api_license_get, ALL, 0, 0},

    /*
     * Orders. A partner orders its quotes; quick actions are placed by
     * partner users and customer contacts (SPEC rule 17). Partners decide
     * their customers' storefront orders, vendor admins the review queue;
     * which event a decision is follows from the caller's role.
     */
    {METHOD_POST, "/api/v1/quotes/:id/order", api_quote_order, ROLE_BIT(ROLE_PARTNER_USER), BODY,
     0},
    {METHOD_GET, "/api/v1/subscriptions/:id/actions", api_subscription_actions, ALL, 0, 0},
    {METHOD_POST, "/api/v1/subscriptions/:id/actions", api_subscription_action,
     ROLE_BIT(ROLE_PARTNER_USER) | ROLE_BIT(ROLE_CUSTOMER_CONTACT), BODY, 0},
    {METHOD_GET, "/api/v1/orders", api_order_list, ALL, 0, 0},
    {METHOD_GET, "/api/v1/orders/:id", api_order_get, ALL, 0, 0},
    {METHOD_POST, "/api/v1/orders/:id/approve", api_order_approve,
     ROLE_BIT(ROLE_PARTNER_USER) | ROLE_BIT(ROLE_VENDOR_ADMIN), BODY, 0},
    {METHOD_POST, "/api/v1/orders/:id/reject", api_order_reject,
     ROLE_BIT(ROLE_PARTNER_USER) | ROLE_BIT(ROLE_VENDOR_ADMIN), BODY, 0},

    /* The billing dashboard: every role, each within its tenancy. */
    {METHOD_GET, "/api/v1/dashboard", api_dashboard, ALL, 0, 0},
    {METHOD_GET, "/api/v1/subscriptions/:id/charges", api_subscription_charges, ALL, 0, 0},

    {METHOD_GET, "/api/v1/audit-events", api_audit_list, VENDOR, 0, 0},
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);

/*
 * Replies that show one resource, built after the commit of the write that
 * made them (unit_reply_ref). Idempotency keys store these names: a name
 * stays as long as stored keys may use it.
 */
const struct reply_kind api_reply_kinds[] = {
    {"quote", api_render_quote, "/api/v1/quotes/"},
    {"order", api_render_order, "/api/v1/orders/"},
    /* A payment has no address of its own; its reply shows the paid invoice. */
    {"invoice_payment", api_render_invoice_payment, NULL},
};
const size_t api_reply_kinds_count = sizeof(api_reply_kinds) / sizeof(api_reply_kinds[0]);

const struct route_table api_route_table = {
    api_routes,
    sizeof(api_routes) / sizeof(api_routes[0]),
    api_reply_kinds,
    sizeof(api_reply_kinds) / sizeof(api_reply_kinds[0]),
};
