/*
 * The client's address: the direct peer, or, when the peer is a trusted
 * proxy, the right-most address of X-Forwarded-For that is not one. The
 * header is never read from any other peer, so a client cannot choose the
 * address it is throttled and logged under.
 */
#ifndef TESSERA_HTTP_PROXY_H
#define TESSERA_HTTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

struct evkeyvalq;

#define PROXY_MAX_NETS 64
/* X-Forwarded-For entries looked at, right to left; more are ignored. */
#define PROXY_MAX_HOPS 32
/* Room for any address inet_ntop writes (INET6_ADDRSTRLEN). */
#define PROXY_ADDR_MAX 46

/* One trusted network: an IPv4 or IPv6 address and a prefix length. */
struct proxy_net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix;
};

struct proxy_list {
	struct proxy_net nets[PROXY_MAX_NETS];
	size_t n;
};

/*
 * Adds the comma-separated addresses or CIDR networks of spec ("10.0.0.1",
 * "10.0.0.0/8", "::1", "fd00::/8") to l. On a bad entry returns false and
 * writes the reason into err; l is then partly filled.
 */
bool proxy_list_add(struct proxy_list *l, const char *spec, char *err, size_t errlen);

/* True if the address text addr is inside one of l's networks (l may be NULL). */
bool proxy_trusted(const struct proxy_list *l, const char *addr);

/*
 * The client address of a request from peer with headers h, in canonical
 * text (inet_ntop), in a: peer unless peer is trusted by l; then the
 * right-most X-Forwarded-For entry (over all such headers, in order) that
 * l does not trust. When the header is missing, or an entry is not an
 * address, the nearest hop known is kept: the peer or the last trusted
 * entry.
 */
const char *proxy_client_addr(const struct proxy_list *l, const char *peer,
                              const struct evkeyvalq *h, struct arena *a);

#endif
