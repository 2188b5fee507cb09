#include "http/auth.h"

#include <ctype.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "http/request.h"
#include "util/log.h"

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
	secret_hash(secret, len, hash);
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
	unsigned char hash[32];
	size_t len = header != NULL ? strlen(header) : 0;

	if (!by_cookie || safe_method)
		return TESS_OK;
	/* The store has only the token's hash: the header's is compared, in constant time. */
	if (who->has_csrf && len > 0 && len <= AUTH_MAX_SECRET) {
		secret_hash(header, len, hash);
		if (sodium_memcmp(hash, who->csrf_hash, sizeof(hash)) == 0)
			return TESS_OK;
	}
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
	bool secure = pv != NULL && pv->secure_cookies;

	if (secret == NULL)
		return arena_printf(r->arena, "%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
		                    AUTH_COOKIE_NAME, secure ? "; Secure" : "");
	return arena_printf(r->arena, "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s",
	                    AUTH_COOKIE_NAME, secret, AUTH_SESSION_SECONDS,
	                    secure ? "; Secure" : "");
}

/* BLAKE2b-256 over the parts, each ended by a NUL so that no two inputs collide. */
static void key_hash(const char *kind, const char *email, const char *addr, unsigned char out[32])
{
	crypto_generichash_state st;
	const char *a = addr != NULL ? addr : "-";

	/* Unkeyed BLAKE2b-256 cannot fail. */
	(void)crypto_generichash_init(&st, NULL, 0, 32);
	(void)crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	if (email != NULL) {
		for (const char *s = email; *s != '\0'; s++) {
			unsigned char ch = (unsigned char)tolower((unsigned char)*s);
			(void)crypto_generichash_update(&st, &ch, 1);
		}
		(void)crypto_generichash_update(&st, (const unsigned char *)"", 1);
	}
	(void)crypto_generichash_update(&st, (const unsigned char *)a, strlen(a) + 1);
	(void)crypto_generichash_final(&st, out, 32);
}

void auth_throttle_key_pair(const char *email, const char *addr, unsigned char out[32])
{
	key_hash("pair", email, addr, out);
}

void auth_throttle_key_addr(const char *addr, unsigned char out[32])
{
	key_hash("addr", NULL, addr, out);
}
