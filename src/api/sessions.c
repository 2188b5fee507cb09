/*
 * Sessions and API tokens: login (POST /sessions), logout, who am I, and
 * the caller's API tokens. Secrets are shown once and only their BLAKE2b
 * hashes are stored. Login is public, so its writes (failure records, the
 * session) run as a unit without an idempotency key.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/render.h"
#include "http/auth.h"
#include "http/respond.h"
#include "http/validate.h"
#include "util/cursor.h"
#include "util/json_mem.h"
#include "util/log.h"

#define SECRET_BYTES 32
#define TOKEN_PREFIX "tsk_"
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
	bool password_ok;
	const char *acct_key;
	const char *addr_key;
	struct credential_new cred;
	char cred_id[ID_MAX];
	int64_t now;
	int64_t locked_for; /* out: seconds left on a lock found inside the unit */
};

/*
 * Inside the write transaction: re-checks both locks (another worker may
 * have locked the key since the handler looked), then either records the
 * failure against both keys or clears the account's failures and stores
 * the session. A refused login still commits: its failure records must
 * stay, so the unit returns TESS_OK and reports through its context.
 */
static enum tess_err login_run(struct store_conn *c, struct store_unit *u)
{
	struct login_unit *l = u->ctx;
	int64_t left = 0;
	enum tess_err err;

	err = auth_throttle_check(c, l->acct_key, l->now, &left);
	if (err == TESS_OK && left == 0)
		err = auth_throttle_check(c, l->addr_key, l->now, &left);
	if (err != TESS_OK)
		return err;
	if (left > 0) {
		l->locked_for = left;
		return TESS_OK;
	}
	if (!l->password_ok) {
		err = auth_throttle_fail(c, l->acct_key, l->now);
		if (err == TESS_OK)
			err = auth_throttle_fail(c, l->addr_key, l->now);
		return err;
	}
	err = auth_throttle_clear(c, l->acct_key);
	if (err == TESS_OK)
		err = store_credential_insert(c, &l->cred, l->cred_id);
	return err;
}

static enum tess_err throttled(struct req *r, int64_t left, struct problem *p)
{
	int64_t minutes = (left + 59) / 60;
	req_set_retry_after(r, left);
	return problem_set(p, TESS_ERR_THROTTLED, "too_many_attempts", NULL,
	                   "Too many failed sign-in attempts. Try again in %lld minute%s.",
	                   (long long)minutes, minutes == 1 ? "" : "s");
}

static enum tess_err invalid_credentials(struct problem *p)
{
	return problem_set(p, TESS_ERR_UNAUTHENTICATED, "invalid_credentials", NULL,
	                   "Email or password is incorrect.");
}

/* The membership to sign in with: the one named by org_id, or the oldest. */
static const struct membership *pick_membership(const struct membership *ms, size_t n,
                                                const char *org_id)
{
	if (n == 0)
		return NULL;
	if (org_id == NULL)
		return &ms[0];
	for (size_t i = 0; i < n; i++)
		if (strcmp(ms[i].org_id, org_id) == 0)
			return &ms[i];
	return NULL;
}

enum tess_err api_session_create(struct req *r, struct problem *p)
{
	const char *email, *password, *org_id = NULL;
	struct user user;
	bool found = false;
	struct membership *ms = NULL;
	size_t nms = 0;
	const struct membership *m = NULL;
	struct login_unit l;
	struct store_unit u;
	char secret[2 * SECRET_BYTES + 1];
	char csrf[2 * SECRET_BYTES + 1];
	char expires[21];
	int64_t left = 0;
	json_t *o;
	enum tess_err err;

	err = validate_body(r->body, login_body, sizeof(login_body) / sizeof(login_body[0]), p);
	if (err != TESS_OK)
		return err;
	email = json_string_value(json_object_get(r->body, "email"));
	password = json_string_value(json_object_get(r->body, "password"));
	if (json_is_string(json_object_get(r->body, "org")))
		org_id = json_string_value(json_object_get(r->body, "org"));

	memset(&l, 0, sizeof(l));
	l.now = r->now;
	l.acct_key = auth_throttle_key_account(r->arena, email);
	l.addr_key = auth_throttle_key_addr(r->arena, r->client_addr);

	/* A locked key answers 429 even to the right password, before any hashing. */
	err = auth_throttle_check(r->conn, l.acct_key, r->now, &left);
	if (err == TESS_OK && left == 0)
		err = auth_throttle_check(r->conn, l.addr_key, r->now, &left);
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "login: throttle lookup failed");
	if (left > 0)
		return throttled(r, left, p);

	memset(&user, 0, sizeof(user));
	err = store_user_by_email(r->conn, email, r->arena, &user);
	if (err == TESS_OK)
		found = true;
	else if (err != TESS_ERR_NOT_FOUND)
		return problem_set(p, err, NULL, NULL, "login: user lookup failed");

	/* An unknown email costs the same argon2id work as a known one. */
	l.password_ok = auth_password_verify(found ? user.password_hash : NULL, password) &&
	                found && !user.disabled;
	if (l.password_ok) {
		err = store_user_memberships(r->conn, user.pk, r->arena, &ms, &nms);
		if (err != TESS_OK)
			return problem_set(p, err, NULL, NULL, "login: memberships lookup failed");
		m = pick_membership(ms, nms, org_id);
		if (m == NULL && nms == 0)
			return problem_set(p, TESS_ERR_FORBIDDEN, "no_membership", NULL,
			                   "This account belongs to no organization.");
		if (m == NULL)
			return problem_set(p, TESS_ERR_INVALID, "not_a_member", "org",
			                   "You are not a member of that organization.");
		token_new(SECRET_BYTES, secret);
		token_new(SECRET_BYTES, csrf);
		l.cred.kind = CRED_SESSION;
		l.cred.user_pk = user.pk;
		l.cred.org_pk = m->org_pk;
		l.cred.name = "";
		auth_secret_hash(secret, strlen(secret), l.cred.secret_hash);
		l.cred.csrf_token = csrf;
		l.cred.created_at = r->now;
		l.cred.expires_at = r->now + AUTH_SESSION_SECONDS;
	}

	/* No user yet, so no idempotency key: the unit is built here, not by req_run_unit. */
	memset(&u, 0, sizeof(u));
	u.run = login_run;
	u.ctx = &l;
	u.arena = r->arena;
	err = store_unit_run(r->store, &u);
	free(u.reply_body);
	if (err != TESS_OK) {
		if (p != NULL)
			*p = u.problem;
		return err;
	}
	if (l.locked_for > 0)
		return throttled(r, l.locked_for, p);
	if (!l.password_ok) {
		log_info("login failed id=%s addr=%s", r->request_id, r->client_addr);
		return invalid_credentials(p);
	}

	ts_format(l.cred.expires_at, expires);
	o = json_pack("{s:o, s:o, s:s, s:s, s:s}", "user",
	              json_user(user.id, user.email, user.name), "org",
	              json_org(m->org_id, m->org_name, m->org_kind), "role", role_name(m->role),
	              "csrf_token", csrf, "expires_at", expires);
	if (o == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "login: json_pack failed");
	req_set_cookie(r, auth_session_cookie(r, secret));
	sodium_memzero(secret, sizeof(secret));
	req_reply(r, 201, o);
	return TESS_OK;
}

/* ---- Logout ---- */

struct revoke_unit {
	int64_t user_pk;
	const char *id;
	int64_t now;
};

static enum tess_err revoke_run(struct store_conn *c, struct store_unit *u)
{
	struct revoke_unit *rv = u->ctx;
	enum tess_err err = store_credential_revoke(c, rv->user_pk, rv->id, rv->now);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(&u->problem, err, "not_found", NULL, "No such token.");
	if (err != TESS_OK)
		return err;
	unit_reply(u, 204, NULL);
	return TESS_OK;
}

enum tess_err api_session_delete(struct req *r, struct problem *p)
{
	struct revoke_unit rv = {r->who->user_pk, r->who->credential_id, r->now};
	enum tess_err err = req_run_unit_wait(r, revoke_run, &rv, p);

	if (err != TESS_OK)
		return err;
	req_set_cookie(r, auth_session_cookie(r, NULL));
	return TESS_OK;
}

/* ---- Who am I ---- */

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
	o = json_pack("{s:o, s:o, s:s, s:O, s:{s:s, s:s}}", "user",
	              json_user(w->user_id, w->email, w->name), "org",
	              json_org(w->org_id, w->org_name, w->org_kind), "role", role_name(w->role),
	              "memberships", arr, "credential", "id", w->credential_id, "kind",
	              credential_kind_name(w->credential_kind));
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
	struct credential_new cred;
	enum role role; /* the membership's role, which the store derives from org_pk */
	const char *token;
};

static enum tess_err token_create_run(struct store_conn *c, struct store_unit *u)
{
	struct token_unit *t = u->ctx;
	char id[ID_MAX];
	json_t *o;
	enum tess_err err = store_credential_insert(c, &t->cred, id);

	if (err != TESS_OK)
		return err;
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", id, "name", t->cred.name, "token",
	              t->token, "role", role_name(t->role), "created_at",
	              json_ts(t->cred.created_at), "expires_at",
	              t->cred.expires_at != 0 ? json_ts(t->cred.expires_at) : json_null());
	if (o == NULL)
		return problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
		                   "token: json_pack failed");
	/*
	 * The secret is shown once: a replay under the same Idempotency-Key
	 * answers the same token without it, so no secret is kept in clear.
	 */
	if (json_object_set_new(o, "token", json_null()) != 0 ||
	    (u->idem_body = json_text(o, JSON_COMPACT)) == NULL ||
	    json_object_set_new(o, "token", json_string(t->token)) != 0) {
		json_decref(o);
		return problem_set(&u->problem, TESS_ERR_INTERNAL, NULL, NULL,
		                   "token: cannot shape the reply");
	}
	unit_reply(u, 201, o);
	return TESS_OK;
}

enum tess_err api_token_create(struct req *r, struct problem *p)
{
	struct token_unit t;
	char secret[sizeof(TOKEN_PREFIX) + 2 * SECRET_BYTES];
	json_t *days;
	enum tess_err err;

	err = validate_body(r->body, token_body, sizeof(token_body) / sizeof(token_body[0]), p);
	if (err != TESS_OK)
		return err;
	memcpy(secret, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
	token_new(SECRET_BYTES, secret + sizeof(TOKEN_PREFIX) - 1);

	/* The token acts as the creating credential does: same user, organization and role. */
	memset(&t, 0, sizeof(t));
	t.cred.kind = CRED_TOKEN;
	t.cred.user_pk = r->who->user_pk;
	t.cred.org_pk = r->who->org_pk;
	t.role = r->who->role;
	t.cred.name = json_string_value(json_object_get(r->body, "name"));
	auth_secret_hash(secret, strlen(secret), t.cred.secret_hash);
	t.cred.csrf_token = "";
	t.cred.created_at = r->now;
	days = json_object_get(r->body, "expires_in_days");
	t.cred.expires_at = json_is_integer(days) ? r->now + json_integer_value(days) * 86400 : 0;
	t.token = secret;
	err = req_run_unit_wait(r, token_create_run, &t, p);
	sodium_memzero(secret, sizeof(secret));
	return err;
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
	struct revoke_unit rv = {r->who->user_pk, id, r->now};

	/* Only API tokens are revoked here; a session id is as unknown as any other. */
	if (id == NULL || !id_valid("tok", id, strlen(id)))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such token.");
	return req_run_unit(r, revoke_run, &rv, sizeof(rv), p);
}
