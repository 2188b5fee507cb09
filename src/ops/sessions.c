/*
 * Sessions and API tokens as operations. A login's unit looks at the
 * pair's wait again inside the write transaction, counts a failure or
 * makes the session; the secrets it makes are handed back once and only
 * their hashes are stored.
 */
#include "ops/sessions.h"

#include <sodium.h>
#include <string.h>

/*
 * Forgotten throttle records deleted by each failure, which adds at most
 * two: more than it adds, so that they never pile up.
 */
#define THROTTLE_PRUNE 4

enum tess_err ops_login_wait(struct store_conn *c, const unsigned char pair_key[32], int64_t now,
                             int64_t *wait)
{
	struct login_failure f;
	enum tess_err err = store_login_failure_get(c, pair_key, &f);

	*wait = 0;
	if (err != TESS_OK)
		return err;
	*wait = auth_pair_wait(f.failures, f.last_failure, now);
	return TESS_OK;
}

enum tess_err ops_login_throttled(int64_t wait, struct problem *p)
{
	return problem_set(p, TESS_ERR_THROTTLED, "too_many_attempts", NULL,
	                   "Too many failed sign-in attempts for this account from your address. "
	                   "Try again in %lld second%s.",
	                   (long long)wait, wait == 1 ? "" : "s");
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

/* A failed attempt: counted against the pair and the address. */
static enum tess_err login_failed(struct store_conn *c, const struct actor *who,
                                  const struct login_in *in, struct login_out *out)
{
	int64_t forget = who->now - AUTH_THROTTLE_FORGET;
	int64_t n = 0;
	enum tess_err err = store_login_failure_add(c, in->pair_key, who->now, forget, &n);

	if (err == TESS_OK)
		err = store_login_failure_add(c, in->addr_key, who->now, forget, &n);
	if (err == TESS_OK)
		err = store_login_failures_prune(c, forget, THROTTLE_PRUNE);
	if (err == TESS_OK)
		out->hold_ms = auth_addr_hold_ms(n);
	return err;
}

/* A new session of user_pk in membership m from now, its secrets in out. */
static enum tess_err make_session(struct store_conn *c, const struct actor *who, int64_t user_pk,
                                  const struct membership *m, struct login_out *out)
{
	struct credential_new cred;

	memset(&cred, 0, sizeof(cred));
	token_new(OPS_SECRET_BYTES, out->secret);
	token_new(OPS_SECRET_BYTES, out->csrf);
	cred.kind = CRED_SESSION;
	cred.user_pk = user_pk;
	cred.org_pk = m->org_pk;
	cred.name = "";
	secret_hash(out->secret, strlen(out->secret), cred.secret_hash);
	cred.has_csrf = true;
	secret_hash(out->csrf, strlen(out->csrf), cred.csrf_hash);
	cred.created_at = who->now;
	cred.expires_at = who->now + AUTH_SESSION_SECONDS;
	out->expires_at = cred.expires_at;
	out->membership = *m;
	return store_credential_insert(c, &cred, out->credential_id);
}

enum tess_err ops_login(struct store_conn *c, const struct actor *who, const struct login_in *in,
                        struct arena *a, struct login_out *out, struct problem *p)
{
	struct membership *ms = NULL;
	const struct membership *m;
	size_t nms = 0;
	enum tess_err err;

	memset(out, 0, sizeof(*out));
	err = ops_login_wait(c, in->pair_key, who->now, &out->wait);
	if (err != TESS_OK)
		return err;
	/* A pair still waiting is refused and nothing is written, whatever the password. */
	if (out->wait > 0)
		return ops_login_throttled(out->wait, p);
	if (!in->password_ok)
		return login_failed(c, who, in, out);

	err = store_user_memberships(c, in->user_pk, a, &ms, &nms);
	if (err != TESS_OK)
		return err;
	m = pick_membership(ms, nms, in->org_id);
	if (m == NULL && nms == 0)
		return problem_set(p, TESS_ERR_FORBIDDEN, "no_membership", NULL,
		                   "This account belongs to no organization.");
	if (m == NULL)
		return problem_set(p, TESS_ERR_INVALID, "not_a_member", "org",
		                   "You are not a member of that organization.");
	err = store_login_failure_clear(c, in->pair_key);
	if (err == TESS_OK)
		err = make_session(c, who, in->user_pk, m, out);
	if (err != TESS_OK) {
		sodium_memzero(out->secret, sizeof(out->secret));
		sodium_memzero(out->csrf, sizeof(out->csrf));
		return err;
	}
	out->signed_in = true;
	return TESS_OK;
}

enum tess_err ops_credential_revoke(struct store_conn *c, const struct actor *who,
                                    const struct credential_revoke_in *in, struct arena *a,
                                    struct op_ref *out, struct problem *p)
{
	enum tess_err err;
	(void)a;

	if (in->credential_id == NULL || strlen(in->credential_id) >= sizeof(out->id))
		return problem_set(p, TESS_ERR_NOT_FOUND, "not_found", NULL, "No such token.");
	err = store_credential_revoke(c, who->user_pk, in->credential_id, who->now);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, err, "not_found", NULL, "No such token.");
	if (err == TESS_OK)
		memcpy(out->id, in->credential_id, strlen(in->credential_id) + 1);
	return err;
}

enum tess_err ops_token_create(struct store_conn *c, const struct actor *who,
                               const struct token_create_in *in, struct arena *a,
                               struct token_create_out *out, struct problem *p)
{
	struct credential_new cred;
	enum tess_err err;
	(void)a;
	(void)p;

	memset(out, 0, sizeof(*out));
	memcpy(out->token, OPS_TOKEN_PREFIX, sizeof(OPS_TOKEN_PREFIX) - 1);
	token_new(OPS_SECRET_BYTES, out->token + sizeof(OPS_TOKEN_PREFIX) - 1);
	/* The token acts as the creating credential does: same user, organization and role. */
	memset(&cred, 0, sizeof(cred));
	cred.kind = CRED_TOKEN;
	cred.user_pk = who->user_pk;
	cred.org_pk = who->org_pk;
	cred.name = in->name;
	secret_hash(out->token, strlen(out->token), cred.secret_hash);
	cred.created_at = who->now;
	cred.expires_at = in->expires_in_days > 0 ? who->now + in->expires_in_days * 86400 : 0;
	err = store_credential_insert(c, &cred, out->id);
	if (err != TESS_OK) {
		sodium_memzero(out->token, sizeof(out->token));
		return err;
	}
	out->role = who->role;
	out->created_at = cred.created_at;
	out->expires_at = cred.expires_at;
	return TESS_OK;
}
