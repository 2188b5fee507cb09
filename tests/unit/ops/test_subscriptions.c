/*
 * Cancelling and reactivating subscriptions as operations, run through
 * ops_run on a fresh store with the demo data and read back through
 * store.h: a cancel at term end schedules the product and its live apps
 * (SPEC rule 14) and records the history and the audit event; vendor
 * support reactivates; partners may not, a live subscription has nothing
 * to reactivate, and another partner's subscription is not found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "demo_fixture.h"
#include "ops/subscriptions.h"

#define ALEX "alex@bluebird.example"
#define DANA "dana@dune.example"
#define SUPPORT "support@helix.example"

/* One call of either operation, adapted to ops_run. */
struct change_call {
	const struct actor *who;
	bool reactivate;
	struct subscription_cancel_in cancel;
	struct subscription_reactivate_in reactivate_in;
	struct op_ref out;
};

static enum tess_err change_call_run(struct store_conn *c, void *ctx, struct arena *a,
				     struct problem *p)
{
	struct change_call *x = ctx;
	if (x->reactivate)
		return ops_subscription_reactivate(c, x->who, &x->reactivate_in, a, &x->out, p);
	return ops_subscription_cancel(c, x->who, &x->cancel, a, &x->out, p);
}

static enum tess_err cancel(struct demo_fixture *f, const struct actor *who, const char *id,
			    enum cancel_when when, const char *note, struct problem *p)
{
	struct change_call x = {who, false, {id, when, note}, {NULL}, {{0}}};
	enum tess_err err = ops_run(f->st, change_call_run, &x, &f->arena, p);
	if (err == TESS_OK)
		assert_string_equal(x.out.id, id);
	return err;
}

static enum tess_err reactivate(struct demo_fixture *f, const struct actor *who, const char *id,
				struct problem *p)
{
	struct change_call x = {who, true, {NULL, CANCEL_NOW, ""}, {id}, {{0}}};
	enum tess_err err = ops_run(f->st, change_call_run, &x, &f->arena, p);
	if (err == TESS_OK)
		assert_string_equal(x.out.id, id);
	return err;
}

static bool active_and_unscheduled(const struct subscription *s, tdate today)
{
	return s->state == SUB_STATE_LIVE && !s->cancel_at_period_end &&
	       sub_status_on(s, today) == SUB_ACTIVE;
}

/* An active product subscription of who's, with a live app when with_app (into *app). */
static struct subscription active_product(struct demo_fixture *f, const struct actor *who,
					  bool with_app, struct subscription *app)
{
	struct subscription *subs = NULL;
	size_t n = demo_subscriptions(f, who, &subs);

	for (size_t i = 0; i < n; i++) {
		struct subscription *apps = NULL;
		size_t napps = 0;
		if (subs[i].kind != PRODUCT_PRODUCT || !active_and_unscheduled(&subs[i], who->today))
			continue;
		if (!with_app)
			return subs[i];
		assert_int_equal(store_read_begin(f->rc), TESS_OK);
		assert_int_equal(store_subscription_apps(f->rc, subs[i].pk, &f->arena, &apps, &napps),
				 TESS_OK);
		store_read_end(f->rc);
		for (size_t k = 0; k < napps; k++)
			if (active_and_unscheduled(&apps[k], who->today)) {
				*app = apps[k];
				return subs[i];
			}
	}
	fail_msg("the demo data have no active product subscription for %s", who->email);
	return subs[0];
}

static const char *last_audit_action(struct demo_fixture *f, const char *id)
{
	struct audit_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_audit_for_object(f->rc, id, &f->arena, &rows, &n), TESS_OK);
	store_read_end(f->rc);
	return n > 0 ? rows[n - 1].action : "";
}

static void cancel_at_term_end_schedules_product_and_its_live_apps(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription app, s = active_product(f, &alex, true, &app), after;
	const char *note = NULL;
	struct problem p;

	assert_int_equal(cancel(f, &alex, s.id, CANCEL_AT_TERM_END, "moving to another tool", &p),
			 TESS_OK);
	after = demo_subscription(f, &alex, s.id);
	assert_int_equal(after.state, SUB_STATE_LIVE);
	assert_true(after.cancel_at_period_end);
	assert_int_equal(sub_status_on(&after, alex.today), SUB_ACTIVE);
	assert_string_equal(demo_last_event(f, s.pk, &note), "cancellation_scheduled");
	assert_string_equal(note, "moving to another tool");
	assert_string_equal(last_audit_action(f, s.id), "subscription.cancel");
	/* SPEC rule 14: the product's live app goes with it, the same way. */
	after = demo_subscription(f, &alex, app.id);
	assert_int_equal(after.state, SUB_STATE_LIVE);
	assert_true(after.cancel_at_period_end);
	assert_string_equal(demo_last_event(f, app.pk, NULL), "cancellation_scheduled");
}

static void vendor_support_reactivates_a_scheduled_cancellation(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX), support = demo_actor(f, SUPPORT);
	struct subscription s = active_product(f, &alex, false, NULL), after;
	struct problem p;

	assert_int_equal(cancel(f, &alex, s.id, CANCEL_AT_TERM_END, "", &p), TESS_OK);
	assert_int_equal(reactivate(f, &support, s.id, &p), TESS_OK);
	after = demo_subscription(f, &support, s.id);
	assert_int_equal(after.state, SUB_STATE_LIVE);
	assert_false(after.cancel_at_period_end);
	assert_string_equal(demo_last_event(f, s.pk, NULL), "reactivated");
	assert_string_equal(last_audit_action(f, s.id), "subscription.reactivate");
}

static void cancel_now_ends_the_subscription_today(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription s = active_product(f, &alex, false, NULL), after;
	struct problem p;

	assert_int_equal(cancel(f, &alex, s.id, CANCEL_NOW, "", &p), TESS_OK);
	after = demo_subscription(f, &alex, s.id);
	assert_int_equal(after.state, SUB_STATE_CANCELLED);
	assert_int_equal(after.ended_on, alex.today);
	assert_string_equal(demo_last_event(f, s.pk, NULL), "cancelled");
}

static void reactivating_a_live_subscription_is_refused_not_cancelled(void **state)
{
	struct demo_fixture *f = *state;
	struct actor support = demo_actor(f, SUPPORT);
	struct subscription s = active_product(f, &support, false, NULL), after;
	const char *before = demo_last_event(f, s.pk, NULL);
	struct problem p;

	assert_int_equal(reactivate(f, &support, s.id, &p), TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "not_cancelled");
	after = demo_subscription(f, &support, s.id);
	assert_false(after.cancel_at_period_end);
	assert_string_equal(demo_last_event(f, s.pk, NULL), before);
}

static void a_partner_may_not_reactivate(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription s = active_product(f, &alex, false, NULL), after;
	struct problem p;

	assert_int_equal(cancel(f, &alex, s.id, CANCEL_AT_TERM_END, "", &p), TESS_OK);
	assert_int_equal(reactivate(f, &alex, s.id, &p), TESS_ERR_FORBIDDEN);
	assert_string_equal(p.code, "reactivation_not_allowed");
	after = demo_subscription(f, &alex, s.id);
	assert_true(after.cancel_at_period_end);
	assert_string_equal(demo_last_event(f, s.pk, NULL), "cancellation_scheduled");
}

static void cancelling_twice_at_term_end_is_refused(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX);
	struct subscription s = active_product(f, &alex, false, NULL);
	struct problem p;

	assert_int_equal(cancel(f, &alex, s.id, CANCEL_AT_TERM_END, "", &p), TESS_OK);
	assert_int_equal(cancel(f, &alex, s.id, CANCEL_AT_TERM_END, "", &p), TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "already_scheduled");
}

static void another_partners_subscription_is_not_found(void **state)
{
	struct demo_fixture *f = *state;
	struct actor alex = demo_actor(f, ALEX), dana = demo_actor(f, DANA);
	struct subscription s = active_product(f, &dana, false, NULL), after;
	struct problem p;

	assert_int_equal(cancel(f, &alex, s.id, CANCEL_NOW, "", &p), TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
	assert_int_equal(cancel(f, &alex, "sub_nonsense", CANCEL_NOW, "", &p), TESS_ERR_NOT_FOUND);
	after = demo_subscription(f, &dana, s.id);
	assert_int_equal(after.state, SUB_STATE_LIVE);
	assert_false(after.cancel_at_period_end);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(cancel_at_term_end_schedules_product_and_its_live_apps,
						demo_setup, demo_teardown),
		cmocka_unit_test_setup_teardown(vendor_support_reactivates_a_scheduled_cancellation,
						demo_setup, demo_teardown),
		cmocka_unit_test_setup_teardown(cancel_now_ends_the_subscription_today, demo_setup,
						demo_teardown),
		cmocka_unit_test_setup_teardown(
			reactivating_a_live_subscription_is_refused_not_cancelled, demo_setup,
			demo_teardown),
		cmocka_unit_test_setup_teardown(a_partner_may_not_reactivate, demo_setup,
						demo_teardown),
		cmocka_unit_test_setup_teardown(cancelling_twice_at_term_end_is_refused, demo_setup,
						demo_teardown),
		cmocka_unit_test_setup_teardown(another_partners_subscription_is_not_found,
						demo_setup, demo_teardown),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
