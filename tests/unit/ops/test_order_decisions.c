/*
 * Orders as operations, run on a fresh store with the demo data and no
 * server: a customer's storefront order waits for its partner, who
 * approves it through ops_order_decide (its invoice issued, the decision
 * recorded); a second decision, the customer's own, another partner's and
 * an unknown order are refused with their codes, and change nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_fixture.h"
#include "ops/orders.h"
#include "store/orders.h"

static struct order order_as(struct demo_fixture *f, const struct actor *who, const char *id)
{
	struct order o;
	assert_int_equal(store_order_get(demo_read_begin(f), who->tenancy, id, &f->arena, &o),
			 TESS_OK);
	demo_read_end(f);
	return o;
}

/* A storefront order: one more license on the customer's first active product subscription. */
struct place_call {
	struct actor who;
	struct subscription sub;
	struct order o;
};

static enum tess_err place_call(struct store_conn *c, void *ctx, struct arena *a,
				struct problem *p)
{
	struct place_call *x = ctx;
	struct order_line line;

	memset(&line, 0, sizeof(line));
	line.action = ORDER_LINE_ADD_LICENSES;
	line.product_pk = x->sub.product_pk;
	line.edition = x->sub.edition;
	line.user_tier = x->sub.user_tier;
	line.period = x->sub.period;
	line.quantity = 1;
	line.subscription_pk = x->sub.pk;
	line.published = true;
	line.unit.minor = line.list.minor = line.amount.minor = 12000;
	line.instructions = "";
	memset(&x->o, 0, sizeof(x->o));
	x->o.origin = ORDER_BY_CUSTOMER;
	x->o.partner_pk = x->sub.partner_pk;
	x->o.customer_pk = x->sub.customer_pk;
	x->o.billing_account_pk = x->sub.billing_account_pk;
	x->o.placed_by_user_pk = x->who.user_pk;
	x->o.has_payment_method = true;
	x->o.payment_method = PAY_CARD;
	memcpy(x->o.currency, "USD", 4);
	x->o.notes = "";
	x->o.subtotal.minor = x->o.net.minor = x->o.total.minor = 12000;
	return orders_place(c, &x->who, a, &x->o, &line, 1, p);
}

static struct order place_storefront_order(struct demo_fixture *f)
{
	struct place_call x;
	struct sub_filter sf;
	struct subscription *subs = NULL;
	size_t n = 0;
	bool more = false;
	struct problem p = {0};

	memset(&x, 0, sizeof(x));
	x.who = demo_actor(f, "pat@acme.example");
	memset(&sf, 0, sizeof(sf));
	sf.by_status = true;
	sf.status = SUB_ACTIVE;
	sf.by_kind = true;
	sf.kind = PRODUCT_PRODUCT;
	sf.today = clock_today();
	sf.limit = 50;
	assert_int_equal(store_subscription_list(demo_read_begin(f), x.who.tenancy, &sf, &f->arena, &subs, &n,
						 &more),
			 TESS_OK);
	demo_read_end(f);
	assert_true(n > 0);
	x.sub = subs[0];
	assert_int_equal(ops_run(f->st, place_call, &x, &f->arena, &p), TESS_OK);
	return order_as(f, &x.who, x.o.id);
}

struct decide_call {
	struct actor who;
	struct order_decision_in in;
	struct op_ref out;
};

static enum tess_err decide_call(struct store_conn *c, void *ctx, struct arena *a,
				 struct problem *p)
{
	struct decide_call *x = ctx;
	return ops_order_decide(c, &x->who, &x->in, a, &x->out, p);
}

static enum tess_err decide(struct demo_fixture *f, const char *email, const char *order_id,
			    bool approve, struct problem *p)
{
	struct decide_call x;
	memset(&x, 0, sizeof(x));
	x.who = demo_actor(f, email);
	x.in.order_id = order_id;
	x.in.approve = approve;
	x.in.note = "checked";
	memset(p, 0, sizeof(*p));
	return ops_run(f->st, decide_call, &x, &f->arena, p);
}

static void partner_approves_storefront_order_without_server(void **state)
{
	struct demo_fixture *f = *state;
	struct order placed = place_storefront_order(f);
	struct actor alex = demo_actor(f, "alex@bluebird.example");
	struct problem p;
	struct order o;

	assert_int_equal(placed.status, ORDER_PENDING_RESELLER_APPROVAL);
	assert_int_equal(placed.invoice_pk, 0);
	assert_int_equal(decide(f, "alex@bluebird.example", placed.id, true, &p), TESS_OK);
	o = order_as(f, &alex, placed.id);
	assert_int_equal(o.status, ORDER_IN_PROGRESS);
	assert_string_equal(o.decision_note, "checked");
	assert_true(o.invoice_pk != 0); /* approving issued its invoice */
	assert_string_equal(o.invoice_status, "open");
}

static void second_decision_refused_and_changes_nothing(void **state)
{
	struct demo_fixture *f = *state;
	struct order placed = place_storefront_order(f);
	struct actor alex = demo_actor(f, "alex@bluebird.example");
	struct problem p;

	assert_int_equal(decide(f, "alex@bluebird.example", placed.id, false, &p), TESS_OK);
	assert_int_equal(decide(f, "alex@bluebird.example", placed.id, true, &p),
			 TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "order_transition_invalid");
	assert_int_equal(order_as(f, &alex, placed.id).status, ORDER_CANCELED);
}

static void customer_and_other_partner_may_not_decide(void **state)
{
	struct demo_fixture *f = *state;
	struct order placed = place_storefront_order(f);
	struct actor alex = demo_actor(f, "alex@bluebird.example");
	struct problem p;

	/* The route table keeps customers out of the API's approve; the operation refuses too. */
	assert_int_equal(decide(f, "pat@acme.example", placed.id, true, &p), TESS_ERR_FORBIDDEN);
	assert_string_equal(p.code, "forbidden");
	/* Another partner's tenancy does not hold the order: not found, as an unknown id. */
	assert_int_equal(decide(f, "casey@cedar.example", placed.id, true, &p),
			 TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
	assert_int_equal(decide(f, "alex@bluebird.example", "ord_nosuchorder", true, &p),
			 TESS_ERR_NOT_FOUND);
	assert_int_equal(order_as(f, &alex, placed.id).status, ORDER_PENDING_RESELLER_APPROVAL);
}

static void unknown_actor_email_refused(void **state)
{
	struct demo_fixture *f = *state;
	struct actor who;
	struct problem p = {0};
	assert_int_equal(actor_by_email(demo_read_begin(f), "nobody@nowhere.example", clock_now(), clock_today(),
					"test", &f->arena, &who, &p),
			 TESS_ERR_NOT_FOUND);
	demo_read_end(f);
	assert_string_equal(p.code, "unknown_user");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(partner_approves_storefront_order_without_server),
		cmocka_unit_test(second_decision_refused_and_changes_nothing),
		cmocka_unit_test(customer_and_other_partner_may_not_decide),
		cmocka_unit_test(unknown_actor_email_refused),
	};
	return cmocka_run_group_tests(tests, demo_setup, demo_teardown);
}
