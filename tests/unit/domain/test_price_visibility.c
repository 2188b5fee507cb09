#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/price_visibility.h"

static void vendor_staff_and_partner_see_every_amount(void **state)
{
	static const enum role staff[] = {ROLE_VENDOR_ADMIN, ROLE_VENDOR_SUPPORT,
	                                  ROLE_PARTNER_USER};
	(void)state;
	for (size_t i = 0; i < sizeof(staff) / sizeof(staff[0]); i++) {
		assert_int_equal(price_visibility_for(staff[i], ORDER_BY_PARTNER, false),
		                 PRICES_ALL);
		assert_int_equal(price_visibility_for(staff[i], ORDER_BY_PARTNER, true),
		                 PRICES_ALL);
		assert_int_equal(price_visibility_for(staff[i], ORDER_BY_CUSTOMER, false),
		                 PRICES_ALL);
		assert_int_equal(price_visibility_for(staff[i], ORDER_BY_CUSTOMER, true),
		                 PRICES_ALL);
	}
}

static void customer_sees_no_amount_on_partner_placed_order(void **state)
{
	(void)state;
	assert_int_equal(price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_PARTNER, false),
	                 PRICES_HIDDEN);
}

static void customer_sees_no_amount_on_partner_placed_order_of_published_item(void **state)
{
	(void)state;
	assert_int_equal(price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_PARTNER, true),
	                 PRICES_HIDDEN);
}

static void customer_sees_what_it_pays_for_published_storefront_item(void **state)
{
	enum price_visibility v =
	    price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_CUSTOMER, true);
	(void)state;
	assert_int_equal(v, PRICES_PAID);
	assert_true(price_paid_visible(v));
}

static void customer_never_sees_list_price_discount_or_markup(void **state)
{
	(void)state;
	assert_false(price_breakdown_visible(
	    price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_CUSTOMER, true)));
	assert_false(price_breakdown_visible(
	    price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_CUSTOMER, false)));
	assert_false(price_breakdown_visible(
	    price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_PARTNER, true)));
	assert_true(price_breakdown_visible(
	    price_visibility_for(ROLE_PARTNER_USER, ORDER_BY_CUSTOMER, true)));
}

/* With a quantity of one the line's amount is the unit price: both are hidden. */
static void customer_sees_no_amount_of_unpublished_storefront_item(void **state)
{
	enum price_visibility v =
	    price_visibility_for(ROLE_CUSTOMER_CONTACT, ORDER_BY_CUSTOMER, false);
	(void)state;
	assert_int_equal(v, PRICES_HIDDEN);
	assert_false(price_paid_visible(v));
}

static void unknown_role_sees_nothing(void **state)
{
	(void)state;
	assert_int_equal(price_visibility_for(ROLE__MAX, ORDER_BY_CUSTOMER, true), PRICES_HIDDEN);
}

static void text_is_amount_and_currency_or_dash(void **state)
{
	char out[PRICE_TEXT_MAX];
	struct money price = money_make(12500, "EUR");
	(void)state;
	price_visibility_text(PRICES_PAID, price, out);
	assert_string_equal(out, "125.00 EUR");
	price_visibility_text(PRICES_ALL, price, out);
	assert_string_equal(out, "125.00 EUR");
	price_visibility_text(PRICES_HIDDEN, price, out);
	assert_string_equal(out, "-");
}

static void text_of_the_largest_amount_fits(void **state)
{
	char out[PRICE_TEXT_MAX];
	(void)state;
	price_visibility_text(PRICES_ALL, money_make(INT64_MIN, "USD"), out);
	assert_string_equal(out, "-92233720368547758.08 USD");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(vendor_staff_and_partner_see_every_amount),
	    cmocka_unit_test(customer_sees_no_amount_on_partner_placed_order),
	    cmocka_unit_test(customer_sees_no_amount_on_partner_placed_order_of_published_item),
	    cmocka_unit_test(customer_sees_what_it_pays_for_published_storefront_item),
	    cmocka_unit_test(customer_never_sees_list_price_discount_or_markup),
	    cmocka_unit_test(customer_sees_no_amount_of_unpublished_storefront_item),
	    cmocka_unit_test(unknown_role_sees_nothing),
	    cmocka_unit_test(text_is_amount_and_currency_or_dash),
	    cmocka_unit_test(text_of_the_largest_amount_fits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
