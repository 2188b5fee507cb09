#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/payment_terms.h"

#define ALL_BASE                                                                                   \
	(PAYTERMS_BIT(PAY_CARD) | PAYTERMS_BIT(PAY_PAYPAL) | PAYTERMS_BIT(PAY_BANK_TRANSFER) |     \
	 PAYTERMS_BIT(PAY_CHECK) | PAYTERMS_BIT(PAY_ACH))

static struct payterms_order order(int64_t minor, const char *currency, bool dc_or_cloud,
				   bool monthly_cloud)
{
	struct payterms_order o;
	o.total = money_make(minor, currency);
	o.has_datacenter_or_cloud = dc_or_cloud;
	o.has_monthly_cloud = monthly_cloud;
	return o;
}

static enum tess_err check(struct payterms_order o, enum payment_method m, struct problem *p)
{
	return payterms_method_check(&o, m, payterms_default_fx(), p);
}

static void net30_allowed_at_exactly_10000_usd(void **state)
{
	(void)state;
	assert_int_equal(check(order(1000000, "USD", true, false), PAY_NET30, NULL), TESS_OK);
}

static void net30_refused_below_10000_usd(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check(order(999999, "USD", true, false), PAY_NET30, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "net30_not_allowed");
	assert_string_equal(p.field, "payment_method");
}

static void net30_refused_for_server_only_orders_of_any_size(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check(order(500000000, "USD", false, false), PAY_NET30, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "net30_not_allowed");
}

static void net30_threshold_converted_from_other_currencies(void **state)
{
	struct payterms_order o;
	struct money usd;
	(void)state;
	/* EUR at 1.08: 9,259.26 EUR = 10,000.0008 USD -> 10,000.00; 9,259.25 -> 9,999.99. */
	o = order(925926, "EUR", true, false);
	assert_int_equal(payterms_to_usd(o.total, payterms_default_fx(), &usd, NULL), TESS_OK);
	assert_int_equal(usd.minor, 1000000);
	assert_string_equal(usd.currency, "USD");
	assert_int_equal(check(o, PAY_NET30, NULL), TESS_OK);
	o = order(925925, "EUR", true, false);
	assert_int_equal(check(o, PAY_NET30, NULL), TESS_ERR_REFUSED);
	/* 9,999.99 EUR is over 10,000 USD, though under 10,000 in its own units. */
	assert_int_equal(check(order(999999, "EUR", true, false), PAY_NET30, NULL), TESS_OK);
	/*
	 * JPY has no minor unit: at 0.0067, 1,492,536 JPY = 9,999.9912 USD -> 9,999.99
	 * (refused); 1,492,537 JPY = 9,999.9979 USD -> 10,000.00 (allowed).
	 */
	assert_int_equal(check(order(1492536, "JPY", true, false), PAY_NET30, NULL),
			 TESS_ERR_REFUSED);
	assert_int_equal(check(order(1492537, "JPY", true, false), PAY_NET30, NULL), TESS_OK);
}

static void conversion_rounds_half_even_once(void **state)
{
	static const struct payterms_fx_row rows[] = {{"USD", 1000000}, {"EUR", 1500000}};
	const struct payterms_fx_table fx = {rows, 2};
	struct money usd;
	(void)state;
	/* 0.01 EUR at 1.5 = 0.015 USD -> 0.02; 0.03 EUR = 0.045 -> 0.04. */
	assert_int_equal(payterms_to_usd(money_make(1, "EUR"), &fx, &usd, NULL), TESS_OK);
	assert_int_equal(usd.minor, 2);
	assert_int_equal(payterms_to_usd(money_make(3, "EUR"), &fx, &usd, NULL), TESS_OK);
	assert_int_equal(usd.minor, 4);
}

static void currency_without_rate_refused(void **state)
{
	static const struct payterms_fx_row rows[] = {{"USD", 1000000}};
	const struct payterms_fx_table fx = {rows, 1};
	struct payterms_order o = order(2000000, "GBP", true, false);
	uint32_t mask;
	struct problem p;
	(void)state;
	assert_int_equal(payterms_accepted_methods(&o, &fx, &mask, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "currency_not_supported");
}

static void monthly_cloud_can_be_paid_by_card_only(void **state)
{
	struct payterms_order o = order(5000, "USD", true, true);
	uint32_t mask;
	struct problem p;
	(void)state;
	assert_int_equal(payterms_accepted_methods(&o, payterms_default_fx(), &mask, NULL),
			 TESS_OK);
	assert_int_equal(mask, PAYTERMS_BIT(PAY_CARD));
	assert_int_equal(check(o, PAY_CARD, NULL), TESS_OK);
	for (int m = PAY_PAYPAL; m < PAY__MAX; m++) {
		assert_int_equal(check(o, (enum payment_method)m, &p), TESS_ERR_REFUSED);
		assert_string_equal(p.code, "payment_method_not_allowed");
		assert_string_equal(p.message,
				    "Monthly cloud subscriptions can be paid by card only");
	}
}

static void monthly_cloud_over_10000_usd_still_refuses_net30(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check(order(5000000, "USD", true, true), PAY_NET30, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "payment_method_not_allowed");
}

static void aud_orders_refuse_card_and_check(void **state)
{
	struct payterms_order o = order(5000, "AUD", false, false);
	uint32_t mask;
	struct problem p;
	(void)state;
	assert_int_equal(check(o, PAY_CARD, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "payment_method_not_allowed");
	assert_string_equal(p.message, "Orders in AUD cannot be paid by card or check");
	assert_int_equal(check(o, PAY_CHECK, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.message, "Orders in AUD cannot be paid by card or check");
	assert_int_equal(check(o, PAY_PAYPAL, NULL), TESS_OK);
	assert_int_equal(check(o, PAY_BANK_TRANSFER, NULL), TESS_OK);
	assert_int_equal(check(o, PAY_ACH, NULL), TESS_OK);
	assert_int_equal(payterms_accepted_methods(&o, payterms_default_fx(), &mask, NULL),
			 TESS_OK);
	assert_int_equal(mask, PAYTERMS_BIT(PAY_PAYPAL) | PAYTERMS_BIT(PAY_BANK_TRANSFER) |
				       PAYTERMS_BIT(PAY_ACH));
}

static void aud_datacenter_order_over_threshold_gets_net30(void **state)
{
	struct payterms_order o = order(2000000, "AUD", true, false); /* 13,200 USD */
	uint32_t mask;
	(void)state;
	assert_int_equal(payterms_accepted_methods(&o, payterms_default_fx(), &mask, NULL),
			 TESS_OK);
	assert_true((mask & PAYTERMS_BIT(PAY_NET30)) != 0);
	assert_true((mask & PAYTERMS_BIT(PAY_CARD)) == 0);
	/* 15,000 AUD is 9,900 USD: under the threshold. */
	o = order(1500000, "AUD", true, false);
	assert_int_equal(check(o, PAY_NET30, NULL), TESS_ERR_REFUSED);
}

static void monthly_cloud_in_aud_leaves_no_method_and_says_why(void **state)
{
	struct payterms_order o = order(5000, "AUD", true, true);
	uint32_t mask = 123;
	struct problem p;
	(void)state;
	assert_int_equal(payterms_accepted_methods(&o, payterms_default_fx(), &mask, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "no_payment_method_available");
	assert_non_null(strstr(p.message, "card only"));
	assert_non_null(strstr(p.message, "AUD"));
	assert_int_equal(mask, 0);
	for (int m = PAY_CARD; m < PAY__MAX; m++) {
		assert_int_equal(check(o, (enum payment_method)m, &p), TESS_ERR_REFUSED);
		assert_string_equal(p.code, "no_payment_method_available");
	}
}

static void other_orders_accept_card_paypal_bank_transfer_check_ach(void **state)
{
	struct payterms_order o = order(5000, "USD", false, false);
	uint32_t mask;
	(void)state;
	assert_int_equal(payterms_accepted_methods(&o, payterms_default_fx(), &mask, NULL),
			 TESS_OK);
	assert_int_equal(mask, ALL_BASE);
	o = order(1000000, "GBP", true, false);
	assert_int_equal(payterms_accepted_methods(&o, payterms_default_fx(), &mask, NULL),
			 TESS_OK);
	assert_int_equal(mask, ALL_BASE | PAYTERMS_BIT(PAY_NET30));
}

static void unknown_method_and_negative_total_invalid(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(check(order(5000, "USD", false, false), PAY__MAX, &p), TESS_ERR_INVALID);
	assert_int_equal(check(order(-1, "USD", false, false), PAY_CARD, &p), TESS_ERR_INVALID);
	assert_int_equal(check(order(100, "XYZ", true, false), PAY_CARD, &p), TESS_ERR_INVALID);
}

static void facts_of_an_order_come_from_its_lines(void **state)
{
	struct payterms_order o = payterms_order_of(money_make(100, "USD"));
	(void)state;
	assert_int_equal(o.total.minor, 100);
	payterms_order_add_line(&o, HOSTING_SERVER, PERIOD_ANNUAL);
	assert_false(o.has_datacenter_or_cloud);
	assert_false(o.has_monthly_cloud);
	payterms_order_add_line(&o, HOSTING_SERVER, PERIOD_MONTHLY);
	assert_false(o.has_monthly_cloud);
	payterms_order_add_line(&o, HOSTING_DATACENTER, PERIOD_MONTHLY);
	assert_true(o.has_datacenter_or_cloud);
	assert_false(o.has_monthly_cloud);
	o = payterms_order_of(money_make(100, "USD"));
	payterms_order_add_line(&o, HOSTING_CLOUD, PERIOD_ANNUAL);
	assert_true(o.has_datacenter_or_cloud);
	assert_false(o.has_monthly_cloud);
	payterms_order_add_line(&o, HOSTING_CLOUD, PERIOD_MONTHLY);
	assert_true(o.has_monthly_cloud);
}

static void net30_due_30_days_after_issue_others_on_receipt(void **state)
{
	tdate issued = date_from_ymd(2026, 6, 15);
	(void)state;
	assert_int_equal(payterms_due_on(true, issued), date_from_ymd(2026, 7, 15));
	assert_int_equal(payterms_due_on(false, issued), issued);
	/* Across a month end: 30 days, not a month. */
	assert_int_equal(payterms_due_on(true, date_from_ymd(2026, 1, 31)), date_from_ymd(2026, 3, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(facts_of_an_order_come_from_its_lines),
		cmocka_unit_test(net30_due_30_days_after_issue_others_on_receipt),
		cmocka_unit_test(net30_allowed_at_exactly_10000_usd),
		cmocka_unit_test(net30_refused_below_10000_usd),
		cmocka_unit_test(net30_refused_for_server_only_orders_of_any_size),
		cmocka_unit_test(net30_threshold_converted_from_other_currencies),
		cmocka_unit_test(conversion_rounds_half_even_once),
		cmocka_unit_test(currency_without_rate_refused),
		cmocka_unit_test(monthly_cloud_can_be_paid_by_card_only),
		cmocka_unit_test(monthly_cloud_over_10000_usd_still_refuses_net30),
		cmocka_unit_test(aud_orders_refuse_card_and_check),
		cmocka_unit_test(aud_datacenter_order_over_threshold_gets_net30),
		cmocka_unit_test(monthly_cloud_in_aud_leaves_no_method_and_says_why),
		cmocka_unit_test(other_orders_accept_card_paypal_bank_transfer_check_ach),
		cmocka_unit_test(unknown_method_and_negative_total_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
