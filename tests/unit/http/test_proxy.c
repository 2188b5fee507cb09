#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "http/proxy.h"

static struct arena a;

static int setup(void **state)
{
	(void)state;
	arena_init(&a, 4096);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_cleanup(&a);
	return 0;
}

static struct proxy_list trusted(const char *spec)
{
	struct proxy_list l;
	char err[128];
	memset(&l, 0, sizeof(l));
	assert_true(proxy_list_add(&l, spec, err, sizeof(err)));
	return l;
}

/* The client address of a request from peer carrying each X-Forwarded-For value of xffs. */
static const char *client(const struct proxy_list *l, const char *peer, const char *const *xffs)
{
	struct evkeyvalq h;
	const char *out;
	TAILQ_INIT(&h);
	for (size_t i = 0; xffs != NULL && xffs[i] != NULL; i++)
		assert_int_equal(evhttp_add_header(&h, "X-Forwarded-For", xffs[i]), 0);
	assert_int_equal(evhttp_add_header(&h, "Host", "example.test"), 0);
	out = proxy_client_addr(l, peer, &h, &a);
	evhttp_clear_headers(&h);
	return out;
}

static void header_from_an_untrusted_peer_is_ignored(void **state)
{
	struct proxy_list l = trusted("10.0.0.1");
	const char *xff[] = {"203.0.113.7", NULL};
	(void)state;
	assert_string_equal(client(&l, "192.0.2.9", xff), "192.0.2.9");
	assert_string_equal(client(NULL, "192.0.2.9", xff), "192.0.2.9");
}

static void header_from_a_trusted_peer_names_the_client(void **state)
{
	struct proxy_list l = trusted("10.0.0.1");
	const char *xff[] = {"203.0.113.7", NULL};
	(void)state;
	assert_string_equal(client(&l, "10.0.0.1", xff), "203.0.113.7");
}

static void trusted_peer_without_header_is_the_client(void **state)
{
	struct proxy_list l = trusted("10.0.0.1");
	(void)state;
	assert_string_equal(client(&l, "10.0.0.1", NULL), "10.0.0.1");
}

static void rightmost_untrusted_entry_wins_over_spoofed_ones(void **state)
{
	struct proxy_list l = trusted("10.0.0.0/8");
	/* The client wrote 198.51.100.1 itself; its real address was appended by 10.1.2.3. */
	const char *xff[] = {"198.51.100.1, 203.0.113.7, 10.1.2.3", NULL};
	(void)state;
	assert_string_equal(client(&l, "10.0.0.1", xff), "203.0.113.7");
}

static void several_headers_are_one_list_in_order(void **state)
{
	struct proxy_list l = trusted("10.0.0.0/8");
	const char *xff[] = {"198.51.100.1", "203.0.113.7,10.9.9.9", NULL};
	(void)state;
	assert_string_equal(client(&l, "10.0.0.1", xff), "203.0.113.7");
}

static void all_entries_trusted_gives_the_leftmost(void **state)
{
	struct proxy_list l = trusted("10.0.0.0/8");
	const char *xff[] = {"10.0.0.5, 10.0.0.6", NULL};
	(void)state;
	assert_string_equal(client(&l, "10.0.0.1", xff), "10.0.0.5");
}

static void garbage_entry_keeps_the_last_known_hop(void **state)
{
	struct proxy_list l = trusted("10.0.0.0/8");
	const char *bad[] = {"not-an-address", NULL};
	const char *bad_left[] = {"203.0.113.7:1234, 10.0.0.7", NULL};
	const char *empty[] = {"", NULL};
	(void)state;
	assert_string_equal(client(&l, "10.0.0.1", bad), "10.0.0.1");
	assert_string_equal(client(&l, "10.0.0.1", bad_left), "10.0.0.7");
	assert_string_equal(client(&l, "10.0.0.1", empty), "10.0.0.1");
}

static void addresses_come_out_canonical(void **state)
{
	struct proxy_list l = trusted("::1");
	const char *xff[] = {" 2001:DB8:0:0::7 ", NULL};
	(void)state;
	assert_string_equal(client(&l, "::1", xff), "2001:db8::7");
	/* An IPv4-mapped peer is the IPv4 address it maps. */
	assert_string_equal(client(NULL, "::ffff:192.0.2.1", NULL), "192.0.2.1");
}

static void cidr_networks_match_by_prefix(void **state)
{
	struct proxy_list l = trusted("192.168.4.0/22, fd00::/8");
	(void)state;
	assert_true(proxy_trusted(&l, "192.168.7.255"));
	assert_false(proxy_trusted(&l, "192.168.8.0"));
	assert_true(proxy_trusted(&l, "fd12::1"));
	assert_false(proxy_trusted(&l, "fe80::1"));
	assert_true(proxy_trusted(&l, "::ffff:192.168.5.1"));
	assert_false(proxy_trusted(&l, "garbage"));
	assert_false(proxy_trusted(NULL, "192.168.5.1"));
	l = trusted("0.0.0.0/0");
	assert_true(proxy_trusted(&l, "8.8.8.8"));
	assert_false(proxy_trusted(&l, "::1"));
}

static void bad_lists_are_refused(void **state)
{
	const char *bad[] = {"",          "10.0.0.1/8", "10.0.0.0/33",
	                     "10.0.0.0/", "10.0.0.0/x", "host.example",
	                     "10.0.0.1,", "::/129",     "1.2.3.4/-1"};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct proxy_list l;
		char err[128] = "";
		memset(&l, 0, sizeof(l));
		assert_false(proxy_list_add(&l, bad[i], err, sizeof(err)));
		assert_true(err[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(header_from_an_untrusted_peer_is_ignored),
	    cmocka_unit_test(header_from_a_trusted_peer_names_the_client),
	    cmocka_unit_test(trusted_peer_without_header_is_the_client),
	    cmocka_unit_test(rightmost_untrusted_entry_wins_over_spoofed_ones),
	    cmocka_unit_test(several_headers_are_one_list_in_order),
	    cmocka_unit_test(all_entries_trusted_gives_the_leftmost),
	    cmocka_unit_test(garbage_entry_keeps_the_last_known_hop),
	    cmocka_unit_test(addresses_come_out_canonical),
	    cmocka_unit_test(cidr_networks_match_by_prefix),
	    cmocka_unit_test(bad_lists_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
