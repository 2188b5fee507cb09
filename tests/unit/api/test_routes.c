/* The API's route table (api/routes.c), as the server is given it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "api/api.h"
#include "api/routes.h"
#include "http/router.h"

static struct arena a;

static int group_setup(void **state)
{
	(void)state;
	arena_init(&a, 1024);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_cleanup(&a);
	return 0;
}

/* The real table: each path of the API reaches its handler with the roles of the brief. */
static void api_table_routes_to_handlers(void **state)
{
	const struct route *rt = NULL;
	const char *params[REQ_MAX_PARAMS];
	int n = 0;
	unsigned allow = 0;
	static const struct {
		enum http_method m;
		const char *path;
		handler_fn h;
	} cases[] = {
	    {METHOD_GET, "/api/v1/health", api_health},
	    {METHOD_POST, "/api/v1/sessions", api_session_create},
	    {METHOD_DELETE, "/api/v1/sessions/current", api_session_delete},
	    {METHOD_GET, "/api/v1/me", api_me},
	    {METHOD_POST, "/api/v1/tokens", api_token_create},
	    {METHOD_GET, "/api/v1/tokens", api_token_list},
	    {METHOD_DELETE, "/api/v1/tokens/tok_x", api_token_delete},
	    {METHOD_GET, "/api/v1/subscriptions", api_subscription_list},
	    {METHOD_GET, "/api/v1/subscriptions/sub_x", api_subscription_get},
	    {METHOD_GET, "/api/v1/subscriptions/sub_x/contacts", api_subscription_contacts},
	    {METHOD_GET, "/api/v1/subscriptions/sub_x/history", api_subscription_history},
	    {METHOD_POST, "/api/v1/subscriptions/sub_x/cancel", api_subscription_cancel},
	    {METHOD_POST, "/api/v1/subscriptions/sub_x/reactivate", api_subscription_reactivate},
	    {METHOD_GET, "/api/v1/audit-events", api_audit_list},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(router_match(api_routes, api_routes_count, cases[i].m,
		                              cases[i].path, strlen(cases[i].path), &a, &rt, params,
		                              &n, &allow),
		                 ROUTE_FOUND);
		assert_true(rt->handler == cases[i].h);
		assert_true(rt->max_body <= ROUTE_DEFAULT_MAX_BODY);
	}
	/* Only the health check and login are public. */
	for (size_t i = 0; i < api_routes_count; i++)
		assert_int_equal((api_routes[i].flags & ROUTE_PUBLIC) != 0,
		                 api_routes[i].handler == api_health ||
		                     api_routes[i].handler == api_session_create);
	/* Vendor support may not cancel; audit events are for the vendor only. */
	assert_int_equal(router_match(api_routes, api_routes_count, METHOD_POST,
	                              "/api/v1/subscriptions/s/cancel", 30, &a, &rt, params, &n,
	                              &allow),
	                 ROUTE_FOUND);
	assert_int_equal(rt->roles & ROLE_BIT(ROLE_VENDOR_SUPPORT), 0);
	assert_true((rt->roles & ROLE_BIT(ROLE_CUSTOMER_CONTACT)) != 0);
	assert_int_equal(router_match(api_routes, api_routes_count, METHOD_GET,
	                              "/api/v1/audit-events", 20, &a, &rt, params, &n, &allow),
	                 ROUTE_FOUND);
	assert_int_equal(rt->roles, ROLES_VENDOR);
}

/* What the server is given is the whole of both tables, and each kind has a unique name. */
static void route_table_holds_the_routes_and_reply_kinds(void **state)
{
	(void)state;
	assert_ptr_equal(api_route_table.routes, api_routes);
	assert_int_equal(api_route_table.nroutes, api_routes_count);
	assert_ptr_equal(api_route_table.reply_kinds, api_reply_kinds);
	assert_int_equal(api_route_table.nreply_kinds, api_reply_kinds_count);
	assert_true(api_reply_kinds_count >= 3);
	for (size_t i = 0; i < api_reply_kinds_count; i++) {
		assert_non_null(api_reply_kinds[i].render);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(api_reply_kinds[i].name, api_reply_kinds[j].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(api_table_routes_to_handlers),
	    cmocka_unit_test(route_table_holds_the_routes_and_reply_kinds),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
