#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/refunds.h"

static void self_managed_refund_allowed_on_day_30_after_purchase(void **state)
{
	tdate bought = date_from_ymd(2024, 3, 1);
	(void)state;
	assert_int_equal(refund_check(REFUND_SELF_MANAGED, bought, bought, NULL), TESS_OK);
	assert_int_equal(refund_check(REFUND_SELF_MANAGED, bought, bought + 30, NULL), TESS_OK);
}

static void self_managed_refund_refused_on_day_31_with_last_date(void **state)
{
	tdate bought = date_from_ymd(2024, 3, 1);
	struct problem p;
	(void)state;
	assert_int_equal(refund_check(REFUND_SELF_MANAGED, bought, bought + 31, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "refund_window_closed");
	assert_non_null(strstr(p.message, "30 days after purchase"));
	assert_non_null(strstr(p.message, "2024-03-31"));
}

static void annual_cloud_window_counts_from_payment(void **state)
{
	tdate paid = date_from_ymd(2024, 12, 15);
	struct problem p;
	(void)state;
	assert_int_equal(refund_check(REFUND_CLOUD_ANNUAL, paid, paid + 30, NULL), TESS_OK);
	assert_int_equal(refund_check(REFUND_CLOUD_ANNUAL, paid, paid + 31, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "refund_window_closed");
	assert_non_null(strstr(p.message, "after payment"));
	assert_non_null(strstr(p.message, "2025-01-14"));
}

static void monthly_cloud_window_ends_30_days_after_first_paid_period(void **state)
{
	tdate first = date_from_ymd(2024, 1, 10);
	tdate last;
	struct problem p;
	(void)state;
	/* First period 2024-01-10 .. 2024-02-10, then 30 days: 2024-03-11. */
	assert_int_equal(refund_last_day(REFUND_CLOUD_MONTHLY, first, &last), TESS_OK);
	assert_int_equal(last, date_from_ymd(2024, 3, 11));
	assert_int_equal(refund_check(REFUND_CLOUD_MONTHLY, first, date_from_ymd(2024, 3, 11),
				      NULL),
			 TESS_OK);
	assert_int_equal(refund_check(REFUND_CLOUD_MONTHLY, first, date_from_ymd(2024, 3, 12), &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "refund_window_closed");
	assert_non_null(strstr(p.message, "first paid period"));
	assert_non_null(strstr(p.message, "2024-03-11"));
}

static void monthly_cloud_still_refundable_after_30_days_from_payment(void **state)
{
	tdate first = date_from_ymd(2024, 1, 10);
	(void)state;
	/* Day 45 after the payment is refused for annual, granted for monthly. */
	assert_int_equal(refund_check(REFUND_CLOUD_ANNUAL, first, first + 45, NULL),
			 TESS_ERR_REFUSED);
	assert_int_equal(refund_check(REFUND_CLOUD_MONTHLY, first, first + 45, NULL), TESS_OK);
}

static void monthly_first_period_from_jan_31_ends_at_february_end(void **state)
{
	tdate last;
	(void)state;
	/* 2023-01-31 + 1 month = 2023-02-28, + 30 days = 2023-03-30. */
	assert_int_equal(refund_last_day(REFUND_CLOUD_MONTHLY, date_from_ymd(2023, 1, 31), &last),
			 TESS_OK);
	assert_int_equal(last, date_from_ymd(2023, 3, 30));
}

static void refund_kind_follows_hosting_and_period(void **state)
{
	enum refund_kind k;
	(void)state;
	assert_int_equal(refund_kind_of(HOSTING_SERVER, PERIOD_ANNUAL, &k), TESS_OK);
	assert_int_equal(k, REFUND_SELF_MANAGED);
	assert_int_equal(refund_kind_of(HOSTING_DATACENTER, PERIOD_MONTHLY, &k), TESS_OK);
	assert_int_equal(k, REFUND_SELF_MANAGED);
	assert_int_equal(refund_kind_of(HOSTING_CLOUD, PERIOD_ANNUAL, &k), TESS_OK);
	assert_int_equal(k, REFUND_CLOUD_ANNUAL);
	assert_int_equal(refund_kind_of(HOSTING_CLOUD, PERIOD_MONTHLY, &k), TESS_OK);
	assert_int_equal(k, REFUND_CLOUD_MONTHLY);
	assert_int_equal(refund_kind_of(HOSTING__MAX, PERIOD_MONTHLY, &k), TESS_ERR_INVALID);
}

static void refund_requested_before_purchase_is_invalid(void **state)
{
	tdate bought = date_from_ymd(2024, 3, 1);
	struct problem p;
	(void)state;
	assert_int_equal(refund_check(REFUND_SELF_MANAGED, bought, bought - 1, &p),
			 TESS_ERR_INVALID);
	assert_string_equal(p.code, "refund_date_invalid");
	assert_int_equal(refund_check(REFUND_KIND__MAX, bought, bought, &p), TESS_ERR_INVALID);
}

static void monthly_cloud_window_counts_from_the_first_payment(void **state)
{
	tdate first = date_from_ymd(2026, 4, 1), second = date_from_ymd(2026, 6, 1);
	(void)state;
	assert_int_equal(refund_anchor(REFUND_CLOUD_MONTHLY, second, first), first);
	/* The first payment unknown: the one being refunded is the first. */
	assert_int_equal(refund_anchor(REFUND_CLOUD_MONTHLY, second, 0), second);
	assert_int_equal(refund_check(REFUND_CLOUD_MONTHLY,
				      refund_anchor(REFUND_CLOUD_MONTHLY, second, first),
				      date_from_ymd(2026, 6, 15), NULL),
			 TESS_ERR_REFUSED);
}

static void other_windows_count_from_the_payment_refunded(void **state)
{
	tdate first = date_from_ymd(2026, 4, 1), second = date_from_ymd(2026, 6, 1);
	(void)state;
	assert_int_equal(refund_anchor(REFUND_CLOUD_ANNUAL, second, first), second);
	assert_int_equal(refund_anchor(REFUND_SELF_MANAGED, second, first), second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(monthly_cloud_window_counts_from_the_first_payment),
		cmocka_unit_test(other_windows_count_from_the_payment_refunded),
		cmocka_unit_test(self_managed_refund_allowed_on_day_30_after_purchase),
		cmocka_unit_test(self_managed_refund_refused_on_day_31_with_last_date),
		cmocka_unit_test(annual_cloud_window_counts_from_payment),
		cmocka_unit_test(monthly_cloud_window_ends_30_days_after_first_paid_period),
		cmocka_unit_test(monthly_cloud_still_refundable_after_30_days_from_payment),
		cmocka_unit_test(monthly_first_period_from_jan_31_ends_at_february_end),
		cmocka_unit_test(refund_kind_follows_hosting_and_period),
		cmocka_unit_test(refund_requested_before_purchase_is_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
