/*
 * The request pipeline, whole: one input is one HTTP request, sent over a
 * loopback connection to a real evhttp server in this process whose
 * requests go through http/dispatch.c as `tessera serve` sends them:
 * router, query parsing, authentication, role and CSRF checks, body
 * limits and JSON parsing, idempotency, the handler's validation and
 * parsing, and writes through the real writer thread, over a real SQLite
 * database loaded with the demo data set.
 *
 * The input is text:
 *
 *   ROLE METHOD TARGET
 *   Header-Name: value
 *   ...
 *   (empty line)
 *   body
 *
 * ROLE is a demo login by the local part of its email (every login
 * `tessera demo` prints: admin, support, the partners' alex, casey, ...,
 * the customers' pat, robin, ...) or anything else for no credential, with
 * "+cookie" to send the session cookie and its CSRF token instead of an
 * API token, "+nocsrf" for the cookie alone, and "@N" (2-9) to connect
 * from 127.0.0.N. "{PREFIX:N}" anywhere in the target, a header value or
 * the body stands for the Nth id with that prefix the demo data has
 * ("{sub:3}", "{quo}"), so that requests reach real rows. The harness
 * writes Host, Content-Length and Connection itself and leaves out any
 * such header of the input (the HTTP framing is the edge layer's
 * target); an input's own Authorization, Cookie or X-CSRF-Token replaces
 * the role's.
 *
 * Every reply must be a 2xx, 3xx or 4xx, or the edge's 501 or 505; one
 * of the pipeline's (it has X-Request-Id) with a JSON type must be JSON,
 * and an error the one shape {"error": {"code", "message", "field"}},
 * field a string or null. Any other 5xx, a crash, a sanitizer report or a
 * hang stops the run with the request printed.
 *
 * State carries over between inputs, as it does in a server: what one
 * input writes, the next may read. A credential an input revoked is
 * replaced by signing in again (moving the fixed clock past a login
 * lock when one is in the way).
 */
#define _GNU_SOURCE /* memmem, nftw */
#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <ftw.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/routes.h"
#include "demo/demo.h"
#include "fuzz.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "http/server.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/json_mem.h"
#include "util/log.h"

#define FIXED_NOW "2026-06-15T12:00:00Z"
#define MAX_LOGINS 16
#define MAX_PREFIXES 32
#define IDS_PER_PREFIX 64
#define REPLY_DEADLINE_SECONDS 60
#define HARNESS_PEER "127.0.0.1"

struct login {
	char name[32];
	char email[128];
	char password[64];
	char cookie[256]; /* "tessera_session=..." */
	char csrf[160];
	char bearer[160];
	bool stale; /* a request with its credential was refused as unauthenticated */
};

struct idset {
	char prefix[16];
	char ids[IDS_PER_PREFIX][ID_MAX];
	int n;
};

struct reply {
	int status;
	struct buf raw;
	const char *body;
	size_t body_len;
	char content_type[128];
	char set_cookie[512];
	char retry_after[32];
	bool ours; /* has X-Request-Id: the pipeline answered, not libevent */
};

static struct {
	char dir[64];
	struct store *store;
	struct server_config cfg;
	struct dispatch_env env;
	struct event_base *base;
	struct http_front front;
	int port;
	struct login logins[MAX_LOGINS];
	int nlogins;
	struct idset idsets[MAX_PREFIXES];
	int nidsets;
} H;

/* ---- The server half: a worker's loop, with the HTTP side http/server.c serves with ---- */

static void server_setup(void)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	int one = 1;
	evutil_socket_t fd;

	memset(&H.cfg, 0, sizeof(H.cfg));
	H.cfg.routes = &api_route_table;
	server_config_defaults(&H.cfg);
	H.base = event_base_new();
	FUZZ_CHECK(H.base != NULL && http_front_init(&H.front, H.base, &H.cfg, &H.env),
	           "the worker's HTTP side");

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	FUZZ_CHECK(fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
	               evutil_make_socket_nonblocking(fd) == 0 &&
	               bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(fd, 64) == 0 &&
	               getsockname(fd, (struct sockaddr *)&sa, &salen) == 0,
	           "listen: %s", strerror(errno));
	H.port = ntohs(sa.sin_port);
	FUZZ_CHECK(evhttp_accept_socket_with_handle(H.front.http, fd) != NULL, "evhttp_accept_socket");

	H.env.store = H.store;
	H.env.conn = store_conn_open(H.store);
	H.env.base = H.base;
	FUZZ_CHECK(H.env.conn != NULL, "store_conn_open");
}

/* ---- The client half: one request on its own connection, until the server closes it ---- */

struct client {
	evutil_socket_t fd;
	const char *data;
	size_t len, off;
	struct buf *in;
	struct event *ev;
	bool head; /* the request is a HEAD: its reply has no body */
	bool timed_out;
};

/*
 * True once in holds a whole reply: its head, and as many body bytes as
 * its Content-Length says (the server may keep the connection a while).
 */
static bool reply_complete(const struct client *c)
{
	const char *sep = c->in->len > 0 ? strstr(c->in->data, "\r\n\r\n") : NULL;
	const char *cl;
	size_t head, want;
	int status;

	if (sep == NULL)
		return false;
	head = (size_t)(sep - c->in->data) + 4;
	status = c->in->len > 12 ? atoi(c->in->data + 9) : 0;
	if (c->head || status == 204 || status == 304 || (status >= 100 && status < 200))
		return true;
	cl = strcasestr(c->in->data, "\r\nContent-Length:");
	if (cl == NULL || cl > sep)
		return false;
	want = (size_t)strtoull(cl + 17, NULL, 10);
	return c->in->len >= head + want;
}

static void client_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client *c = arg;
	if ((what & EV_TIMEOUT) != 0) {
		c->timed_out = true;
		event_base_loopbreak(H.base);
		return;
	}
	if ((what & EV_WRITE) != 0 && c->off < c->len) {
		ssize_t n = send(fd, c->data + c->off, c->len - c->off, MSG_NOSIGNAL);
		if (n > 0)
			c->off += (size_t)n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			c->off = c->len; /* the server closed on us: read what it said */
		if (c->off == c->len) {
			struct timeval tv = {REPLY_DEADLINE_SECONDS, 0};
			event_del(c->ev);
			event_assign(c->ev, H.base, fd, EV_READ | EV_PERSIST, client_cb, c);
			event_add(c->ev, &tv);
		}
	}
	if ((what & EV_READ) != 0) {
		char chunk[16384];
		ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
		if (n > 0) {
			FUZZ_CHECK(buf_append(c->in, chunk, (size_t)n), "reply too large");
			if (reply_complete(c))
				event_base_loopbreak(H.base);
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			event_base_loopbreak(H.base);
		}
	}
}

/* The value of header name in the reply's head (copied into out), or false. */
static bool reply_header(const char *head, size_t head_len, const char *name, char *out,
                         size_t out_size)
{
	size_t nl = strlen(name);
	const char *end = head + head_len;
	for (const char *l = head; l < end;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t ll = e != NULL ? (size_t)(e - l) : (size_t)(end - l);
		if (ll > nl && strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
			const char *v = l + nl + 1;
			size_t vl = ll - nl - 1;
			while (vl > 0 && *v == ' ')
				v++, vl--;
			while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			if (vl >= out_size)
				vl = out_size - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return true;
		}
		l = e != NULL ? e + 1 : end;
	}
	return false;
}

/* Sends the request text from 127.0.0.N (peer) and reads its reply. */
static void send_request(const char *peer, const char *text, size_t len, struct reply *rp)
{
	struct sockaddr_in from, to;
	struct client c;
	struct timeval tv = {REPLY_DEADLINE_SECONDS, 0};
	const char *sep;
	int rc;

	memset(rp, 0, sizeof(*rp));
	buf_init(&rp->raw, 64 * 1024 * 1024);
	memset(&c, 0, sizeof(c));
	c.data = text;
	c.len = len;
	c.in = &rp->raw;
	c.head = len >= 5 && memcmp(text, "HEAD ", 5) == 0;
	c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	memset(&from, 0, sizeof(from));
	from.sin_family = AF_INET;
	to = from;
	FUZZ_CHECK(c.fd >= 0 && inet_pton(AF_INET, peer, &from.sin_addr) == 1 &&
	               bind(c.fd, (struct sockaddr *)&from, sizeof(from)) == 0,
	           "client socket from %s: %s", peer, strerror(errno));
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons((uint16_t)H.port);
	rc = connect(c.fd, (struct sockaddr *)&to, sizeof(to));
	FUZZ_CHECK(rc == 0 || errno == EINPROGRESS, "connect: %s", strerror(errno));
	c.ev = event_new(H.base, c.fd, EV_READ | EV_WRITE | EV_PERSIST, client_cb, &c);
	FUZZ_CHECK(c.ev != NULL && event_add(c.ev, &tv) == 0, "event_add");
	event_base_dispatch(H.base);
	event_free(c.ev);
	close(c.fd);
	FUZZ_CHECK(!c.timed_out, "no reply within %d s to:\n%.*s", REPLY_DEADLINE_SECONDS,
	           (int)len, text);
	/* Let the server side finish with the closed connection. */
	event_base_loop(H.base, EVLOOP_NONBLOCK);

	if (rp->raw.len == 0)
		return;
	FUZZ_CHECK(strncmp(rp->raw.data, "HTTP/1.", 7) == 0 && rp->raw.len >= 12,
	           "not an HTTP reply: %.*s", (int)(rp->raw.len < 200 ? rp->raw.len : 200),
	           rp->raw.data);
	rp->status = atoi(rp->raw.data + 9);
	sep = strstr(rp->raw.data, "\r\n\r\n");
	FUZZ_CHECK(sep != NULL, "a reply without the end of its head");
	rp->body = sep + 4;
	rp->body_len = rp->raw.len - (size_t)(rp->body - rp->raw.data);
	{
		size_t hl = (size_t)(sep - rp->raw.data);
		char rid[64];
		(void)reply_header(rp->raw.data, hl, "Content-Type", rp->content_type,
		                   sizeof(rp->content_type));
		(void)reply_header(rp->raw.data, hl, "Set-Cookie", rp->set_cookie,
		                   sizeof(rp->set_cookie));
		(void)reply_header(rp->raw.data, hl, "Retry-After", rp->retry_after,
		                   sizeof(rp->retry_after));
		rp->ours = reply_header(rp->raw.data, hl, "X-Request-Id", rid, sizeof(rid));
	}
}

/* ---- Requests the harness makes itself (logins, ids) ---- */

static void build_simple(struct buf *b, const char *method, const char *target,
                         const struct login *as, bool cookie, const char *body)
{
	size_t blen = body != NULL ? strlen(body) : 0;
	FUZZ_CHECK(buf_printf(b, "%s %s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n", method,
	                      target),
	           "buf");
	if (as != NULL && cookie)
		FUZZ_CHECK(buf_printf(b, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", as->cookie, as->csrf),
		           "buf");
	else if (as != NULL)
		FUZZ_CHECK(buf_printf(b, "Authorization: Bearer %s\r\n", as->bearer), "buf");
	if (blen > 0)
		FUZZ_CHECK(buf_printf(b, "Content-Type: application/json\r\n"), "buf");
	FUZZ_CHECK(buf_printf(b, "Content-Length: %zu\r\n\r\n%s", blen, blen > 0 ? body : ""),
	           "buf");
}

static json_t *harness_call(const char *method, const char *target, const struct login *as,
                            bool cookie, const char *body, struct reply *rp)
{
	struct buf b;
	json_t *v = NULL;
	buf_init(&b, 1024 * 1024);
	build_simple(&b, method, target, as, cookie, body);
	send_request(HARNESS_PEER, b.data, b.len, rp);
	buf_cleanup(&b);
	if (rp->body_len > 0)
		v = json_loadb(rp->body, rp->body_len, 0, NULL);
	return v;
}

/* Signs l in (session cookie, CSRF token) and makes it an API token. */
static void login(struct login *l)
{
	char body[512];
	struct reply rp;
	json_t *v = NULL;

	for (int attempt = 0; attempt < 5; attempt++) {
		json_t *req = json_pack("{s:s, s:s}", "email", l->email, "password", l->password);
		char *text = json_dumps(req, JSON_COMPACT);
		v = harness_call("POST", "/api/v1/sessions", NULL, false, text, &rp);
		free(text);
		json_decref(req);
		if (rp.status != 429)
			break;
		/* Failed logins of earlier inputs locked the account: the lock ends in time. */
		clock_set_fixed(clock_now() + atoll(rp.retry_after) + 1);
		json_decref(v);
		v = NULL;
		buf_cleanup(&rp.raw);
	}
	FUZZ_CHECK(rp.status == 201 && json_is_string(json_object_get(v, "csrf_token")),
	           "login %s: %d %.*s", l->email, rp.status, (int)rp.body_len, rp.body);
	snprintf(l->csrf, sizeof(l->csrf), "%s", json_string_value(json_object_get(v, "csrf_token")));
	snprintf(l->cookie, sizeof(l->cookie), "%.*s", (int)strcspn(rp.set_cookie, ";"),
	         rp.set_cookie);
	json_decref(v);
	buf_cleanup(&rp.raw);

	snprintf(body, sizeof(body), "{\"name\":\"fuzz %s\"}", l->name);
	v = harness_call("POST", "/api/v1/tokens", l, true, body, &rp);
	FUZZ_CHECK(rp.status == 201 && json_is_string(json_object_get(v, "token")),
	           "token for %s: %d %.*s", l->email, rp.status, (int)rp.body_len, rp.body);
	snprintf(l->bearer, sizeof(l->bearer), "%s", json_string_value(json_object_get(v, "token")));
	json_decref(v);
	buf_cleanup(&rp.raw);
	l->stale = false;
}

/* The demo's logins, as `tessera demo` prints them: role, email, password. */
static void read_logins(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	FUZZ_CHECK(f != NULL, "open_memstream");
	demo_print_logins(f);
	fclose(f);
	for (char *line = strtok(text, "\n"); line != NULL && H.nlogins < MAX_LOGINS;
	     line = strtok(NULL, "\n")) {
		struct login *l = &H.logins[H.nlogins];
		char role[32];
		if (sscanf(line, "%31s %127s %63s", role, l->email, l->password) != 3)
			continue;
		snprintf(l->name, sizeof(l->name), "%.*s", (int)strcspn(l->email, "@"), l->email);
		H.nlogins++;
	}
	free(text);
	FUZZ_CHECK(H.nlogins > 0, "the demo has no logins");
}

static struct idset *idset_of(const char *prefix, size_t n)
{
	for (int i = 0; i < H.nidsets; i++)
		if (strlen(H.idsets[i].prefix) == n && strncmp(H.idsets[i].prefix, prefix, n) == 0)
			return &H.idsets[i];
	if (H.nidsets == MAX_PREFIXES || n >= sizeof(H.idsets[0].prefix))
		return NULL;
	memcpy(H.idsets[H.nidsets].prefix, prefix, n);
	H.idsets[H.nidsets].prefix[n] = '\0';
	return &H.idsets[H.nidsets++];
}

/* Keeps every string of v shaped like an id (util/id.h: prefix, '_', 20 characters). */
static void collect_ids(json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		const char *u = strchr(s, '_');
		size_t n = strlen(s);
		struct idset *set;
		if (u == NULL || u == s || n != (size_t)(u - s) + 21 || n >= ID_MAX)
			return;
		for (const char *c = s; c < u; c++)
			if (*c < 'a' || *c > 'z')
				return;
		for (const char *c = u + 1; *c != '\0'; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
				return;
		set = idset_of(s, (size_t)(u - s));
		if (set == NULL || set->n == IDS_PER_PREFIX)
			return;
		for (int i = 0; i < set->n; i++)
			if (strcmp(set->ids[i], s) == 0)
				return;
		memcpy(set->ids[set->n++], s, n + 1);
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) collect_ids(x);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) collect_ids(x);
	}
}

static void read_ids(void)
{
	static const char *const lists[] = {
	    "/api/v1/me",        "/api/v1/tokens",       "/api/v1/subscriptions",
	    "/api/v1/customers", "/api/v1/billing-accounts", "/api/v1/catalog/products",
	    "/api/v1/quotes",    "/api/v1/invoices",     "/api/v1/licenses",
	    "/api/v1/orders",    "/api/v1/audit-events",
	};
	for (int i = 0; i < H.nlogins; i++)
		for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
			struct reply rp;
			json_t *v = harness_call("GET", lists[k], &H.logins[i], false, NULL, &rp);
			if (rp.status == 200)
				collect_ids(v);
			json_decref(v);
			buf_cleanup(&rp.raw);
		}
}

static struct login *login_named(const char *name)
{
	for (int i = 0; i < H.nlogins; i++)
		if (strcmp(H.logins[i].name, name) == 0)
			return &H.logins[i];
	return NULL;
}

/*
 * POSTs body as l (a bearer caller) and keeps the ids of the reply; the
 * reply's "id". A refusal stops the run when must.
 */
static const char *post_as(struct login *l, const char *target, json_t *body, char *id_out,
                           bool must)
{
	struct reply rp;
	char *text = json_dumps(body, JSON_COMPACT);
	json_t *v = harness_call("POST", target, l, false, text, &rp);
	FUZZ_CHECK(!must || (rp.status >= 200 && rp.status < 300), "setup POST %s: %d %.*s",
	           target, rp.status, (int)rp.body_len, rp.body);
	collect_ids(v);
	id_out[0] = '\0';
	if (json_is_string(json_object_get(v, "id")))
		snprintf(id_out, ID_MAX, "%s", json_string_value(json_object_get(v, "id")));
	free(text);
	json_decref(body);
	json_decref(v);
	buf_cleanup(&rp.raw);
	return id_out;
}

static json_t *get_as(struct login *l, const char *target)
{
	struct reply rp;
	json_t *v = harness_call("GET", target, l, false, NULL, &rp);
	FUZZ_CHECK(rp.status == 200 && json_is_array(json_object_get(v, "data")),
	           "setup GET %s: %d", target, rp.status);
	buf_cleanup(&rp.raw);
	return v;
}

/* A quote line for product p priced in currency: its first edition, period and tier. */
static json_t *line_for(json_t *p, const char *currency)
{
	size_t i;
	json_t *pr;
	json_array_foreach(json_object_get(p, "prices"), i, pr)
	{
		json_t *tier = json_array_get(json_object_get(pr, "tiers"), 0);
		if (strcmp(json_string_value(json_object_get(pr, "currency")), currency) == 0 &&
		    tier != NULL)
			return json_pack("{s:O, s:O, s:O, s:O}", "product", json_object_get(p, "id"),
			                 "edition", json_object_get(pr, "edition"), "user_tier",
			                 json_object_get(tier, "users"), "billing_period",
			                 json_object_get(pr, "billing_period"));
	}
	return NULL;
}

/*
 * The demo has no quotes, orders, invoices or licenses: a partner makes
 * some through the API (open quotes, orders with open and paid invoices,
 * licenses of server products), so that inputs can name them.
 */
static void make_commerce(void)
{
	struct login *alex = login_named("alex");
	json_t *customers, *accounts, *catalog, *subs, *p;
	const char *customer, *account, *currency;
	char quote[ID_MAX], order[ID_MAX], id[ID_MAX], target[96];
	size_t i;

	FUZZ_CHECK(alex != NULL, "the demo has no partner user alex");
	customers = get_as(alex, "/api/v1/customers");
	accounts = get_as(alex, "/api/v1/billing-accounts");
	catalog = get_as(alex, "/api/v1/catalog/products");
	customer = json_string_value(json_object_get(json_array_get(json_object_get(customers, "data"), 0), "id"));
	account = json_string_value(json_object_get(json_array_get(json_object_get(accounts, "data"), 0), "id"));
	currency = json_string_value(json_object_get(json_array_get(json_object_get(accounts, "data"), 0), "currency"));
	FUZZ_CHECK(customer != NULL && account != NULL && currency != NULL, "alex's customer and account");
	json_array_foreach(json_object_get(catalog, "data"), i, p)
	{
		/* Apps need the subscription they install on: products only. */
		json_t *line = strcmp(json_string_value(json_object_get(p, "kind")), "product") == 0
		                   ? line_for(p, currency)
		                   : NULL;
		if (line == NULL)
			continue;
		/* Per product: a quote left open, and one ordered and paid. */
		for (int k = 0; k < 2; k++)
			post_as(alex, "/api/v1/quotes",
			        json_pack("{s:s, s:s, s:[O]}", "customer", customer, "billing_account",
			                  account, "lines", line),
			        quote, true);
		snprintf(target, sizeof(target), "/api/v1/quotes/%s/order", quote);
		post_as(alex, target, json_pack("{s:s}", "payment_method", "bank_transfer"), order, true);
		json_decref(line);
	}
	/* The orders' invoices: pay all but the first (a server product's brings a license). */
	for (int k = 0; k < H.nidsets; k++) {
		struct idset *set = &H.idsets[k];
		if (strcmp(set->prefix, "inv") != 0)
			continue;
		for (int n = 1; n < set->n; n++) {
			snprintf(target, sizeof(target), "/api/v1/invoices/%s/payments", set->ids[n]);
			post_as(alex, target, json_pack("{s:s}", "method", "bank_transfer"), id, false);
		}
	}
	/*
	 * Orders on live subscriptions (upgrades to the next tier, renewals),
	 * whose invoices stay open for inputs to pay, which changes them;
	 * refusals (no higher tier) are fine.
	 */
	subs = get_as(alex, "/api/v1/subscriptions?status=active&kind=product");
	json_array_foreach(json_object_get(subs, "data"), i, p)
	{
		static const int tiers[] = {10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10000};
		json_int_t now_tier = json_integer_value(json_object_get(p, "user_tier"));
		int next = 0;
		if (i >= 6)
			break;
		for (size_t k = 0; k < sizeof(tiers) / sizeof(tiers[0]) && next == 0; k++)
			if (tiers[k] > now_tier)
				next = tiers[k];
		snprintf(target, sizeof(target), "/api/v1/subscriptions/%s/actions",
		         json_string_value(json_object_get(p, "id")));
		if (i % 2 == 0)
			post_as(alex, target,
			        json_pack("{s:s, s:i, s:s}", "action", "upgrade", "user_tier", next,
			                  "payment_method", "bank_transfer"),
			        id, false);
		else
			post_as(alex, target,
			        json_pack("{s:s, s:s}", "action", "renew", "payment_method", "bank_transfer"),
			        id, false);
	}
	json_decref(subs);

	json_decref(customers);
	json_decref(accounts);
	json_decref(catalog);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void harness_cleanup(void)
{
	dispatch_settle(&H.env);
	http_front_cleanup(&H.front);
	store_conn_close(H.env.conn);
	dispatch_cleanup(&H.env);
	event_base_free(H.base);
	store_close(H.store);
	(void)nftw(H.dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct store_config scfg;
	struct demo_options d;
	struct problem p = {0};
	char path[96];
	int64_t now;
	const char *tmp = getenv("TMPDIR");
	(void)argc;
	(void)argv;

	FUZZ_CHECK(sodium_init() >= 0 && evthread_use_pthreads() == 0, "sodium_init, evthread");
	FUZZ_CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR, "SIGPIPE");
	json_mem_install();
	log_set_level(LOG_ERROR);
	FUZZ_CHECK(ts_parse(FIXED_NOW, strlen(FIXED_NOW), &now) == TESS_OK, "clock");
	clock_set_fixed(now);

	snprintf(H.dir, sizeof(H.dir), "%s/tessera-fuzz-XXXXXX",
	         tmp != NULL && tmp[0] != '\0' && strlen(tmp) < 32 ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(H.dir) != NULL, "mkdtemp %s: %s", H.dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/fuzz.db", H.dir);
	/* The real writer; commits need not reach the disk for a fuzz run. */
	scfg = (struct store_config){path, false, 5000};
	FUZZ_CHECK(store_open(&scfg, &H.store, &p) == TESS_OK, "store_open: %s", p.message);
	memset(&d, 0, sizeof(d));
	d.quiet = true;
	FUZZ_CHECK(demo_load(H.store, &d, &p) == TESS_OK, "demo_load: %s", p.message);
	server_setup();
	atexit(harness_cleanup);

	read_logins();
	for (int i = 0; i < H.nlogins; i++)
		login(&H.logins[i]);
	make_commerce();
	read_ids();
	/* For writing seeds: which {PREFIX:N} there are. */
	if (getenv("FUZZ_REQUEST_IDS") != NULL)
		for (int i = 0; i < H.nidsets; i++)
			fprintf(stderr, "{%s:0..%d} %s\n", H.idsets[i].prefix, H.idsets[i].n - 1,
			        H.idsets[i].ids[0]);
	return 0;
}

/* ---- One input ---- */

struct input {
	struct login *as;
	bool cookie, csrf;
	char peer[16];
	char method[16];
	struct buf target, headers, body;
	bool own_authz, own_cookie, own_csrf, has_type;
};

/* Appends s (n bytes) to b with every {PREFIX:N} replaced by a demo id. */
static void expand(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == '{') {
			const char *close = memchr(s + i, '}', n - i);
			size_t pl = 0;
			while (i + 1 + pl < n && s[i + 1 + pl] >= 'a' && s[i + 1 + pl] <= 'z')
				pl++;
			if (close != NULL && pl > 0 && (size_t)(close - (s + i)) <= pl + 8) {
				const char *after = s + i + 1 + pl;
				unsigned idx = 0;
				bool ok = after == close;
				if (!ok && *after == ':') {
					ok = after + 1 < close;
					for (const char *c = after + 1; ok && c < close; c++) {
						ok = *c >= '0' && *c <= '9';
						idx = idx * 10 + (unsigned)(*c - '0');
					}
				}
				if (ok) {
					struct idset *set = NULL;
					for (int k = 0; k < H.nidsets && set == NULL; k++)
						if (strlen(H.idsets[k].prefix) == pl &&
						    strncmp(H.idsets[k].prefix, s + i + 1, pl) == 0)
							set = &H.idsets[k];
					if (set != NULL && set->n > 0) {
						FUZZ_CHECK(buf_puts(b, set->ids[idx % (unsigned)set->n]),
						           "buf");
						i = (size_t)(close - s) + 1;
						continue;
					}
				}
			}
		}
		FUZZ_CHECK(buf_putc(b, s[i]), "buf");
		i++;
	}
}

/* The method as the request line says it: one libevent knows, else GET. */
static void take_method(struct input *in, const char *s, size_t n)
{
	static const char *const known[] = {"GET",    "POST", "PUT",     "PATCH",
	                                    "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"};
	snprintf(in->method, sizeof(in->method), "GET");
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		if (strlen(known[k]) == n && memcmp(known[k], s, n) == 0)
			snprintf(in->method, sizeof(in->method), "%s", known[k]);
}

static void take_role(struct input *in, const char *s, size_t n)
{
	size_t name_len = 0;
	const char *at;
	while (name_len < n && s[name_len] != '+' && s[name_len] != '@')
		name_len++;
	in->as = NULL;
	in->cookie = false;
	in->csrf = true;
	snprintf(in->peer, sizeof(in->peer), "127.0.0.2");
	for (int i = 0; i < H.nlogins; i++)
		if (strlen(H.logins[i].name) == name_len &&
		    memcmp(H.logins[i].name, s, name_len) == 0)
			in->as = &H.logins[i];
	if (memmem(s, n, "+cookie", 7) != NULL)
		in->cookie = true;
	if (memmem(s, n, "+nocsrf", 7) != NULL)
		in->cookie = true, in->csrf = false;
	at = memchr(s, '@', n);
	/* 127.0.0.1 is the harness's own: inputs' failed logins never lock it out. */
	if (at != NULL && (size_t)(at - s) + 1 < n && at[1] >= '2' && at[1] <= '9')
		snprintf(in->peer, sizeof(in->peer), "127.0.0.%c", at[1]);
}

/* Keeps the target's bytes that a request line can carry; %-escapes the others. */
static void put_target(struct buf *out, const struct buf *t)
{
	if (t->len == 0 || t->data[0] != '/')
		FUZZ_CHECK(buf_putc(out, '/'), "buf");
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->data[i];
		bool ok = c > 0x20 && c < 0x7f && strchr("\"<>\\^`{|}#", c) == NULL;
		FUZZ_CHECK(ok ? buf_putc(out, (char)c) : buf_printf(out, "%%%02X", c), "buf");
	}
}

static bool header_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

/* One "Name: value" line of the input: kept if it is one, unless the harness writes it. */
static void take_header(struct input *in, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t nl;
	if (colon == NULL || colon == s)
		return;
	nl = (size_t)(colon - s);
	for (size_t i = 0; i < nl; i++)
		if (!(s[i] > 0x20 && s[i] < 0x7f && strchr("()<>@,;:\\\"/[]?={}", s[i]) == NULL))
			return;
	for (size_t i = nl + 1; i < n; i++)
		if (s[i] == '\r' || s[i] == '\0')
			return;
	if (header_is(s, nl, "Host") || header_is(s, nl, "Content-Length") ||
	    header_is(s, nl, "Transfer-Encoding") || header_is(s, nl, "Connection") ||
	    header_is(s, nl, "Expect"))
		return;
	in->own_authz |= header_is(s, nl, "Authorization");
	in->own_cookie |= header_is(s, nl, "Cookie");
	in->own_csrf |= header_is(s, nl, "X-CSRF-Token");
	in->has_type |= header_is(s, nl, "Content-Type");
	expand(&in->headers, s, n);
	FUZZ_CHECK(buf_puts(&in->headers, "\r\n"), "buf");
}

static void parse_input(struct input *in, const char *s, size_t n)
{
	const char *end = s + n;
	const char *eol = memchr(s, '\n', n);
	const char *l1_end = eol != NULL ? eol : end;
	const char *sp1 = memchr(s, ' ', (size_t)(l1_end - s));
	const char *sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', (size_t)(l1_end - sp1 - 1)) : NULL;

	take_role(in, s, sp1 != NULL ? (size_t)(sp1 - s) : (size_t)(l1_end - s));
	if (sp1 != NULL)
		take_method(in, sp1 + 1,
		            sp2 != NULL ? (size_t)(sp2 - sp1 - 1) : (size_t)(l1_end - sp1 - 1));
	else
		take_method(in, "GET", 3);
	if (sp2 != NULL)
		expand(&in->target, sp2 + 1, (size_t)(l1_end - sp2 - 1));
	if (eol == NULL)
		return;
	for (const char *l = eol + 1; l < end;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t ll = e != NULL ? (size_t)(e - l) : (size_t)(end - l);
		if (ll > 0 && l[ll - 1] == '\r')
			ll--;
		if (ll == 0) {
			if (e != NULL)
				expand(&in->body, e + 1, (size_t)(end - e - 1));
			return;
		}
		take_header(in, l, ll);
		l = e != NULL ? e + 1 : end;
	}
}

static void build_request(const struct input *in, struct buf *out)
{
	FUZZ_CHECK(buf_printf(out, "%s ", in->method), "buf");
	put_target(out, &in->target);
	FUZZ_CHECK(buf_puts(out, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"), "buf");
	if (in->as != NULL && !in->cookie && !in->own_authz)
		FUZZ_CHECK(buf_printf(out, "Authorization: Bearer %s\r\n", in->as->bearer), "buf");
	if (in->as != NULL && in->cookie && !in->own_cookie)
		FUZZ_CHECK(buf_printf(out, "Cookie: %s\r\n", in->as->cookie), "buf");
	if (in->as != NULL && in->cookie && in->csrf && !in->own_csrf)
		FUZZ_CHECK(buf_printf(out, "X-CSRF-Token: %s\r\n", in->as->csrf), "buf");
	if (in->body.len > 0 && !in->has_type)
		FUZZ_CHECK(buf_puts(out, "Content-Type: application/json\r\n"), "buf");
	if (in->headers.len > 0)
		FUZZ_CHECK(buf_append(out, in->headers.data, in->headers.len), "buf");
	FUZZ_CHECK(buf_printf(out, "Content-Length: %zu\r\n\r\n", in->body.len), "buf");
	if (in->body.len > 0)
		FUZZ_CHECK(buf_append(out, in->body.data, in->body.len), "buf");
}

/* The reply keeps the API's promises (see the top of this file). */
static void check_reply(const struct input *in, const struct buf *req, const struct reply *rp)
{
	json_t *v, *e;
	const char *shown = rp->raw.data != NULL ? rp->raw.data : "";
	int shown_len = (int)(rp->raw.len < 2000 ? rp->raw.len : 2000);

	FUZZ_CHECK(rp->raw.len > 0, "no reply to:\n%.*s", (int)req->len, req->data);
	/* 501 and 505 are the edge's answers to what HTTP lets a client ask and we do not serve. */
	FUZZ_CHECK(rp->status >= 200 &&
	               (rp->status < 500 || (rp->ours && (rp->status == 501 || rp->status == 505))),
	           "status %d to:\n%.*s\n---\n%.*s", rp->status, (int)req->len, req->data,
	           shown_len, shown);
	/* A reply to HEAD has the head of a GET's and no body. */
	if (!rp->ours || strncmp(rp->content_type, "application/json", 16) != 0 ||
	    strcmp(in->method, "HEAD") == 0)
		return;
	v = json_loadb(rp->body, rp->body_len, 0, NULL);
	FUZZ_CHECK(v != NULL, "a JSON reply that is not JSON, to:\n%.*s\n---\n%.*s",
	           (int)req->len, req->data, shown_len, shown);
	if (rp->status >= 400) {
		e = json_object_get(v, "error");
		json_t *field = json_object_get(e, "field");
		FUZZ_CHECK(json_is_object(e) && json_is_string(json_object_get(e, "code")) &&
		               json_is_string(json_object_get(e, "message")) &&
		               (field == NULL || json_is_null(field) || json_is_string(field)) &&
		               json_object_size(v) == 1,
		           "an error reply not in the one shape, to:\n%.*s\n---\n%.*s",
		           (int)req->len, req->data, shown_len, shown);
	}
	json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;
	struct buf req;
	struct reply rp;

	memset(&in, 0, sizeof(in));
	/* Ids are at most ID_MAX for a 3-byte "{x}"; %-escapes triple a byte. */
	buf_init(&in.target, 16 * size + 64);
	buf_init(&in.headers, 16 * size + 64);
	buf_init(&in.body, 16 * size + 64);
	buf_init(&req, 64 * size + 4096);
	parse_input(&in, (const char *)data, size);
	if (in.as != NULL && in.as->stale)
		login(in.as);
	build_request(&in, &req);
	send_request(in.peer, req.data, req.len, &rp);
	check_reply(&in, &req, &rp);
	/* An input that revoked its own credential (logout, token deletion): sign in again. */
	if (in.as != NULL && rp.status == 401 && !in.own_authz && !in.own_cookie)
		in.as->stale = true;
	if (in.as != NULL && strcmp(in.method, "DELETE") == 0 && rp.status < 300)
		in.as->stale = true;
	buf_cleanup(&rp.raw);
	buf_cleanup(&req);
	buf_cleanup(&in.target);
	buf_cleanup(&in.headers);
	buf_cleanup(&in.body);
	return 0;
}
