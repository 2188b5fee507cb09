#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/orders.h"

/* Something to pay, no review: approved orders wait in progress for their payment. */
static const struct order_flags plain = {false, false};
static const struct order_flags review = {true, false};
/* Nothing to pay (a cancellation, a decrease): executed once approved. */
static const struct order_flags automatic = {false, true};

static enum order_status go(enum order_status from, enum order_event ev,
			    const struct order_flags *f)
{
	enum order_status to = ORDER_STATUS__MAX;
	assert_int_equal(order_transition(from, ev, f, &to, NULL), TESS_OK);
	return to;
}

static void partner_approval_sends_order_to_review_when_it_needs_it(void **state)
{
	(void)state;
	assert_int_equal(go(ORDER_PENDING_RESELLER_APPROVAL, ORDER_EV_PARTNER_APPROVE, &review),
			 ORDER_PENDING_REVIEW);
}

static void partner_approval_awaits_payment_or_executes_when_nothing_to_pay(void **state)
{
	(void)state;
	assert_int_equal(go(ORDER_PENDING_RESELLER_APPROVAL, ORDER_EV_PARTNER_APPROVE, &plain),
			 ORDER_IN_PROGRESS);
	assert_int_equal(go(ORDER_PENDING_RESELLER_APPROVAL, ORDER_EV_PARTNER_APPROVE, &automatic),
			 ORDER_EXECUTED);
}

static void partner_rejection_cancels(void **state)
{
	(void)state;
	assert_int_equal(go(ORDER_PENDING_RESELLER_APPROVAL, ORDER_EV_PARTNER_REJECT, &plain),
			 ORDER_CANCELED);
}

static void vendor_review_approves_onward_or_rejects(void **state)
{
	(void)state;
	assert_int_equal(go(ORDER_PENDING_REVIEW, ORDER_EV_VENDOR_APPROVE, &review),
			 ORDER_IN_PROGRESS);
	assert_int_equal(go(ORDER_PENDING_REVIEW, ORDER_EV_VENDOR_APPROVE, &automatic),
			 ORDER_EXECUTED);
	assert_int_equal(go(ORDER_PENDING_REVIEW, ORDER_EV_VENDOR_REJECT, &review),
			 ORDER_CANCELED);
}

static void in_progress_executes_on_payment_or_cancels(void **state)
{
	(void)state;
	assert_int_equal(go(ORDER_IN_PROGRESS, ORDER_EV_EXECUTE, &plain), ORDER_EXECUTED);
	assert_int_equal(go(ORDER_IN_PROGRESS, ORDER_EV_CANCEL, &plain), ORDER_CANCELED);
}

static void executed_and_cancelled_are_final(void **state)
{
	struct problem p;
	enum order_status to = ORDER_STATUS__MAX;
	(void)state;
	for (int ev = 0; ev < ORDER_EVENT__MAX; ev++) {
		assert_int_equal(order_transition(ORDER_EXECUTED, (enum order_event)ev, &plain, &to,
						  &p),
				 TESS_ERR_CONFLICT);
		assert_string_equal(p.code, "order_transition_invalid");
		assert_non_null(strstr(p.message, "already executed"));
		assert_int_equal(order_transition(ORDER_CANCELED, (enum order_event)ev, &plain, &to,
						  &p),
				 TESS_ERR_CONFLICT);
		assert_non_null(strstr(p.message, "already cancelled"));
	}
	assert_int_equal(to, ORDER_STATUS__MAX);
}

static void events_of_another_stage_conflict(void **state)
{
	struct problem p;
	enum order_status to;
	(void)state;
	/* The vendor cannot approve what the partner has not approved yet. */
	assert_int_equal(order_transition(ORDER_PENDING_RESELLER_APPROVAL, ORDER_EV_VENDOR_APPROVE,
					  &plain, &to, &p),
			 TESS_ERR_CONFLICT);
	assert_non_null(strstr(p.message, "pending_reseller_approval"));
	assert_non_null(strstr(p.message, "vendor_approve"));
	assert_int_equal(order_transition(ORDER_PENDING_REVIEW, ORDER_EV_PARTNER_APPROVE, &plain,
					  &to, &p),
			 TESS_ERR_CONFLICT);
	assert_int_equal(order_transition(ORDER_IN_PROGRESS, ORDER_EV_VENDOR_APPROVE, &plain, &to,
					  &p),
			 TESS_ERR_CONFLICT);
	assert_int_equal(order_transition(ORDER_PENDING_REVIEW, ORDER_EV_EXECUTE, &plain, &to, &p),
			 TESS_ERR_CONFLICT);
	assert_int_equal(order_transition(ORDER_STATUS__MAX, ORDER_EV_EXECUTE, &plain, &to, &p),
			 TESS_ERR_INVALID);
}

static void event_roles_partner_events_for_partners_vendor_events_for_vendor(void **state)
{
	(void)state;
	assert_int_equal(order_event_roles(ORDER_EV_PARTNER_APPROVE), ROLE_BIT(ROLE_PARTNER_USER));
	assert_int_equal(order_event_roles(ORDER_EV_PARTNER_REJECT), ROLE_BIT(ROLE_PARTNER_USER));
	assert_int_equal(order_event_roles(ORDER_EV_VENDOR_APPROVE), ROLE_BIT(ROLE_VENDOR_ADMIN));
	assert_int_equal(order_event_roles(ORDER_EV_VENDOR_REJECT) &
				 ROLE_BIT(ROLE_CUSTOMER_CONTACT),
			 0);
	assert_int_equal(order_event_roles(ORDER_EVENT__MAX), 0);
}

static void event_names_round_trip(void **state)
{
	enum order_event ev;
	(void)state;
	for (int i = 0; i < ORDER_EVENT__MAX; i++) {
		assert_true(order_event_parse(order_event_name((enum order_event)i), &ev));
		assert_int_equal(ev, i);
	}
	assert_false(order_event_parse("approve", &ev));
	assert_false(order_event_parse(NULL, &ev));
}

static void storefront_order_starts_pending_reseller_approval(void **state)
{
	(void)state;
	assert_int_equal(order_initial_status(ORDER_BY_CUSTOMER, &automatic),
			 ORDER_PENDING_RESELLER_APPROVAL);
	assert_int_equal(order_initial_status(ORDER_BY_PARTNER, &review), ORDER_PENDING_REVIEW);
	assert_int_equal(order_initial_status(ORDER_BY_PARTNER, &plain), ORDER_IN_PROGRESS);
	assert_int_equal(order_initial_status(ORDER_BY_PARTNER, &automatic), ORDER_EXECUTED);
}

static void coterm_request_needs_manual_review(void **state)
{
	(void)state;
	assert_true(order_needs_review(true, NULL, 0));
	assert_false(order_needs_review(false, NULL, 0));
}

static void notes_need_manual_review_but_whitespace_does_not(void **state)
{
	(void)state;
	assert_true(order_needs_review(false, "co-term to 2025-06-30", 21));
	assert_false(order_needs_review(false, " \t\r\n", 4));
	assert_false(order_needs_review(false, "", 0));
	/* Only notes_len bytes count. */
	assert_false(order_needs_review(false, "  x", 2));
}

static void order_in_review_tells_customer_one_to_three_business_days(void **state)
{
	(void)state;
	assert_string_equal(order_customer_message(ORDER_PENDING_REVIEW),
			    "Your order will be processed within one to three business days.");
	assert_null(order_customer_message(ORDER_IN_PROGRESS));
	assert_null(order_customer_message(ORDER_EXECUTED));
	assert_null(order_customer_message(ORDER_PENDING_RESELLER_APPROVAL));
}

static void partner_buying_through_distributor_refused(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(order_check_channel(ORG_PARTNER, 42, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "two_tier_reselling_not_allowed");
	assert_non_null(strstr(p.message, "distributor"));
	assert_int_equal(order_check_channel(ORG_PARTNER, 0, &p), TESS_OK);
	assert_int_equal(order_check_channel(ORG_CUSTOMER, 0, &p), TESS_OK);
}

static void partner_cannot_buy_monthly_cloud_for_customer(void **state)
{
	struct problem p;
	(void)state;
	assert_int_equal(order_check_partner_line(ORDER_BY_PARTNER, HOSTING_CLOUD, PERIOD_MONTHLY,
						  &p),
			 TESS_ERR_REFUSED);
	assert_string_equal(p.code, "monthly_cloud_not_allowed_for_partners");
	assert_string_equal(p.field, "billing_period");
}

static void partner_may_buy_annual_cloud_and_customer_monthly(void **state)
{
	(void)state;
	assert_int_equal(order_check_partner_line(ORDER_BY_PARTNER, HOSTING_CLOUD, PERIOD_ANNUAL,
						  NULL),
			 TESS_OK);
	assert_int_equal(order_check_partner_line(ORDER_BY_PARTNER, HOSTING_DATACENTER,
						  PERIOD_ANNUAL, NULL),
			 TESS_OK);
	assert_int_equal(order_check_partner_line(ORDER_BY_CUSTOMER, HOSTING_CLOUD, PERIOD_MONTHLY,
						  NULL),
			 TESS_OK);
}

static void zero_total_means_nothing_to_pay(void **state)
{
	struct order_flags f;
	(void)state;
	f = order_flags_of(false, money_make(0, "USD"));
	assert_true(f.auto_provisioned);
	assert_false(f.needs_review);
	f = order_flags_of(true, money_make(1, "USD"));
	assert_false(f.auto_provisioned);
	assert_true(f.needs_review);
	/* A cancellation with nothing to pay still waits for review when asked. */
	f = order_flags_of(true, money_make(0, "AUD"));
	assert_int_equal(order_initial_status(ORDER_BY_PARTNER, &f), ORDER_PENDING_REVIEW);
	assert_int_equal(go(ORDER_PENDING_REVIEW, ORDER_EV_VENDOR_APPROVE, &f), ORDER_EXECUTED);
}

static void invoice_issued_only_on_entering_in_progress(void **state)
{
	(void)state;
	assert_true(order_issues_invoice(ORDER_PENDING_RESELLER_APPROVAL, ORDER_IN_PROGRESS));
	assert_true(order_issues_invoice(ORDER_PENDING_REVIEW, ORDER_IN_PROGRESS));
	/* A partner's order that needs no review starts in progress: invoiced at once. */
	assert_true(order_issues_invoice(ORDER_STATUS__MAX, ORDER_IN_PROGRESS));
	/* Nothing to pay: executed without an invoice. */
	assert_false(order_issues_invoice(ORDER_PENDING_REVIEW, ORDER_EXECUTED));
	assert_false(order_issues_invoice(ORDER_PENDING_RESELLER_APPROVAL, ORDER_PENDING_REVIEW));
	assert_false(order_issues_invoice(ORDER_IN_PROGRESS, ORDER_EXECUTED));
	assert_false(order_issues_invoice(ORDER_IN_PROGRESS, ORDER_IN_PROGRESS));
	assert_false(order_issues_invoice(ORDER_PENDING_REVIEW, ORDER_CANCELED));
}

static void line_action_and_origin_names_round_trip(void **state)
{
	enum order_line_action a;
	enum order_origin o;
	(void)state;
	for (int i = 0; i < ORDER_LINE_ACTION__MAX; i++) {
		assert_true(order_line_action_parse(order_line_action_name((enum order_line_action)i),
						    &a));
		assert_int_equal(a, i);
	}
	assert_string_equal(order_line_action_name(ORDER_LINE_CANCEL_ADDON), "cancel_addon");
	assert_false(order_line_action_parse("refund", &a));
	assert_true(order_origin_parse("customer", &o));
	assert_int_equal(o, ORDER_BY_CUSTOMER);
	assert_string_equal(order_origin_name(ORDER_BY_PARTNER), "partner");
	assert_false(order_origin_parse(NULL, &o));
}

static struct quick_action_facts live_facts(void)
{
	struct quick_action_facts f;
	memset(&f, 0, sizeof(f));
	f.status = SUB_ACTIVE;
	f.published = true;
	f.higher_plan_priced = true;
	f.addons = 2;
	f.addon_with_several_licenses = true;
	return f;
}

static void every_action_offered_on_a_full_subscription(void **state)
{
	struct quick_action_facts f = live_facts();
	enum quick_action_bar bar[QA__MAX];
	(void)state;
	quick_actions_offered(&f, bar);
	for (int k = 0; k < QA__MAX; k++)
		assert_int_equal(bar[k], QA_OFFERED);
	/* An upcoming subscription can be changed too. */
	f.status = SUB_UPCOMING;
	quick_actions_offered(&f, bar);
	assert_int_equal(bar[QA_CANCEL], QA_OFFERED);
}

static void buy_licenses_only_if_published(void **state)
{
	struct quick_action_facts f = live_facts();
	enum quick_action_bar bar[QA__MAX];
	(void)state;
	f.published = false;
	quick_actions_offered(&f, bar);
	assert_int_equal(bar[QA_BUY_LICENSES], QA_BAR_NOT_PUBLISHED);
	assert_int_equal(bar[QA_UPGRADE], QA_OFFERED);
	f.higher_plan_priced = false;
	quick_actions_offered(&f, bar);
	assert_int_equal(bar[QA_UPGRADE], QA_BAR_NO_HIGHER_PLAN);
}

static void addon_actions_only_with_addons(void **state)
{
	struct quick_action_facts f = live_facts();
	enum quick_action_bar bar[QA__MAX];
	(void)state;
	f.addon_with_several_licenses = false;
	quick_actions_offered(&f, bar);
	assert_int_equal(bar[QA_CANCEL_ADDON], QA_OFFERED);
	assert_int_equal(bar[QA_DECREASE_ADDON], QA_BAR_SINGLE_LICENSE);
	f.addons = 0;
	quick_actions_offered(&f, bar);
	assert_int_equal(bar[QA_CANCEL_ADDON], QA_BAR_NO_ADDONS);
	assert_int_equal(bar[QA_DECREASE_ADDON], QA_BAR_NO_ADDONS);
	assert_int_equal(bar[QA_CANCEL], QA_OFFERED);
}

static void nothing_offered_on_an_inactive_subscription(void **state)
{
	struct quick_action_facts f = live_facts();
	enum quick_action_bar bar[QA__MAX];
	(void)state;
	f.status = SUB_INACTIVE;
	quick_actions_offered(&f, bar);
	for (int k = 0; k < QA__MAX; k++)
		assert_int_equal(bar[k], QA_BAR_INACTIVE);
}

static void cancelled_apps_are_not_addons(void **state)
{
	struct subscription app;
	tdate today = date_from_ymd(2026, 6, 15);
	(void)state;
	memset(&app, 0, sizeof(app));
	app.kind = PRODUCT_APP;
	app.state = SUB_STATE_LIVE;
	app.start_date = today - 10;
	app.period_end = today + 100;
	assert_true(quick_action_addon_counts(&app, today));
	app.state = SUB_STATE_CANCELLED;
	app.ended_on = today - 1;
	assert_false(quick_action_addon_counts(&app, today));
	app.state = SUB_STATE_EXPIRED;
	assert_false(quick_action_addon_counts(&app, today));
}

static void an_upgrade_is_never_lower_on_either_axis(void **state)
{
	(void)state;
	assert_true(plan_is_upgrade(EDITION_STANDARD, 25, EDITION_STANDARD, 50));
	assert_true(plan_is_upgrade(EDITION_STANDARD, 25, EDITION_PREMIUM, 25));
	assert_false(plan_is_upgrade(EDITION_STANDARD, 25, EDITION_STANDARD, 25));
	assert_false(plan_is_upgrade(EDITION_PREMIUM, 25, EDITION_STANDARD, 50));
	assert_false(plan_is_upgrade(EDITION_STANDARD, 50, EDITION_PREMIUM, 25));
}

/* An open quote past its expiry date shows as expired; stored statuses show as they are. */
static void quote_status_shown_at_today(void **state)
{
	tdate today = date_from_ymd(2026, 5, 1);
	(void)state;
	assert_int_equal(quote_status_at(QUOTE_OPEN, today, today), QUOTE_OPEN);
	assert_int_equal(quote_status_at(QUOTE_OPEN, today - 1, today), QUOTE_EXPIRED);
	assert_int_equal(quote_status_at(QUOTE_ORDERED, today - 1, today), QUOTE_ORDERED);
	assert_int_equal(quote_status_at(QUOTE_CANCELLED, today + 5, today), QUOTE_CANCELLED);
	assert_string_equal(quote_status_name(QUOTE_EXPIRED), "expired");
}

static void only_an_open_quote_is_cancelled(void **state)
{
	struct problem p;
	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(quote_check_cancel(QUOTE_OPEN, &p), TESS_OK);
	for (int s = QUOTE_EXPIRED; s < QUOTE_STATUS__MAX; s++) {
		memset(&p, 0, sizeof(p));
		assert_int_equal(quote_check_cancel((enum quote_status)s, &p), TESS_ERR_CONFLICT);
		assert_string_equal(p.code, "quote_not_open");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quote_status_shown_at_today),
		cmocka_unit_test(only_an_open_quote_is_cancelled),
		cmocka_unit_test(every_action_offered_on_a_full_subscription),
		cmocka_unit_test(buy_licenses_only_if_published),
		cmocka_unit_test(addon_actions_only_with_addons),
		cmocka_unit_test(nothing_offered_on_an_inactive_subscription),
		cmocka_unit_test(cancelled_apps_are_not_addons),
		cmocka_unit_test(an_upgrade_is_never_lower_on_either_axis),
		cmocka_unit_test(partner_approval_sends_order_to_review_when_it_needs_it),
		cmocka_unit_test(partner_approval_awaits_payment_or_executes_when_nothing_to_pay),
		cmocka_unit_test(partner_rejection_cancels),
		cmocka_unit_test(vendor_review_approves_onward_or_rejects),
		cmocka_unit_test(in_progress_executes_on_payment_or_cancels),
		cmocka_unit_test(executed_and_cancelled_are_final),
		cmocka_unit_test(events_of_another_stage_conflict),
		cmocka_unit_test(event_roles_partner_events_for_partners_vendor_events_for_vendor),
		cmocka_unit_test(event_names_round_trip),
		cmocka_unit_test(storefront_order_starts_pending_reseller_approval),
		cmocka_unit_test(coterm_request_needs_manual_review),
		cmocka_unit_test(notes_need_manual_review_but_whitespace_does_not),
		cmocka_unit_test(order_in_review_tells_customer_one_to_three_business_days),
		cmocka_unit_test(partner_buying_through_distributor_refused),
		cmocka_unit_test(partner_cannot_buy_monthly_cloud_for_customer),
		cmocka_unit_test(partner_may_buy_annual_cloud_and_customer_monthly),
		cmocka_unit_test(zero_total_means_nothing_to_pay),
		cmocka_unit_test(invoice_issued_only_on_entering_in_progress),
		cmocka_unit_test(line_action_and_origin_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
