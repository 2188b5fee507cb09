/*
 * A quote as a PDF document (SPEC section 4: quotes as PDF): the vendor,
 * the quote number and dates, the partner (reseller) and customer blocks
 * (with the technical contact and the full billing address),
 * the priced lines with their discounts, the totals with tax, how the
 * quote may be paid, the notes and the manual-review message.
 */
#ifndef TESSERA_PDF_QUOTE_PDF_H
#define TESSERA_PDF_QUOTE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf/pdf.h"
#include "store/store.h"
#include "util/err.h"

struct quote_pdf {
	const char *vendor_name;
	const struct quote *q;
	const struct quote_line *lines;
	size_t nlines;
	const char *status;                 /* as the API shows it ("open", "expired", ...) */
	const char *tax_rate_text;          /* "7.25%" */
	uint32_t methods;                   /* PAYTERMS_BIT mask of accepted methods */
	const char *review_message;         /* NULL when the quote needs no review */
	struct pdf_address billing_address; /* the customer's, whose tax the quote bears */
};

/*
 * Renders the document into *out (malloc'd, the caller frees it) of *len
 * bytes. TESS_ERR_INTERNAL when the PDF library fails (the message says
 * which of its error codes); nothing is allocated then.
 */
enum tess_err quote_pdf_render(const struct quote_pdf *in, unsigned char **out, size_t *len,
                               struct problem *p);

#endif
