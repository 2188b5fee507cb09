#include "ops/ops.h"

#include <stdlib.h>
#include <string.h>

struct run_ctx {
	op_call_fn fn;
	void *ctx;
};

static enum tess_err run_unit(struct store_conn *c, struct store_unit *u)
{
	struct run_ctx *x = u->ctx;
	return x->fn(c, x->ctx, u->arena, &u->problem);
}

enum tess_err ops_run(struct store *s, op_call_fn fn, void *ctx, struct arena *a,
		      struct problem *p)
{
	struct run_ctx x = {fn, ctx};
	struct store_unit u;
	enum tess_err err;

	memset(&u, 0, sizeof(u));
	u.run = run_unit;
	u.ctx = &x;
	u.arena = a;
	err = store_unit_run(s, &u);
	if (err != TESS_OK)
		*p = u.problem;
	free(u.reply_body);
	return err;
}
