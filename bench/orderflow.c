/*
 * tessera-orderflow: a load client for the whole commercial path through
 * the HTTP API. Each client holds one keep-alive connection and repeats
 *
 *   POST /api/v1/quotes                      (a quote for one line)
 *   POST /api/v1/quotes/ID/order             (the order and its invoice)
 *   POST /api/v1/invoices/ID/payments        (the payment executes the order)
 *
 * with an Idempotency-Key on every POST, checking each reply (status and
 * the ids it needs next: the new quote's from its Location, the invoice's
 * from the order; the payment must leave the order executed). It
 * reports complete orders per second and the latency of each request.
 *
 * Clients are spread over threads, each with its own event loop.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>

#include "util/arena.h"
#include "util/json_mem.h"

enum step { STEP_QUOTE, STEP_ORDER, STEP_PAY, STEP__MAX };

static const char *const step_names[STEP__MAX] = {
    [STEP_QUOTE] = "POST /quotes",
    [STEP_ORDER] = "POST /quotes/ID/order",
    [STEP_PAY] = "POST /invoices/ID/payments",
};

struct options {
	char host[256];
	int port;
	const char *token;
	const char *customer;
	const char *billing_account;
	const char *product;
	const char *edition;
	const char *method;
	long user_tier;
	long clients;
	long threads;
	double duration;
	double warmup;
};

/* A growable list of latencies in microseconds. */
struct samples {
	uint32_t *v;
	size_t n, cap;
};

struct worker;

struct client {
	struct worker *w;
	struct evhttp_connection *conn;
	enum step step;
	char object_id[64]; /* the quote, then the invoice */
	int64_t sent_us;
	unsigned seq;
	int index;
};

struct worker {
	const struct options *opt;
	struct event_base *base;
	struct event *stop_ev;
	struct client *clients;
	int nclients;
	int id;
	int64_t measure_from_us;
	bool stopping;
	uint64_t orders, errors;
	uint64_t status_counts[6]; /* by hundreds: 1xx..5xx, [0] = no reply */
	char first_error[512];
	struct samples lat[STEP__MAX];
	struct arena json; /* every reply is parsed into it, then it is reset */
	pthread_t thread;
};

static char quote_body[2048];

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void samples_add(struct samples *s, uint32_t v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap == 0 ? 4096 : s->cap * 2;
		uint32_t *nv = realloc(s->v, cap * sizeof(*nv));
		if (nv == NULL) {
			fprintf(stderr, "orderflow: out of memory\n");
			exit(2);
		}
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

static void client_send(struct client *c);

static void client_fail(struct client *c, const char *what, int status, struct evbuffer *body)
{
	struct worker *w = c->w;

	w->errors++;
	if (w->first_error[0] == '\0') {
		char text[300] = "";
		if (body != NULL) {
			size_t n = evbuffer_get_length(body);
			if (n >= sizeof(text))
				n = sizeof(text) - 1;
			evbuffer_copyout(body, text, n);
			text[n] = '\0';
		}
		snprintf(w->first_error, sizeof(w->first_error), "%s: status %d %s",
			 what, status, text);
	}
	/* Start the flow again with a new quote. */
	c->step = STEP_QUOTE;
}

/* The string at root.k1.k2, or NULL. */
static const char *json_str_at(json_t *root, const char *k1, const char *k2)
{
	return json_string_value(json_object_get(json_object_get(root, k1), k2));
}

/* Takes the id the next step needs from a 201 reply; false if it is wrong. */
static bool take_reply(struct client *c, json_t *root)
{
	const char *id = NULL;

	switch (c->step) {
	case STEP_QUOTE:
		id = json_string_value(json_object_get(root, "id"));
		break;
	case STEP_ORDER:
		id = json_str_at(root, "invoice", "id");
		break;
	case STEP_PAY: {
		const char *paid = json_str_at(root, "invoice", "id");
		const char *st = json_str_at(root, "order", "status");
		return paid != NULL && strcmp(paid, c->object_id) == 0 && st != NULL &&
		       strcmp(st, "executed") == 0;
	}
	case STEP__MAX: break;
	}
	if (id == NULL || strlen(id) >= sizeof(c->object_id))
		return false;
	strcpy(c->object_id, id);
	return true;
}

/* Takes the id at the end of a 201's Location (/api/v1/quotes/ID); false if there is none. */
static bool take_location(struct client *c, const char *location)
{
	const char *id = location != NULL ? strrchr(location, '/') : NULL;
	if (id == NULL || id[1] == '\0' || strlen(id + 1) >= sizeof(c->object_id))
		return false;
	strcpy(c->object_id, id + 1);
	return true;
}

static void on_reply(struct evhttp_request *req, void *arg)
{
	struct client *c = arg;
	struct worker *w = c->w;
	int64_t t = now_us();
	int status = req != NULL ? evhttp_request_get_response_code(req) : 0;
	struct evbuffer *body = req != NULL ? evhttp_request_get_input_buffer(req) : NULL;
	json_t *root = NULL;
	bool ok = false;

	if (w->stopping)
		return;
	w->status_counts[status >= 100 && status < 600 ? status / 100 : 0]++;
	if (c->sent_us >= w->measure_from_us)
		samples_add(&w->lat[c->step], (uint32_t)(t - c->sent_us));
	if (status == 201 && c->step == STEP_QUOTE) {
		/* The new quote's address is enough: its reply need not be parsed. */
		ok = take_location(c, evhttp_find_header(evhttp_request_get_input_headers(req),
							 "Location"));
	} else if (status == 201 && body != NULL) {
		size_t n = evbuffer_get_length(body);
		root = json_loadb((const char *)evbuffer_pullup(body, (ssize_t)n), n, 0, NULL);
		ok = root != NULL && take_reply(c, root);
	}
	if (!ok) {
		client_fail(c, step_names[c->step], status, body);
	} else if (c->step == STEP_PAY) {
		if (c->sent_us >= w->measure_from_us)
			w->orders++;
		c->step = STEP_QUOTE;
	} else {
		c->step = (enum step)(c->step + 1);
	}
	json_decref(root);
	arena_reset(&w->json);
	client_send(c);
}

static void client_send(struct client *c)
{
	struct worker *w = c->w;
	struct evhttp_request *req;
	struct evkeyvalq *h;
	char path[160], key[64], pay_body[64];
	const char *body;
	size_t body_len;

	if (w->stopping)
		return;
	req = evhttp_request_new(on_reply, c);
	if (req == NULL) {
		fprintf(stderr, "orderflow: cannot make a request\n");
		exit(2);
	}
	h = evhttp_request_get_output_headers(req);
	snprintf(key, sizeof(key), "bench-%d-%d-%u-%d", w->id, c->index, c->seq++, (int)c->step);
	evhttp_add_header(h, "Host", w->opt->host);
	evhttp_add_header(h, "Content-Type", "application/json");
	evhttp_add_header(h, "Authorization", w->opt->token);
	evhttp_add_header(h, "Idempotency-Key", key);
	switch (c->step) {
	case STEP_QUOTE:
		snprintf(path, sizeof(path), "/api/v1/quotes");
		body = quote_body;
		break;
	case STEP_ORDER:
		snprintf(path, sizeof(path), "/api/v1/quotes/%s/order", c->object_id);
		snprintf(pay_body, sizeof(pay_body), "{\"payment_method\":\"%s\"}", w->opt->method);
		body = pay_body;
		break;
	case STEP_PAY:
	case STEP__MAX:
	default:
		snprintf(path, sizeof(path), "/api/v1/invoices/%s/payments", c->object_id);
		snprintf(pay_body, sizeof(pay_body), "{\"method\":\"%s\"}", w->opt->method);
		body = pay_body;
		break;
	}
	body_len = strlen(body);
	evbuffer_add(evhttp_request_get_output_buffer(req), body, body_len);
	c->sent_us = now_us();
	if (evhttp_make_request(c->conn, req, EVHTTP_REQ_POST, path) != 0) {
		fprintf(stderr, "orderflow: cannot send a request\n");
		exit(2);
	}
}

static void on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct worker *w = arg;
	(void)fd;
	(void)what;
	w->stopping = true;
	event_base_loopbreak(w->base);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	double secs = w->opt->warmup + w->opt->duration;
	struct timeval tv = {(time_t)secs, (suseconds_t)((secs - (time_t)secs) * 1e6)};

	/* A light client leaves the shared cores to the server: no malloc per JSON value. */
	arena_init(&w->json, 16 * 1024);
	json_mem_use(&w->json);
	for (int i = 0; i < w->nclients; i++) {
		struct client *c = &w->clients[i];
		c->w = w;
		c->index = i;
		c->conn = evhttp_connection_base_new(w->base, NULL, w->opt->host,
						     (unsigned short)w->opt->port);
		if (c->conn == NULL) {
			fprintf(stderr, "orderflow: cannot connect\n");
			exit(2);
		}
		evhttp_connection_set_timeout(c->conn, 30);
		client_send(c);
	}
	w->stop_ev = evtimer_new(w->base, on_stop, w);
	if (w->stop_ev == NULL || evtimer_add(w->stop_ev, &tv) != 0) {
		fprintf(stderr, "orderflow: cannot set the stop timer\n");
		exit(2);
	}
	event_base_dispatch(w->base);
	json_mem_use(NULL);
	arena_cleanup(&w->json);
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static double pct_ms(const struct samples *s, double p)
{
	size_t i;
	if (s->n == 0)
		return 0;
	i = (size_t)(p * (double)(s->n - 1) + 0.5);
	return s->v[i] / 1000.0;
}

static void merge(struct samples *into, const struct samples *from)
{
	for (size_t i = 0; i < from->n; i++)
		samples_add(into, from->v[i]);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tessera-orderflow --url http://HOST:PORT --token TSK --customer ORG_ID\n"
		"       --billing-account BA_ID --product PRD_ID [--edition E] [--user-tier N]\n"
		"       [--method M] [--clients N] [--threads N] [--duration S] [--warmup S]\n"
		"\n"
		"Runs quote -> order -> payment flows through the API with N concurrent\n"
		"clients (one keep-alive connection each) and reports complete orders per\n"
		"second and the latency of each request (after the warm-up).\n"
		"\n"
		"  --clients N       concurrent clients (default 64)\n"
		"  --threads N       client event loops (default 1)\n"
		"  --duration S      measured seconds (default 30)\n"
		"  --warmup S        seconds run before measuring (default 5)\n"
		"  --edition E       edition of the quoted line (default standard)\n"
		"  --user-tier N     user tier of the quoted line (default 250)\n"
		"  --method M        payment method (default bank_transfer)\n");
}

static bool parse_url(const char *url, struct options *o)
{
	const char *p = url, *colon;
	size_t n;

	if (strncmp(p, "http://", 7) != 0)
		return false;
	p += 7;
	colon = strchr(p, ':');
	if (colon == NULL || (n = (size_t)(colon - p)) == 0 || n >= sizeof(o->host))
		return false;
	memcpy(o->host, p, n);
	o->host[n] = '\0';
	o->port = atoi(colon + 1);
	return o->port > 0 && o->port < 65536;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"url", required_argument, NULL, 'u'},
	    {"token", required_argument, NULL, 't'},
	    {"customer", required_argument, NULL, 'c'},
	    {"billing-account", required_argument, NULL, 'b'},
	    {"product", required_argument, NULL, 'p'},
	    {"edition", required_argument, NULL, 'e'},
	    {"user-tier", required_argument, NULL, 'n'},
	    {"method", required_argument, NULL, 'm'},
	    {"clients", required_argument, NULL, 'C'},
	    {"threads", required_argument, NULL, 'T'},
	    {"duration", required_argument, NULL, 'd'},
	    {"warmup", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct options o = {.edition = "standard", .method = "bank_transfer", .user_tier = 250,
			    .clients = 64, .threads = 1, .duration = 30, .warmup = 5};
	char auth[512];
	struct worker *workers;
	struct samples all[STEP__MAX] = {{0}}, every = {0};
	uint64_t orders = 0, errors = 0, statuses[6] = {0};
	int opt;
	bool url_ok = false;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'u': url_ok = parse_url(optarg, &o); break;
		case 't': o.token = optarg; break;
		case 'c': o.customer = optarg; break;
		case 'b': o.billing_account = optarg; break;
		case 'p': o.product = optarg; break;
		case 'e': o.edition = optarg; break;
		case 'n': o.user_tier = strtol(optarg, NULL, 10); break;
		case 'm': o.method = optarg; break;
		case 'C': o.clients = strtol(optarg, NULL, 10); break;
		case 'T': o.threads = strtol(optarg, NULL, 10); break;
		case 'd': o.duration = strtod(optarg, NULL); break;
		case 'w': o.warmup = strtod(optarg, NULL); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!url_ok || o.token == NULL || o.customer == NULL || o.billing_account == NULL ||
	    o.product == NULL || o.clients < 1 || o.threads < 1 || o.threads > o.clients ||
	    o.duration <= 0 || o.warmup < 0 || o.user_tier < 1) {
		usage(stderr);
		return 2;
	}
	snprintf(auth, sizeof(auth), "Bearer %s", o.token);
	o.token = auth;
	if ((size_t)snprintf(quote_body, sizeof(quote_body),
			     "{\"customer\":\"%s\",\"billing_account\":\"%s\",\"lines\":[{\"product\":"
			     "\"%s\",\"edition\":\"%s\",\"user_tier\":%ld,\"billing_period\":"
			     "\"annual\",\"quantity\":1}]}",
			     o.customer, o.billing_account, o.product, o.edition,
			     o.user_tier) >= sizeof(quote_body)) {
		fprintf(stderr, "orderflow: ids too long\n");
		return 2;
	}

	workers = calloc((size_t)o.threads, sizeof(*workers));
	if (workers == NULL)
		return 2;
	int64_t start = now_us();
	json_mem_install();
	for (long i = 0; i < o.threads; i++) {
		struct worker *w = &workers[i];
		w->opt = &o;
		w->id = (int)i;
		w->nclients = (int)(o.clients / o.threads + (i < o.clients % o.threads));
		w->clients = calloc((size_t)w->nclients, sizeof(*w->clients));
		w->base = event_base_new();
		w->measure_from_us = start + (int64_t)(o.warmup * 1e6);
		if (w->clients == NULL || w->base == NULL ||
		    pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			fprintf(stderr, "orderflow: cannot start a client thread\n");
			return 2;
		}
	}
	for (long i = 0; i < o.threads; i++) {
		struct worker *w = &workers[i];
		pthread_join(w->thread, NULL);
		orders += w->orders;
		errors += w->errors;
		for (int k = 0; k < 6; k++)
			statuses[k] += w->status_counts[k];
		for (int s = 0; s < STEP__MAX; s++) {
			merge(&all[s], &w->lat[s]);
			merge(&every, &w->lat[s]);
			free(w->lat[s].v);
		}
		if (w->first_error[0] != '\0' && errors == w->errors)
			fprintf(stderr, "orderflow: first error: %s\n", w->first_error);
		for (int k = 0; k < w->nclients; k++)
			evhttp_connection_free(w->clients[k].conn);
		event_free(w->stop_ev);
		event_base_free(w->base);
		free(w->clients);
	}
	free(workers);

	printf("clients %ld, threads %ld, measured %.0f s after %.0f s of warm-up\n", o.clients,
	       o.threads, o.duration, o.warmup);
	printf("complete orders: %" PRIu64 " (%.0f per second), failed flows: %" PRIu64 "\n",
	       orders, (double)orders / o.duration, errors);
	printf("replies: 2xx %" PRIu64 ", 4xx %" PRIu64 ", 5xx %" PRIu64 ", none %" PRIu64 "\n",
	       statuses[2], statuses[4], statuses[5], statuses[0]);
	printf("%-28s %9s %9s %9s %9s %9s\n", "request", "count", "p50 ms", "p90 ms", "p99 ms",
	       "max ms");
	for (int s = 0; s <= STEP__MAX; s++) {
		struct samples *x = s < STEP__MAX ? &all[s] : &every;
		qsort(x->v, x->n, sizeof(*x->v), cmp_u32);
		printf("%-28s %9zu %9.2f %9.2f %9.2f %9.2f\n",
		       s < STEP__MAX ? step_names[s] : "all requests", x->n, pct_ms(x, 0.50),
		       pct_ms(x, 0.90), pct_ms(x, 0.99), x->n ? x->v[x->n - 1] / 1000.0 : 0);
		free(x->v);
	}
	return errors == 0 ? 0 : 1;
}
