#define _GNU_SOURCE /* pthread_setname_np: threads named in top and perf */
#include "http/server.h"

#include <errno.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/dispatch.h"
#include "http/edge.h"
#include "http/router.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xmalloc.h"

/*
 * evhttp's own limits sit above the edge's (http/edge.h), which refuses
 * first and in our shape: evhttp never reaches them.
 */
#define EVHTTP_MAX_HEADERS_SIZE (2 * (EDGE_MAX_TARGET + EDGE_MAX_FIELDS))
#define LISTEN_BACKLOG 1024
#define DRAIN_POLL_US 10000
#define DRAIN_MAX_SECONDS 10

struct worker;

/* What all workers share; owned by server_run. */
struct server {
	struct store *store;
	struct server_config cfg;
	struct worker *workers;
	int nworkers;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready;  /* workers that finished setting up (well or not) */
	int failed; /* of which failed */
};

struct worker {
	struct server *srv;
	int index;
	pthread_t thread;
	bool started;
	evutil_socket_t fd; /* listening socket, bound and listening before the thread starts */
	struct event_base *base;
	struct evhttp_bound_socket *bound;
	struct event *stop_ev;  /* activated from the main thread on shutdown */
	struct event *drain_ev; /* polls until the replies in flight are sent */
	int64_t drain_deadline_us;
	struct dispatch_env env; /* counts the requests in flight, for draining */
	struct http_front front;
};

static enum http_method route_method(enum edge_method m)
{
	switch (m) {
	case EDGE_GET: return METHOD_GET;
	case EDGE_POST: return METHOD_POST;
	case EDGE_PUT: return METHOD_PUT;
	case EDGE_PATCH: return METHOD_PATCH;
	case EDGE_DELETE: return METHOD_DELETE;
	case EDGE_HEAD:
	case EDGE_OPTIONS:
	case EDGE_TRACE:
	case EDGE_METHOD__MAX: break;
	}
	return METHOD__MAX;
}

/* The edge's body limit for h: its route's (the table's column), 0 for none. */
static size_t route_body_limit(void *arg, const struct edge_head *h)
{
	struct http_front *f = arg;
	enum http_method m = route_method(h->method);
	const struct route *rt = NULL;
	const char *params[REQ_MAX_PARAMS];
	int nparams = 0;
	unsigned allow = 0;
	size_t limit = 0;

	if (m != METHOD__MAX &&
	    router_match(f->env->routes->routes, f->env->routes->nroutes, m, h->path, h->path_len,
	                 &f->route_arena, &rt, params, &nparams, &allow) == ROUTE_FOUND)
		limit = rt->max_body;
	arena_reset(&f->route_arena);
	return limit;
}

static void request_done(struct evhttp_request *req, void *arg)
{
	struct http_front *f = arg;
	(void)req;
	f->env->inflight--;
}

static void on_request(struct evhttp_request *req, void *arg)
{
	struct http_front *f = arg;
	f->env->inflight++;
	evhttp_request_set_on_complete_cb(req, request_done, f);
	dispatch_request(req, f->env);
}

void server_config_defaults(struct server_config *cfg)
{
	if (cfg->timeout_seconds <= 0)
		cfg->timeout_seconds = SERVER_DEFAULT_TIMEOUT;
	if (cfg->header_timeout_seconds <= 0)
		cfg->header_timeout_seconds = SERVER_DEFAULT_HEADER_TIMEOUT;
	if (cfg->body_timeout_seconds <= 0)
		cfg->body_timeout_seconds = SERVER_DEFAULT_BODY_TIMEOUT;
	if (cfg->max_body == 0)
		cfg->max_body = SERVER_DEFAULT_MAX_BODY;
}

bool http_front_init(struct http_front *f, struct event_base *base,
                     const struct server_config *cfg, struct dispatch_env *env)
{
	size_t max_body = cfg->max_body;
	size_t route_max;

	memset(f, 0, sizeof(*f));
	arena_init(&f->route_arena, 1024);
	if (cfg->routes == NULL) {
		log_error("http: no routes to serve");
		return false;
	}
	route_max = router_max_body(cfg->routes->routes, cfg->routes->nroutes);
	/* Above every route's limit, so that the routes answer 413 in our own shape. */
	if (max_body <= route_max)
		max_body = route_max + 1;
	env->routes = cfg->routes;
	env->trusted_proxies = cfg->trusted_proxies;
	env->secure_cookies = cfg->secure_cookies;
	f->env = env;
	f->http = evhttp_new(base);
	if (f->http == NULL) {
		log_error("http: evhttp_new failed");
		return false;
	}
	/*
	 * libevent 2.1 has no hook for its own error pages (evhttp_set_errorcb
	 * came in 2.2): every connection's bytes go through the edge, which
	 * refuses what evhttp would answer with its HTML page, in our shape.
	 */
	f->edge.max_body = max_body;
	f->edge.head_timeout_s = cfg->header_timeout_seconds;
	f->edge.body_timeout_s = cfg->body_timeout_seconds;
	f->edge.idle_timeout_s = cfg->timeout_seconds;
	f->edge.body_limit = route_body_limit;
	f->edge.body_limit_arg = f;
	evhttp_set_bevcb(f->http, edge_bufferevent, &f->edge);
	evhttp_set_max_headers_size(f->http, EVHTTP_MAX_HEADERS_SIZE);
	evhttp_set_max_body_size(f->http, (ev_ssize_t)max_body);
	evhttp_set_timeout(f->http, cfg->timeout_seconds);
	/* Every method reaches the router, which answers 405 with Allow in our shape. */
	evhttp_set_allowed_methods(f->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
	                                        EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
	                                        EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
	                                        EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
	evhttp_set_gencb(f->http, on_request, f);
	return true;
}

void http_front_cleanup(struct http_front *f)
{
	if (f->http != NULL)
		evhttp_free(f->http); /* closes the bound sockets and every connection */
	f->http = NULL;
	arena_cleanup(&f->route_arena);
}

static void on_drain(evutil_socket_t fd, short what, void *arg)
{
	struct worker *w = arg;
	(void)fd;
	(void)what;
	if (w->env.inflight <= 0 || clock_mono_us() >= w->drain_deadline_us) {
		if (event_base_loopexit(w->base, NULL) != 0)
			log_error("worker %d: event_base_loopexit failed", w->index);
	}
}

/* On the worker's own thread: stop accepting, then wait for the replies in flight. */
static void on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct worker *w = arg;
	struct timeval tv = {0, DRAIN_POLL_US};
	int secs = w->srv->cfg.timeout_seconds;
	(void)fd;
	(void)what;

	if (secs > DRAIN_MAX_SECONDS)
		secs = DRAIN_MAX_SECONDS;
	w->env.closing = true;
	if (w->bound != NULL) {
		evhttp_del_accept_socket(w->front.http, w->bound); /* closes the socket */
		w->bound = NULL;
		w->fd = -1;
	}
	w->drain_deadline_us = clock_mono_us() + (int64_t)secs * 1000000;
	w->drain_ev = event_new(w->base, -1, EV_PERSIST, on_drain, w);
	if (w->drain_ev == NULL || event_add(w->drain_ev, &tv) != 0) {
		log_error("worker %d: could not start draining", w->index);
		if (event_base_loopexit(w->base, NULL) != 0)
			log_error("worker %d: event_base_loopexit failed", w->index);
	}
}

static void worker_signal_ready(struct worker *w, bool ok)
{
	struct server *s = w->srv;
	if (pthread_mutex_lock(&s->lock) != 0)
		abort();
	s->ready++;
	if (!ok)
		s->failed++;
	if (pthread_cond_broadcast(&s->cond) != 0 || pthread_mutex_unlock(&s->lock) != 0)
		abort();
}

/* Sets up the worker's loop on its own thread (the store connection must be opened here). */
static bool worker_setup(struct worker *w)
{
	struct server *s = w->srv;

	w->env.store = s->store;
	w->env.conn = store_conn_open(s->store);
	if (w->env.conn == NULL) {
		log_error("worker %d: could not open a store connection", w->index);
		return false;
	}
	w->base = event_base_new();
	if (w->base == NULL)
		return false;
	w->env.base = w->base;
	if (!http_front_init(&w->front, w->base, &s->cfg, &w->env))
		return false;
	w->stop_ev = event_new(w->base, -1, 0, on_stop, w);
	if (w->stop_ev == NULL)
		return false;
	w->bound = evhttp_accept_socket_with_handle(w->front.http, w->fd);
	if (w->bound == NULL) {
		log_error("worker %d: evhttp_accept_socket failed", w->index);
		return false;
	}
	return true;
}

/*
 * Closes what must be closed on the worker's own thread: the HTTP server
 * (its sockets and connections) and the store connection. The events and
 * the base are freed by worker_free after the join, so that the main
 * thread never touches a freed event.
 */
static void worker_cleanup(struct worker *w)
{
	/* Replies still waiting for the writer go out before the connections close. */
	dispatch_settle(&w->env);
	if (w->front.http == NULL && w->fd >= 0)
		evutil_closesocket(w->fd);
	http_front_cleanup(&w->front); /* closes the bound socket and every connection */
	w->bound = NULL;
	w->fd = -1;
	store_conn_close(w->env.conn);
	w->env.conn = NULL;
	dispatch_cleanup(&w->env);
}

static void worker_free(struct worker *w)
{
	if (w->drain_ev != NULL)
		event_free(w->drain_ev);
	if (w->stop_ev != NULL)
		event_free(w->stop_ev);
	if (w->base != NULL)
		event_base_free(w->base);
	w->drain_ev = NULL;
	w->stop_ev = NULL;
	w->base = NULL;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	bool ok;
	char name[16];

	(void)snprintf(name, sizeof(name), "tessera-w%d", w->index);
	(void)pthread_setname_np(pthread_self(), name);
	ok = worker_setup(w);

	if (!ok) {
		worker_cleanup(w);
		worker_signal_ready(w, false);
		return NULL;
	}
	worker_signal_ready(w, true);
	if (event_base_dispatch(w->base) < 0)
		log_error("worker %d: event loop failed", w->index);
	worker_cleanup(w);
	return NULL;
}

/*
 * A listening socket on addr with SO_REUSEPORT, or -1. Its connections
 * inherit TCP_NODELAY: a reply goes out as evhttp writes it (headers,
 * then body) instead of its tail waiting for the client's delayed ACK,
 * which cost every keep-alive request some 40 ms.
 */
static evutil_socket_t listen_on(const struct sockaddr *addr, socklen_t len)
{
	int one = 1;
	evutil_socket_t fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0 ||
	    evutil_make_socket_nonblocking(fd) != 0 || bind(fd, addr, len) != 0 ||
	    listen(fd, LISTEN_BACKLOG) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Binds every worker's socket to host:port (the first socket picks the port when it is 0). */
static int bind_all(struct server *s, const char *host, int *port_out)
{
	struct addrinfo hints, *res = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen;
	char portstr[8];
	int port = s->cfg.port;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (snprintf(portstr, sizeof(portstr), "%d", port) < 0)
		return -1;
	rc = getaddrinfo(host, portstr, &hints, &res);
	if (rc != 0) {
		log_error("listen: cannot resolve %s: %s", host, gai_strerror(rc));
		return -1;
	}
	if (res->ai_addrlen > sizeof(ss)) {
		freeaddrinfo(res);
		return -1;
	}
	memcpy(&ss, res->ai_addr, res->ai_addrlen);
	sslen = (socklen_t)res->ai_addrlen;
	freeaddrinfo(res);

	for (int i = 0; i < s->nworkers; i++) {
		struct worker *w = &s->workers[i];
		w->fd = listen_on((struct sockaddr *)&ss, sslen);
		if (w->fd < 0) {
			log_error("listen: cannot bind %s:%d: %s", host, port, strerror(errno));
			return -1;
		}
		if (i == 0) {
			struct sockaddr_storage got;
			socklen_t gotlen = sizeof(got);
			if (getsockname(w->fd, (struct sockaddr *)&got, &gotlen) != 0) {
				log_error("listen: getsockname: %s", strerror(errno));
				return -1;
			}
			if (got.ss_family == AF_INET6) {
				port = ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
				((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
			} else {
				port = ntohs(((struct sockaddr_in *)&got)->sin_port);
				((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
			}
		}
	}
	*port_out = port;
	return 0;
}

static pthread_once_t evthread_once = PTHREAD_ONCE_INIT;
static int evthread_rc;

static void evthread_setup(void)
{
	evthread_rc = evthread_use_pthreads();
}

/* Waits for every started worker to report whether it is set up. */
static bool wait_workers_ready(struct server *s, int started)
{
	bool ok;
	if (pthread_mutex_lock(&s->lock) != 0)
		abort();
	while (s->ready < started)
		if (pthread_cond_wait(&s->cond, &s->lock) != 0)
			abort();
	ok = s->failed == 0;
	if (pthread_mutex_unlock(&s->lock) != 0)
		abort();
	return ok;
}

/*
 * What the process needs before its workers start: libsodium, libevent's
 * locks, SIGPIPE ignored (a client that hangs up mid-reply must not kill
 * the process), and SIGTERM and SIGINT blocked here and in every worker
 * (they inherit the mask; the main thread waits for them in sigwait).
 * *old receives the mask to restore. 0, or -1 logged.
 */
static int process_setup(sigset_t *sigs, sigset_t *old)
{
	if (sodium_init() < 0) {
		log_error("server: sodium_init failed");
		return -1;
	}
	if (pthread_once(&evthread_once, evthread_setup) != 0 || evthread_rc != 0) {
		log_error("server: evthread_use_pthreads failed");
		return -1;
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		log_error("server: cannot ignore SIGPIPE");
		return -1;
	}
	if (sigemptyset(sigs) != 0 || sigaddset(sigs, SIGTERM) != 0 ||
	    sigaddset(sigs, SIGINT) != 0 || pthread_sigmask(SIG_BLOCK, sigs, old) != 0) {
		log_error("server: cannot block signals");
		return -1;
	}
	return 0;
}

/* Tells every started worker to stop, joins it and frees it. 0, or -1 when a join failed. */
static int stop_workers(struct server *s)
{
	int rc = 0;
	for (int i = 0; i < s->nworkers; i++) {
		struct worker *w = &s->workers[i];
		if (w->started && w->stop_ev != NULL && w->front.http != NULL)
			event_active(w->stop_ev, EV_READ, 0);
	}
	for (int i = 0; i < s->nworkers; i++) {
		if (s->workers[i].started && pthread_join(s->workers[i].thread, NULL) != 0) {
			log_error("server: cannot join worker %d", i);
			rc = -1;
		}
		worker_free(&s->workers[i]);
	}
	return rc;
}

int server_run(struct store *st, const struct server_config *cfg)
{
	struct server s;
	sigset_t sigs, old;
	const char *host = cfg->listen_host != NULL ? cfg->listen_host : "127.0.0.1";
	int port = 0;
	int started = 0;
	int rc = -1;
	bool sigs_blocked = false;
	int sig = 0;

	memset(&s, 0, sizeof(s));
	s.store = st;
	s.cfg = *cfg;
	s.cfg.listen_host = host;
	if (s.cfg.threads <= 0) {
		/* Workers never wait for the disk (units go to the writer): one per core. */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		s.cfg.threads = cores < 1 ? 1 : cores > 256 ? 256 : (int)cores;
	}
	server_config_defaults(&s.cfg);
	s.nworkers = s.cfg.threads;
	if (pthread_mutex_init(&s.lock, NULL) != 0 || pthread_cond_init(&s.cond, NULL) != 0) {
		log_error("server: cannot create a mutex");
		return -1;
	}
	s.workers = xcalloc((size_t)s.nworkers, sizeof(*s.workers));
	for (int i = 0; i < s.nworkers; i++) {
		s.workers[i].srv = &s;
		s.workers[i].index = i;
		s.workers[i].fd = -1;
	}

	if (process_setup(&sigs, &old) != 0)
		goto done;
	sigs_blocked = true;

	if (bind_all(&s, host, &port) != 0)
		goto done;
	for (int i = 0; i < s.nworkers; i++) {
		if (pthread_create(&s.workers[i].thread, NULL, worker_main, &s.workers[i]) != 0) {
			log_error("server: cannot start worker %d", i);
			break;
		}
		s.workers[i].started = true;
		started++;
	}
	if (!wait_workers_ready(&s, started) || started < s.nworkers)
		goto stop;

	if (printf("listening on http://%s%s%s:%d\n", strchr(host, ':') != NULL ? "[" : "", host,
	           strchr(host, ':') != NULL ? "]" : "", port) < 0 ||
	    fflush(stdout) != 0) {
		log_error("server: cannot write to stdout");
		goto stop;
	}
	log_info("server: %d workers on %s port %d", s.nworkers, host, port);

	if (sigwait(&sigs, &sig) != 0) {
		log_error("server: sigwait failed");
		goto stop;
	}
	log_info("server: signal %d, shutting down", sig);
	rc = 0;

stop:
	if (stop_workers(&s) != 0)
		rc = -1;
	if (rc == 0)
		log_info("server: stopped");
done:
	for (int i = 0; i < s.nworkers; i++)
		if (!s.workers[i].started && s.workers[i].fd >= 0)
			close(s.workers[i].fd);
	if (sigs_blocked && pthread_sigmask(SIG_SETMASK, &old, NULL) != 0)
		log_error("server: cannot restore the signal mask");
	free(s.workers);
	if (pthread_cond_destroy(&s.cond) != 0 || pthread_mutex_destroy(&s.lock) != 0)
		log_error("server: cannot destroy a mutex");
	return rc;
}
