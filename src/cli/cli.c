/*
 * The tessera command: one table of sub-commands, each with its own
 * options and --help. Options come from flags first, then TESSERA_*
 * environment variables, then defaults.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/routes.h"
#include "cli/license.h"
#include "cli/order.h"
#include "demo/demo.h"
#include "http/proxy.h"
#include "http/server.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/json_mem.h"
#include "util/log.h"

#define DEFAULT_DB "tessera.db"
#define DEFAULT_LISTEN "127.0.0.1:8080"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *help;
};

static int cmd_serve(int argc, char **argv);
static int cmd_migrate(int argc, char **argv);
static int cmd_demo(int argc, char **argv);
static int cmd_order(int argc, char **argv);

static const char common_env[] =
	"Environment:\n"
	"  TESSERA_DB         database: a file or sqlite:PATH (default " DEFAULT_DB ")\n"
	"  TESSERA_LOG_LEVEL  debug, info, warn or error (default info)\n"
	"  TESSERA_NOW        fix the clock at an RFC 3339 time, e.g. 2026-06-15T12:00:00Z\n"
	"                     (for tests and demonstrations; dates and statuses follow it)\n";

static const struct command commands[] = {
	{"serve", cmd_serve, "serve the JSON API and the web portals",
	 "Usage: tessera serve [options]\n"
	 "Serves the JSON API under /api/v1 and the web portals (every other path; /\n"
	 "opens the login) until SIGTERM or SIGINT, then finishes the requests in\n"
	 "flight and exits. Applies pending migrations first.\n\n"
	 "Options:\n"
	 "  --db ADDRESS         database: a file or sqlite:PATH (env TESSERA_DB,\n"
	 "                       default " DEFAULT_DB ")\n"
	 "  --listen HOST:PORT   address to listen on (env TESSERA_LISTEN, default " DEFAULT_LISTEN
	 ");\n"
	 "                       port 0 picks a free port\n"
	 "  --threads N          worker threads, 1-256 (env TESSERA_THREADS, default one per core)\n"
	 "  --timeout SECONDS    per-connection read/write timeout, and how long an idle\n"
	 "                       keep-alive connection is kept (default 30)\n"
	 "  --header-timeout SECONDS\n"
	 "                       a request's header fields must all arrive within this,\n"
	 "                       from its first byte, however slowly they trickle; else\n"
	 "                       408 and the connection is closed (default 10)\n"
	 "  --body-timeout SECONDS\n"
	 "                       likewise for its body, from the end of its head\n"
	 "                       (default 30)\n"
	 "  --secure-cookies     mark the session cookie Secure (behind HTTPS)\n"
	 "  --trusted-proxy LIST addresses or CIDR networks (comma-separated, repeatable;\n"
	 "                       env TESSERA_TRUSTED_PROXIES) of proxies whose\n"
	 "                       X-Forwarded-For names the client; from any other peer\n"
	 "                       the header is ignored\n"
	 "  --log-level LEVEL    debug, info, warn or error (env TESSERA_LOG_LEVEL)\n"
	 "  --help               this text\n"},
	{"migrate", cmd_migrate, "create or upgrade the database schema",
	 "Usage: tessera migrate [--db ADDRESS]\n"
	 "Creates the database if needed and applies every pending schema migration,\n"
	 "each in its own transaction. Prints the schema version.\n"},
	{"demo", cmd_demo, "load the demo data set",
	 "Usage: tessera demo [--db ADDRESS] [--reset] [--seed N] [--subscriptions N] [--quiet]\n"
	 "Loads a made-up vendor, its partners, customers, catalog and about 200\n"
	 "subscriptions in every state into an empty database, then prints the login\n"
	 "of each role. Dates are relative to today (or TESSERA_NOW).\n\n"
	 "Options:\n"
	 "  --db ADDRESS         database: a file or sqlite:PATH (env TESSERA_DB,\n"
	 "                       default " DEFAULT_DB ")\n"
	 "  --reset              delete the database file first\n"
	 "  --seed N             seed of the generator (same seed, same data)\n"
	 "  --subscriptions N    how many subscriptions, up to 10000000 (benchmarks)\n"
	 "  --quiet              print only the logins\n"},
	{"license", cli_license, "print the license signing public key, verify a license key",
	 cli_license_help},
	{"order", cmd_order, "approve or reject an order as a named user", cli_order_help},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "Usage: tessera COMMAND [options]\n\n"
		     "Tessera: partner-managed subscriptions and licenses.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'tessera COMMAND --help' for a command's options.\n\n%s", common_env);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int print_help(const char *name)
{
	const struct command *c = find_command(name);
	if (c == NULL)
		return 2;
	fputs(c->help, stdout);
	printf("\n%s", common_env);
	return 0;
}

/* Parses a whole decimal number within [min, max]. */
static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end = NULL;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v != NULL && v[0] != '\0' ? v : fallback;
}

/* Applies TESSERA_LOG_LEVEL / --log-level and TESSERA_NOW; false on a bad value. */
static bool setup_common(const char *level)
{
	enum log_level lv;
	const char *now = getenv("TESSERA_NOW");
	if (level == NULL)
		level = env_or("TESSERA_LOG_LEVEL", "info");
	if (!log_level_parse(level, &lv)) {
		fprintf(stderr, "tessera: unknown log level '%s'\n", level);
		return false;
	}
	log_set_level(lv);
	if (now != NULL && now[0] != '\0') {
		int64_t ts;
		if (ts_parse(now, strlen(now), &ts) != TESS_OK) {
			fprintf(stderr, "tessera: TESSERA_NOW must be an RFC 3339 UTC time\n");
			return false;
		}
		clock_set_fixed(ts);
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "tessera: libsodium failed to initialise\n");
		return false;
	}
	json_mem_install();
	return true;
}

static int open_store(const char *db, struct store **st)
{
	struct store_config cfg = {db, true, 5000};
	struct problem p = {0};
	if (store_open(&cfg, st, &p) != TESS_OK) {
		fprintf(stderr, "tessera: %s\n", p.message[0] ? p.message : "cannot open database");
		return 1;
	}
	return 0;
}

/* Splits "host:port"; the port must be 0-65535. */
static bool parse_listen(const char *s, char *host, size_t hostlen, int *port)
{
	const char *colon = strrchr(s, ':');
	long p;
	size_t n;
	if (colon == NULL || !parse_long(colon + 1, 0, 65535, &p))
		return false;
	n = (size_t)(colon - s);
	if (n == 0 || n >= hostlen)
		return false;
	memcpy(host, s, n);
	host[n] = '\0';
	*port = (int)p;
	return true;
}

enum { OPT_HELP = 256, OPT_DB, OPT_LISTEN, OPT_THREADS, OPT_TIMEOUT, OPT_HEADER_TIMEOUT,
       OPT_BODY_TIMEOUT, OPT_SECURE, OPT_LOG, OPT_RESET, OPT_SEED, OPT_SUBS, OPT_QUIET,
       OPT_PROXY };

static const struct option long_options[] = {
	{"help", no_argument, NULL, OPT_HELP},
	{"db", required_argument, NULL, OPT_DB},
	{"listen", required_argument, NULL, OPT_LISTEN},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"header-timeout", required_argument, NULL, OPT_HEADER_TIMEOUT},
	{"body-timeout", required_argument, NULL, OPT_BODY_TIMEOUT},
	{"secure-cookies", no_argument, NULL, OPT_SECURE},
	{"log-level", required_argument, NULL, OPT_LOG},
	{"reset", no_argument, NULL, OPT_RESET},
	{"seed", required_argument, NULL, OPT_SEED},
	{"subscriptions", required_argument, NULL, OPT_SUBS},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"trusted-proxy", required_argument, NULL, OPT_PROXY},
	{NULL, 0, NULL, 0},
};

struct options {
	const char *db;
	const char *listen;
	const char *log_level;
	long threads;
	long timeout;
	long header_timeout;
	long body_timeout;
	bool secure;
	bool reset;
	long seed;
	long subscriptions;
	bool quiet;
	struct proxy_list proxies; /* every --trusted-proxy, accumulated */
	char proxy_err[128];
};

/*
 * Parses argv for command name, accepting only the options in allowed
 * (a string of OPT_ codes as chars offset from OPT_HELP). Returns -1 to
 * go on, or an exit status.
 */
static int parse_options(const char *name, int argc, char **argv, const char *allowed,
			 struct options *o)
{
	int c;
	memset(o, 0, sizeof(*o));
	o->db = env_or("TESSERA_DB", DEFAULT_DB);
	o->listen = env_or("TESSERA_LISTEN", DEFAULT_LISTEN);
	o->threads = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		if (c == '?' || c < OPT_HELP || strchr(allowed, (char)('a' + (c - OPT_HELP))) == NULL) {
			fprintf(stderr, "tessera %s: unknown or misplaced option '%s'\n", name,
				argv[optind - 1]);
			fprintf(stderr, "Run 'tessera %s --help' for its options.\n", name);
			return 2;
		}
		switch (c) {
		case OPT_HELP:
			return print_help(name);
		case OPT_DB:
			o->db = optarg;
			break;
		case OPT_LISTEN:
			o->listen = optarg;
			break;
		case OPT_THREADS:
			if (!parse_long(optarg, 1, 256, &o->threads))
				goto bad;
			break;
		case OPT_TIMEOUT:
			if (!parse_long(optarg, 1, 3600, &o->timeout))
				goto bad;
			break;
		case OPT_HEADER_TIMEOUT:
			if (!parse_long(optarg, 1, 3600, &o->header_timeout))
				goto bad;
			break;
		case OPT_BODY_TIMEOUT:
			if (!parse_long(optarg, 1, 3600, &o->body_timeout))
				goto bad;
			break;
		case OPT_SECURE:
			o->secure = true;
			break;
		case OPT_LOG:
			o->log_level = optarg;
			break;
		case OPT_RESET:
			o->reset = true;
			break;
		case OPT_SEED:
			if (!parse_long(optarg, 0, LONG_MAX, &o->seed))
				goto bad;
			break;
		case OPT_SUBS:
			if (!parse_long(optarg, 1, 10000000, &o->subscriptions))
				goto bad;
			break;
		case OPT_QUIET:
			o->quiet = true;
			break;
		case OPT_PROXY:
			if (!proxy_list_add(&o->proxies, optarg, o->proxy_err, sizeof(o->proxy_err)))
				goto bad_proxy;
			break;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "tessera %s: unexpected argument '%s'\n", name, argv[optind]);
		return 2;
	}
	return -1;
bad:
	fprintf(stderr, "tessera %s: bad value '%s' for %s\n", name, optarg, argv[optind - 1]);
	return 2;
bad_proxy:
	fprintf(stderr, "tessera %s: --trusted-proxy: %s\n", name, o->proxy_err);
	return 2;
}

/* Option letters: 'a' + (OPT_x - OPT_HELP). */
#define L(opt) (char)('a' + ((opt) - OPT_HELP))

static int cmd_serve(int argc, char **argv)
{
	const char allowed[] = {L(OPT_HELP),    L(OPT_DB),     L(OPT_LISTEN),
				L(OPT_THREADS), L(OPT_TIMEOUT), L(OPT_HEADER_TIMEOUT),
				L(OPT_BODY_TIMEOUT), L(OPT_SECURE), L(OPT_LOG), L(OPT_PROXY), '\0'};
	struct options o;
	struct server_config cfg;
	struct store *st = NULL;
	char host[256];
	int rc = parse_options("serve", argc, argv, allowed, &o);
	const char *threads_env = getenv("TESSERA_THREADS");
	const char *proxies_env = getenv("TESSERA_TRUSTED_PROXIES");

	if (rc >= 0)
		return rc;
	if (!setup_common(o.log_level))
		return 2;
	memset(&cfg, 0, sizeof(cfg));
	cfg.routes = &api_route_table;
	if (!parse_listen(o.listen, host, sizeof(host), &cfg.port)) {
		fprintf(stderr, "tessera serve: --listen must be HOST:PORT, got '%s'\n", o.listen);
		return 2;
	}
	if (o.threads < 0 && threads_env != NULL && !parse_long(threads_env, 1, 256, &o.threads)) {
		fprintf(stderr, "tessera serve: TESSERA_THREADS must be 1-256\n");
		return 2;
	}
	cfg.listen_host = host;
	cfg.threads = o.threads > 0 ? (int)o.threads : 0;
	cfg.timeout_seconds = (int)o.timeout;
	cfg.header_timeout_seconds = (int)o.header_timeout;
	cfg.body_timeout_seconds = (int)o.body_timeout;
	cfg.secure_cookies = o.secure;
	if (o.proxies.n == 0 && proxies_env != NULL && proxies_env[0] != '\0' &&
	    !proxy_list_add(&o.proxies, proxies_env, o.proxy_err, sizeof(o.proxy_err))) {
		fprintf(stderr, "tessera serve: TESSERA_TRUSTED_PROXIES: %s\n", o.proxy_err);
		return 2;
	}
	cfg.trusted_proxies = o.proxies.n > 0 ? &o.proxies : NULL;
	if (open_store(o.db, &st) != 0)
		return 1;
	rc = server_run(st, &cfg) == 0 ? 0 : 1;
	store_close(st);
	return rc;
}

static int cmd_migrate(int argc, char **argv)
{
	const char allowed[] = {L(OPT_HELP), L(OPT_DB), L(OPT_LOG), '\0'};
	struct options o;
	struct store *st = NULL;
	int rc = parse_options("migrate", argc, argv, allowed, &o);
	if (rc >= 0)
		return rc;
	if (!setup_common(o.log_level))
		return 2;
	if (open_store(o.db, &st) != 0)
		return 1;
	printf("schema version %d\n", store_schema_version(st));
	store_close(st);
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	const char allowed[] = {L(OPT_HELP), L(OPT_DB), L(OPT_RESET), L(OPT_SEED), L(OPT_SUBS),
				L(OPT_QUIET), L(OPT_LOG), '\0'};
	struct options o;
	struct store *st = NULL;
	struct demo_options d;
	struct problem p = {0};
	int rc = parse_options("demo", argc, argv, allowed, &o);

	if (rc >= 0)
		return rc;
	if (!setup_common(o.log_level ? o.log_level : (o.quiet ? "warn" : NULL)))
		return 2;
	if (o.reset) {
		enum tess_err err = store_destroy(o.db, &p);
		if (err != TESS_OK)
			fprintf(stderr, "tessera%s: %s\n", err == TESS_ERR_INVALID ? "" : " demo",
				p.message);
		/* Only a bad address stops the demo; a file left behind is loaded into. */
		if (err == TESS_ERR_INVALID)
			return 1;
		memset(&p, 0, sizeof(p));
	}
	if (open_store(o.db, &st) != 0)
		return 1;
	memset(&d, 0, sizeof(d));
	d.seed = (uint64_t)o.seed;
	d.subscriptions = o.subscriptions;
	d.quiet = o.quiet;
	if (demo_load(st, &d, &p) != TESS_OK) {
		fprintf(stderr, "tessera demo: %s\n",
			p.message[0] ? p.message : "loading the demo data failed");
		store_close(st);
		return 1;
	}
	store_close(st);
	printf("Demo data loaded into %s. Logins:\n", o.db);
	demo_print_logins(stdout);
	fflush(stdout);
	return 0;
}

/* The log level, the clock (TESSERA_NOW) and libsodium as every command has them, then the order's own. */
static int cmd_order(int argc, char **argv)
{
	if (!setup_common(NULL))
		return 2;
	return cli_order(argc, argv);
}

int cli_main(int argc, char **argv)
{
	const struct command *c;
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			int rc = print_help(argv[2]);
			if (rc != 0)
				fprintf(stderr, "tessera: unknown command '%s'\n", argv[2]);
			return rc;
		}
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("tessera " TESSERA_VERSION);
		return 0;
	}
	c = find_command(argv[1]);
	if (c == NULL) {
		fprintf(stderr, "tessera: unknown command '%s'\n\n", argv[1]);
		usage(stderr);
		return 2;
	}
	return c->run(argc - 1, argv + 1);
}
