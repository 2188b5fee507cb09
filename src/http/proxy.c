#include "http/proxy.h"

#include <arpa/inet.h>
#include <sys/queue.h> /* TAILQ_FOREACH, before libevent's header */
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "util/buf.h"

/*
 * Parses the address text s (n bytes, no NUL needed) into family and 16
 * bytes; an IPv4-mapped IPv6 address counts as the IPv4 address it maps,
 * so that one rule covers a peer however the socket reports it.
 */
static bool addr_parse(const char *s, size_t n, int *family, unsigned char out[16])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	char tmp[PROXY_ADDR_MAX + 1];

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	memset(out, 0, 16);
	if (inet_pton(AF_INET, tmp, out) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, tmp, out) != 1)
		return false;
	if (memcmp(out, mapped, sizeof(mapped)) == 0) {
		memmove(out, out + 12, 4);
		memset(out + 4, 0, 12);
		*family = AF_INET;
		return true;
	}
	*family = AF_INET6;
	return true;
}

static bool net_contains(const struct proxy_net *net, int family, const unsigned char a[16])
{
	int bits = net->prefix;
	int i = 0;

	if (net->family != family)
		return false;
	for (; bits >= 8; bits -= 8, i++)
		if (net->addr[i] != a[i])
			return false;
	if (bits > 0) {
		unsigned char mask = (unsigned char)(0xff << (8 - bits));
		if ((net->addr[i] & mask) != (a[i] & mask))
			return false;
	}
	return true;
}

/* Parses one entry "ADDR" or "ADDR/PREFIX" of n bytes into net. */
static bool net_parse(const char *s, size_t n, struct proxy_net *net)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash != NULL ? (size_t)(slash - s) : n;
	int max;

	if (!addr_parse(s, alen, &net->family, net->addr))
		return false;
	max = net->family == AF_INET ? 32 : 128;
	net->prefix = max;
	if (slash != NULL) {
		const char *d = slash + 1;
		size_t dlen = n - alen - 1;
		int v = 0;
		if (dlen == 0 || dlen > 3)
			return false;
		for (size_t i = 0; i < dlen; i++) {
			if (d[i] < '0' || d[i] > '9')
				return false;
			v = v * 10 + (d[i] - '0');
		}
		if (v > max)
			return false;
		net->prefix = v;
	}
	/* The host bits must be zero: "10.0.0.1/8" is more likely a typo than a network. */
	for (int b = net->prefix; b < max; b++)
		if ((net->addr[b / 8] >> (7 - b % 8)) & 1)
			return false;
	return true;
}

bool proxy_list_add(struct proxy_list *l, const char *spec, char *err, size_t errlen)
{
	const char *s = spec;

	for (;;) {
		const char *end = strchr(s, ',');
		size_t n = end != NULL ? (size_t)(end - s) : strlen(s);
		const char *e = s;
		while (n > 0 && (*e == ' ' || *e == '\t')) {
			e++;
			n--;
		}
		while (n > 0 && (e[n - 1] == ' ' || e[n - 1] == '\t'))
			n--;
		if (l->n >= PROXY_MAX_NETS) {
			(void)snprintf(err, errlen, "more than %d trusted proxies", PROXY_MAX_NETS);
			return false;
		}
		if (!net_parse(e, n, &l->nets[l->n])) {
			(void)snprintf(err, errlen, "'%.*s' is not an IP address or CIDR network",
			               (int)(n > 64 ? 64 : n), e);
			return false;
		}
		l->n++;
		if (end == NULL)
			return true;
		s = end + 1;
	}
}

static bool trusted_bin(const struct proxy_list *l, int family, const unsigned char a[16])
{
	if (l == NULL)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (net_contains(&l->nets[i], family, a))
			return true;
	return false;
}

bool proxy_trusted(const struct proxy_list *l, const char *addr)
{
	unsigned char a[16];
	int family;

	return addr != NULL && addr_parse(addr, strlen(addr), &family, a) &&
	       trusted_bin(l, family, a);
}

static const char *addr_text(struct arena *a, int family, const unsigned char bin[16])
{
	char *out = arena_alloc(a, PROXY_ADDR_MAX);
	if (inet_ntop(family, bin, out, PROXY_ADDR_MAX) == NULL)
		return "-";
	return out;
}

/* Every X-Forwarded-For header's value, in order, joined by commas into one list. */
static const char *xff_joined(const struct evkeyvalq *h, struct arena *a)
{
	const struct evkeyval *kv;
	struct buf b;
	const char *out = NULL;

	buf_init(&b, 64 * 1024);
	TAILQ_FOREACH(kv, h, next)
	{
		if (strcasecmp(kv->key, "X-Forwarded-For") != 0)
			continue;
		if (!buf_printf(&b, "%s%s", b.len > 0 ? "," : "", kv->value))
			break;
	}
	if (b.data != NULL && b.len > 0)
		out = arena_strdup(a, b.data);
	buf_cleanup(&b);
	return out;
}

const char *proxy_client_addr(const struct proxy_list *l, const char *peer,
                              const struct evkeyvalq *h, struct arena *a)
{
	unsigned char bin[16];
	int family;
	const char *xff, *end;

	if (peer == NULL || !addr_parse(peer, strlen(peer), &family, bin))
		return arena_strdup(a, peer != NULL ? peer : "-");
	if (!trusted_bin(l, family, bin) || h == NULL || (xff = xff_joined(h, a)) == NULL)
		return addr_text(a, family, bin);

	/* Right to left: each trusted hop vouches for the entry before it. */
	end = xff + strlen(xff);
	for (int hop = 0; hop < PROXY_MAX_HOPS && end > xff; hop++) {
		const char *start = end;
		const char *s, *e;
		unsigned char next[16];
		int nfam;

		while (start > xff && start[-1] != ',')
			start--;
		s = start;
		e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (!addr_parse(s, (size_t)(e - s), &nfam, next))
			break; /* not an address: the last hop known stands */
		family = nfam;
		memcpy(bin, next, sizeof(bin));
		if (!trusted_bin(l, family, bin))
			break;
		end = start > xff ? start - 1 : xff;
	}
	return addr_text(a, family, bin);
}
