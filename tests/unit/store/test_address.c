#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "store/address.h"

static const char *path_of(const char *text)
{
	struct store_address a;
	struct problem p = {0};
	memset(&a, 0, sizeof(a));
	if (store_address_parse(text, &a, &p) != TESS_OK)
		return NULL;
	assert_int_equal(a.backend, STORE_BACKEND_SQLITE);
	return a.path;
}

static const char *refusal(const char *text)
{
	static struct problem p;
	struct store_address a;
	memset(&p, 0, sizeof(p));
	assert_int_equal(store_address_parse(text, &a, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_db_address");
	assert_string_equal(p.field, "db");
	return p.message;
}

static void a_bare_path_is_sqlite(void **state)
{
	(void)state;
	assert_string_equal(path_of("tessera.db"), "tessera.db");
	assert_string_equal(path_of("/var/lib/tessera/data.db"), "/var/lib/tessera/data.db");
	assert_string_equal(path_of("./a:b.db"), "./a:b.db");
	assert_string_equal(path_of("1x:y.db"), "1x:y.db"); /* a scheme starts with a letter */
	assert_string_equal(path_of(":memory:"), ":memory:");
}

static void the_sqlite_scheme_names_the_path(void **state)
{
	(void)state;
	assert_string_equal(path_of("sqlite:tessera.db"), "tessera.db");
	assert_string_equal(path_of("sqlite:/tmp/t.db"), "/tmp/t.db");
	assert_string_equal(path_of("SQLite:t.db"), "t.db");
	assert_string_equal(path_of("sqlite:a:b.db"), "a:b.db");
}

static void other_schemes_are_refused_naming_the_known_ones(void **state)
{
	const char *m;
	(void)state;
	m = refusal("postgres://tessera@localhost/tessera");
	assert_non_null(strstr(m, "'postgres:'"));
	assert_non_null(strstr(m, "sqlite:PATH"));
	m = refusal("file:t.db");
	assert_non_null(strstr(m, "'file:'"));
	m = refusal("a:b.db");
	assert_non_null(strstr(m, "./NAME"));
	m = refusal("x+y.z-w:rest");
	assert_non_null(strstr(m, "'x+y.z-w:'"));
	/* A long scheme is cut in the message, which still names the known schemes. */
	m = refusal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:x");
	assert_non_null(strstr(m, "...:'"));
	assert_non_null(strstr(m, "sqlite:PATH"));
}

static void empty_odd_and_control_paths_are_refused(void **state)
{
	(void)state;
	assert_non_null(strstr(refusal(""), "empty"));
	assert_non_null(strstr(refusal("sqlite:"), "needs a file path"));
	assert_non_null(strstr(refusal("sqlite://x.db"), "not sqlite://"));
	assert_non_null(strstr(refusal("t\n.db"), "control"));
	assert_non_null(strstr(refusal("sqlite:t\x7f.db"), "control"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_bare_path_is_sqlite),
		cmocka_unit_test(the_sqlite_scheme_names_the_path),
		cmocka_unit_test(other_schemes_are_refused_naming_the_known_ones),
		cmocka_unit_test(empty_odd_and_control_paths_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
