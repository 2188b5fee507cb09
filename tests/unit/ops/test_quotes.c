/*
 * Saving and cancelling quotes as operations, run through ops_run on a
 * fresh store with the demo data and no server: a saved quote reads back
 * as priced and written, refusals keep their codes and fields and write
 * nothing, and only an open quote can be cancelled.
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
#include "ops/quotes.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/xmalloc.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
	struct store_conn *conn; /* reads */
	struct arena arena;
	struct actor alex;       /* a partner user of Bluebird Solutions */
	char usd_account[ID_MAX]; /* Bluebird's USD billing account */
	char customer[ID_MAX];    /* Acme Robotics, a customer of Bluebird */
	struct product dc;        /* a data center product */
	struct price_row dc_price; /* one of its annual prices in USD */
	struct product cloud;     /* a cloud product */
};

static void find_partner_user(struct fixture *f)
{
	struct user u;
	struct membership *m = NULL;
	size_t n = 0;
	assert_int_equal(store_user_by_email(f->conn, "alex@bluebird.example", &f->arena, &u),
	                 TESS_OK);
	assert_int_equal(store_user_memberships(f->conn, u.pk, &f->arena, &m, &n), TESS_OK);
	assert_true(n >= 1);
	assert_int_equal(m[0].role, ROLE_PARTNER_USER);
	memset(&f->alex, 0, sizeof(f->alex));
	f->alex.user_pk = u.pk;
	f->alex.email = u.email;
	f->alex.name = u.name;
	f->alex.org_pk = m[0].org_pk;
	f->alex.role = ROLE_PARTNER_USER;
	f->alex.tenancy.partner_pk = m[0].org_pk;
	f->alex.now = clock_now();
	f->alex.today = clock_today();
	f->alex.trace = "test";
}

static void find_account_and_customer(struct fixture *f)
{
	struct billing_account *ba = NULL;
	struct customer *cu = NULL;
	size_t n = 0;
	bool more = false;
	f->usd_account[0] = '\0';
	assert_int_equal(store_billing_account_list(f->conn, f->alex.tenancy, 0, 50, &f->arena,
	                                            &ba, &n, &more),
	                 TESS_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(ba[i].currency, "USD") == 0)
			memcpy(f->usd_account, ba[i].id, ID_MAX);
	assert_true(f->usd_account[0] != '\0');
	assert_int_equal(store_customer_list(f->conn, f->alex.tenancy, "Acme Robotics", 0, 10,
	                                     &f->arena, &cu, &n, &more),
	                 TESS_OK);
	assert_true(n >= 1);
	memcpy(f->customer, cu[0].id, ID_MAX);
}

static void find_products(struct fixture *f)
{
	struct product *pd = NULL;
	size_t n = 0;
	bool dc = false, cloud = false;
	assert_int_equal(store_products_list(f->conn, &f->arena, &pd, &n), TESS_OK);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(pd[i].code, "HLX-TRK-DC") == 0) {
			f->dc = pd[i];
			dc = true;
		} else if (strcmp(pd[i].code, "HLX-TRK-C") == 0) {
			f->cloud = pd[i];
			cloud = true;
		}
	}
	assert_true(dc && cloud);
	{
		struct price_row *rows = NULL;
		bool priced = false;
		assert_int_equal(store_prices_for_product(f->conn, f->dc.pk, &f->arena, &rows, &n),
		                 TESS_OK);
		for (size_t i = 0; i < n && !priced; i++) {
			if (rows[i].period == PERIOD_ANNUAL &&
			    strcmp(rows[i].amount.currency, "USD") == 0 &&
			    rows[i].amount.minor > 0) {
				f->dc_price = rows[i];
				priced = true;
			}
		}
		assert_true(priced);
	}
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	if (demo_store_open(f->dir, sizeof(f->dir), f->path, sizeof(f->path), 12, &f->st) != 0)
		return -1;
	f->conn = store_conn_open(f->st);
	if (f->conn == NULL)
		return -1;
	arena_init(&f->arena, 4096);
	find_partner_user(f);
	find_account_and_customer(f);
	find_products(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_cleanup(&f->arena);
	store_conn_close(f->conn);
	if (demo_store_remove(f->dir, f->st) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- Running the operations ---- */

struct save_call {
	const struct actor *who;
	const struct quote_save_in *in;
	struct op_ref out;
};

static enum tess_err save_fn(struct store_conn *c, void *ctx, struct arena *a, struct problem *p)
{
	struct save_call *x = ctx;
	return ops_quote_save(c, x->who, x->in, a, &x->out, p);
}

static enum tess_err save(struct fixture *f, const struct quote_save_in *in, struct op_ref *out,
                          struct problem *p)
{
	struct save_call x = {&f->alex, in, {{0}}};
	enum tess_err err;
	memset(p, 0, sizeof(*p));
	err = ops_run(f->st, save_fn, &x, &f->arena, p);
	*out = x.out;
	return err;
}

struct cancel_call {
	const struct actor *who;
	struct quote_cancel_in in;
	struct op_ref out;
};

static enum tess_err cancel_fn(struct store_conn *c, void *ctx, struct arena *a,
                               struct problem *p)
{
	struct cancel_call *x = ctx;
	return ops_quote_cancel(c, x->who, &x->in, a, &x->out, p);
}

static enum tess_err cancel(struct fixture *f, const char *id, struct problem *p)
{
	struct cancel_call x = {&f->alex, {id}, {{0}}};
	memset(p, 0, sizeof(*p));
	return ops_run(f->st, cancel_fn, &x, &f->arena, p);
}

/* A quote for Acme Robotics in USD with one line (set by the caller). */
static struct quote_save_in acme_quote(struct fixture *f, const struct quote_line_in *line)
{
	struct quote_save_in in;
	memset(&in, 0, sizeof(in));
	in.customer_by = QUOTE_FOR_CUSTOMER;
	in.customer_id = f->customer;
	in.billing_account_id = f->usd_account;
	in.lines = line;
	in.nlines = 1;
	in.notes = "";
	return in;
}

static struct quote_line_in dc_line(struct fixture *f, int32_t quantity)
{
	struct quote_line_in l;
	memset(&l, 0, sizeof(l));
	l.product_id = f->dc.id;
	l.edition = f->dc_price.edition;
	l.user_tier = f->dc_price.users;
	l.period = PERIOD_ANNUAL;
	l.quantity = quantity;
	l.action = ORDER_LINE_NEW;
	return l;
}

/* The quotes Bluebird has, as its partner user lists them. */
static size_t quote_count(struct fixture *f)
{
	struct quote_filter qf;
	struct quote *rows = NULL;
	size_t n = 0;
	bool more = false;
	memset(&qf, 0, sizeof(qf));
	qf.today = f->alex.today;
	qf.limit = 200;
	assert_int_equal(
	    store_quote_list(f->conn, f->alex.tenancy, &qf, &f->arena, &rows, &n, &more), TESS_OK);
	return n;
}

/* ---- Tests ---- */

static void saved_quote_reads_back_priced(void **state)
{
	struct fixture *f = *state;
	struct quote_line_in line = dc_line(f, 2);
	struct quote_save_in in = acme_quote(f, &line);
	struct op_ref ref;
	struct problem p;
	struct quote q;
	struct quote_line *ql = NULL;
	size_t n = 0;

	assert_int_equal(save(f, &in, &ref, &p), TESS_OK);
	assert_int_equal(store_quote_get(f->conn, f->alex.tenancy, ref.id, &f->arena, &q), TESS_OK);
	assert_int_equal(q.status, QUOTE_OPEN);
	assert_int_equal(q.partner_pk, f->alex.org_pk);
	assert_string_equal(q.customer_id, f->customer);
	assert_string_equal(q.billing_account_id, f->usd_account);
	assert_string_equal(q.currency, "USD");
	assert_int_equal(q.created_by_user_pk, f->alex.user_pk);
	assert_int_equal(q.expires_on, f->alex.today + QUOTE_VALID_DAYS);
	assert_true(strncmp(q.number, "Q-", 2) == 0);
	assert_int_equal(q.total.minor, q.net.minor + q.tax.minor);
	assert_int_equal(store_quote_lines(f->conn, q.pk, &f->arena, &ql, &n), TESS_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ql[0].product_pk, f->dc.pk);
	assert_int_equal(ql[0].quantity, 2);
	assert_int_equal(ql[0].action, ORDER_LINE_NEW);
	assert_int_equal(ql[0].list.minor, 2 * f->dc_price.amount.minor);
	assert_int_equal(ql[0].start_date, f->alex.today);
	assert_int_equal(q.net.minor, ql[0].amount.minor);
	assert_true(ql[0].amount.minor > 0);
	assert_string_equal(q.total.currency, "USD");
	assert_string_equal(ql[0].amount.currency, "USD");
}

static void new_customer_is_created_with_its_quote(void **state)
{
	struct fixture *f = *state;
	struct quote_line_in line = dc_line(f, 1);
	struct quote_save_in in = acme_quote(f, &line);
	struct op_ref ref;
	struct problem p;
	struct quote q;
	struct org cu;

	in.customer_by = QUOTE_FOR_NEW_CUSTOMER;
	in.customer_id = NULL;
	in.new_customer = (struct quote_new_customer){
	    "Juniper Labs", "Jo Park",   "jo@juniper.example", "1 Main St",
	    "Austin",       "73301",     "us",                 "tx"};
	assert_int_equal(save(f, &in, &ref, &p), TESS_OK);
	assert_int_equal(store_quote_get(f->conn, f->alex.tenancy, ref.id, &f->arena, &q), TESS_OK);
	assert_string_equal(q.tax_country, "US");
	assert_string_equal(q.tax_state, "TX");
	assert_string_equal(q.technical_contact_email, "jo@juniper.example");
	assert_int_equal(store_org_get(f->conn, f->alex.tenancy, q.customer_id, &f->arena, &cu),
	                 TESS_OK);
	assert_string_equal(cu.name, "Juniper Labs");
	assert_int_equal(cu.kind, ORG_CUSTOMER);
	assert_int_equal(cu.partner_pk, f->alex.org_pk);
	assert_string_equal(cu.country, "US");
}

static void unknown_product_is_refused_and_nothing_written(void **state)
{
	struct fixture *f = *state;
	struct quote_line_in line = dc_line(f, 1);
	struct quote_save_in in = acme_quote(f, &line);
	char unknown[ID_MAX];
	struct op_ref ref;
	struct problem p;
	size_t before = quote_count(f);

	id_new("prd", unknown);
	line.product_id = unknown;
	assert_int_equal(save(f, &in, &ref, &p), TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
	assert_string_equal(p.field, "lines[0].product");
	assert_int_equal(quote_count(f), before);
}

static void partner_monthly_cloud_line_is_refused(void **state)
{
	struct fixture *f = *state;
	struct quote_line_in line = dc_line(f, 1);
	struct quote_save_in in = acme_quote(f, &line);
	struct op_ref ref;
	struct problem p;
	size_t before = quote_count(f);

	line.product_id = f->cloud.id;
	line.period = PERIOD_MONTHLY;
	assert_int_equal(save(f, &in, &ref, &p), TESS_ERR_REFUSED);
	assert_string_equal(p.code, "monthly_cloud_not_allowed_for_partners");
	assert_string_equal(p.field, "lines[0].billing_period");
	assert_int_equal(quote_count(f), before);
}

static void open_quote_is_cancelled_once(void **state)
{
	struct fixture *f = *state;
	struct quote_line_in line = dc_line(f, 1);
	struct quote_save_in in = acme_quote(f, &line);
	struct op_ref ref;
	struct problem p;
	struct quote q;

	assert_int_equal(save(f, &in, &ref, &p), TESS_OK);
	assert_int_equal(cancel(f, ref.id, &p), TESS_OK);
	assert_int_equal(store_quote_get(f->conn, f->alex.tenancy, ref.id, &f->arena, &q), TESS_OK);
	assert_int_equal(q.status, QUOTE_CANCELLED);
	assert_int_equal(cancel(f, ref.id, &p), TESS_ERR_CONFLICT);
	assert_string_equal(p.code, "quote_not_open");
	assert_string_equal(p.message, "Only open quotes can be cancelled; this one is cancelled.");
}

static void quote_of_another_partner_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct quote_line_in line = dc_line(f, 1);
	struct quote_save_in in = acme_quote(f, &line);
	struct op_ref ref;
	struct problem p;
	struct quote q;

	assert_int_equal(save(f, &in, &ref, &p), TESS_OK);
	f->alex.tenancy.partner_pk = -1; /* as another partner sees it */
	assert_int_equal(cancel(f, ref.id, &p), TESS_ERR_NOT_FOUND);
	assert_string_equal(p.code, "not_found");
	f->alex.tenancy.partner_pk = f->alex.org_pk;
	assert_int_equal(store_quote_get(f->conn, f->alex.tenancy, ref.id, &f->arena, &q), TESS_OK);
	assert_int_equal(q.status, QUOTE_OPEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(saved_quote_reads_back_priced, setup, teardown),
	    cmocka_unit_test_setup_teardown(new_customer_is_created_with_its_quote, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(unknown_product_is_refused_and_nothing_written, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(partner_monthly_cloud_line_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(open_quote_is_cancelled_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(quote_of_another_partner_is_not_found, setup, teardown),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
