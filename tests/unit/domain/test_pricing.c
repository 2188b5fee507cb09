#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/pricing.h"

/* A plain line: 1 x 1000.00 USD server, no eligibility, unaffiliated partner. */
static struct pricing_line_in plain(void)
{
	struct pricing_line_in in;
	memset(&in, 0, sizeof(in));
	in.tier_price = money_make(100000, "USD");
	in.quantity = 1;
	in.hosting = HOSTING_SERVER;
	in.eligibility = ELIG_NONE;
	in.tier = TIER_UNAFFILIATED;
	return in;
}

static void list_is_tier_price_times_quantity(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.quantity = 3;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.list.minor, 300000);
	assert_int_equal(l.net.minor, 300000);
	assert_int_equal(l.amount.minor, 300000);
	assert_string_equal(l.amount.currency, "USD");
}

static void unaffiliated_partner_gets_no_discount_even_if_one_is_stored(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	int32_t bp = -1;
	(void)state;
	in.tier_discount_bp = 2000;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.tier_bp, 0);
	assert_int_equal(l.discount_total.minor, 0);
	assert_int_equal(l.net.minor, 100000);
	assert_int_equal(pricing_tier_discount(TIER_UNAFFILIATED, 2000, &bp, NULL), TESS_OK);
	assert_int_equal(bp, 0);
}

static void corporate_and_partner_tiers_get_their_tier_discount(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.tier = TIER_CORPORATE;
	in.tier_discount_bp = 1000;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.tier_discount.minor, 10000);
	assert_int_equal(l.net.minor, 90000);
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = 2000;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.tier_discount.minor, 20000);
	assert_int_equal(l.net.minor, 80000);
}

static void tier_discount_outside_0_to_10000_bp_refused(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	struct problem p;
	(void)state;
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = 10001;
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "tier_discount_invalid");
	in.tier_discount_bp = -1;
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
}

static void eligibility_discount_then_tier_discount_multiply_not_add(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	struct pricing_totals t;
	(void)state;
	/* The worked example of docs/PRICING.md. */
	in.quantity = 2;
	in.hosting = HOSTING_CLOUD;
	in.eligibility = ELIG_ACADEMIC;
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = 2000;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.list.minor, 200000);
	assert_int_equal(l.eligibility_kind, DISCOUNT_ACADEMIC);
	assert_int_equal(l.eligibility_discount.minor, 100000);
	assert_int_equal(l.tier_discount.minor, 20000); /* 20% of 1000.00, not of 2000.00 */
	assert_int_equal(l.discount_total.minor, 120000);
	assert_int_equal(l.net.minor, 80000); /* added discounts (70%) would give 600.00 */
	assert_int_equal(pricing_quote_total(&l, 1, "USD", 72500, &t, NULL), TESS_OK);
	assert_int_equal(t.tax.minor, 5800);
	assert_int_equal(t.total.minor, 85800);
	in.storefront = true;
	in.markup_bp = 2500;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.amount.minor, 100000);
}

static void only_the_best_single_eligibility_discount_applies(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.hosting = HOSTING_CLOUD;
	in.eligibility = ELIG_NONPROFIT;
	in.cloud_migration = true;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	/* 50% non-profit, not 50% + 25% cloud migration. */
	assert_int_equal(l.eligibility_kind, DISCOUNT_NONPROFIT);
	assert_int_equal(l.eligibility_bp, 5000);
	assert_int_equal(l.net.minor, 50000);
}

static void cloud_migration_beats_government_on_cloud_lines(void **state)
{
	enum pricing_discount_kind k;
	(void)state;
	assert_int_equal(pricing_best_eligibility(ELIG_GOVERNMENT, true, HOSTING_CLOUD, &k), 2500);
	assert_int_equal(k, DISCOUNT_CLOUD_MIGRATION);
	assert_int_equal(pricing_best_eligibility(ELIG_GOVERNMENT, false, HOSTING_CLOUD, &k), 1000);
	assert_int_equal(k, DISCOUNT_GOVERNMENT);
}

static void cloud_migration_discount_not_on_self_managed_lines(void **state)
{
	enum pricing_discount_kind k;
	(void)state;
	assert_int_equal(pricing_best_eligibility(ELIG_NONE, true, HOSTING_DATACENTER, &k), 0);
	assert_int_equal(k, DISCOUNT_NONE);
	assert_int_equal(pricing_best_eligibility(ELIG_NONE, true, HOSTING_SERVER, &k), 0);
	assert_int_equal(pricing_best_eligibility(ELIG_NONE, true, HOSTING_CLOUD, &k), 2500);
}

static void documented_eligibility_discount_table(void **state)
{
	(void)state;
	assert_int_equal(pricing_discount_bp(DISCOUNT_NONE), 0);
	assert_int_equal(pricing_discount_bp(DISCOUNT_NONPROFIT), 5000);
	assert_int_equal(pricing_discount_bp(DISCOUNT_ACADEMIC), 5000);
	assert_int_equal(pricing_discount_bp(DISCOUNT_GOVERNMENT), 1000);
	assert_int_equal(pricing_discount_bp(DISCOUNT_CLOUD_MIGRATION), 2500);
	assert_string_equal(pricing_discount_kind_name(DISCOUNT_CLOUD_MIGRATION),
			    "cloud_migration");
}

static void discounts_never_take_a_line_below_zero(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.eligibility = ELIG_ACADEMIC;
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = BP_WHOLE;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.net.minor, 0);
	assert_int_equal(l.discount_total.minor, 100000);
}

static void each_discount_step_rounds_half_even_once(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	/* 0.05 list: academic 50% = 0.025 -> 0.02; remainder 0.03, tier 50% = 0.015 -> 0.02. */
	in.tier_price = money_make(5, "USD");
	in.eligibility = ELIG_ACADEMIC;
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = 5000;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.eligibility_discount.minor, 2);
	assert_int_equal(l.tier_discount.minor, 2);
	assert_int_equal(l.net.minor, 1);
}

static void storefront_markup_is_added_over_partner_cost(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = 2000;
	in.storefront = true;
	in.markup_bp = 2500;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.net.minor, 80000);    /* the partner's cost */
	assert_int_equal(l.markup.minor, 20000); /* 25% of the cost, not of the list price */
	assert_int_equal(l.amount.minor, 100000);
}

static void markup_ignored_on_lines_not_sold_on_storefront(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.markup_bp = 2500;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(l.markup.minor, 0);
	assert_int_equal(l.amount.minor, 100000);
}

static void markup_outside_0_to_100000_bp_refused(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	struct problem p;
	(void)state;
	in.storefront = true;
	in.markup_bp = PRICING_MARKUP_MAX_BP + 1;
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "markup_invalid");
	in.markup_bp = -1;
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
}

static void quantity_below_one_and_negative_price_refused(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	struct problem p;
	(void)state;
	in.quantity = 0;
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "quantity_invalid");
	in.quantity = 1;
	in.tier_price.minor = -1;
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "price_invalid");
	in.tier_price = money_make(100, "XXX");
	assert_int_equal(pricing_line_price(&in, &l, &p), TESS_ERR_INVALID);
}

static void line_overflow_refused_not_wrapped(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	(void)state;
	in.tier_price = money_make(INT64_MAX / 2, "USD");
	in.quantity = 3;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_ERR_INVALID);
}

static void prorate_rounds_half_even_once(void **state)
{
	struct money out;
	(void)state;
	/* 1.00 x 1/8 = 0.125 -> 0.12 (tie to even); 0.10 x 3/4 = 0.075 -> 0.08. */
	assert_int_equal(pricing_prorate(money_make(100, "USD"), 1, 8, &out, NULL), TESS_OK);
	assert_int_equal(out.minor, 12);
	assert_int_equal(pricing_prorate(money_make(10, "USD"), 3, 4, &out, NULL), TESS_OK);
	assert_int_equal(out.minor, 8);
	/* 1200.00 for 91 of 365 days = 299.178... -> 299.18 */
	assert_int_equal(pricing_prorate(money_make(120000, "USD"), 91, 365, &out, NULL), TESS_OK);
	assert_int_equal(out.minor, 29918);
}

static void prorate_whole_and_zero_days(void **state)
{
	struct money out;
	(void)state;
	assert_int_equal(pricing_prorate(money_make(120000, "USD"), 365, 365, &out, NULL), TESS_OK);
	assert_int_equal(out.minor, 120000);
	assert_int_equal(pricing_prorate(money_make(120000, "USD"), 0, 365, &out, NULL), TESS_OK);
	assert_int_equal(out.minor, 0);
}

static void prorate_refuses_more_days_than_the_period(void **state)
{
	struct money out;
	struct problem p;
	(void)state;
	assert_int_equal(pricing_prorate(money_make(100, "USD"), 366, 365, &out, &p),
			 TESS_ERR_INVALID);
	assert_string_equal(p.code, "proration_invalid");
	assert_int_equal(pricing_prorate(money_make(100, "USD"), -1, 365, &out, &p),
			 TESS_ERR_INVALID);
	assert_int_equal(pricing_prorate(money_make(100, "USD"), 0, 0, &out, &p),
			 TESS_ERR_INVALID);
}

static void period_days_follow_the_calendar(void **state)
{
	int32_t d;
	(void)state;
	assert_int_equal(pricing_period_days(date_from_ymd(2024, 2, 1), PERIOD_MONTHLY, &d), 0);
	assert_int_equal(d, 29);
	assert_int_equal(pricing_period_days(date_from_ymd(2023, 2, 1), PERIOD_MONTHLY, &d), 0);
	assert_int_equal(d, 28);
	assert_int_equal(pricing_period_days(date_from_ymd(2024, 1, 1), PERIOD_ANNUAL, &d), 0);
	assert_int_equal(d, 366);
	assert_int_equal(pricing_period_days(date_from_ymd(2025, 1, 1), PERIOD_ANNUAL, &d), 0);
	assert_int_equal(d, 365);
}

static void quote_total_sums_lines_and_taxes_the_net_once(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line lines[2];
	struct pricing_totals t;
	(void)state;
	in.eligibility = ELIG_ACADEMIC;
	in.tier = TIER_PARTNER;
	in.tier_discount_bp = 2000;
	assert_int_equal(pricing_line_price(&in, &lines[0], NULL), TESS_OK);
	in = plain();
	in.tier_price = money_make(33333, "USD");
	assert_int_equal(pricing_line_price(&in, &lines[1], NULL), TESS_OK);
	/* 7.25%: 733.33 x 0.0725 = 53.166... -> 53.17 */
	assert_int_equal(pricing_quote_total(lines, 2, "USD", 72500, &t, NULL), TESS_OK);
	assert_int_equal(t.subtotal.minor, 133333);
	assert_int_equal(t.discount_total.minor, 60000);
	assert_int_equal(t.markup_total.minor, 0);
	assert_int_equal(t.net.minor, 73333);
	assert_int_equal(t.tax.minor, 5317);
	assert_int_equal(t.total.minor, 78650);
	assert_string_equal(t.total.currency, "USD");
}

static void quote_total_includes_storefront_markup(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line l;
	struct pricing_totals t;
	(void)state;
	in.storefront = true;
	in.markup_bp = 1000;
	assert_int_equal(pricing_line_price(&in, &l, NULL), TESS_OK);
	assert_int_equal(pricing_quote_total(&l, 1, "USD", 0, &t, NULL), TESS_OK);
	assert_int_equal(t.markup_total.minor, 10000);
	assert_int_equal(t.total.minor, 110000);
}

static void quote_total_refuses_mixed_currencies(void **state)
{
	struct pricing_line_in in = plain();
	struct pricing_line lines[2];
	struct pricing_totals t;
	struct problem p;
	(void)state;
	assert_int_equal(pricing_line_price(&in, &lines[0], NULL), TESS_OK);
	in.tier_price = money_make(100000, "EUR");
	assert_int_equal(pricing_line_price(&in, &lines[1], NULL), TESS_OK);
	assert_int_equal(pricing_quote_total(lines, 2, "USD", 0, &t, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "currency_mismatch");
	assert_non_null(strstr(p.message, "Line 2"));
	/* A single line in another currency than the quote's is refused too. */
	assert_int_equal(pricing_quote_total(lines, 1, "EUR", 0, &t, &p), TESS_ERR_REFUSED);
}

static void quote_total_refuses_an_empty_quote(void **state)
{
	struct pricing_totals t;
	struct problem p;
	(void)state;
	assert_int_equal(pricing_quote_total(NULL, 0, "USD", 0, &t, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "quote_empty");
}

/* A term of 2025: 365 days ending on 2026-01-01. */
#define TERM_END date_from_ymd(2026, 1, 1)

static void term_left_counts_from_today_and_stops_at_zero(void **state)
{
	struct pricing_term_left l;
	(void)state;
	assert_int_equal(pricing_term_left(TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2), &l),
			 TESS_OK);
	assert_int_equal(l.period_days, 365);
	assert_int_equal(l.days, 91);
	/* A term not begun yet is left whole. */
	assert_int_equal(pricing_term_left(TERM_END, PERIOD_ANNUAL, date_from_ymd(2024, 6, 1), &l),
			 TESS_OK);
	assert_int_equal(l.days, 365);
	assert_int_equal(pricing_term_left(TERM_END, PERIOD_ANNUAL, date_from_ymd(2026, 2, 1), &l),
			 TESS_OK);
	assert_int_equal(l.days, 0);
	assert_int_equal(pricing_term_left(TERM_END, PERIOD_MONTHLY, date_from_ymd(2025, 12, 21), &l),
			 TESS_OK);
	assert_int_equal(l.period_days, 31);
	assert_int_equal(l.days, 11);
}

static void upgrade_costs_the_difference_over_the_days_left(void **state)
{
	struct pricing_upgrade u;
	(void)state;
	/* 1,200.00 -> 2,000.00 with 91 of 365 days left: 800.00 x 91 / 365 = 199.45. */
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(200000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       false, &u, NULL),
			 TESS_OK);
	assert_int_equal(u.difference.minor, 80000);
	assert_int_equal(u.left.days, 91);
	assert_int_equal(u.price.minor, 19945);
	assert_string_equal(u.price.currency, "USD");
}

static void annual_cloud_upgrade_pays_a_new_term_less_the_days_left(void **state)
{
	struct pricing_upgrade u;
	(void)state;
	/* A new term of 2,000.00 less 1,200.00 x 91 / 365 = 299.18 not used: 1,700.82. */
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(200000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       true, &u, NULL),
			 TESS_OK);
	assert_int_equal(u.difference.minor, 80000);
	assert_int_equal(u.price.minor, 170082);
}

static void upgrade_that_costs_no_more_is_refused_not_free(void **state)
{
	struct pricing_upgrade u;
	struct problem p;
	(void)state;
	u.price = money_make(-1, "USD");
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(120000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       false, &u, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "upgrade_not_higher");
	assert_string_equal(p.field, "user_tier");
	assert_non_null(strstr(p.message, "1200.00 USD"));
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(100000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       true, &u, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "upgrade_not_higher");
	assert_int_equal(u.price.minor, -1);
	/* One minor unit more is an upgrade. */
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(120001, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       false, &u, &p),
			 TESS_OK);
}

static void upgrade_refused_after_the_term_or_across_currencies(void **state)
{
	struct pricing_upgrade u;
	struct problem p;
	(void)state;
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(200000, "USD"),
					       TERM_END, PERIOD_ANNUAL, TERM_END, false, &u, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "subscription_term_ended");
	assert_int_equal(pricing_upgrade_price(money_make(120000, "USD"), money_make(200000, "AUD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       false, &u, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "currency_mismatch");
}

static void renewal_follows_the_term_at_the_tier_price(void **state)
{
	struct money out;
	(void)state;
	assert_int_equal(pricing_renewal_price(money_make(120000, "USD"), money_make(130000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       false, &out, NULL),
			 TESS_OK);
	assert_int_equal(out.minor, 130000);
}

static void annual_cloud_renewal_credits_the_days_left(void **state)
{
	struct money out;
	struct problem p;
	(void)state;
	/* 1,300.00 less 1,200.00 x 91 / 365 = 299.18: 1,000.82. */
	assert_int_equal(pricing_renewal_price(money_make(120000, "USD"), money_make(130000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       true, &out, NULL),
			 TESS_OK);
	assert_int_equal(out.minor, 100082);
	/* A lapsed term has nothing left to credit. */
	assert_int_equal(pricing_renewal_price(money_make(120000, "USD"), money_make(130000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2026, 3, 1),
					       true, &out, NULL),
			 TESS_OK);
	assert_int_equal(out.minor, 130000);
	/* The credit never makes the price negative. */
	assert_int_equal(pricing_renewal_price(money_make(500000, "USD"), money_make(100000, "USD"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 1, 1),
					       true, &out, NULL),
			 TESS_OK);
	assert_int_equal(out.minor, 0);
	assert_int_equal(pricing_renewal_price(money_make(120000, "USD"), money_make(130000, "EUR"),
					       TERM_END, PERIOD_ANNUAL, date_from_ymd(2025, 10, 2),
					       true, &out, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "currency_mismatch");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_is_tier_price_times_quantity),
		cmocka_unit_test(unaffiliated_partner_gets_no_discount_even_if_one_is_stored),
		cmocka_unit_test(corporate_and_partner_tiers_get_their_tier_discount),
		cmocka_unit_test(tier_discount_outside_0_to_10000_bp_refused),
		cmocka_unit_test(eligibility_discount_then_tier_discount_multiply_not_add),
		cmocka_unit_test(only_the_best_single_eligibility_discount_applies),
		cmocka_unit_test(cloud_migration_beats_government_on_cloud_lines),
		cmocka_unit_test(cloud_migration_discount_not_on_self_managed_lines),
		cmocka_unit_test(documented_eligibility_discount_table),
		cmocka_unit_test(discounts_never_take_a_line_below_zero),
		cmocka_unit_test(each_discount_step_rounds_half_even_once),
		cmocka_unit_test(storefront_markup_is_added_over_partner_cost),
		cmocka_unit_test(markup_ignored_on_lines_not_sold_on_storefront),
		cmocka_unit_test(markup_outside_0_to_100000_bp_refused),
		cmocka_unit_test(quantity_below_one_and_negative_price_refused),
		cmocka_unit_test(line_overflow_refused_not_wrapped),
		cmocka_unit_test(prorate_rounds_half_even_once),
		cmocka_unit_test(prorate_whole_and_zero_days),
		cmocka_unit_test(prorate_refuses_more_days_than_the_period),
		cmocka_unit_test(period_days_follow_the_calendar),
		cmocka_unit_test(quote_total_sums_lines_and_taxes_the_net_once),
		cmocka_unit_test(quote_total_includes_storefront_markup),
		cmocka_unit_test(quote_total_refuses_mixed_currencies),
		cmocka_unit_test(quote_total_refuses_an_empty_quote),
		cmocka_unit_test(term_left_counts_from_today_and_stops_at_zero),
		cmocka_unit_test(upgrade_costs_the_difference_over_the_days_left),
		cmocka_unit_test(annual_cloud_upgrade_pays_a_new_term_less_the_days_left),
		cmocka_unit_test(upgrade_that_costs_no_more_is_refused_not_free),
		cmocka_unit_test(upgrade_refused_after_the_term_or_across_currencies),
		cmocka_unit_test(renewal_follows_the_term_at_the_tier_price),
		cmocka_unit_test(annual_cloud_renewal_credits_the_days_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
