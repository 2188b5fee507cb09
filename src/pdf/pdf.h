/*
 * A small layer over libharu for Tessera's documents: A4 pages, two
 * standard fonts, lines of text, table rows, wrapped paragraphs, page
 * breaks, and the finished document as bytes.
 *
 * Text that may be long wraps within its box or column, measured with the
 * font's widths: at spaces, and inside a word longer than the box (an
 * email address). Whatever reaches the bottom margin continues on a new
 * page, under the header of the table being drawn, if any.
 *
 * Each document owns its libharu objects and its error record; nothing is
 * shared between documents, so threads may render at the same time.
 * Drawing calls after a libharu error do nothing; pdf_finish reports the
 * first error as TESS_ERR_INTERNAL. Text is UTF-8; the standard fonts
 * print WinAnsi (Windows-1252: Latin-1 with the euro sign, typographic
 * quotes and dashes), anything else as '?'.
 */
#ifndef TESSERA_PDF_PDF_H
#define TESSERA_PDF_PDF_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define PDF_PAGE_WIDTH 595.0f /* A4, points */
#define PDF_PAGE_HEIGHT 842.0f
#define PDF_MARGIN 48.0f
#define PDF_CONTENT_WIDTH (PDF_PAGE_WIDTH - 2 * PDF_MARGIN)
#define PDF_LINE_FACTOR 1.45f /* line height over font size */
#define PDF_ROW_CELLS_MAX 8

struct pdf_table;

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
	const char *footer;            /* printed at the bottom of every page, or NULL */
	const struct pdf_table *table; /* its header starts every new page, or NULL */
};

/* One table column: its left edge, its width, and whether its text is right-aligned. */
struct pdf_col {
	float x;
	float width;
	bool right;
};

/* A table's columns (at most PDF_ROW_CELLS_MAX) and its header, drawn bold at size. */
struct pdf_table {
	const struct pdf_col *cols;
	const char *const *head;
	size_t n;
	float size;
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
/* Text at (x, y), left-aligned or ending at x when right; not wrapped (short texts only). */
void pdf_text_at(struct pdf *d, float x, float y, float size, bool bold, bool right,
                 const char *utf8);
/* Text wrapped within [x, x + width], honouring newlines; moves y down past it. */
void pdf_text_box(struct pdf *d, float x, float width, float size, bool bold, const char *utf8);
/* Text from the left margin plus indent, wrapped within the content width; moves y down. */
void pdf_line(struct pdf *d, float indent, float size, bool bold, const char *utf8);
/* Regular text wrapped over the content width, honouring newlines; moves y down. */
void pdf_paragraph(struct pdf *d, float size, const char *utf8);
/* A horizontal rule across the content width; moves y down a little. */
void pdf_rule(struct pdf *d);
/* Moves y down by h points. */
void pdf_gap(struct pdf *d, float h);
/*
 * A table row: cells[i] (NULL: empty) wrapped within cols[i], honouring
 * newlines; the row is as tall as its tallest cell and moves to a new
 * page whole when it fits on one. n is at most PDF_ROW_CELLS_MAX (more
 * cells are not drawn). Moves y down past it.
 */
void pdf_row(struct pdf *d, const struct pdf_col *cols, const char *const *cells, size_t n,
             float size, bool bold);
/*
 * Two blocks side by side under their bold titles (the parties of a
 * document: who is billed, who the end customer is), kept together with
 * the start of their text, then a gap. titles and cells have two entries.
 */
void pdf_blocks(struct pdf *d, const struct pdf_col *cols, const char *const *titles,
                const char *const *cells, float title_size, float size);
/*
 * The height text takes wrapped within width (pdf_text_box), and the
 * height of a row (pdf_row), for keeping things together with pdf_keep.
 */
float pdf_text_height(struct pdf *d, float width, float size, bool bold, const char *utf8);
float pdf_row_height(struct pdf *d, const struct pdf_col *cols, const char *const *cells, size_t n,
                     float size, bool bold);
/*
 * Starts a new page when fewer than height points are left and a fresh
 * page (below the header of the table being drawn) would hold them: what
 * is that tall then stays on one page.
 */
void pdf_keep(struct pdf *d, float height);
/*
 * Draws t's header and a rule, on a new page when less than the header
 * and one row are left, and repeats them at the top of every page that
 * starts until pdf_table_end. t must outlive that.
 */
void pdf_table_begin(struct pdf *d, const struct pdf_table *t);
void pdf_table_end(struct pdf *d);

/* A postal address as documents print it; any member may be NULL or "". */
struct pdf_address {
	const char *line; /* the street */
	const char *city;
	const char *postal_code;
	const char *state;   /* the region's code, printed by its name (domain/places.h) */
	const char *country; /* ISO 3166-1 alpha-2, printed by its name */
};

/*
 * Appends the address to b as lines ('\n' between them): the street, then
 * city, region and postal code ("Portland, Oregon 97239"), then the
 * country; a code without a known name prints as it is, empty parts are
 * left out. False if b refuses to grow.
 */
bool pdf_address_text(const struct pdf_address *a, struct buf *b);

/*
 * Serializes the document into *out (malloc'd, the caller frees it) of
 * *len bytes. TESS_ERR_INTERNAL (with libharu's error code in the
 * message) if any call failed; nothing is allocated then.
 */
enum tess_err pdf_finish(struct pdf *d, unsigned char **out, size_t *len, struct problem *p);

#endif
