/*
 * Quick actions as an operation, run through ops_run on a fresh store
 * with the demo data and read back through store.h: a partner's purchase
 * of licenses is a priced one-line order carried on at once, a customer's
 * waits for its partner, a cancel at term end with nothing to pay is
 * carried out; an action the subscription does not offer and a partner's
 * paid action on a monthly cloud subscription (SPEC rule 5) are refused
 * and place no order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "demo_fixture.h"
#include "ops/quick_actions.h"

#define ALEX "alex@bluebird.example"
#define DANA "dana@dune.example"
#define PAT "pat@acme.example"

struct action_call {
	const struct actor *who;
	struct quick_action_in in;
	struct op_ref out;
};

static enum tess_err action_call_run(struct store_conn *c, void *ctx, struct arena *a,
				     struct problem *p)
{
	struct action_call *x = ctx;
	return ops_quick_action(c, x->who, &x->in, a, &x->out, p);
}

static enum tess_err run_action(struct demo_fixture *f, struct action_call *x, struct problem *p)
{
	return ops_run(f->st, action_call_run, x, &f->arena, p);
}

/* A buy_licenses call of who on subscription id, quantity licenses paid by card. */
static struct action_call buy_licenses(const struct actor *who, const char *id, int32_t quantity)
{
	struct action_call x;
	memset(&x, 0, sizeof(x));
	x.who = who;
	x.in.subscription_id = id;
	x.in.action = QA_BUY_LICENSES;
	x.in.quantity = quantity;
	x.in.instructions = "";
	x.in.has_method = true;
	x.in.method = PAY_CARD;
	return x;
}

static struct quick_action_offer offer_of(struct demo_fixture *f, const struct subscription *s,
					  tdate today)
{
	struct quick_action_offer as;
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(quick_actions_assess(f->rc, &f->arena, s, today, &as), TESS_OK);
	store_read_end(f->rc);
	return as;
}

static bool monthly_cloud(const struct subscription *s)
{
	return s->hosting == HOSTING_CLOUD && s->period == PERIOD_MONTHLY;
}

/*
 * A live product subscription of who's, active today, in USD, that offers
 * action, monthly cloud or not as asked.
 */
static struct subscription offering(struct demo_fixture *f, const struct actor *who,
				    enum quick_action action, bool want_monthly_cloud)
{
	struct subscription *subs = NULL;
	size_t n = demo_subscriptions(f, who, &subs);

	for (size_t i = 0; i < n; i++) {
		const struct subscription *s = &subs[i];
		if (s->kind != PRODUCT_PRODUCT || s->state != SUB_STATE_LIVE ||
		    s->cancel_at_period_end || sub_status_on(s, who->today) != SUB_ACTIVE ||
		    strcmp(s->unit_price.currency, "USD") != 0 ||
		    monthly_cloud(s) != want_monthly_cloud)
			continue;
		if (offer_of(f, s, who->today).available[action])
			return *s;
	}
	fail_msg("the demo data have no subscription of %s offering action %d", who->email,
		 (int)action);
	return subs[0];
}

static struct order read_order(struct demo_fixture *f, const struct actor *who, const char *id,
			       struct order_line **lines, size_t *n)
{
	struct order o;
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_order_get(f->rc, who->tenancy, id, &f->arena, &o), TESS_OK);
	assert_int_equal(store_order_lines(f->rc, o.pk, &f->arena, lines, n), TESS_OK);
	store_read_end(f->rc);
	return o;
}

static void a_partners_licenses_are_a_priced_order_carried_on_at_once(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription s = offering(f, &alex, QA_BUY_LICENSES, false);
	struct action_call x = buy_licenses(&alex, s.id, 2);
	struct order_line *lines = NULL;
	size_t n = 0;
	struct order o;
	struct problem p;

	assert_int_equal(run_action(f, &x, &p), TESS_OK);
	o = read_order(f, &alex, x.out.id, &lines, &n);
	assert_int_equal(o.origin, ORDER_BY_PARTNER);
	assert_int_equal(o.status, ORDER_IN_PROGRESS);
	assert_int_equal(o.customer_pk, s.customer_pk);
	assert_int_equal(o.placed_by_user_pk, alex.user_pk);
	assert_true(o.invoice_pk != 0);
	assert_string_equal(o.currency, "USD");
	assert_int_equal(n, 1);
	assert_int_equal(lines[0].action, ORDER_LINE_ADD_LICENSES);
	assert_int_equal(lines[0].quantity, 2);
	assert_int_equal(lines[0].subscription_pk, s.pk);
	/* Bought for the rest of the current term, which it ends with. */
	assert_int_equal(lines[0].end_date, s.period_end);
	assert_true(lines[0].amount.minor > 0);
	assert_int_equal(o.net.minor, lines[0].amount.minor);
	assert_int_equal(o.total.minor, o.net.minor + o.tax.minor);
	assert_string_equal(lines[0].amount.currency, o.currency);
	assert_string_equal(demo_last_event(f, s.pk, NULL), "order_placed");
}

static void a_customers_quick_action_waits_for_its_partner(void **state)
{
	struct demo_fixture *f = *state;
	struct actor pat = demo_actor(f, PAT);
	struct subscription s = offering(f, &pat, QA_BUY_LICENSES, false);
	struct action_call x = buy_licenses(&pat, s.id, 1);
	struct order_line *lines = NULL;
	size_t n = 0;
	struct order o;
	struct problem p;

	assert_int_equal(run_action(f, &x, &p), TESS_OK);
	o = read_order(f, &pat, x.out.id, &lines, &n);
	assert_int_equal(o.origin, ORDER_BY_CUSTOMER);
	assert_int_equal(o.status, ORDER_PENDING_RESELLER_APPROVAL);
	assert_int_equal(o.invoice_pk, 0);
	assert_int_equal(n, 1);
	assert_true(lines[0].published);
}

static void a_cancel_at_term_end_with_nothing_to_pay_is_carried_out(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription s = offering(f, &alex, QA_CANCEL, false), after;
	struct action_call x;
	struct order_line *lines = NULL;
	size_t n = 0;
	struct order o;
	struct problem p;

	memset(&x, 0, sizeof(x));
	x.who = &alex;
	x.in.subscription_id = s.id;
	x.in.action = QA_CANCEL;
	x.in.has_effective = true;
	x.in.effective = CANCEL_AT_TERM_END;
	assert_int_equal(run_action(f, &x, &p), TESS_OK);
	o = read_order(f, &alex, x.out.id, &lines, &n);
	assert_int_equal(o.status, ORDER_EXECUTED);
	assert_int_equal(o.total.minor, 0);
	assert_int_equal(n, 1);
	assert_int_equal(lines[0].action, ORDER_LINE_CANCEL);
	assert_int_equal(lines[0].quantity, s.quantity);
	after = demo_subscription(f, &alex, s.id);
	assert_int_equal(after.state, SUB_STATE_LIVE);
	assert_true(after.cancel_at_period_end);
}

static void an_action_not_offered_is_refused_with_its_reason(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription *subs = NULL, *s = NULL;
	size_t n = demo_subscriptions(f, &alex, &subs), orders = demo_order_count(f);
	struct action_call x;
	struct problem p;

	for (size_t i = 0; s == NULL && i < n; i++)
		if (subs[i].kind == PRODUCT_PRODUCT &&
		    !offer_of(f, &subs[i], alex.today).available[QA_CANCEL_ADDON])
			s = &subs[i];
	assert_non_null(s);
	memset(&x, 0, sizeof(x));
	x.who = &alex;
	x.in.subscription_id = s->id;
	x.in.action = QA_CANCEL_ADDON;
	x.in.addon = s->id;
	assert_int_equal(run_action(f, &x, &p), TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "action_not_available");
	assert_string_equal(p.field, "action");
	assert_string_equal(p.message, offer_of(f, s, alex.today).reason[QA_CANCEL_ADDON]);
	assert_int_equal(demo_order_count(f), orders);
}

/*
 * A paid action of who on one of its monthly cloud subscriptions, as
 * run_action takes it: buying a license, or, where that is not offered,
 * an upgrade to a plan the catalog prices for it.
 */
static struct action_call monthly_cloud_paid_action(struct demo_fixture *f,
						     const struct actor *who,
						     struct subscription *out)
{
	struct subscription *subs = NULL;
	size_t n = demo_subscriptions(f, who, &subs);

	for (size_t i = 0; i < n; i++) {
		const struct subscription *s = &subs[i];
		struct quick_action_offer as;
		struct action_call x = buy_licenses(who, s->id, 1);
		if (s->kind != PRODUCT_PRODUCT || s->state != SUB_STATE_LIVE || !monthly_cloud(s) ||
		    sub_status_on(s, who->today) != SUB_ACTIVE)
			continue;
		as = offer_of(f, s, who->today);
		*out = *s;
		if (as.available[QA_BUY_LICENSES])
			return x;
		if (!as.available[QA_UPGRADE])
			continue;
		x.in.action = QA_UPGRADE;
		x.in.quantity = 0;
		for (size_t k = 0; k < as.nprices; k++)
			if (as.prices[k].period == s->period &&
			    strcmp(as.prices[k].amount.currency, s->unit_price.currency) == 0 &&
			    plan_is_upgrade(s->edition, s->user_tier, as.prices[k].edition,
					    as.prices[k].users)) {
				x.in.has_edition = true;
				x.in.edition = as.prices[k].edition;
				x.in.user_tier = as.prices[k].users;
				return x;
			}
	}
	fail_msg("the demo data have no monthly cloud subscription of %s with a paid action",
		 who->email);
	return buy_licenses(who, "", 1);
}

/* SPEC rule 5 holds on every path: a partner buys no monthly cloud by a quick action either. */
static void a_partners_paid_action_on_monthly_cloud_is_refused(void **state)
{
	struct demo_fixture *f = *state;
	struct actor dana = demo_actor(f, DANA);
	struct subscription s;
	struct action_call x = monthly_cloud_paid_action(f, &dana, &s);
	size_t orders = demo_order_count(f);
	struct problem p;

	assert_int_equal(run_action(f, &x, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "monthly_cloud_not_allowed_for_partners");
	assert_int_equal(demo_order_count(f), orders);
	assert_string_not_equal(demo_last_event(f, s.pk, NULL), "order_placed");
}

static void another_partners_subscription_is_not_found(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX), dana = demo_actor(f, DANA);
	struct subscription s = offering(f, &dana, QA_CANCEL, false);
	struct action_call x = buy_licenses(&alex, s.id, 1);
	struct problem p;

	assert_int_equal(run_action(f, &x, &p), TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			a_partners_licenses_are_a_priced_order_carried_on_at_once, demo_setup,
			demo_teardown),
		cmocka_unit_test_setup_teardown(a_customers_quick_action_waits_for_its_partner,
						demo_setup, demo_teardown),
		cmocka_unit_test_setup_teardown(
			a_cancel_at_term_end_with_nothing_to_pay_is_carried_out, demo_setup,
			demo_teardown),
		cmocka_unit_test_setup_teardown(an_action_not_offered_is_refused_with_its_reason,
						demo_setup, demo_teardown),
		cmocka_unit_test_setup_teardown(a_partners_paid_action_on_monthly_cloud_is_refused,
						demo_setup, demo_teardown),
		cmocka_unit_test_setup_teardown(another_partners_subscription_is_not_found,
						demo_setup, demo_teardown),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
