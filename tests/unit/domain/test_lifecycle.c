#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/lifecycle.h"

static tdate D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* An annual product subscription, live, with a site, from 2026-01-10 to 2027-01-10. */
static struct subscription sub(void)
{
	struct subscription s;
	memset(&s, 0, sizeof(s));
	s.pk = 1;
	s.kind = PRODUCT_PRODUCT;
	s.site_pk = 7;
	s.state = SUB_STATE_LIVE;
	s.start_date = D(2026, 1, 10);
	s.period_end = D(2027, 1, 10);
	s.period = PERIOD_ANNUAL;
	return s;
}

static void upcoming_until_start_date_then_active(void **state)
{
	struct subscription s = sub();
	char text[64];
	(void)state;
	assert_int_equal(sub_status_on(&s, D(2026, 1, 9)), SUB_UPCOMING);
	assert_int_equal(sub_starts_in_days(&s, D(2026, 1, 7)), 3);
	sub_status_text(&s, D(2026, 1, 7), text, sizeof(text));
	assert_string_equal(text, "Starts in 3 days");
	sub_status_text(&s, D(2026, 1, 9), text, sizeof(text));
	assert_string_equal(text, "Starts in 1 day");
	assert_int_equal(sub_days_until_renewal(&s, D(2026, 1, 9)), -1);
	/* SPEC rule 15: it becomes active when the date passes. */
	assert_int_equal(sub_status_on(&s, D(2026, 1, 10)), SUB_ACTIVE);
	assert_int_equal(sub_starts_in_days(&s, D(2026, 1, 10)), -1);
}

static void active_counts_days_until_bill_date(void **state)
{
	struct subscription s = sub();
	char text[64];
	(void)state;
	assert_int_equal(sub_days_until_renewal(&s, D(2026, 12, 17)), 24);
	sub_status_text(&s, D(2026, 12, 17), text, sizeof(text));
	assert_string_equal(text, "Renews in 24 days");
}

static void active_without_site_needs_site_setup(void **state)
{
	struct subscription s = sub();
	char text[64];
	(void)state;
	s.site_pk = 0;
	assert_true(sub_site_setup_required(&s, D(2026, 3, 1)));
	sub_status_text(&s, D(2026, 3, 1), text, sizeof(text));
	assert_string_equal(text, "Site setup required");
	/* Not while upcoming: there is nothing to set up yet. */
	assert_false(sub_site_setup_required(&s, D(2026, 1, 1)));
	s.site_pk = 3;
	assert_false(sub_site_setup_required(&s, D(2026, 3, 1)));
}

static void cancelled_is_inactive_whatever_the_dates(void **state)
{
	struct subscription s = sub();
	char text[64];
	(void)state;
	s.state = SUB_STATE_CANCELLED;
	s.ended_on = D(2026, 5, 1);
	assert_int_equal(sub_status_on(&s, D(2026, 6, 1)), SUB_INACTIVE);
	assert_int_equal(sub_status_on(&s, D(2025, 6, 1)), SUB_INACTIVE);
	sub_status_text(&s, D(2026, 6, 1), text, sizeof(text));
	assert_string_equal(text, "Cancelled on 2026-05-01");
}

static void cancel_now_ends_today(void **state)
{
	struct subscription s = sub();
	struct cancel_change c;
	struct problem p;
	(void)state;
	assert_int_equal(lifecycle_cancel(&s, CANCEL_NOW, D(2026, 6, 1), &c, &p), TESS_OK);
	assert_int_equal(c.state, SUB_STATE_CANCELLED);
	assert_int_equal(c.ended_on, D(2026, 6, 1));
	assert_false(c.cancel_at_period_end);
}

static void cancel_at_term_end_keeps_it_live(void **state)
{
	struct subscription s = sub();
	struct cancel_change c;
	struct problem p;
	char text[64];
	(void)state;
	assert_int_equal(lifecycle_cancel(&s, CANCEL_AT_TERM_END, D(2026, 6, 1), &c, &p), TESS_OK);
	assert_int_equal(c.state, SUB_STATE_LIVE);
	assert_true(c.cancel_at_period_end);
	s.cancel_at_period_end = true;
	sub_status_text(&s, D(2026, 6, 1), text, sizeof(text));
	assert_string_equal(text, "Cancels on 2027-01-10");
	assert_int_equal(lifecycle_cancel(&s, CANCEL_AT_TERM_END, D(2026, 6, 1), &c, &p),
			 TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "already_scheduled");
	/* Cancelling now after scheduling is allowed. */
	assert_int_equal(lifecycle_cancel(&s, CANCEL_NOW, D(2026, 6, 1), &c, &p), TESS_OK);
	assert_int_equal(c.state, SUB_STATE_CANCELLED);
}

static void cancel_upcoming_at_term_end_cancels_now(void **state)
{
	struct subscription s = sub();
	struct cancel_change c;
	struct problem p;
	(void)state;
	assert_int_equal(lifecycle_cancel(&s, CANCEL_AT_TERM_END, D(2026, 1, 1), &c, &p), TESS_OK);
	assert_int_equal(c.state, SUB_STATE_CANCELLED);
}

static void cancel_refused_when_already_inactive(void **state)
{
	struct subscription s = sub();
	struct cancel_change c;
	struct problem p;
	(void)state;
	s.state = SUB_STATE_CANCELLED;
	s.ended_on = D(2026, 5, 1);
	assert_int_equal(lifecycle_cancel(&s, CANCEL_NOW, D(2026, 6, 1), &c, &p),
			 TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "already_inactive");
}

static void product_cancel_cascades_to_live_apps_only(void **state)
{
	struct subscription app = sub(), gone = sub();
	struct cancel_change product = {SUB_STATE_CANCELLED, D(2026, 6, 1), false}, out;
	(void)state;
	app.kind = PRODUCT_APP;
	app.parent_pk = 1;
	assert_true(lifecycle_cascade_to_app(&app, &product, &out));
	assert_int_equal(out.state, SUB_STATE_CANCELLED);
	assert_int_equal(out.ended_on, D(2026, 6, 1));
	gone.kind = PRODUCT_APP;
	gone.state = SUB_STATE_CANCELLED;
	assert_false(lifecycle_cascade_to_app(&gone, &product, &out));
}

static void reactivation_refused_to_customer_and_partner(void **state)
{
	struct subscription s = sub();
	struct cancel_change c;
	struct problem p;
	(void)state;
	s.state = SUB_STATE_CANCELLED;
	s.ended_on = D(2026, 5, 1);
	assert_int_equal(lifecycle_reactivate(&s, NULL, ROLE_CUSTOMER_CONTACT, D(2026, 6, 1), &c,
					      &p),
			 TESS_ERR_FORBIDDEN);
	assert_string_equal(p.code, "reactivation_not_allowed");
	assert_int_equal(lifecycle_reactivate(&s, NULL, ROLE_PARTNER_USER, D(2026, 6, 1), &c, &p),
			 TESS_ERR_FORBIDDEN);
	assert_int_equal(lifecycle_reactivate(&s, NULL, ROLE_VENDOR_SUPPORT, D(2026, 6, 1), &c,
					      &p),
			 TESS_OK);
	assert_int_equal(c.state, SUB_STATE_LIVE);
	assert_int_equal(lifecycle_reactivate(&s, NULL, ROLE_VENDOR_ADMIN, D(2026, 6, 1), &c, &p),
			 TESS_OK);
}

static void reactivation_refused_for_live_app_of_cancelled_product_and_ended_term(void **state)
{
	struct subscription s = sub(), parent = sub();
	struct cancel_change c;
	struct problem p;
	(void)state;
	assert_int_equal(lifecycle_reactivate(&s, NULL, ROLE_VENDOR_ADMIN, D(2026, 6, 1), &c, &p),
			 TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "not_cancelled");
	s.kind = PRODUCT_APP;
	s.state = SUB_STATE_CANCELLED;
	s.ended_on = D(2026, 5, 1);
	parent.state = SUB_STATE_CANCELLED;
	parent.ended_on = D(2026, 5, 1);
	assert_int_equal(lifecycle_reactivate(&s, &parent, ROLE_VENDOR_ADMIN, D(2026, 6, 1), &c,
					      &p),
			 TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "parent_cancelled");
	assert_int_equal(lifecycle_reactivate(&s, NULL, ROLE_VENDOR_ADMIN, D(2027, 2, 1), &c, &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "term_ended");
}

static void annual_cloud_alone_restarts_its_term_on_payment(void **state)
{
	(void)state;
	assert_true(lifecycle_term_restarts(HOSTING_CLOUD, PERIOD_ANNUAL));
	assert_false(lifecycle_term_restarts(HOSTING_CLOUD, PERIOD_MONTHLY));
	assert_false(lifecycle_term_restarts(HOSTING_DATACENTER, PERIOD_ANNUAL));
	assert_false(lifecycle_term_restarts(HOSTING_SERVER, PERIOD_ANNUAL));
}

static void renewal_term_from_payment_or_from_the_current_end(void **state)
{
	tdate start, end;
	(void)state;
	/* SPEC rule 13: paid on 2026-06-15, a term ending 2026-09-01 restarts. */
	assert_int_equal(lifecycle_renewal_term(true, PERIOD_ANNUAL, D(2026, 9, 1), D(2026, 6, 15),
						&start, &end),
			 TESS_OK);
	assert_int_equal(start, D(2026, 6, 15));
	assert_int_equal(end, D(2027, 6, 15));
	/* Otherwise one more period from the current end... */
	assert_int_equal(lifecycle_renewal_term(false, PERIOD_ANNUAL, D(2026, 9, 1), D(2026, 6, 15),
						&start, &end),
			 TESS_OK);
	assert_int_equal(start, D(2026, 9, 1));
	assert_int_equal(end, D(2027, 9, 1));
	/* ... or from the payment once it has lapsed. */
	assert_int_equal(lifecycle_renewal_term(false, PERIOD_MONTHLY, D(2026, 5, 1), D(2026, 6, 15),
						&start, &end),
			 TESS_OK);
	assert_int_equal(start, D(2026, 6, 15));
	assert_int_equal(end, D(2026, 7, 15));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(annual_cloud_alone_restarts_its_term_on_payment),
		cmocka_unit_test(renewal_term_from_payment_or_from_the_current_end),
		cmocka_unit_test(upcoming_until_start_date_then_active),
		cmocka_unit_test(active_counts_days_until_bill_date),
		cmocka_unit_test(active_without_site_needs_site_setup),
		cmocka_unit_test(cancelled_is_inactive_whatever_the_dates),
		cmocka_unit_test(cancel_now_ends_today),
		cmocka_unit_test(cancel_at_term_end_keeps_it_live),
		cmocka_unit_test(cancel_upcoming_at_term_end_cancels_now),
		cmocka_unit_test(cancel_refused_when_already_inactive),
		cmocka_unit_test(product_cancel_cascades_to_live_apps_only),
		cmocka_unit_test(reactivation_refused_to_customer_and_partner),
		cmocka_unit_test(reactivation_refused_for_live_app_of_cancelled_product_and_ended_term),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
