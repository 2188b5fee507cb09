/*
 * A small layer over libharu for Tessera's documents: A4 pages, two
 * standard fonts, lines of text, table rows, wrapped paragraphs, page
 * breaks, and the finished document as bytes.
 *
 * Each document owns its libharu objects and its error record; nothing is
 * shared between documents, so threads may render at the same time.
 * Drawing calls after a libharu error do nothing; pdf_finish reports the
 * first error as TESS_ERR_INTERNAL. Text is UTF-8; characters outside
 * Latin-1 print as '?' (the standard fonts use WinAnsiEncoding).
 */
#ifndef TESSERA_PDF_PDF_H
#define TESSERA_PDF_PDF_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define PDF_PAGE_WIDTH 595.0f /* A4, points */
#define PDF_PAGE_HEIGHT 842.0f
#define PDF_MARGIN 48.0f
#define PDF_CONTENT_WIDTH (PDF_PAGE_WIDTH - 2 * PDF_MARGIN)

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Font regular;
	HPDF_Font bold;
	float y; /* baseline of the next line, from the page's bottom */
	int pages;
	bool failed; /* a libharu call failed: error and detail tell which */
	unsigned long error;
	unsigned long detail;
	const char *footer; /* printed at the bottom of every page, or NULL */
};

/* One table column: its left edge, its width, and whether its text is right-aligned. */
struct pdf_col {
	float x;
	float width;
	bool right;
};

/*
 * Starts a document with one page; title goes into its metadata and
 * footer (may be NULL) at the bottom of every page. TESS_ERR_INTERNAL if
 * libharu cannot start one. Every started document is ended by pdf_end.
 */
enum tess_err pdf_begin(struct pdf *d, const char *title, const char *footer, struct problem *p);
/* Frees the document. A zeroed struct pdf is a no-op. */
void pdf_end(struct pdf *d);

/* Starts a new page when fewer than height points are left above the bottom margin. */
void pdf_need(struct pdf *d, float height);
/* Text at (x, y), left-aligned or ending at x when right. */
void pdf_text_at(struct pdf *d, float x, float y, float size, bool bold, bool right,
                 const char *utf8);
/* One line at the left margin plus indent; moves y down by the line height. */
void pdf_line(struct pdf *d, float indent, float size, bool bold, const char *utf8);
/* Wrapped text over the content width, honouring newlines; moves y down. */
void pdf_paragraph(struct pdf *d, float size, const char *utf8);
/* A horizontal rule across the content width; moves y down a little. */
void pdf_rule(struct pdf *d);
/* Moves y down by h points. */
void pdf_gap(struct pdf *d, float h);
/* A table row: cells[i] in cols[i], cut to fit its width; moves y down. */
void pdf_row(struct pdf *d, const struct pdf_col *cols, const char *const *cells, size_t n,
             float size, bool bold);

/*
 * Serializes the document into *out (malloc'd, the caller frees it) of
 * *len bytes. TESS_ERR_INTERNAL (with libharu's error code in the
 * message) if any call failed; nothing is allocated then.
 */
enum tess_err pdf_finish(struct pdf *d, unsigned char **out, size_t *len, struct problem *p);

#endif
