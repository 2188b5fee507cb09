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

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "ops/orders.h"
#include "store/orders.h"
#include "util/clock.h"
#include "util/xmalloc.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct store_conn *c;
	struct arena arena;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct store_config cfg = {0};
	struct demo_options demo = {0};
	struct problem p = {0};
	int64_t now;

	if (ts_parse("2026-06-15T12:00:00Z", 20, &now) != TESS_OK)
		return -1;
	clock_set_fixed(now);
	snprintf(f->dir, sizeof(f->dir), "/tmp/tessera-ops-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	cfg.address = f->path;
	cfg.busy_timeout_ms = 5000;
	demo.quiet = true;
	if (store_open(&cfg, &f->st, &p) != TESS_OK || demo_load(f->st, &demo, &p) != TESS_OK)
		return -1;
	f->c = store_conn_open(f->st);
	arena_init(&f->arena, 4096);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	arena_cleanup(&f->arena);
	store_conn_close(f->c);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static struct actor actor_for(struct fixture *f, const char *email)
{
	struct actor who;
	struct problem p = {0};
	assert_int_equal(store_read_begin(f->c), TESS_OK);
	assert_int_equal(actor_by_email(f->c, email, clock_now(), clock_today(), "test",
					&f->arena, &who, &p),
			 TESS_OK);
	store_read_end(f->c);
	return who;
}

static struct order order_as(struct fixture *f, const struct actor *who, const char *id)
{
	struct order o;
	assert_int_equal(store_read_begin(f->c), TESS_OK);
	assert_int_equal(store_order_get(f->c, who->tenancy, id, &f->arena, &o), TESS_OK);
	store_read_end(f->c);
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

static struct order place_storefront_order(struct fixture *f)
{
	struct place_call x;
	struct sub_filter sf;
	struct subscription *subs = NULL;
	size_t n = 0;
	bool more = false;
	struct problem p = {0};

	memset(&x, 0, sizeof(x));
	x.who = actor_for(f, "pat@acme.example");
	memset(&sf, 0, sizeof(sf));
	sf.by_status = true;
	sf.status = SUB_ACTIVE;
	sf.by_kind = true;
	sf.kind = PRODUCT_PRODUCT;
	sf.today = clock_today();
	sf.limit = 50;
	assert_int_equal(store_read_begin(f->c), TESS_OK);
	assert_int_equal(store_subscription_list(f->c, x.who.tenancy, &sf, &f->arena, &subs, &n,
						 &more),
			 TESS_OK);
	store_read_end(f->c);
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

static enum tess_err decide(struct fixture *f, const char *email, const char *order_id,
			    bool approve, struct problem *p)
{
	struct decide_call x;
	memset(&x, 0, sizeof(x));
	x.who = actor_for(f, email);
	x.in.order_id = order_id;
	x.in.approve = approve;
	x.in.note = "checked";
	memset(p, 0, sizeof(*p));
	return ops_run(f->st, decide_call, &x, &f->arena, p);
}

static void partner_approves_storefront_order_without_server(void **state)
{
	struct fixture *f = *state;
	struct order placed = place_storefront_order(f);
	struct actor alex = actor_for(f, "alex@bluebird.example");
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
	struct fixture *f = *state;
	struct order placed = place_storefront_order(f);
	struct actor alex = actor_for(f, "alex@bluebird.example");
	struct problem p;

	assert_int_equal(decide(f, "alex@bluebird.example", placed.id, false, &p), TESS_OK);
	assert_int_equal(decide(f, "alex@bluebird.example", placed.id, true, &p),
			 TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "order_transition_invalid");
	assert_int_equal(order_as(f, &alex, placed.id).status, ORDER_CANCELED);
}

static void customer_and_other_partner_may_not_decide(void **state)
{
	struct fixture *f = *state;
	struct order placed = place_storefront_order(f);
	struct actor alex = actor_for(f, "alex@bluebird.example");
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
	struct fixture *f = *state;
	struct actor who;
	struct problem p = {0};
	assert_int_equal(store_read_begin(f->c), TESS_OK);
	assert_int_equal(actor_by_email(f->c, "nobody@nowhere.example", clock_now(), clock_today(),
					"test", &f->arena, &who, &p),
			 TESS_ERR_NOT_FOUND);
	store_read_end(f->c);
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
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
