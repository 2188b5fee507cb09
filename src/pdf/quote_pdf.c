/* A quote as a PDF (pdf/quote_pdf.h), laid out with the helpers of pdf/pdf.h. */
#include "pdf/quote_pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/payment_terms.h"
#include "pdf/pdf.h"
#include "util/buf.h"

#define TITLE_SIZE 18.0f
#define HEAD_SIZE 11.0f
#define BODY_SIZE 9.0f
#define SMALL_SIZE 8.0f
#define TITLE_RIGHT_WIDTH 90.0f /* room kept for "QUOTE" beside the vendor's name */
#define BLOCK_GAP 12.0f
#define BLOCK_WIDTH ((PDF_CONTENT_WIDTH - BLOCK_GAP) / 2)

/* The amount for the reader ("$1,234.00"); negated (a discount shown as taken off) when negate. */
static const char *money_text(struct money m, bool negate, char out[MONEY_DISPLAY_MAX])
{
	if (negate)
		m.minor = -m.minor;
	money_format_display(m, out);
	return out;
}

static void header(struct pdf *d, const struct quote_pdf *in, struct buf *b)
{
	const struct quote *q = in->q;
	char created[11], expires[11];

	date_format(date_of_ts(q->created_at), created);
	date_format(q->expires_on, expires);
	pdf_text_at(d, PDF_PAGE_WIDTH - PDF_MARGIN, d->y - TITLE_SIZE, TITLE_SIZE, true, true,
	            "QUOTE");
	pdf_text_box(d, PDF_MARGIN, PDF_CONTENT_WIDTH - TITLE_RIGHT_WIDTH, TITLE_SIZE, true,
	             in->vendor_name);
	pdf_gap(d, TITLE_SIZE * 0.35f);
	buf_clear(b);
	if (buf_printf(b, "Quote %s   Date %s   Valid until %s   Status %s", q->number, created,
	               expires, in->status))
		pdf_line(d, 0, HEAD_SIZE, false, b->data);
	pdf_rule(d);
}

static const struct pdf_col block_cols[] = {
    {PDF_MARGIN, BLOCK_WIDTH, false},
    {PDF_MARGIN + BLOCK_WIDTH + BLOCK_GAP, BLOCK_WIDTH, false},
};

/*
 * The reseller and customer blocks side by side (SPEC: reseller quotes
 * carry both contacts), each wrapped within its half of the page.
 */
static void party_blocks(struct pdf *d, const struct quote_pdf *in)
{
	static const char *const titles[] = {"Reseller", "Customer"};
	const struct quote *q = in->q;
	struct buf left, right;
	const char *cells[2];

	buf_init(&left, 8192);
	buf_init(&right, 8192);
	(void)buf_printf(&left,
	                 "%s\nPurchasing as reseller on behalf of the customer\n"
	                 "Contact: %s\n%s\nBilling account: %s",
	                 q->partner_name, q->created_by_name, q->created_by_email,
	                 q->billing_account_name);
	(void)buf_puts(&right, q->customer_name);
	if (q->site_url != NULL && q->site_url[0] != '\0')
		(void)buf_printf(&right, "\n%s", q->site_url);
	if (q->technical_contact_email[0] != '\0')
		(void)buf_printf(&right, "\nTechnical contact: %s\n%s", q->technical_contact_name,
		                 q->technical_contact_email);
	if (buf_puts(&right, "\nBilling address:\n"))
		(void)pdf_address_text(&in->billing_address, &right);
	cells[0] = left.data;
	cells[1] = right.data;
	pdf_blocks(d, block_cols, titles, cells, HEAD_SIZE, BODY_SIZE);
	buf_cleanup(&left);
	buf_cleanup(&right);
}

/* #, item, term, quantity, list price and amount over the content width (48 to 547). */
static const struct pdf_col line_cols[] = {
    {PDF_MARGIN, 18, false}, {68, 170, false}, {242, 62, false},
    {306, 34, true},         {344, 100, true}, {447, 100, true},
};
static const char *const line_head[] = {"#", "Item", "Term", "Qty", "List", "Amount"};
static const struct pdf_table lines_table_def = {line_cols, line_head, 6, BODY_SIZE};

#define DISCOUNT_WIDTH (PDF_PAGE_WIDTH - PDF_MARGIN - 68)

/* The line's discounts as taken off ("partner tier discount 20.00%: -$25.00") into b. */
static void discounts_text(const struct quote_line *l, struct buf *b)
{
	buf_clear(b);
	if (l->eligibility_bp > 0) {
		char m[MONEY_DISPLAY_MAX];
		money_text(l->eligibility_discount, true, m);
		(void)buf_printf(b, "%s discount %d.%02d%%: %s", l->eligibility_kind,
		                 (int)(l->eligibility_bp / 100), (int)(l->eligibility_bp % 100), m);
	}
	if (l->tier_bp > 0) {
		char m[MONEY_DISPLAY_MAX];
		money_text(l->tier_discount, true, m);
		(void)buf_printf(b, "%spartner tier discount %d.%02d%%: %s", b->len > 0 ? "; " : "",
		                 (int)(l->tier_bp / 100), (int)(l->tier_bp % 100), m);
	}
}

static void lines_table(struct pdf *d, const struct quote_pdf *in, struct buf *b)
{
	struct buf disc;

	buf_init(&disc, 4096);
	pdf_table_begin(d, &lines_table_def);
	for (size_t i = 0; i < in->nlines; i++) {
		const struct quote_line *l = &in->lines[i];
		char no[24], term[32], qty[16], list[MONEY_DISPLAY_MAX], amount[MONEY_DISPLAY_MAX];
		char start[11], end[11];
		const char *cells[6] = {no, NULL, term, qty, list, amount};
		int n1 = snprintf(no, sizeof(no), "%zu", i + 1);
		int n3;
		int n4 = snprintf(qty, sizeof(qty), "%d", (int)l->quantity);

		buf_clear(b);
		if (!buf_printf(b, "%s %s, %d users, %s%s", l->product_name,
		                edition_name(l->edition), (int)l->user_tier,
		                billing_period_name(l->period),
		                l->action == ORDER_LINE_NEW     ? ""
		                : l->action == ORDER_LINE_RENEW ? " (renewal)"
		                                                : " (upgrade)"))
			continue;
		cells[1] = b->data;
		date_format(l->start_date, start);
		date_format(l->end_date, end);
		n3 = snprintf(term, sizeof(term), "%s to %s", start, end);
		if (n1 < 0 || n3 < 0 || n4 < 0)
			continue;
		money_text(l->list, false, list);
		money_text(l->amount, false, amount);
		discounts_text(l, &disc);
		/* The row and its discounts stay on one page. */
		pdf_keep(d, pdf_row_height(d, line_cols, cells, 6, BODY_SIZE, false) +
		                (disc.len > 0 ? pdf_text_height(d, DISCOUNT_WIDTH, SMALL_SIZE,
		                                                false, disc.data)
		                              : 0));
		pdf_row(d, line_cols, cells, 6, BODY_SIZE, false);
		if (disc.len > 0)
			pdf_text_box(d, line_cols[1].x, DISCOUNT_WIDTH, SMALL_SIZE, false,
			             disc.data);
	}
	pdf_table_end(d);
	buf_cleanup(&disc);
	pdf_rule(d);
}

/* One right-aligned label/amount pair of the totals. */
static void total_row(struct pdf *d, const char *label, struct money m, bool negate, bool bold)
{
	static const struct pdf_col cols[] = {{240, 200, true}, {447, 100, true}};
	char amount[MONEY_DISPLAY_MAX];
	const char *cells[2] = {label, amount};
	money_text(m, negate, amount);
	pdf_row(d, cols, cells, 2, bold ? HEAD_SIZE : BODY_SIZE, bold);
}

static void totals(struct pdf *d, const struct quote_pdf *in, struct buf *b)
{
	const struct quote *q = in->q;
	total_row(d, "Subtotal", q->subtotal, false, false);
	total_row(d, "Discounts", q->discount, true, false);
	if (q->markup.minor != 0)
		total_row(d, "Markup", q->markup, false, false);
	total_row(d, "Net", q->net, false, false);
	buf_clear(b);
	if (buf_printf(b, "%s %s", q->tax_label[0] != '\0' ? q->tax_label : "Tax",
	               in->tax_rate_text))
		total_row(d, b->data, q->tax, false, false);
	total_row(d, "Total", q->total, false, true);
	pdf_gap(d, 8);
}

static void payment(struct pdf *d, const struct quote_pdf *in, struct buf *b)
{
	char threshold[MONEY_DISPLAY_MAX];

	pdf_line(d, 0, HEAD_SIZE, true, "How to pay");
	buf_clear(b);
	for (int m = 0; m < PAY__MAX; m++)
		if (payment_method_pays((enum payment_method)m) &&
		    (in->methods & PAYTERMS_BIT(m)) != 0)
			(void)buf_printf(b, "%s%s", b->len > 0 ? ", " : "",
			                 payment_method_label((enum payment_method)m));
	if (b->len > 0) {
		char *methods = buf_take(b);
		(void)buf_printf(b, "Accepted payment methods: %s.", methods);
		free(methods);
	} else {
		(void)buf_puts(b, "No payment method accepts this quote as it stands.");
	}
	pdf_paragraph(d, BODY_SIZE, b->data);
	buf_clear(b);
	money_format_display(money_make(PAYTERMS_NET30_MIN_USD_MINOR, "USD"), threshold);
	if ((in->methods & PAYTERMS_BIT(PAY_NET30)) != 0)
		(void)buf_puts(b, "Net-30 terms are available for this quote.");
	else
		(void)buf_printf(b,
		                 "Net-30 terms are not available for this quote: they are offered "
		                 "on datacenter and cloud orders of %s (USD) or more.",
		                 threshold);
	pdf_paragraph(d, BODY_SIZE, b->data);
	pdf_gap(d, 6);
}

static void notes(struct pdf *d, const struct quote_pdf *in)
{
	const struct quote *q = in->q;
	if (q->coterm_end != 0) {
		char end[11], line[96];
		int n;
		date_format(q->coterm_end, end);
		n = snprintf(line, sizeof(line),
		             "Co-term: every line ends on %s, at a prorated price.", end);
		if (n > 0 && (size_t)n < sizeof(line))
			pdf_paragraph(d, BODY_SIZE, line);
	}
	if (q->notes[0] != '\0') {
		pdf_line(d, 0, HEAD_SIZE, true, "Notes");
		pdf_paragraph(d, BODY_SIZE, q->notes);
		pdf_gap(d, 6);
	}
	if (in->review_message != NULL) {
		pdf_line(d, 0, HEAD_SIZE, true, "Manual review");
		pdf_paragraph(d, BODY_SIZE, in->review_message);
	}
}

enum tess_err quote_pdf_render(const struct quote_pdf *in, unsigned char **out, size_t *len,
                               struct problem *p)
{
	struct pdf d;
	struct buf b;
	char footer[160];
	enum tess_err err;
	int n = snprintf(footer, sizeof(footer), "%s - quote %s", in->vendor_name, in->q->number);

	if (n < 0 || (size_t)n >= sizeof(footer))
		footer[0] = '\0';
	err = pdf_begin(&d, footer, footer, p);
	if (err != TESS_OK)
		return err;
	buf_init(&b, 4096);
	header(&d, in, &b);
	party_blocks(&d, in);
	lines_table(&d, in, &b);
	totals(&d, in, &b);
	payment(&d, in, &b);
	notes(&d, in);
	buf_cleanup(&b);
	err = pdf_finish(&d, out, len, p);
	pdf_end(&d);
	return err;
}
