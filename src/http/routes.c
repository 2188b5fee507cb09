/*
 * Every API route in one table. Who may call what is read here and
 * nowhere else; handlers receive only callers the table lets through.
 */
#include "api/api.h"
#include "http/router.h"

#define KB (1024u)
#define ALL ROLES_ALL
#define VENDOR ROLES_VENDOR
#define CANCELLERS                                                                                 \
	(ROLE_BIT(ROLE_VENDOR_ADMIN) | ROLE_BIT(ROLE_PARTNER_USER) |                               \
	 ROLE_BIT(ROLE_CUSTOMER_CONTACT))
#define BODY ROUTE_DEFAULT_MAX_BODY

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

    {METHOD_GET, "/api/v1/audit-events", api_audit_list, VENDOR, 0, 0},
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);
