/*
 * Request memory: an arena keeps some chunks across resets and knows
 * what it owns; arenas of one pool share the chunks they keep, no more
 * than the pool's bound; jansson values made under an arena come from it, are
 * released with it, and serialise to plain malloc'd text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/json_mem.h"

static void arena_owns_what_it_gave_out(void **state)
{
	struct arena a;
	int outside;
	char *p;
	(void)state;
	arena_init(&a, 1024);
	p = arena_alloc(&a, 100);
	assert_true(arena_owns(&a, p));
	assert_true(arena_owns(&a, p + 99));
	assert_false(arena_owns(&a, &outside));
	/* A block bigger than a chunk gets a chunk of its own, owned too. */
	p = arena_alloc(&a, 10000);
	assert_true(arena_owns(&a, p + 9999));
	arena_reset(&a);
	assert_false(arena_owns(&a, p));
	arena_cleanup(&a);
}

static void a_reset_arena_reuses_its_chunks(void **state)
{
	struct arena a;
	char *first[4], *again[4];
	(void)state;
	arena_init(&a, 4096);
	for (int i = 0; i < 4; i++)
		first[i] = arena_alloc(&a, 3000);
	arena_reset(&a);
	for (int i = 0; i < 4; i++)
		again[i] = arena_alloc(&a, 3000);
	/* The same four chunks serve the second round: nothing new from malloc. */
	for (int i = 0; i < 4; i++) {
		bool found = false;
		for (int j = 0; j < 4; j++)
			found = found || again[i] == first[j];
		assert_true(found);
	}
	arena_cleanup(&a);
}

static void pooled_arenas_share_the_chunks_a_reset_gives_back(void **state)
{
	struct arena_pool pool;
	struct arena a, b;
	char *first[4], *again[3];
	(void)state;
	arena_pool_init(&pool, 64 * 1024);
	arena_init_pooled(&a, 4096, &pool);
	arena_init_pooled(&b, 4096, &pool);
	for (int i = 0; i < 4; i++)
		first[i] = arena_alloc(&a, 3000);
	assert_int_equal(arena_pool_bytes(&pool), 0);
	/* a keeps its first chunk; the three others go to the pool... */
	arena_reset(&a);
	assert_int_equal(arena_pool_bytes(&pool), 3 * 4096);
	assert_ptr_equal(arena_alloc(&a, 3000), first[0]);
	/* ...where another arena of the pool finds them before it asks malloc. */
	for (int i = 0; i < 3; i++)
		again[i] = arena_alloc(&b, 3000);
	assert_int_equal(arena_pool_bytes(&pool), 0);
	for (int i = 0; i < 3; i++) {
		bool found = false;
		for (int j = 1; j < 4; j++)
			found = found || again[i] == first[j];
		assert_true(found);
	}
	arena_cleanup(&a);
	arena_cleanup(&b);
	assert_int_equal(arena_pool_bytes(&pool), 0);
	arena_pool_cleanup(&pool);
}

static void a_pool_keeps_no_more_than_its_bound(void **state)
{
	struct arena_pool pool;
	struct arena a[4];
	(void)state;
	arena_pool_init(&pool, 10 * 4096);
	/* Four arenas that each once needed 8 chunks give back 28: the pool keeps 10. */
	for (int k = 0; k < 4; k++) {
		arena_init_pooled(&a[k], 4096, &pool);
		for (int i = 0; i < 8; i++)
			(void)arena_alloc(&a[k], 3000);
	}
	for (int k = 0; k < 4; k++)
		arena_reset(&a[k]);
	assert_int_equal(arena_pool_bytes(&pool), 10 * 4096);
	/* A chunk bigger than the room left is freed, not kept. */
	(void)arena_alloc(&a[0], 3000);
	(void)arena_alloc(&a[0], 40000);
	assert_int_equal(arena_pool_bytes(&pool), 10 * 4096);
	arena_reset(&a[0]);
	assert_int_equal(arena_pool_bytes(&pool), 10 * 4096);
	for (int k = 0; k < 4; k++)
		arena_cleanup(&a[k]);
	arena_pool_cleanup(&pool);
}

static void json_values_come_from_the_current_arena(void **state)
{
	struct arena a;
	json_t *v;
	char *text;
	(void)state;
	arena_init(&a, 4096);
	assert_null(json_mem_use(&a));
	v = json_pack("{s:s, s:[i, i], s:{s:b}}", "name", "Acme \"Robotics\"", "tiers", 10, 25,
		      "flags", "cloud", 1);
	assert_non_null(v);
	assert_true(arena_owns(&a, v));
	assert_true(arena_owns(&a, json_string_value(json_object_get(v, "name"))));
	text = json_text(v, JSON_COMPACT);
	/* The text is the outside world's: plain malloc, not the arena's. */
	assert_false(arena_owns(&a, text));
	assert_string_equal(text,
			    "{\"name\":\"Acme \\\"Robotics\\\"\",\"tiers\":[10,25],\"flags\":{\"cloud\":true}}");
	free(text);
	json_decref(v);
	assert_ptr_equal(json_mem_use(NULL), &a);
	arena_cleanup(&a);
}

static void without_an_arena_json_uses_the_heap(void **state)
{
	struct arena a;
	json_t *v;
	char *text;
	(void)state;
	arena_init(&a, 4096);
	(void)arena_alloc(&a, 16);
	v = json_string("plain");
	assert_false(arena_owns(&a, v));
	/* Released under an arena it does not belong to: back to the heap. */
	json_mem_use(&a);
	json_decref(v);
	json_mem_use(NULL);
	arena_cleanup(&a);
	/* Larger than the first guess of json_text: serialised in a second pass. */
	v = json_array();
	for (int i = 0; i < 2000; i++)
		json_array_append_new(v, json_integer(i));
	text = json_text(v, JSON_COMPACT);
	assert_non_null(text);
	assert_true(strlen(text) > 4096);
	assert_memory_equal(text, "[0,1,2,", 7);
	assert_string_equal(text + strlen(text) - 5, "1999]");
	free(text);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(arena_owns_what_it_gave_out),
	    cmocka_unit_test(a_reset_arena_reuses_its_chunks),
	    cmocka_unit_test(pooled_arenas_share_the_chunks_a_reset_gives_back),
	    cmocka_unit_test(a_pool_keeps_no_more_than_its_bound),
	    cmocka_unit_test(json_values_come_from_the_current_arena),
	    cmocka_unit_test(without_an_arena_json_uses_the_heap),
	};
	json_mem_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
