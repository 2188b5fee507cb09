/*
 * Paying and refunding invoices as operations, on a fresh store with the
 * demo data and without any server: a partner orders a saved quote, pays
 * its invoice (the invoice paid and the order executed, read back), may
 * not pay it twice, and has it refunded within its window but not after.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "demo_fixture.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/demo.h"
#include "domain/refunds.h"
#include "ops/billing.h"
#include "ops/orders.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/xmalloc.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct store_conn *rc; /* for reading back */
	struct arena arena;
	struct actor partner; /* Bluebird's partner user */
	int64_t customer_pk, account_pk, product_pk;
	char quote_id[ID_MAX];
	char invoice_id[ID_MAX];
};

static void pick_fixtures(struct fixture *f)
{
	struct user u;
	struct membership *ms = NULL;
	struct customer *cs = NULL;
	struct billing_account *bas = NULL;
	struct product *ps = NULL;
	size_t n = 0;
	bool more = false;

	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_user_by_email(f->rc, "alex@bluebird.example", &f->arena, &u),
	                 TESS_OK);
	assert_int_equal(store_user_memberships(f->rc, u.pk, &f->arena, &ms, &n), TESS_OK);
	assert_true(n > 0);
	memset(&f->partner, 0, sizeof(f->partner));
	f->partner.user_pk = u.pk;
	f->partner.email = u.email;
	f->partner.name = u.name;
	f->partner.org_pk = ms[0].org_pk;
	f->partner.role = ms[0].role;
	f->partner.tenancy.partner_pk = ms[0].org_pk;
	f->partner.now = clock_now();
	f->partner.today = clock_today();
	f->partner.trace = "";
	assert_int_equal(
	    store_customer_list(f->rc, f->partner.tenancy, NULL, 0, 1, &f->arena, &cs, &n, &more),
	    TESS_OK);
	assert_true(n == 1);
	f->customer_pk = cs[0].pk;
	assert_int_equal(store_billing_account_list(f->rc, f->partner.tenancy, 0, 10, &f->arena,
	                                            &bas, &n, &more),
	                 TESS_OK);
	for (size_t i = 0; i < n && f->account_pk == 0; i++)
		if (strcmp(bas[i].currency, "USD") == 0)
			f->account_pk = bas[i].pk;
	assert_true(f->account_pk != 0);
	assert_int_equal(store_products_list(f->rc, &f->arena, &ps, &n), TESS_OK);
	for (size_t i = 0; i < n && f->product_pk == 0; i++)
		if (ps[i].kind == PRODUCT_PRODUCT && ps[i].hosting == HOSTING_DATACENTER)
			f->product_pk = ps[i].pk;
	assert_true(f->product_pk != 0);
	store_read_end(f->rc);
}

/* A quote the partner saved: one new annual datacenter license, 1000.00 USD. */
static enum tess_err save_quote(struct store_conn *c, void *ctx, struct arena *a, struct problem *p)
{
	struct fixture *f = ctx;
	struct quote *q = ARENA_NEW(a, struct quote);
	struct quote_line l;
	enum tess_err err;
	(void)p;

	memset(q, 0, sizeof(*q));
	q->number = "Q-TEST";
	q->partner_pk = f->partner.org_pk;
	q->customer_pk = f->customer_pk;
	q->billing_account_pk = f->account_pk;
	q->created_by_user_pk = f->partner.user_pk;
	q->status = QUOTE_OPEN;
	memcpy(q->currency, "USD", 4);
	q->notes = "";
	q->tax_country = "US";
	q->tax_state = "CA";
	q->tax_label = "";
	q->subtotal.minor = q->net.minor = q->total.minor = 100000;
	q->expires_on = f->partner.today + 30;
	q->created_at = f->partner.now;
	err = store_quote_insert(c, q);
	if (err != TESS_OK)
		return err;
	memset(&l, 0, sizeof(l));
	l.action = ORDER_LINE_NEW;
	l.product_pk = f->product_pk;
	l.hosting = HOSTING_DATACENTER;
	l.edition = EDITION_STANDARD;
	l.user_tier = 50;
	l.period = PERIOD_ANNUAL;
	l.quantity = 1;
	l.start_date = f->partner.today;
	l.end_date = f->partner.today + 365;
	l.list.minor = l.amount.minor = 100000;
	l.eligibility_kind = "none";
	err = store_quote_line_insert(c, q->pk, &l);
	if (err == TESS_OK)
		memcpy(f->quote_id, q->id, sizeof(f->quote_id));
	return err;
}

struct order_call {
	struct fixture *f;
	struct order_from_quote_in in;
	struct op_ref out;
};

static enum tess_err order_quote(struct store_conn *c, void *ctx, struct arena *a,
                                 struct problem *p)
{
	struct order_call *x = ctx;
	return ops_order_from_quote(c, &x->f->partner, &x->in, a, &x->out, p);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct problem p;
	struct order_call oc;
	struct order o;

	if (demo_store_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), 0, &f->st) != 0)
		return -1;
	f->rc = store_conn_open(f->st);
	arena_init(&f->arena, 4096);
	pick_fixtures(f);
	assert_int_equal(ops_run(f->st, save_quote, f, &f->arena, &p), TESS_OK);
	memset(&oc, 0, sizeof(oc));
	oc.f = f;
	oc.in.quote_id = f->quote_id;
	oc.in.method = PAY_CARD;
	assert_int_equal(ops_run(f->st, order_quote, &oc, &f->arena, &p), TESS_OK);
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_order_get(f->rc, f->partner.tenancy, oc.out.id, &f->arena, &o),
	                 TESS_OK);
	store_read_end(f->rc);
	/* Paid by card: the order waits for its payment with its invoice issued. */
	assert_int_equal(o.status, ORDER_IN_PROGRESS);
	assert_true(o.invoice_pk != 0);
	memcpy(f->invoice_id, o.invoice_id, sizeof(f->invoice_id));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_cleanup(&f->arena);
	store_conn_close(f->rc);
	if (demo_store_remove(f->dir, f->st) != 0)
		return -1;
	free(f);
	return 0;
}

struct pay_call {
	const struct actor *who;
	struct invoice_pay_in in;
	struct op_ref out;
};

static enum tess_err pay(struct store_conn *c, void *ctx, struct arena *a, struct problem *p)
{
	struct pay_call *x = ctx;
	return ops_invoice_pay(c, x->who, &x->in, a, &x->out, p);
}

static enum tess_err pay_invoice(struct fixture *f, struct problem *p)
{
	struct pay_call x = {&f->partner, {f->invoice_id, PAY_CARD, "ref-1"}, {{0}}};
	enum tess_err err = ops_run(f->st, pay, &x, &f->arena, p);
	if (err == TESS_OK)
		assert_string_equal(x.out.id, f->invoice_id);
	return err;
}

struct refund_call {
	const struct actor *who;
	struct invoice_refund_in in;
	struct invoice_refund_out out;
};

static enum tess_err refund(struct store_conn *c, void *ctx, struct arena *a, struct problem *p)
{
	struct refund_call *x = ctx;
	return ops_invoice_refund(c, x->who, &x->in, a, &x->out, p);
}

static void read_invoice(struct fixture *f, struct invoice *v)
{
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_invoice_get(f->rc, f->partner.tenancy, f->invoice_id, &f->arena, v),
	                 TESS_OK);
	store_read_end(f->rc);
}

static void test_pay_open_invoice(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct invoice v;
	struct payment pay;
	struct license *lics = NULL;
	size_t n = 0;

	assert_int_equal(pay_invoice(f, &p), TESS_OK);
	read_invoice(f, &v);
	assert_int_equal(v.status, INVOICE_PAID);
	assert_int_equal(v.paid_on, f->partner.today);
	assert_int_equal(v.order_status, ORDER_EXECUTED);
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_payment_for_invoice(f->rc, v.pk, &f->arena, &pay), TESS_OK);
	assert_int_equal(store_licenses_for_order(f->rc, v.order_pk, &f->arena, &lics, &n),
	                 TESS_OK);
	store_read_end(f->rc);
	assert_int_equal(pay.method, PAY_CARD);
	assert_int_equal(pay.amount.minor, 100000);
	assert_string_equal(pay.reference, "ref-1");
	/* Executing the order issued the license it bought. */
	assert_int_equal(n, 1);
	assert_int_equal(lics[0].state, LICENSE_ACTIVE);
}

static void test_pay_twice_refused(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct invoice v;

	assert_int_equal(pay_invoice(f, &p), TESS_OK);
	memset(&p, 0, sizeof(p));
	assert_int_equal(pay_invoice(f, &p), TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "invoice_not_open");
	read_invoice(f, &v);
	assert_int_equal(v.status, INVOICE_PAID);
}

static void test_pay_net30_refused(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct invoice v;
	struct pay_call x = {&f->partner, {f->invoice_id, PAY_NET30, ""}, {{0}}};

	/* Net-30 is the invoice's terms: a payment names how it was paid. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, pay, &x, &f->arena, &p), TESS_ERR_INVALID);
	assert_string_equal(p.code, "invalid_value");
	assert_string_equal(p.field, "method");
	read_invoice(f, &v);
	assert_int_equal(v.status, INVOICE_OPEN);
}

static void test_refund_within_window(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct invoice v;
	struct license *lics = NULL;
	size_t n = 0;
	struct refund_call x;

	assert_int_equal(pay_invoice(f, &p), TESS_OK);
	memset(&x, 0, sizeof(x));
	x.who = &f->partner;
	x.in.invoice_id = f->invoice_id;
	x.in.reason = "Bought by mistake";
	assert_int_equal(ops_run(f->st, refund, &x, &f->arena, &p), TESS_OK);
	assert_string_equal(x.out.invoice_id, f->invoice_id);
	assert_int_equal(x.out.refund.amount.minor, 100000);
	assert_true(x.out.refund.credit_note_number[0] != '\0');
	read_invoice(f, &v);
	assert_int_equal(v.status, INVOICE_REFUNDED);
	assert_int_equal(store_read_begin(f->rc), TESS_OK);
	assert_int_equal(store_licenses_for_order(f->rc, v.order_pk, &f->arena, &lics, &n),
	                 TESS_OK);
	store_read_end(f->rc);
	assert_int_equal(n, 1);
	assert_int_equal(lics[0].state, LICENSE_REFUNDED);
}

static void test_refund_outside_window(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct invoice v;
	struct actor later = f->partner;
	struct refund_call x;

	assert_int_equal(pay_invoice(f, &p), TESS_OK);
	/* SPEC rule 9: 30 days from the purchase; the 31st is too late. */
	later.today += REFUND_WINDOW_DAYS + 1;
	later.now += (int64_t)(REFUND_WINDOW_DAYS + 1) * 86400;
	memset(&x, 0, sizeof(x));
	x.who = &later;
	x.in.invoice_id = f->invoice_id;
	x.in.reason = "Changed our mind";
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, refund, &x, &f->arena, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "refund_window_closed");
	read_invoice(f, &v);
	assert_int_equal(v.status, INVOICE_PAID);
}

static void test_refund_unpaid_refused(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct refund_call x;

	memset(&x, 0, sizeof(x));
	x.who = &f->partner;
	x.in.invoice_id = f->invoice_id;
	x.in.reason = "Not paid yet";
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, refund, &x, &f->arena, &p), TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "invoice_not_paid");
}

static void test_other_partner_not_found(void **state)
{
	struct fixture *f = *state;
	struct problem p;
	struct actor other = f->partner;
	struct pay_call x = {&other, {f->invoice_id, PAY_CARD, ""}, {{0}}};

	/* Another partner's tenancy does not see the invoice. */
	other.tenancy.partner_pk = f->partner.org_pk + 1000;
	memset(&p, 0, sizeof(p));
	assert_int_equal(ops_run(f->st, pay, &x, &f->arena, &p), TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pay_open_invoice, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pay_twice_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pay_net30_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refund_within_window, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refund_outside_window, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refund_unpaid_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_partner_not_found, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
