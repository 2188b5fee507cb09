/*
 * `tessera order approve ORDER --as EMAIL` and `tessera order reject ...`:
 * the same operation the API's POST /orders/{id}/approve runs
 * (ops_order_decide), as the user with that email, with that user's role
 * and tenancy and the same rules, audit events and emails. For operators:
 * deciding a review queue from a shell, a script or a job.
 */
#include "cli/order.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/orders.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

#define DEFAULT_DB "tessera.db"

const char cli_order_help[] =
	"Usage: tessera order approve ORDER --as EMAIL [--note TEXT] [--db ADDRESS]\n"
	"       tessera order reject ORDER --as EMAIL [--note TEXT] [--db ADDRESS]\n\n"
	"Approves or rejects the order ORDER (its id, ord_...) as the user with this\n"
	"email, exactly as that user would through the API: a partner user decides\n"
	"its customers' storefront orders, vendor staff the orders held for review.\n"
	"An approved order goes on at once (its invoice is issued, or, with nothing\n"
	"to pay, it is carried out). Prints the order's number and new status.\n"
	"Exit status 0 when done, 1 when refused (the reason is printed), 2 on bad\n"
	"usage.\n\n"
	"Options:\n"
	"  --as EMAIL           the user who decides (required)\n"
	"  --note TEXT          the decision's note, shown with the order\n"
	"  --db ADDRESS         database: a file or sqlite:PATH (env TESSERA_DB, default\n"
	"                       " DEFAULT_DB ")\n"
	"  --help               this text\n";

struct order_opts {
	const char *db;
	const char *as;
	const char *order_id;
	const char *note;
	bool approve;
};

/* The value of option name at argv[*i] ("--name V" or "--name=V"), or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strcmp(a, name) == 0 && *i + 1 < argc)
		return argv[++*i];
	if (strncmp(a, name, n) == 0 && a[n] == '=')
		return a + n + 1;
	return NULL;
}

/* Parses argv[1..]. -1 to go on, else an exit status. */
static int parse(int argc, char **argv, struct order_opts *o)
{
	const char *v = getenv("TESSERA_DB");
	memset(o, 0, sizeof(*o));
	o->db = v != NULL && v[0] != '\0' ? v : DEFAULT_DB;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(cli_order_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "approve") == 0)
		o->approve = true;
	else if (strcmp(argv[1], "reject") != 0) {
		fprintf(stderr, "tessera order: unknown subcommand '%s'\n\n%s", argv[1],
			cli_order_help);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(cli_order_help, stdout);
			return 0;
		} else if ((v = option_value(argc, argv, &i, "--db")) != NULL) {
			o->db = v;
		} else if ((v = option_value(argc, argv, &i, "--as")) != NULL) {
			o->as = v;
		} else if ((v = option_value(argc, argv, &i, "--note")) != NULL) {
			o->note = v;
		} else if (a[0] != '-' && o->order_id == NULL) {
			o->order_id = a;
		} else {
			fprintf(stderr, "tessera order: unexpected argument '%s'\n\n%s", a,
				cli_order_help);
			return 2;
		}
	}
	if (o->order_id == NULL || o->as == NULL) {
		fprintf(stderr, "tessera order %s: ORDER and --as EMAIL are required\n\n%s",
			argv[1], cli_order_help);
		return 2;
	}
	return -1;
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

/* Reads who acts from st, then runs the decision. 0, or an exit status with the reason printed. */
static int decide(struct store *st, const struct order_opts *o, struct arena *a)
{
	struct store_conn *c = store_conn_open(st);
	struct decide_call x;
	struct problem p = {0};
	struct order ord;
	enum tess_err err;

	memset(&x, 0, sizeof(x));
	err = store_read_begin(c);
	if (err == TESS_OK) {
		err = actor_by_email(c, o->as, clock_now(), clock_today(), "cli", a, &x.who, &p);
		store_read_end(c);
	}
	if (err == TESS_OK) {
		x.in.order_id = o->order_id;
		x.in.approve = o->approve;
		x.in.note = o->note;
		err = ops_run(st, decide_call, &x, a, &p);
	}
	if (err == TESS_OK && (err = store_read_begin(c)) == TESS_OK) {
		err = store_order_get(c, x.who.tenancy, x.out.id, a, &ord);
		store_read_end(c);
		if (err == TESS_OK)
			printf("%s %s\n", ord.number, order_status_name(ord.status));
	}
	store_conn_close(c);
	if (err == TESS_OK)
		return 0;
	if (p.code != NULL)
		fprintf(stderr, "tessera order: %s (%s)\n", p.message, p.code);
	else
		fprintf(stderr, "tessera order: %s\n", p.message[0] ? p.message : "the database failed");
	return 1;
}

int cli_order(int argc, char **argv)
{
	struct order_opts o;
	struct store_config cfg = {NULL, true, 5000};
	struct store *st = NULL;
	struct problem p = {0};
	struct arena a;
	int rc = parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	cfg.address = o.db;
	if (store_open(&cfg, &st, &p) != TESS_OK) {
		fprintf(stderr, "tessera order: %s\n", p.message[0] ? p.message : "cannot open database");
		return 1;
	}
	arena_init(&a, 4096);
	rc = decide(st, &o, &a);
	arena_cleanup(&a);
	store_close(st);
	return rc;
}
