/*
 * Operations: every write Tessera makes, whoever asks for it (the API,
 * the command line, a scheduled job). An operation is a function
 *
 *     enum tess_err ops_NAME(struct store_conn *c, const struct actor *who,
 *                            const struct NAME_in *in, struct arena *a,
 *                            struct ..._out *out, struct problem *p);
 *
 * that runs inside a unit of work on c (store.h says what a unit may
 * assume and owes): it reads what it needs, asks domain/ to decide, and
 * writes. A refusal is an error code with p saying why (a stable code, a
 * message, the field of in at fault); what it read and returns lives in
 * a. No operation knows HTTP: its caller turns the result into a reply,
 * a line of output or a job's log.
 *
 * Callers on a thread of their own (the command line, tests, jobs) run
 * one with ops_run; the API hands its units to the writer without waiting
 * (api/ and http/handler.h).
 */
#ifndef TESSERA_OPS_OPS_H
#define TESSERA_OPS_OPS_H

#include "ops/actor.h"
#include "store/store.h"

/* The resource an operation made or changed. */
struct op_ref {
	char id[ID_MAX];
};

/*
 * Runs fn(c, ctx, p) as one unit of work on s's writer and waits for its
 * commit; returns what the unit returned (TESS_OK only once the commit is
 * durable), with p filled on a refusal. fn adapts one operation to its
 * inputs in ctx.
 */
typedef enum tess_err (*op_call_fn)(struct store_conn *c, void *ctx, struct arena *a,
				    struct problem *p);
enum tess_err ops_run(struct store *s, op_call_fn fn, void *ctx, struct arena *a,
		      struct problem *p);

#endif
