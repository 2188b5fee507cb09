/* The portals' files as the server finds them (http/assets.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/assets.h"

static void assets_path_names_its_file_under_web(void **state)
{
	(void)state;
	const struct asset *js = assets_lookup("/assets/js/app.js");
	const struct asset *css = assets_lookup("/assets/app.css");

	assert_non_null(js);
	assert_string_equal(js->type, "text/javascript; charset=utf-8");
	assert_true(js->len > 0);
	assert_non_null(css);
	assert_string_equal(css->type, "text/css; charset=utf-8");
	assert_true(css != js);
}

static void other_paths_are_the_one_document(void **state)
{
	(void)state;
	const struct asset *root = assets_lookup("/");
	const struct asset *page = assets_lookup("/portal/subscriptions/sub_x");

	assert_non_null(root);
	assert_ptr_equal(root, page);
	assert_string_equal(root->type, "text/html; charset=utf-8");
	assert_non_null(strstr(root->data, "<main"));
}

static void missing_and_climbing_names_are_not_found(void **state)
{
	(void)state;
	assert_null(assets_lookup("/assets/"));
	assert_null(assets_lookup("/assets/no-such.js"));
	assert_null(assets_lookup("/assets/../CMakeLists.txt"));
	assert_null(assets_lookup("/assets/js/../../src/main.c"));
	/* The document has one address of its own: every page's. */
	assert_null(assets_lookup("/assets/index.html"));
}

static void etags_differ_by_contents_and_match_lists(void **state)
{
	(void)state;
	const struct asset *a = assets_lookup("/assets/js/app.js");
	const struct asset *b = assets_lookup("/assets/js/api.js");
	char list[96];

	assert_string_not_equal(a->etag, b->etag);
	assert_true(assets_etag_matches(a, a->etag));
	assert_false(assets_etag_matches(a, b->etag));
	assert_false(assets_etag_matches(a, NULL));
	assert_false(assets_etag_matches(a, ""));
	assert_true(assets_etag_matches(a, "*"));
	snprintf(list, sizeof(list), "\"x\", W/%s", a->etag);
	assert_true(assets_etag_matches(a, list));
	/* A prefix of the tag is not the tag. */
	snprintf(list, sizeof(list), "%.*s", (int)strlen(a->etag) - 2, a->etag);
	assert_false(assets_etag_matches(a, list));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(assets_path_names_its_file_under_web),
	    cmocka_unit_test(other_paths_are_the_one_document),
	    cmocka_unit_test(missing_and_climbing_names_are_not_found),
	    cmocka_unit_test(etags_differ_by_contents_and_match_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
