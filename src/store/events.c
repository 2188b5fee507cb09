/* Purchase history and the audit log: append-only. */
#include <string.h>

#include "store/db.h"
#include "store/events_rows.h"
#include "store/store.h"

enum tess_err store_purchase_event_add(struct store_conn *c, const struct purchase_event *e)
{
	struct db_stmt *st = db_prepared(c, STMT_PURCHASE_EVENT_ADD);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("evt", id);
	db_bind_text(st, 1, id);
	db_bind_i64(st, 2, e->subscription_pk);
	db_bind_ts(st, 3, e->at);
	db_bind_text(st, 4, e->kind);
	db_bind_opt_pk(st, 5, e->actor_user_pk);
	if (e->quantity > 0)
		db_bind_i64(st, 6, e->quantity);
	else
		db_bind_null(st, 6);
	if (e->has_amount) {
		db_bind_i64(st, 7, e->amount.minor);
		db_bind_text(st, 8, e->amount.currency);
	} else {
		db_bind_null(st, 7);
		db_bind_null(st, 8);
	}
	db_bind_text(st, 9, e->note != NULL ? e->note : "");
	db_bind_opt_pk(st, 10, e->order_line_pk);
	return db_run(st);
}

/* Reads PURCHASE_EVENT_COLS. */
static enum tess_err row_purchase_event(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct purchase_event *e = out;
	int64_t amount_minor;
	db_col_copy(st, (*pos)++, e->id, sizeof(e->id));
	e->subscription_pk = db_col_i64(st, (*pos)++);
	db_col_copy(st, (*pos)++, e->subscription_id, sizeof(e->subscription_id));
	e->at = db_col_ts(st, (*pos)++);
	e->kind = db_col_dup(st, (*pos)++, a);
	e->actor_user_pk = db_col_i64(st, (*pos)++);
	e->quantity = (int32_t)db_col_i64(st, (*pos)++);
	e->has_amount = !db_col_null(st, *pos);
	amount_minor = db_col_i64(st, (*pos)++);
	if (e->has_amount)
		e->amount = money_make(amount_minor, db_col_text(st, *pos));
	(*pos)++;
	e->note = db_col_dup(st, (*pos)++, a);
	e->from_order = !db_col_null(st, *pos);
	if (e->from_order && !order_origin_parse(db_col_text(st, *pos), &e->origin))
		return TESS_ERR_INTERNAL;
	(*pos)++;
	e->published = e->from_order && db_col_i64(st, *pos) != 0;
	(*pos)++;
	return TESS_OK;
}

enum tess_err store_purchase_events(struct store_conn *c, int64_t sub_pk, bool with_apps,
				    struct arena *a, struct purchase_event **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, with_apps ? STMT_PURCHASE_EVENTS_WITH_APPS : STMT_PURCHASE_EVENTS);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_i64(st, 1, sub_pk);
	}
	err = db_read_all(st, a, row_purchase_event, sizeof(**out), &items, n);
	*out = items;
	return err;
}

enum tess_err store_audit_add(struct store_conn *c, const struct audit_event *e)
{
	struct db_stmt *st = db_prepared(c, STMT_AUDIT_ADD);
	char id[ID_MAX];
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	id_new("aud", id);
	db_bind_text(st, 1, id);
	db_bind_ts(st, 2, e->at);
	db_bind_opt_pk(st, 3, e->actor_user_pk);
	db_bind_opt_pk(st, 4, e->actor_org_pk);
	db_bind_text(st, 5, e->action);
	db_bind_text(st, 6, e->object_type);
	db_bind_text(st, 7, e->object_id);
	db_bind_text(st, 8, e->before_json);
	db_bind_text(st, 9, e->after_json);
	db_bind_text(st, 10, e->request_id != NULL ? e->request_id : "");
	return db_run(st);
}

/* Reads AUDIT_COLS. */
static enum tess_err row_audit(struct db_stmt *st, int *pos, struct arena *a, void *out)
{
	struct audit_row *r = out;
	db_col_copy(st, (*pos)++, r->id, sizeof(r->id));
	r->at = db_col_ts(st, (*pos)++);
	db_col_copy(st, (*pos)++, r->actor_user_id, sizeof(r->actor_user_id));
	r->action = db_col_dup(st, (*pos)++, a);
	r->object_type = db_col_dup(st, (*pos)++, a);
	r->object_id = db_col_dup(st, (*pos)++, a);
	r->before_json = db_col_null(st, *pos) ? NULL : db_col_dup(st, *pos, a);
	(*pos)++;
	r->after_json = db_col_null(st, *pos) ? NULL : db_col_dup(st, *pos, a);
	(*pos)++;
	r->pk = db_col_i64(st, (*pos)++);
	return TESS_OK;
}

enum tess_err store_audit_for_object(struct store_conn *c, const char *object_id,
				     struct arena *a, struct audit_row **out, size_t *n)
{
	struct db_stmt *st = db_prepared(c, STMT_AUDIT_FOR_OBJECT);
	void *items = NULL;
	enum tess_err err;
	if (st != NULL) {
		db_bind_text(st, 1, object_id);
	}
	err = db_read_all(st, a, row_audit, sizeof(**out), &items, n);
	*out = items;
	return err;
}

/* The pk of the user whose public id is id into *pk; TESS_ERR_NOT_FOUND if none. */
static enum tess_err actor_pk(struct store_conn *c, const char *id, int64_t *pk)
{
	struct db_stmt *st = db_prepared(c, STMT_AUDIT_ACTOR_PK);
	enum tess_err err;
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, id);
	err = db_one_row(db_step(st));
	if (err == TESS_OK)
		*pk = db_col_i64(st, 0);
	db_done(st);
	return err;
}

enum tess_err store_audit_list(struct store_conn *c, const struct audit_filter *f,
			       struct arena *a, struct audit_row **out, size_t *n, bool *more)
{
	/* [leading column][newest]: the index each statement walks. */
	static const enum stmt_id lists[3][2] = {
		{STMT_AUDIT_LIST, STMT_AUDIT_LIST_NEWEST},
		{STMT_AUDIT_LIST_OBJECT, STMT_AUDIT_LIST_OBJECT_NEWEST},
		{STMT_AUDIT_LIST_ACTOR, STMT_AUDIT_LIST_ACTOR_NEWEST},
	};
	struct db_stmt *st;
	int64_t actor = 0;
	void *items = NULL;
	enum tess_err err;

	*out = NULL;
	*n = 0;
	*more = false;
	if (f->actor_id != NULL && (err = actor_pk(c, f->actor_id, &actor)) != TESS_OK)
		return err;
	st = db_prepared(c, lists[f->object_id != NULL ? 1 : actor != 0 ? 2 : 0][f->newest ? 1 : 0]);
	if (st == NULL)
		return TESS_ERR_INTERNAL;
	db_bind_text(st, 1, f->object_id != NULL ? f->object_id : "");
	db_bind_i64(st, 2, actor);
	db_bind_i64(st, 3, db_page_from(f->after_pk, f->newest));
	/* One row more than asked tells whether another page follows. */
	db_bind_i64(st, 4, (int64_t)f->limit + 1);
	err = db_read_all(st, a, row_audit, sizeof(**out), &items, n);
	*out = items;
	db_page_trim(n, f->limit, more);
	return err;
}
