#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/tax.h"

static int32_t rate_of(const char *country, const char *region)
{
	struct tax_rate r;
	assert_int_equal(tax_rate_lookup(tax_default_table(), country, region, &r, NULL), TESS_OK);
	return r.rate_ppm;
}

static void us_rate_varies_by_state(void **state)
{
	(void)state;
	assert_int_equal(rate_of("US", "CA"), 72500);
	assert_int_equal(rate_of("US", "TX"), 62500);
	assert_int_equal(rate_of("US", "NY"), 40000);
}

static void us_states_without_sales_tax_are_zero_not_unknown(void **state)
{
	(void)state;
	assert_int_equal(rate_of("US", "OR"), 0);
	assert_int_equal(rate_of("US", "DE"), 0);
	assert_int_equal(rate_of("US", "MT"), 0);
	assert_int_equal(rate_of("US", "NH"), 0);
	assert_int_equal(rate_of("US", "AK"), 0);
}

static void every_us_state_and_dc_has_a_rate(void **state)
{
	static const char *const states[] = {
		"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
		"IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
		"MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
		"RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
	};
	struct tax_rate r;
	(void)state;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		assert_int_equal(tax_rate_lookup(tax_default_table(), "US", states[i], &r, NULL),
				 TESS_OK);
}

static void canada_resolves_by_province(void **state)
{
	(void)state;
	assert_int_equal(rate_of("CA", "ON"), 130000);
	assert_int_equal(rate_of("CA", "AB"), 50000);
	assert_int_equal(rate_of("CA", "QC"), 149750); /* 14.975%: exact in ppm */
}

static void other_countries_resolve_by_country_and_ignore_region(void **state)
{
	(void)state;
	assert_int_equal(rate_of("AU", NULL), 100000);
	assert_int_equal(rate_of("AU", "NSW"), 100000);
	assert_int_equal(rate_of("GB", ""), 200000);
	assert_int_equal(rate_of("DE", NULL), 190000);
	assert_int_equal(rate_of("FR", NULL), 200000);
	assert_int_equal(rate_of("NZ", NULL), 150000);
	assert_int_equal(rate_of("JP", NULL), 100000);
}

static void codes_match_without_regard_to_case(void **state)
{
	(void)state;
	assert_int_equal(rate_of("us", "ca"), 72500);
	assert_int_equal(rate_of("gb", NULL), 200000);
}

static void unknown_country_refused_not_taxed_at_zero(void **state)
{
	struct tax_rate r = {12345, "x"};
	struct problem p;
	(void)state;
	assert_int_equal(tax_rate_lookup(tax_default_table(), "ZZ", NULL, &r, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "tax_country_unknown");
	assert_string_equal(p.field, "country");
	assert_non_null(strstr(p.message, "ZZ"));
	assert_int_equal(r.rate_ppm, 12345); /* untouched */
}

static void us_address_without_state_refused(void **state)
{
	struct tax_rate r;
	struct problem p;
	(void)state;
	assert_int_equal(tax_rate_lookup(tax_default_table(), "US", NULL, &r, &p),
			 TESS_ERR_INVALID);
	assert_string_equal(p.code, "tax_region_required");
	assert_int_equal(tax_rate_lookup(tax_default_table(), "CA", "", &r, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "tax_region_required");
}

static void unknown_us_state_refused(void **state)
{
	struct tax_rate r;
	struct problem p;
	(void)state;
	assert_int_equal(tax_rate_lookup(tax_default_table(), "US", "XX", &r, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "tax_region_unknown");
	assert_string_equal(p.field, "state");
}

static void malformed_country_code_refused(void **state)
{
	struct tax_rate r;
	struct problem p;
	(void)state;
	assert_int_equal(tax_rate_lookup(tax_default_table(), "USA", "CA", &r, &p),
			 TESS_ERR_INVALID);
	assert_string_equal(p.code, "country_invalid");
	assert_int_equal(tax_rate_lookup(tax_default_table(), "U1", NULL, &r, &p),
			 TESS_ERR_INVALID);
	assert_int_equal(tax_rate_lookup(tax_default_table(), NULL, NULL, &r, &p),
			 TESS_ERR_INVALID);
	assert_int_equal(tax_rate_lookup(tax_default_table(), "", NULL, &r, &p), TESS_ERR_INVALID);
}

static void a_supplied_table_replaces_the_default(void **state)
{
	static const struct tax_rate_row rows[] = {
		{"US", "NY", 88750, "Sales tax (NYC)"},
		{"ZZ", NULL, 50000, "Test tax"},
	};
	const struct tax_table t = {rows, 2};
	struct tax_rate r;
	(void)state;
	assert_int_equal(tax_rate_lookup(&t, "US", "NY", &r, NULL), TESS_OK);
	assert_int_equal(r.rate_ppm, 88750);
	assert_string_equal(r.label, "Sales tax (NYC)");
	assert_int_equal(tax_rate_lookup(&t, "ZZ", NULL, &r, NULL), TESS_OK);
	assert_int_equal(r.rate_ppm, 50000);
	assert_int_equal(tax_rate_lookup(&t, "GB", NULL, &r, NULL), TESS_ERR_REFUSED);
}

static void tax_amount_rounds_half_even_once(void **state)
{
	struct money out;
	(void)state;
	/* 10% of 0.25 = 0.025 -> 0.02; 10% of 0.35 = 0.035 -> 0.04 */
	assert_int_equal(tax_amount(money_make(25, "AUD"), 100000, &out), TESS_OK);
	assert_int_equal(out.minor, 2);
	assert_int_equal(tax_amount(money_make(35, "AUD"), 100000, &out), TESS_OK);
	assert_int_equal(out.minor, 4);
	/* 14.975% of 1000.00 = 149.75 */
	assert_int_equal(tax_amount(money_make(100000, "CAD"), 149750, &out), TESS_OK);
	assert_int_equal(out.minor, 14975);
	assert_string_equal(out.currency, "CAD");
	assert_int_equal(tax_amount(money_make(100, "USD"), -1, &out), TESS_ERR_INVALID);
	assert_int_equal(tax_amount(money_make(100, "USD"), TAX_PPM_WHOLE + 1, &out),
			 TESS_ERR_INVALID);
}

static void tax_follows_the_billing_contact_not_the_customer(void **state)
{
	struct tax_address own = {"US", "WA"}, billing = {"US", "TX"};
	struct tax_address at = tax_address_for(own, &billing);
	(void)state;
	assert_string_equal(at.country, "US");
	assert_string_equal(at.state, "TX");
	billing.country = "GB";
	billing.state = "";
	at = tax_address_for(own, &billing);
	assert_string_equal(at.country, "GB");
	assert_null(at.state);
}

static void customer_address_only_without_a_billing_country(void **state)
{
	struct tax_address own = {"US", "WA"}, billing = {"", "TX"};
	struct tax_address at = tax_address_for(own, &billing);
	(void)state;
	assert_string_equal(at.state, "WA");
	at = tax_address_for(own, NULL);
	assert_string_equal(at.country, "US");
	assert_string_equal(at.state, "WA");
	billing.country = NULL;
	at = tax_address_for(own, &billing);
	assert_string_equal(at.state, "WA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(us_rate_varies_by_state),
		cmocka_unit_test(us_states_without_sales_tax_are_zero_not_unknown),
		cmocka_unit_test(every_us_state_and_dc_has_a_rate),
		cmocka_unit_test(canada_resolves_by_province),
		cmocka_unit_test(other_countries_resolve_by_country_and_ignore_region),
		cmocka_unit_test(codes_match_without_regard_to_case),
		cmocka_unit_test(unknown_country_refused_not_taxed_at_zero),
		cmocka_unit_test(us_address_without_state_refused),
		cmocka_unit_test(unknown_us_state_refused),
		cmocka_unit_test(malformed_country_code_refused),
		cmocka_unit_test(a_supplied_table_replaces_the_default),
		cmocka_unit_test(tax_amount_rounds_half_even_once),
		cmocka_unit_test(tax_follows_the_billing_contact_not_the_customer),
		cmocka_unit_test(customer_address_only_without_a_billing_country),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
