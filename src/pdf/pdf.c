/* Page setup, wrapped text, table rows and serialization over libharu (pdf/pdf.h). */
#include "pdf/pdf.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/places.h"
#include "util/xmalloc.h"

#define FOOTER_SIZE 8.0f
#define RULE_HEIGHT 8.0f
#define FOOTER_NUMBER_WIDTH 60.0f /* kept for "Page N" beside the footer's text */
#define FOOTER_LINES_MAX 2        /* what the bottom margin holds */

/*
 * libharu reports errors through this handler as well as return codes.
 * It only records the first one in the document that raised it.
 */
static void HPDF_STDCALL on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	struct pdf *d = user;
	if (!d->failed) {
		d->failed = true;
		d->error = (unsigned long)error;
		d->detail = (unsigned long)detail;
	}
}

/* True when a libharu call succeeded; records its status as the failure otherwise. */
static bool ok(struct pdf *d, HPDF_STATUS status)
{
	if (status != HPDF_OK)
		on_error(status, 0, d);
	return status == HPDF_OK && !d->failed;
}

/* The Windows-1252 bytes 0x80-0x9f and the code points they print (0: none). */
static const uint16_t winansi_high[32] = {
    0x20ac, 0,      0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017d, 0,      0,      0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0,      0x017e, 0x0178,
};

/* The code point of the UTF-8 sequence at u (n bytes left), and its length; '?' if malformed. */
static unsigned utf8_next(const unsigned char *u, size_t n, size_t *len)
{
	unsigned cp;
	size_t need, i;
	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	need = (u[0] & 0xe0) == 0xc0   ? 2
	       : (u[0] & 0xf0) == 0xe0 ? 3
	       : (u[0] & 0xf8) == 0xf0 ? 4
	                               : 0;
	*len = 1;
	if (need == 0 || need > n)
		return '?';
	cp = u[0] & (0x7fu >> need);
	for (i = 1; i < need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return '?';
		cp = (cp << 6) | (u[i] & 0x3fu);
	}
	*len = need;
	return cp;
}

/*
 * UTF-8 to the one-byte WinAnsi text the standard fonts print: Latin-1
 * code points as themselves, the euro sign and the other Windows-1252
 * characters as their bytes, others as '?', control characters as spaces
 * (newlines stay). The result is malloc'd.
 */
static char *to_winansi(const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = xmalloc_at(n + 1, __FILE__, __LINE__);
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned cp = utf8_next(u + i, n - i, &len);
		unsigned char b = '?';
		if (cp == '\n')
			b = '\n';
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			b = ' ';
		else if (cp <= 0xff)
			b = (unsigned char)cp;
		else
			for (unsigned k = 0; k < 32; k++)
				if (winansi_high[k] == cp)
					b = (unsigned char)(0x80 + k);
		out[j++] = (char)b;
		i += len;
	}
	out[j] = '\0';
	return out;
}

/* Draws the page's footer: its text and number in the bottom margin. */
static void footer(struct pdf *d);

static void table_header(struct pdf *d, const struct pdf_table *t)
{
	pdf_row(d, t->cols, t->head, t->n, t->size, true);
	pdf_rule(d);
}

static void new_page(struct pdf *d)
{
	const struct pdf_table *t = d->table;
	if (d->failed)
		return;
	d->page = HPDF_AddPage(d->doc);
	if (d->page == NULL) {
		on_error(HPDF_FAILD_TO_ALLOC_MEM, 0, d);
		return;
	}
	d->pages++;
	if (!ok(d, HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT)))
		return;
	d->y = PDF_PAGE_HEIGHT - PDF_MARGIN;
	footer(d);
	if (t != NULL) {
		/* The header is drawn on a fresh page: it starts no page of its own. */
		d->table = NULL;
		table_header(d, t);
		d->table = t;
	}
}

enum tess_err pdf_begin(struct pdf *d, const char *title, const char *footer_text,
                        struct problem *p)
{
	memset(d, 0, sizeof(*d));
	d->footer = footer_text;
	d->doc = HPDF_New(on_error, d);
	if (d->doc == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "pdf: HPDF_New failed");
	if (ok(d, HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL))) {
		d->regular = HPDF_GetFont(d->doc, "Helvetica", "WinAnsiEncoding");
		d->bold = HPDF_GetFont(d->doc, "Helvetica-Bold", "WinAnsiEncoding");
	}
	if (title != NULL && !d->failed) {
		char *t = to_winansi(title);
		(void)ok(d, HPDF_SetInfoAttr(d->doc, HPDF_INFO_TITLE, t));
		free(t);
	}
	new_page(d);
	if (d->failed || d->regular == NULL || d->bold == NULL) {
		problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "pdf: setup failed (error 0x%04lX)",
		            d->error);
		pdf_end(d);
		return TESS_ERR_INTERNAL;
	}
	return TESS_OK;
}

void pdf_end(struct pdf *d)
{
	if (d->doc != NULL)
		HPDF_Free(d->doc);
	d->doc = NULL;
	d->page = NULL;
	d->table = NULL;
}

void pdf_need(struct pdf *d, float height)
{
	if (!d->failed && d->y - height < PDF_MARGIN)
		new_page(d);
}

/* Writes already-converted text. */
static void text_raw(struct pdf *d, float x, float y, float size, bool bold, bool right,
                     const char *t)
{
	if (d->failed || t[0] == '\0')
		return;
	if (!ok(d, HPDF_Page_SetFontAndSize(d->page, bold ? d->bold : d->regular, size)))
		return;
	if (right) {
		HPDF_REAL w = HPDF_Page_TextWidth(d->page, t);
		if (d->failed)
			return;
		x -= w;
	}
	if (!ok(d, HPDF_Page_BeginText(d->page)))
		return;
	(void)ok(d, HPDF_Page_TextOut(d->page, x, y, t));
	(void)ok(d, HPDF_Page_EndText(d->page));
}

void pdf_text_at(struct pdf *d, float x, float y, float size, bool bold, bool right,
                 const char *utf8)
{
	char *t;
	if (d->failed || utf8 == NULL)
		return;
	t = to_winansi(utf8);
	text_raw(d, x, y, size, bold, right, t);
	free(t);
}

/* ---- Wrapping ---- */

/* One line of wrapped text: bytes [start, start + len) of its converted text. */
struct span {
	size_t start;
	size_t len;
};

/* A text converted to WinAnsi and broken into lines that fit a width. */
struct wrapped {
	char *text;
	struct span *lines;
	size_t n;
	size_t cap;
};

static void add_line(struct wrapped *w, size_t start, size_t len)
{
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 4 : w->cap * 2;
		w->lines = xrealloc_at(w->lines, w->cap * sizeof(w->lines[0]), __FILE__, __LINE__);
	}
	w->lines[w->n].start = start;
	w->lines[w->n].len = len;
	w->n++;
}

/*
 * How many bytes of t (len of them) start the next line within width: up
 * to a space where one lets the line fit (the space included), else as
 * many characters as fit (a word longer than the line), at least one.
 */
static size_t line_fit(struct pdf *d, HPDF_Font font, float size, float width, const char *t,
                       size_t len)
{
	HPDF_UINT n = len > UINT_MAX ? UINT_MAX : (HPDF_UINT)len;
	HPDF_UINT fit = HPDF_Font_MeasureText(font, (const HPDF_BYTE *)t, n, width, size, 0, 0,
	                                      HPDF_TRUE, NULL);
	if (fit == 0 && !d->failed)
		fit = HPDF_Font_MeasureText(font, (const HPDF_BYTE *)t, n, width, size, 0, 0,
		                            HPDF_FALSE, NULL);
	if (fit == 0)
		fit = 1;
	return fit > len ? len : (size_t)fit;
}

/*
 * Breaks utf8 (NULL: empty) into the lines that fit width at size in the
 * font: each of its own lines (at '\n') wraps at spaces, and inside a word
 * wider than width. An empty text is one empty line. Release with
 * wrapped_free.
 */
static void wrap(struct pdf *d, const char *utf8, bool bold, float size, float width,
                 struct wrapped *w)
{
	HPDF_Font font = bold ? d->bold : d->regular;
	size_t pos = 0, total;

	memset(w, 0, sizeof(*w));
	w->text = to_winansi(utf8 != NULL ? utf8 : "");
	total = strlen(w->text);
	for (;;) {
		const char *nl = strchr(w->text + pos, '\n');
		size_t end = nl != NULL ? (size_t)(nl - w->text) : total;
		bool first = true;
		while (pos < end || first) {
			size_t fit, len;
			if (!first)
				while (pos < end && w->text[pos] == ' ')
					pos++;
			if (pos == end && !first)
				break;
			fit = pos < end && !d->failed
			          ? line_fit(d, font, size, width, w->text + pos, end - pos)
			          : end - pos;
			len = fit;
			while (len > 0 && w->text[pos + len - 1] == ' ')
				len--;
			add_line(w, pos, len);
			pos += fit;
			first = false;
		}
		if (nl == NULL)
			break;
		pos = end + 1;
	}
}

static void wrapped_free(struct wrapped *w)
{
	free(w->text);
	free(w->lines);
	memset(w, 0, sizeof(*w));
}

/* Draws line i of w with its left edge at x, or its right edge at x when right. */
static void draw_line(struct pdf *d, struct wrapped *w, size_t i, float x, float y, float size,
                      bool bold, bool right)
{
	char *s = w->text + w->lines[i].start;
	char keep = s[w->lines[i].len];
	s[w->lines[i].len] = '\0';
	text_raw(d, x, y, size, bold, right, s);
	s[w->lines[i].len] = keep;
}

static void footer(struct pdf *d)
{
	char page[32];
	int n;
	float lh = FOOTER_SIZE * PDF_LINE_FACTOR;
	if (d->failed || d->page == NULL)
		return;
	n = snprintf(page, sizeof(page), "Page %d", d->pages);
	if (n < 0 || (size_t)n >= sizeof(page))
		return;
	if (d->footer != NULL) {
		/* Wrapped beside the page number, its last line on the number's baseline. */
		struct wrapped w;
		size_t shown;
		wrap(d, d->footer, false, FOOTER_SIZE, PDF_CONTENT_WIDTH - FOOTER_NUMBER_WIDTH, &w);
		shown = w.n < FOOTER_LINES_MAX ? w.n : FOOTER_LINES_MAX;
		for (size_t i = 0; i < shown && !d->failed; i++)
			draw_line(d, &w, i, PDF_MARGIN,
			          PDF_MARGIN / 2 + lh * (float)(shown - 1 - i), FOOTER_SIZE, false,
			          false);
		wrapped_free(&w);
	}
	pdf_text_at(d, PDF_PAGE_WIDTH - PDF_MARGIN, PDF_MARGIN / 2, FOOTER_SIZE, false, true, page);
}

void pdf_text_box(struct pdf *d, float x, float width, float size, bool bold, const char *utf8)
{
	struct wrapped w;
	float lh = size * PDF_LINE_FACTOR;
	if (d->failed || utf8 == NULL)
		return;
	wrap(d, utf8, bold, size, width, &w);
	for (size_t i = 0; i < w.n && !d->failed; i++) {
		pdf_need(d, lh);
		draw_line(d, &w, i, x, d->y - size, size, bold, false);
		d->y -= lh;
	}
	wrapped_free(&w);
}

void pdf_line(struct pdf *d, float indent, float size, bool bold, const char *utf8)
{
	pdf_text_box(d, PDF_MARGIN + indent, PDF_CONTENT_WIDTH - indent, size, bold, utf8);
}

void pdf_paragraph(struct pdf *d, float size, const char *utf8)
{
	pdf_text_box(d, PDF_MARGIN, PDF_CONTENT_WIDTH, size, false, utf8);
}

void pdf_rule(struct pdf *d)
{
	pdf_need(d, RULE_HEIGHT);
	if (d->failed)
		return;
	if (ok(d, HPDF_Page_SetLineWidth(d->page, 0.5f)) &&
	    ok(d, HPDF_Page_SetGrayStroke(d->page, 0.6f)) &&
	    ok(d, HPDF_Page_MoveTo(d->page, PDF_MARGIN, d->y - 3)) &&
	    ok(d, HPDF_Page_LineTo(d->page, PDF_PAGE_WIDTH - PDF_MARGIN, d->y - 3)))
		(void)ok(d, HPDF_Page_Stroke(d->page));
	d->y -= RULE_HEIGHT;
}

void pdf_gap(struct pdf *d, float h)
{
	d->y -= h;
}

void pdf_blocks(struct pdf *d, const struct pdf_col *cols, const char *const *titles,
                const char *const *cells, float title_size, float size)
{
	/* The titles and the first four lines of each block on one page. */
	pdf_need(d, title_size * PDF_LINE_FACTOR + size * PDF_LINE_FACTOR * 4);
	pdf_row(d, cols, titles, 2, title_size, true);
	pdf_row(d, cols, cells, 2, size, false);
	pdf_gap(d, 10);
}

/* The height a table's header and its rule take. */
static float header_height(const struct pdf_table *t)
{
	return t != NULL ? t->size * PDF_LINE_FACTOR + RULE_HEIGHT : 0;
}

void pdf_keep(struct pdf *d, float height)
{
	if (height <= PDF_PAGE_HEIGHT - 2 * PDF_MARGIN - header_height(d->table))
		pdf_need(d, height);
}

float pdf_text_height(struct pdf *d, float width, float size, bool bold, const char *utf8)
{
	struct wrapped w;
	float height;
	if (d->failed || utf8 == NULL)
		return 0;
	wrap(d, utf8, bold, size, width, &w);
	height = size * PDF_LINE_FACTOR * (float)w.n;
	wrapped_free(&w);
	return height;
}

float pdf_row_height(struct pdf *d, const struct pdf_col *cols, const char *const *cells, size_t n,
                     float size, bool bold)
{
	float height = size * PDF_LINE_FACTOR;
	for (size_t i = 0; i < n && i < PDF_ROW_CELLS_MAX; i++) {
		float h =
		    pdf_text_height(d, cols[i].width, size, bold, cells[i] != NULL ? cells[i] : "");
		if (h > height)
			height = h;
	}
	return height;
}

void pdf_row(struct pdf *d, const struct pdf_col *cols, const char *const *cells, size_t n,
             float size, bool bold)
{
	struct wrapped w[PDF_ROW_CELLS_MAX];
	float lh = size * PDF_LINE_FACTOR;
	size_t lines = 1;

	if (d->failed)
		return;
	if (n > PDF_ROW_CELLS_MAX)
		n = PDF_ROW_CELLS_MAX;
	for (size_t i = 0; i < n; i++) {
		wrap(d, cells[i], bold, size, cols[i].width, &w[i]);
		if (w[i].n > lines)
			lines = w[i].n;
	}
	/* A row that fits on a page starts on the next one rather than split. */
	pdf_keep(d, lh * (float)lines);
	for (size_t k = 0; k < lines && !d->failed; k++) {
		pdf_need(d, lh);
		for (size_t i = 0; i < n && !d->failed; i++)
			if (k < w[i].n)
				draw_line(d, &w[i], k,
				          cols[i].right ? cols[i].x + cols[i].width : cols[i].x,
				          d->y - size, size, bold, cols[i].right);
		d->y -= lh;
	}
	for (size_t i = 0; i < n; i++)
		wrapped_free(&w[i]);
}

void pdf_table_begin(struct pdf *d, const struct pdf_table *t)
{
	d->table = NULL;
	pdf_need(d, header_height(t) + t->size * PDF_LINE_FACTOR);
	table_header(d, t);
	d->table = t;
}

void pdf_table_end(struct pdf *d)
{
	d->table = NULL;
}

static bool present(const char *s)
{
	return s != NULL && s[0] != '\0';
}

bool pdf_address_text(const struct pdf_address *a, struct buf *b)
{
	const char *region = present(a->state) ? place_region_name(a->country, a->state) : NULL;
	const char *country = present(a->country) ? place_country_name(a->country) : NULL;
	size_t start = b->len;
	bool fine = true, place = false;

	if (region == NULL && present(a->state))
		region = a->state;
	if (country == NULL && present(a->country))
		country = a->country;
	if (present(a->line))
		fine = fine && buf_puts(b, a->line);
	/* "City, Region Postal": each part where the address has it. */
	if (present(a->city)) {
		fine = fine && buf_printf(b, "%s%s", b->len > start ? "\n" : "", a->city);
		place = true;
	}
	if (region != NULL) {
		fine = fine && buf_printf(b, "%s%s",
		                          place            ? ", "
		                          : b->len > start ? "\n"
		                                           : "",
		                          region);
		place = true;
	}
	if (present(a->postal_code))
		fine = fine && buf_printf(b, "%s%s",
		                          place            ? " "
		                          : b->len > start ? "\n"
		                                           : "",
		                          a->postal_code);
	if (country != NULL)
		fine = fine && buf_printf(b, "%s%s", b->len > start ? "\n" : "", country);
	return fine;
}

enum tess_err pdf_finish(struct pdf *d, unsigned char **out, size_t *len, struct problem *p)
{
	HPDF_UINT32 size, got;
	unsigned char *buf = NULL;

	*out = NULL;
	*len = 0;
	d->table = NULL;
	if (!d->failed)
		(void)ok(d, HPDF_SaveToStream(d->doc));
	size = d->failed ? 0 : HPDF_GetStreamSize(d->doc);
	if (!d->failed && size == 0)
		on_error(HPDF_INVALID_STREAM, 0, d);
	if (!d->failed) {
		buf = xmalloc_at(size, __FILE__, __LINE__);
		got = size;
		/* Reading to the end answers HPDF_STREAM_EOF, which is no failure. */
		if (HPDF_ReadFromStream(d->doc, buf, &got) != HPDF_OK &&
		    d->error == HPDF_STREAM_EOF) {
			d->failed = false;
			d->error = 0;
		}
		if (!d->failed && got != size)
			on_error(HPDF_INVALID_STREAM, 0, d);
	}
	if (d->failed) {
		free(buf);
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL,
		                   "pdf: libharu error 0x%04lX (detail %lu)", d->error, d->detail);
	}
	*out = buf;
	*len = size;
	return TESS_OK;
}
