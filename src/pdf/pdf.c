/* Page setup, text, rows and serialization over libharu (pdf/pdf.h). */
#include "pdf/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define LINE_FACTOR 1.45f
#define FOOTER_SIZE 8.0f

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

/*
 * UTF-8 to the one-byte WinAnsi text the standard fonts print: Latin-1
 * code points as themselves, others as '?', control characters as spaces.
 * The result is malloc'd.
 */
static char *to_winansi(const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = xmalloc_at(n + 1, __FILE__, __LINE__);
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len;
		if (u[i] < 0x80) {
			cp = u[i];
			len = 1;
		} else if ((u[i] & 0xe0) == 0xc0 && i + 1 < n) {
			cp = ((unsigned)(u[i] & 0x1f) << 6) | (u[i + 1] & 0x3f);
			len = 2;
		} else {
			cp = '?';
			len = (u[i] & 0xf0) == 0xe0 ? 3 : (u[i] & 0xf8) == 0xf0 ? 4 : 1;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			cp = cp == '\n' ? '\n' : ' ';
		out[j++] = (char)(cp > 0xff ? '?' : cp);
		i += len;
		if (i > n)
			break;
	}
	out[j] = '\0';
	return out;
}

static void footer(struct pdf *d)
{
	char page[32];
	int n;
	if (d->failed || d->page == NULL)
		return;
	n = snprintf(page, sizeof(page), "Page %d", d->pages);
	if (n < 0 || (size_t)n >= sizeof(page))
		return;
	if (d->footer != NULL)
		pdf_text_at(d, PDF_MARGIN, PDF_MARGIN / 2, FOOTER_SIZE, false, false, d->footer);
	pdf_text_at(d, PDF_PAGE_WIDTH - PDF_MARGIN, PDF_MARGIN / 2, FOOTER_SIZE, false, true, page);
}

static void new_page(struct pdf *d)
{
	if (d->failed)
		return;
	d->page = HPDF_AddPage(d->doc);
	if (d->page == NULL) {
		on_error(HPDF_FAILD_TO_ALLOC_MEM, 0, d);
		return;
	}
	d->pages++;
	if (HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT) != HPDF_OK)
		return;
	d->y = PDF_PAGE_HEIGHT - PDF_MARGIN;
	footer(d);
}

enum tess_err pdf_begin(struct pdf *d, const char *title, const char *footer_text,
                        struct problem *p)
{
	memset(d, 0, sizeof(*d));
	d->footer = footer_text;
	d->doc = HPDF_New(on_error, d);
	if (d->doc == NULL)
		return problem_set(p, TESS_ERR_INTERNAL, NULL, NULL, "pdf: HPDF_New failed");
	(void)HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
	d->regular = HPDF_GetFont(d->doc, "Helvetica", "WinAnsiEncoding");
	d->bold = HPDF_GetFont(d->doc, "Helvetica-Bold", "WinAnsiEncoding");
	if (title != NULL) {
		char *t = to_winansi(title);
		(void)HPDF_SetInfoAttr(d->doc, HPDF_INFO_TITLE, t);
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
	if (HPDF_Page_SetFontAndSize(d->page, bold ? d->bold : d->regular, size) != HPDF_OK)
		return;
	if (right)
		x -= HPDF_Page_TextWidth(d->page, t);
	if (HPDF_Page_BeginText(d->page) != HPDF_OK)
		return;
	(void)HPDF_Page_TextOut(d->page, x, y, t);
	(void)HPDF_Page_EndText(d->page);
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

void pdf_line(struct pdf *d, float indent, float size, bool bold, const char *utf8)
{
	pdf_need(d, size * LINE_FACTOR);
	pdf_text_at(d, PDF_MARGIN + indent, d->y - size, size, bold, false, utf8);
	d->y -= size * LINE_FACTOR;
}

void pdf_paragraph(struct pdf *d, float size, const char *utf8)
{
	char *t, *line;
	if (d->failed || utf8 == NULL)
		return;
	t = to_winansi(utf8);
	line = t;
	while (!d->failed) {
		char *nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		/* Each source line wraps at word boundaries over the content width. */
		do {
			HPDF_UINT fit;
			char keep;
			pdf_need(d, size * LINE_FACTOR);
			if (d->failed ||
			    HPDF_Page_SetFontAndSize(d->page, d->regular, size) != HPDF_OK)
				break;
			fit = HPDF_Page_MeasureText(d->page, line, PDF_CONTENT_WIDTH, HPDF_TRUE,
			                            NULL);
			if (fit == 0) /* one word wider than the page: cut it */
				fit = HPDF_Page_MeasureText(d->page, line, PDF_CONTENT_WIDTH,
				                            HPDF_FALSE, NULL);
			if (fit == 0)
				fit = 1;
			if (fit > strlen(line))
				fit = (HPDF_UINT)strlen(line);
			keep = line[fit];
			line[fit] = '\0';
			text_raw(d, PDF_MARGIN, d->y - size, size, false, false, line);
			line[fit] = keep;
			d->y -= size * LINE_FACTOR;
			line += fit;
			while (*line == ' ')
				line++;
		} while (*line != '\0' && !d->failed);
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	free(t);
}

void pdf_rule(struct pdf *d)
{
	pdf_need(d, 8);
	if (d->failed)
		return;
	(void)HPDF_Page_SetLineWidth(d->page, 0.5f);
	(void)HPDF_Page_SetGrayStroke(d->page, 0.6f);
	(void)HPDF_Page_MoveTo(d->page, PDF_MARGIN, d->y - 3);
	(void)HPDF_Page_LineTo(d->page, PDF_PAGE_WIDTH - PDF_MARGIN, d->y - 3);
	(void)HPDF_Page_Stroke(d->page);
	d->y -= 8;
}

void pdf_gap(struct pdf *d, float h)
{
	d->y -= h;
}

void pdf_row(struct pdf *d, const struct pdf_col *cols, const char *const *cells, size_t n,
             float size, bool bold)
{
	pdf_need(d, size * LINE_FACTOR);
	for (size_t i = 0; i < n && !d->failed; i++) {
		char *t;
		size_t len;
		if (cells[i] == NULL)
			continue;
		t = to_winansi(cells[i]);
		if (HPDF_Page_SetFontAndSize(d->page, bold ? d->bold : d->regular, size) ==
		    HPDF_OK) {
			/* Cut the text to the column, marking the cut with "..". */
			len = strlen(t);
			while (len > 2 && HPDF_Page_TextWidth(d->page, t) > cols[i].width) {
				len--;
				t[len - 2] = '.';
				t[len - 1] = '.';
				t[len] = '\0';
			}
			text_raw(d, cols[i].right ? cols[i].x + cols[i].width : cols[i].x,
			         d->y - size, size, bold, cols[i].right, t);
		}
		free(t);
	}
	d->y -= size * LINE_FACTOR;
}

enum tess_err pdf_finish(struct pdf *d, unsigned char **out, size_t *len, struct problem *p)
{
	HPDF_UINT32 size, got;
	unsigned char *buf = NULL;

	*out = NULL;
	*len = 0;
	if (!d->failed)
		(void)HPDF_SaveToStream(d->doc);
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
