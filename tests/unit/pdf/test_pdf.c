#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"

static const char *address_text(const struct pdf_address *a, struct buf *b)
{
	buf_clear(b);
	assert_true(pdf_address_text(a, b));
	return b->data;
}

static void address_prints_every_part_by_name(void **state)
{
	struct buf b;
	struct pdf_address a = {"4821 SW Macadam Ave", "Portland", "97239", "or", "US"};
	(void)state;
	buf_init(&b, 1024);
	assert_string_equal(address_text(&a, &b),
	                    "4821 SW Macadam Ave\nPortland, Oregon 97239\nUnited States");
	a = (struct pdf_address){"1 Main St", "London", "EC1A 1BB", "", "GB"};
	assert_string_equal(address_text(&a, &b), "1 Main St\nLondon EC1A 1BB\nUnited Kingdom");
	buf_cleanup(&b);
}

static void address_leaves_out_what_it_lacks(void **state)
{
	struct buf b;
	struct pdf_address a = {NULL, NULL, NULL, "OR", "US"};
	(void)state;
	buf_init(&b, 1024);
	/* Only the tax codes: the names still print. */
	assert_string_equal(address_text(&a, &b), "Oregon\nUnited States");
	a = (struct pdf_address){"", "", "97239", "", "US"};
	assert_string_equal(address_text(&a, &b), "97239\nUnited States");
	/* Codes the table does not know print as they are. */
	a = (struct pdf_address){"", "Zed", "", "QQ", "ZZ"};
	assert_string_equal(address_text(&a, &b), "Zed, QQ\nZZ");
	a = (struct pdf_address){NULL, NULL, NULL, NULL, NULL};
	assert_string_equal(address_text(&a, &b), "");
	buf_cleanup(&b);
}

static void address_refused_by_a_full_buffer_says_so(void **state)
{
	struct buf b;
	struct pdf_address a = {"4821 SW Macadam Ave", "Portland", "97239", "OR", "US"};
	(void)state;
	buf_init(&b, 16);
	assert_false(pdf_address_text(&a, &b));
	buf_cleanup(&b);
}

/* Wrapped boxes, rows taller than the space left and a table over pages make a document. */
static void long_texts_and_tables_render(void **state)
{
	static const struct pdf_col cols[] = {{PDF_MARGIN, 40, false}, {100, 120, true}};
	static const char *const head[] = {"Name", "Amount"};
	static const struct pdf_table t = {cols, head, 2, 9};
	struct pdf d;
	struct problem p;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char word[600];
	(void)state;

	memset(&p, 0, sizeof(p));
	memset(word, 'w', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	assert_int_equal(pdf_begin(&d, "T", "footer \xe2\x82\xac", &p), TESS_OK);
	pdf_paragraph(&d, 9, word);
	pdf_text_box(&d, 300, 50, 9, true, "a\n\nb   c \xc2\xa3 \xe2\x82\xac \xf0\x9f\x98\x80");
	pdf_table_begin(&d, &t);
	for (int i = 0; i < 30; i++) {
		/* A cell of 120 characters without a space, and one a page cannot hold. */
		const char *cells[2] = {word + (i == 20 ? 0 : sizeof(word) - 121),
		                        i % 2 == 0 ? "$1,234.00" : NULL};
		pdf_row(&d, cols, cells, 2, 9, false);
	}
	pdf_table_end(&d);
	assert_true(d.pages > 2);
	assert_int_equal(pdf_finish(&d, &bytes, &len, &p), TESS_OK);
	assert_true(len > 1000);
	assert_memory_equal(bytes, "%PDF-", 5);
	free(bytes);
	pdf_end(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(address_prints_every_part_by_name),
	    cmocka_unit_test(address_leaves_out_what_it_lacks),
	    cmocka_unit_test(address_refused_by_a_full_buffer_says_so),
	    cmocka_unit_test(long_texts_and_tables_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
