#include "http/auth.h"

#include <ctype.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "http/dispatch.h"
#include "util/log.h"

void auth_secret_hash(const char *secret, size_t len, unsigned char out[32])
{
	/* Unkeyed BLAKE2b cannot fail for these sizes. */
	(void)crypto_generichash(out, 32, (const unsigned char *)secret, len, NULL, 0);
}

/* The value of cookie name in a Cookie header, or NULL; *len gets its length. */
static const char *cookie_value(const char *header, const char *name, size_t *len)
{
	size_t nlen = strlen(name);
	const char *s = header;

	while (s != NULL && *s != '\0') {
		const char *end;
		while (*s == ' ' || *s == '\t' || *s == ';')
			s++;
		end = strchr(s, ';');
		if (end == NULL)
			end = s + strlen(s);
		if ((size_t)(end - s) > nlen && strncmp(s, name, nlen) == 0 && s[nlen] == '=') {
			const char *v = s + nlen + 1;
			size_t n = (size_t)(end - v);
			while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			*len = n;
			return v;
		}
		s = *end == ';' ? end + 1 : end;
	}
	return NULL;
}

enum tess_err auth_authenticate(const struct evkeyvalq *headers, struct store_conn *c, int64_t now,
                                struct arena *a, struct principal *who, bool *by_cookie,
                                struct problem *p)
{
	/* evhttp_find_header takes a non-const list but does not change it. */
	struct evkeyvalq *h = (struct evkeyvalq *)headers;
	const char *authz = evhttp_find_header(h, "Authorization");
	const char *secret = NULL;
	size_t len = 0;
	unsigned char hash[32];
	enum tess_err err;

	if (authz != NULL) {
		if (strncasecmp(authz, "Bearer ", 7) == 0) {
			secret = authz + 7;
			while (*secret == ' ')
				secret++;
			len = strlen(secret);
			while (len > 0 && secret[len - 1] == ' ')
				len--;
		}
		*by_cookie = false;
	} else {
		const char *cookie = evhttp_find_header(h, "Cookie");
		if (cookie != NULL)
			secret = cookie_value(cookie, AUTH_COOKIE_NAME, &len);
		*by_cookie = true;
	}
	if (secret == NULL || len == 0 || len > AUTH_MAX_SECRET)
		return problem_set(p, TESS_ERR_UNAUTHENTICATED, "unauthenticated", NULL,
		                   "Sign in or send a valid API token.");
	auth_secret_hash(secret, len, hash);
	err = store_principal_by_secret(c, hash, now, a, who);
	if (err == TESS_ERR_NOT_FOUND)
		return problem_set(p, TESS_ERR_UNAUTHENTICATED, "unauthenticated", NULL,
		                   "Your session has ended or the token is not valid.");
	if (err != TESS_OK)
		return problem_set(p, err, NULL, NULL, "Could not look up the credential.");
	return TESS_OK;
}

enum tess_err auth_check_role(const struct principal *who, unsigned roles, struct problem *p)
{
	if ((unsigned)who->role < ROLE__MAX && (roles & ROLE_BIT(who->role)) != 0)
		return TESS_OK;
	return problem_set(p, TESS_ERR_FORBIDDEN, "forbidden", NULL, "Your role may not do this.");
}

enum tess_err auth_check_csrf(const struct principal *who, bool by_cookie, bool safe_method,
                              const char *header, struct problem *p)
{
	size_t want = strlen(who->csrf_token);

	if (!by_cookie || safe_method)
		return TESS_OK;
	/* The lengths are public (always 64); the bytes are compared in constant time. */
	if (header != NULL && want > 0 && strlen(header) == want &&
	    sodium_memcmp(header, who->csrf_token, want) == 0)
		return TESS_OK;
	return problem_set(p, TESS_ERR_FORBIDDEN, "csrf_token_invalid", "X-CSRF-Token",
	                   "Send the session's CSRF token in the X-CSRF-Token header.");
}

enum tess_err auth_password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	if (crypto_pwhash_str(out, password, strlen(password), AUTH_PWHASH_OPSLIMIT,
	                      AUTH_PWHASH_MEMLIMIT) != 0)
		return TESS_ERR_INTERNAL;
	return TESS_OK;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static bool dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash of a random password nobody knows, made once at the stored hashes' cost. */
static void dummy_make(void)
{
	char pw[33];
	token_new(16, pw);
	dummy_ok = auth_password_hash(pw, dummy_hash) == TESS_OK;
	if (!dummy_ok)
		log_error("auth: could not make the dummy password hash");
}

bool auth_password_verify(const char *hash, const char *password)
{
	size_t len = strlen(password);

	if (hash == NULL) {
		/* The outcome is ignored: only the work it takes matters. */
		if (pthread_once(&dummy_once, dummy_make) == 0 && dummy_ok &&
		    crypto_pwhash_str_verify(dummy_hash, password, len) == 0)
			return false;
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, len) == 0;
}

const char *auth_session_cookie(struct req *r, const char *secret)
{
	const struct req_priv *pv = r->priv;
	bool secure = pv != NULL && pv->cfg != NULL && pv->cfg->secure_cookies;

	if (secret == NULL)
		return arena_printf(r->arena, "%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
		                    AUTH_COOKIE_NAME, secure ? "; Secure" : "");
	return arena_printf(r->arena, "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s",
	                    AUTH_COOKIE_NAME, secret, AUTH_SESSION_SECONDS,
	                    secure ? "; Secure" : "");
}

char *auth_throttle_key_account(struct arena *a, const char *email)
{
	char *k = arena_printf(a, "acct:%s", email);
	for (char *s = k + 5; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	return k;
}

char *auth_throttle_key_addr(struct arena *a, const char *addr)
{
	return arena_printf(a, "addr:%s", addr != NULL ? addr : "-");
}

enum tess_err auth_throttle_check(struct store_conn *c, const char *key, int64_t now,
                                  int64_t *retry_after)
{
	struct login_failure f;
	enum tess_err err = store_login_failure_get(c, key, &f);

	*retry_after = 0;
	if (err != TESS_OK)
		return err;
	if (f.locked_until > now)
		*retry_after = f.locked_until - now;
	return TESS_OK;
}

enum tess_err auth_throttle_fail(struct store_conn *c, const char *key, int64_t now)
{
	struct login_failure f;
	int64_t max =
	    strncmp(key, "acct:", 5) == 0 ? AUTH_THROTTLE_ACCOUNT_MAX : AUTH_THROTTLE_ADDR_MAX;
	enum tess_err err = store_login_failure_get(c, key, &f);

	if (err != TESS_OK)
		return err;
	if (f.locked_until > now)
		return TESS_OK;
	if (f.failures == 0 || now - f.window_start >= AUTH_THROTTLE_WINDOW) {
		f.failures = 0;
		f.window_start = now;
	}
	f.failures++;
	if (f.failures >= max) {
		/* Locked: the count starts again once the lock ends. */
		f.locked_until = now + AUTH_THROTTLE_LOCK;
		f.failures = 0;
		f.window_start = f.locked_until;
	}
	return store_login_failure_put(c, key, &f);
}

enum tess_err auth_throttle_clear(struct store_conn *c, const char *key)
{
	return store_login_failure_clear(c, key);
}
