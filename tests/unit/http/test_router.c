#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "http/router.h"

static enum tess_err h_list(struct req *r, struct problem *p)
{
	(void)r;
	(void)p;
	return TESS_OK;
}

static enum tess_err h_get(struct req *r, struct problem *p)
{
	(void)r;
	(void)p;
	return TESS_OK;
}

static enum tess_err h_cancel(struct req *r, struct problem *p)
{
	(void)r;
	(void)p;
	return TESS_OK;
}

static const struct route table[] = {
    {METHOD_GET, "/api/v1/things", h_list, ROLES_ALL, 0, 0},
    {METHOD_GET, "/api/v1/things/:id", h_get, ROLES_ALL, 0, 0},
    {METHOD_DELETE, "/api/v1/things/:id", h_get, ROLES_ALL, 100, 0},
    {METHOD_POST, "/api/v1/things/:id/cancel", h_cancel, ROLES_ALL, 2048, 0},
    {METHOD_GET, "/api/v1/a/:x/b/:y", h_get, ROLES_ALL, 0, 0},
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

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

static enum route_result match(const char *path, enum http_method m, const struct route **rt,
                               const char *params[REQ_MAX_PARAMS], int *n, unsigned *allow)
{
	*rt = NULL;
	*n = -1;
	*allow = 0;
	return router_match(table, NTABLE, m, path, strlen(path), &a, rt, params, n, allow);
}

static void literal_path_matches_without_params(void **state)
{
	const struct route *rt;
	const char *params[REQ_MAX_PARAMS];
	int n;
	unsigned allow;
	(void)state;
	assert_int_equal(match("/api/v1/things", METHOD_GET, &rt, params, &n, &allow), ROUTE_FOUND);
	assert_ptr_equal(rt, &table[0]);
	assert_int_equal(n, 0);
}

static void parameter_takes_one_segment(void **state)
{
	const struct route *rt;
	const char *params[REQ_MAX_PARAMS];
	int n;
	unsigned allow;
	(void)state;
	assert_int_equal(
	    match("/api/v1/things/thg_123/cancel", METHOD_POST, &rt, params, &n, &allow),
	    ROUTE_FOUND);
	assert_ptr_equal(rt, &table[3]);
	assert_int_equal(n, 1);
	assert_string_equal(params[0], "thg_123");
	assert_int_equal(match("/api/v1/a/1/b/22", METHOD_GET, &rt, params, &n, &allow),
	                 ROUTE_FOUND);
	assert_int_equal(n, 2);
	assert_string_equal(params[0], "1");
	assert_string_equal(params[1], "22");
}

static void empty_parameter_does_not_match(void **state)
{
	const struct route *rt;
	const char *params[REQ_MAX_PARAMS];
	int n;
	unsigned allow;
	(void)state;
	assert_int_equal(match("/api/v1/things//cancel", METHOD_POST, &rt, params, &n, &allow),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(match("/api/v1/things/", METHOD_GET, &rt, params, &n, &allow),
	                 ROUTE_NOT_FOUND);
}

static void trailing_and_extra_segments_do_not_match(void **state)
{
	const struct route *rt;
	const char *params[REQ_MAX_PARAMS];
	int n;
	unsigned allow;
	(void)state;
	assert_int_equal(
	    match("/api/v1/things/x/cancel/more", METHOD_POST, &rt, params, &n, &allow),
	    ROUTE_NOT_FOUND);
	assert_int_equal(match("/api/v1/thingsx", METHOD_GET, &rt, params, &n, &allow),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(match("/api/v1/thing", METHOD_GET, &rt, params, &n, &allow),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(match("/api/v1/things/x/", METHOD_GET, &rt, params, &n, &allow),
	                 ROUTE_NOT_FOUND);
	assert_int_equal(match("", METHOD_GET, &rt, params, &n, &allow), ROUTE_NOT_FOUND);
	assert_int_equal(match("/", METHOD_GET, &rt, params, &n, &allow), ROUTE_NOT_FOUND);
}

static void known_path_wrong_method_lists_allowed(void **state)
{
	const struct route *rt;
	const char *params[REQ_MAX_PARAMS];
	int n;
	unsigned allow;
	(void)state;
	assert_int_equal(match("/api/v1/things/x", METHOD_POST, &rt, params, &n, &allow),
	                 ROUTE_WRONG_METHOD);
	assert_int_equal(allow, METHOD_BIT(METHOD_GET) | METHOD_BIT(METHOD_DELETE));
	assert_int_equal(match("/api/v1/things", METHOD__MAX, &rt, params, &n, &allow),
	                 ROUTE_WRONG_METHOD);
	assert_int_equal(allow, METHOD_BIT(METHOD_GET));
}

static void max_body_is_the_largest_route_limit(void **state)
{
	(void)state;
	assert_int_equal(router_max_body(table, NTABLE), 2048);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(literal_path_matches_without_params),
	    cmocka_unit_test(parameter_takes_one_segment),
	    cmocka_unit_test(empty_parameter_does_not_match),
	    cmocka_unit_test(trailing_and_extra_segments_do_not_match),
	    cmocka_unit_test(known_path_wrong_method_lists_allowed),
	    cmocka_unit_test(max_body_is_the_largest_route_limit),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
