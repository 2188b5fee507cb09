/*
 * An invoice as a PDF document: the vendor, the invoice number and dates,
 * the partner billed and the customer with its billing address, the lines of its order, net, tax
 * and total, the terms and accepted payment methods, and its payment and
 * refunds (credit notes) when there are any.
 */
#ifndef TESSERA_PDF_INVOICE_PDF_H
#define TESSERA_PDF_INVOICE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf/pdf.h"
#include "store/store.h"
#include "util/err.h"

struct invoice_pdf {
	const char *vendor_name;
	const struct invoice *inv;
	const struct billing_line *lines;
	size_t nlines;
	uint32_t methods;          /* PAYTERMS_BIT mask of accepted methods */
	const struct payment *pay; /* NULL when unpaid */
	const struct refund *refunds;
	size_t nrefunds;
	struct pdf_address billing_address; /* the customer's (SPEC rule 8) */
};

/*
 * Renders the document into *out (malloc'd, the caller frees it) of *len
 * bytes. TESS_ERR_INTERNAL when the PDF library fails; nothing is
 * allocated then.
 */
enum tess_err invoice_pdf_render(const struct invoice_pdf *in, unsigned char **out, size_t *len,
                                 struct problem *p);

#endif
