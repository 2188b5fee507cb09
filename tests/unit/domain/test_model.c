/*
 * The names of the model's enums that this test covers: the invoice
 * statuses, and the payment methods with their labels and the one that is
 * terms rather than a way to pay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/model.h"

static void invoice_status_names_round_trip(void **state)
{
	enum invoice_status st;
	(void)state;
	for (int i = 0; i < INVOICE_STATUS__MAX; i++) {
		assert_string_equal(invoice_status_choices[i],
		                    invoice_status_name((enum invoice_status)i));
		assert_true(invoice_status_parse(invoice_status_choices[i], &st));
		assert_int_equal(st, i);
	}
	assert_null(invoice_status_choices[INVOICE_STATUS__MAX]);
	assert_string_equal(invoice_status_name(INVOICE_REFUNDED), "refunded");
	assert_false(invoice_status_parse("cancelled", &st));
	assert_string_equal(invoice_status_name(INVOICE_STATUS__MAX), "");
}

static void net30_is_terms_not_a_way_to_pay(void **state)
{
	(void)state;
	for (int m = 0; m < PAY__MAX; m++)
		assert_int_equal(payment_method_pays((enum payment_method)m), m != PAY_NET30);
	assert_false(payment_method_pays(PAY__MAX));
}

static void every_payment_method_has_a_label(void **state)
{
	(void)state;
	for (int m = 0; m < PAY__MAX; m++)
		assert_true(strlen(payment_method_label((enum payment_method)m)) > 0);
	assert_string_equal(payment_method_label(PAY_CARD), "Credit card");
	assert_string_equal(payment_method_label(PAY__MAX), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(invoice_status_names_round_trip),
	    cmocka_unit_test(net30_is_terms_not_a_way_to_pay),
	    cmocka_unit_test(every_payment_method_has_a_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
