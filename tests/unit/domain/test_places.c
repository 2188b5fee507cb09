#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "domain/places.h"
#include "domain/tax.h"

static void names_countries_and_regions_in_any_case(void **state)
{
	(void)state;
	assert_string_equal(place_country_name("US"), "United States");
	assert_string_equal(place_country_name("gb"), "United Kingdom");
	assert_string_equal(place_region_name("US", "OR"), "Oregon");
	assert_string_equal(place_region_name("us", "dc"), "District of Columbia");
	assert_string_equal(place_region_name("CA", "QC"), "Quebec");
	assert_string_equal(place_region_name("AU", "nsw"), "New South Wales");
	assert_string_equal(place_region_name("DE", "BY"), "Bavaria");
}

static void unknown_codes_have_no_name(void **state)
{
	(void)state;
	assert_null(place_country_name("ZZ"));
	assert_null(place_country_name(""));
	assert_null(place_country_name("USA"));
	assert_null(place_country_name(NULL));
	assert_null(place_region_name("US", "ZZ"));
	assert_null(place_region_name("US", ""));
	assert_null(place_region_name("US", "O"));
	assert_null(place_region_name("US", NULL));
	/* A region code of another country is not this one's. */
	assert_null(place_region_name("GB", "OR"));
	assert_null(place_region_name("CA", "OR"));
}

/* Every address the tax table can tax has names to print. */
static void every_tax_table_place_has_a_name(void **state)
{
	const struct tax_table *t = tax_default_table();
	(void)state;
	for (size_t i = 0; i < t->n; i++) {
		const struct tax_rate_row *r = &t->rows[i];
		if (place_country_name(r->country) == NULL)
			fail_msg("no name for country %s", r->country);
		if (r->region != NULL && place_region_name(r->country, r->region) == NULL)
			fail_msg("no name for region %s-%s", r->country, r->region);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_countries_and_regions_in_any_case),
		cmocka_unit_test(unknown_codes_have_no_name),
		cmocka_unit_test(every_tax_table_place_has_a_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
