/*
 * Sessions and API tokens: login (POST /sessions), logout, who am I, and
 * the caller's API tokens. Secrets (and a session's CSRF token) are shown
 * once and only their BLAKE2b hashes are stored. Login is public, so its
 * writes (failure records, the session) run as a unit without an
 * idempotency key.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "api/routes.h"
#include "http/auth.h"
#include "http/respond.h"
#include "http/validate.h"
#include "ops/sessions.h"
#include "util/cursor.h"
#include "util/json_mem.h"
#include "util/log.h"

#define TOKEN_NAME_MAX 100
#define TOKEN_DAYS_MAX 365
#define PASSWORD_MAX 1024
#define TOKEN_PAGE_DEFAULT 50
#define TOKEN_PAGE_MAX 200

static const struct field_spec login_body[] = {
    {"email", FIELD_STRING, true, 1, 254, NULL, NULL},
    {"password", FIELD_STRING, true, 1, PASSWORD_MAX, NULL, NULL},
    {"org", FIELD_ID, false, 0, 0, NULL, "org"},
};

static const struct field_spec token_body[] = {
    {"name", FIELD_STRING, true, 1, TOKEN_NAME_MAX, NULL, NULL},
    {"expires_in_days", FIELD_INT, false, 1, TOKEN_DAYS_MAX, NULL, NULL},
};

static json_t *json_user(const char *id, const char *email, const char *name)
{
	return json_pack("{s:s, s:s, s:s}", "id", id, "email", email, "name", name);
}

static json_t *json_org(const char *id, const char *name, enum org_kind kind)
{
	return json_pack("{s:s, s:s, s:s}", "id", id, "name", name, "kind", org_kind_name(kind));
}

/* ---- Login ---- */

struct login_unit {
	struct req *r; /* for the unit's Retry-After, held reply and cookie */
	struct actor who;
	struct login_in in;
	/* The reply's user, in the arena. */
	const char *user_id, *email, *name;
};

static enum tess_err throttled(struct req *r, int64_t wait, struct problem *p)
{
	req_set_retry_after(r, wait);
	return ops_login_throttled(wait, p);
}

/* The 201 of a new session, with its cookie; the secrets are wiped. */
static enum tess_err login_signed_in(struct store_unit *u, struct login_unit *l,
                                     struct login_out *out)
{
	char expires[21];
	const char *cookie = auth_session_cookie(l->r, out->secret);
	json_t *o;

	ts_format(out->expires_at, expires);
	o = json_pack("{s:o, s:o, s:s, s:s, s:s}", "user", json_user(l->user_id, l->email, l->name),
	              "org",
	              json_org(out->membership.org_id, out->membership.org_name,
	                       out->membership.org_kind),
	              "role", role_name(out->membership.role), "csrf_token", out->csrf,
	              "expires_at", expires);
	sodium_memzero(out->secret, sizeof(out->secret));
	sodium_memzero(out->csrf, sizeof(out->csrf));
	if (o == NULL)
		return problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
		                   "login: json_pack failed");
	unit_reply(u, 201, o);
	l->r->set_cookie[0] = cookie;
	l->r->ncookies = 1;
	return TESS_OK;
}

/*
 * Inside the write transaction: the operation looks at the pair's wait
 * again and records the outcome (ops_login). A failure is answered 401
 * after the commit, held back when the address has failed often.
 */
static enum tess_err login_run(struct store_conn *c, struct store_unit *u)
{
	struct login_unit *l = u->ctx;
	struct login_out out;
	json_t *o;
	enum tess_err err;

	l->r->ncookies = 0;
	req_hold_reply(l->r, 0);
	err = ops_login(c, &l->who, &l->in, u->arena, &out, &u->problem);
	if (err == TESS_ERR_THROTTLED)
		req_set_retry_after(l->r, out.wait);
	if (err != TESS_OK)
		return err;
	if (out.signed_in)
		return login_signed_in(u, l, &out);
	req_hold_reply(l->r, out.hold_ms);
	o = respond_error_json("invalid_credentials", "Email or password is incorrect.", NULL);
	if (o == NULL)
		return problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
		                   "login: cannot shape the reply");
	unit_reply(u, 401, o);
	return TESS_OK;
}

/* A login between its two halves: what the password check needs and gives. */
struct login_check {
	const char *hash; /* the stored hash, or NULL for an unknown email */
	const char *password;
	bool match;
	bool found, disabled;
	struct user user;
	struct login_unit l;
};

/* On the offload pool: argon2id, the one slow step of a login. */
static void login_verify(void *arg)
{
	struct login_check *k = arg;
	/* An unknown email costs the same argon2id work as a known one. */
	k->match = auth_password_verify(k->hash, k->password);
}

/* Back on the worker: the outcome goes to the writer, which makes the session if it matched. */
static enum tess_err login_verified(struct req *r, void *arg, struct problem *p)
{
	struct login_check *k = arg;
	struct login_unit *l = &k->l;

	l->in.password_ok = k->match && k->found && !k->disabled;
	if (!l->in.password_ok)
		log_info("login failed id=%s addr=%s", r->request_id, r->client_addr);
	l->in.user_pk = k->user.pk;
	l->user_id = arena_strdup(r->arena, k->user.id);
	l->email = k->user.email;
	l->name = k->user.name;
	/* Public: no user to scope an Idempotency-Key to, so none is stored. */
	return req_run_unit(r, login_run, l, sizeof(*l), p);
}

/*
 * A pair that must still wait is answered 429 before any hashing. The
 * password is checked on the offload pool, so that the worker serves
 * other requests meanwhile; then the unit that records the outcome goes
 * to the writer, and the reply follows its commit.
 */
enum tess_err api_session_create(struct req *r, struct problem *p)
{
	struct login_check *k;
	const char *email;
	int64_t wait = 0;
	enum tess_err err;

	err = validate_body(r->body, login_body, sizeof(login_body) / sizeof(login_body[0]), p);
	if (err != TESS_OK)
		return err;
	k = ARENA_NEW(r->arena, struct login_check);
	email = json_string_value(json_object_get(r->body, "email"));
	k->password = json_string_value(json_object_get(r->body, "password"));
	if (json_is_string(json_object_get(r->body, "org")))
		k->l.in.org_id = json_string_value(json_object_get(r->body, "org"));
	k->l.r = r;
	/* Nobody is signed in yet: the actor is the clock and the request. */
	k->l.who.email = "";
	k->l.who.name = "";
	k->l.who.now = r->now;
	k->l.who.today = r->today;
	k->l.who.trace = r->request_id;
	auth_throttle_key_pair(email, r->client_addr, k->l.in.pair_key);
	auth_throttle_key_addr(r->client_addr, k->l.in.addr_key);

	err = ops_login_wait(r->conn, k->l.in.pair_key, r->now, &wait);
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "login: throttle lookup failed");
	if (wait > 0)
		return throttled(r, wait, p);

	err = store_user_by_email(r->conn, email, r->arena, &k->user);
	if (err == TESS_OK) {
		k->found = true;
		k->hash = k->user.password_hash;
		k->disabled = k->user.disabled;
	} else if (err != TESS_ERR_NOT_FOUND) {
		return problem_set(p, err, NULL, NULL, "login: user lookup failed");
	}
	return req_offload(r, login_verify, login_verified, k, p);
}

/* ---- Logout ---- */

struct revoke_unit {
	struct actor who;
	struct credential_revoke_in in;
};

static enum tess_err revoke_run(struct store_conn *c, struct store_unit *u)
{
	struct revoke_unit *rv = u->ctx;
	struct op_ref out;
	enum tess_err err = ops_credential_revoke(c, &rv->who, &rv->in, u->arena, &out, &u->problem);
	if (err != TESS_OK)
		return err;
	unit_reply(u, 204, NULL);
	return TESS_OK;
}

enum tess_err api_session_delete(struct req *r, struct problem *p)
{
	struct revoke_unit rv = {req_actor(r), {r->who->credential_id}};
	/* It takes no body: one with any member is refused, as on every route. */
	enum tess_err err = validate_body(r->body, NULL, 0, p);

	if (err != TESS_OK)
		return err;
	err = req_run_unit_wait(r, revoke_run, &rv, p);
	if (err != TESS_OK)
		return err;
	req_set_cookie(r, auth_session_cookie(r, NULL));
	return TESS_OK;
}

/* ---- Who am I ---- */

/*
 * The routes role may call, as "METHOD /pattern", read from the table that
 * authorizes every request (api/routes.c), so that a page can leave out
 * what would be refused with 403 without a second copy of who may do what.
 */
static json_t *json_permissions(struct arena *a, enum role role)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr != NULL && i < api_routes_count; i++) {
		const struct route *rt = &api_routes[i];
		const char *name;
		if ((rt->flags & ROUTE_PUBLIC) == 0 && (rt->roles & ROLE_BIT(role)) == 0)
			continue;
		name = arena_printf(a, "%s %s", http_method_name(rt->method), rt->pattern);
		if (json_array_append_new(arr, json_string(name)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

enum tess_err api_me(struct req *r, struct problem *p)
{
	const struct principal *w = r->who;
	struct membership *ms = NULL;
	size_t n = 0;
	json_t *arr = NULL, *o = NULL;
	enum tess_err err = req_query_allow(r, NULL, p);

	if (err != TESS_OK)
		return err;
	err = store_user_memberships(r->conn, w->user_pk, r->arena, &ms, &n);
	if (err != TESS_OK) {
		problem_set(p, err, NULL, NULL, "me: memberships lookup failed");
		goto done;
	}
	arr = json_array();
	if (arr == NULL) {
		err = problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "me: json_array failed");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_pack("{s:o, s:s}", "org",
		                         json_org(ms[i].org_id, ms[i].org_name, ms[i].org_kind),
		                         "role", role_name(ms[i].role));
		if (json_array_append_new(arr, item) != 0) {
			err = problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "me: append failed");
			goto done;
		}
	}
	o = json_pack("{s:o, s:o, s:s, s:O, s:{s:s, s:s}, s:o}", "user",
	              json_user(w->user_id, w->email, w->name), "org",
	              json_org(w->org_id, w->org_name, w->org_kind), "role", role_name(w->role),
	              "memberships", arr, "credential", "id", w->credential_id, "kind",
	              credential_kind_name(w->credential_kind), "permissions",
	              json_permissions(r->arena, w->role));
	if (o == NULL) {
		err = problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "me: json_pack failed");
		goto done;
	}
	req_reply(r, 200, o);
	err = TESS_OK;
done:
	json_decref(arr);
	return err;
}

/* ---- API tokens ---- */

struct token_unit {
	struct actor who;
	struct token_create_in in;
};

static enum tess_err token_create_run(struct store_conn *c, struct store_unit *u)
{
	struct token_unit *t = u->ctx;
	struct token_create_out out;
	json_t *o;
	enum tess_err err = ops_token_create(c, &t->who, &t->in, u->arena, &out, &u->problem);

	if (err != TESS_OK)
		return err;
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", out.id, "name", t->in.name, "token",
	              out.token, "role", role_name(out.role), "created_at",
	              json_ts(out.created_at), "expires_at",
	              out.expires_at != 0 ? json_ts(out.expires_at) : json_null());
	if (o == NULL) {
		sodium_memzero(out.token, sizeof(out.token));
		return problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
		                   "token: json_pack failed");
	}
	/*
	 * The secret is shown once: a replay under the same Idempotency-Key
	 * answers the same token without it, so no secret is kept in clear.
	 */
	if (json_object_set_new(o, "token", json_null()) != 0 ||
	    (u->idem_body = json_text(o, JSON_COMPACT)) == NULL ||
	    json_object_set_new(o, "token", json_string(out.token)) != 0) {
		json_decref(o);
		sodium_memzero(out.token, sizeof(out.token));
		return problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
		                   "token: cannot shape the reply");
	}
	sodium_memzero(out.token, sizeof(out.token));
	unit_reply(u, 201, o);
	return TESS_OK;
}

enum tess_err api_token_create(struct req *r, struct problem *p)
{
	struct token_unit t = {req_actor(r), {NULL, 0}};
	json_t *days;
	enum tess_err err;

	err = validate_body(r->body, token_body, sizeof(token_body) / sizeof(token_body[0]), p);
	if (err != TESS_OK)
		return err;
	t.in.name = json_string_value(json_object_get(r->body, "name"));
	days = json_object_get(r->body, "expires_in_days");
	t.in.expires_in_days = json_is_integer(days) ? json_integer_value(days) : 0;
	return req_run_unit_wait(r, token_create_run, &t, p);
}

static const struct field_spec token_list_query[] = {
    {"limit", FIELD_INT, false, 1, TOKEN_PAGE_MAX, NULL, NULL},
    {"after", FIELD_STRING, false, 1, 200, NULL, NULL},
};
static const char *const token_list_params[] = {"limit", "after", NULL};

/*
 * A user has few live tokens, so the store returns them all (newest first)
 * and the page is cut here; the cursor is the position after the page.
 */
enum tess_err api_token_list(struct req *r, struct problem *p)
{
	struct credential_info *ts = NULL;
	size_t n = 0, from = 0, to;
	int64_t limit = TOKEN_PAGE_DEFAULT, after = 0;
	const char *q;
	json_t *arr = NULL, *next, *o;
	enum tess_err err;

	err = req_query_allow(r, token_list_params, p);
	for (size_t i = 0; err == TESS_OK && i < 2; i++)
		err =
		    validate_query(req_query(r, token_list_query[i].name), &token_list_query[i], p);
	if (err != TESS_OK)
		return err;
	q = req_query(r, "limit");
	if (q != NULL)
		limit = strtoll(q, NULL, 10);
	q = req_query(r, "after");
	if (q != NULL) {
		if (!cursor_decode(q, &after) || after < 0)
			return problem_set(p, TESS_ERR_INVALID, "invalid_cursor", "after",
			                   "after is not a cursor of this list.");
		from = (size_t)after;
	}

	err = store_tokens_list(r->conn, r->who->user_pk, r->now, r->arena, &ts, &n);
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "tokens: list failed");
	if (from > n)
		from = n;
	to = n - from > (size_t)limit ? from + (size_t)limit : n;
	arr = json_array();
	if (arr == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "tokens: json_array failed");
	for (size_t i = from; i < to; i++) {
		json_t *item =
		    json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", ts[i].id, "name", ts[i].name,
		              "role", role_name(ts[i].role), "org_id", ts[i].org_id, "created_at",
		              json_ts(ts[i].created_at), "expires_at",
		              ts[i].expires_at != 0 ? json_ts(ts[i].expires_at) : json_null());
		if (json_array_append_new(arr, item) != 0) {
			json_decref(arr);
			return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL,
			                   "tokens: append failed");
		}
	}
	if (to < n) {
		char cur[CURSOR_MAX];
		cursor_encode((int64_t)to, cur);
		next = json_string(cur);
	} else {
		next = json_null();
	}
	o = json_pack("{s:o, s:o}", "data", arr, "next", next);
	if (o == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "tokens: json_pack failed");
	req_reply(r, 200, o);
	return TESS_OK;
}

enum tess_err api_token_delete(struct req *r, struct problem *p)
{
	const char *id = r->params[0];
	struct revoke_unit rv = {req_actor(r), {id}};
	enum tess_err err = validate_body(r->body, NULL, 0, p);

	if (err != TESS_OK)
		return err;
	/* Only API tokens are revoked here; a session id is as unknown as any other. */
	if (id == NULL || !id_valid("tok", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such token.");
	return req_run_unit(r, revoke_run, &rv, sizeof(rv), p);
}
