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
#define BLOCK_RIGHT (PDF_MARGIN + PDF_CONTENT_WIDTH / 2)

/* "1234.00 USD"; a negated amount (a discount shown as taken off) when negate. */
static void money_text(struct money m, bool negate, char out[48])
{
	char amount[32];
	int n;
	if (negate)
		m.minor = -m.minor;
	money_format(m, amount);
	n = snprintf(out, 48, "%s %s", amount, m.currency);
	if (n < 0 || n >= 48)
		out[0] = '\0';
}

/* Left and right blocks of label/value lines side by side, starting at the current y. */
static void two_blocks(struct pdf *d, const char *left_title, const char *const *left, size_t nl,
                       const char *right_title, const char *const *right, size_t nr)
{
	float top = d->y, step = BODY_SIZE * 1.45f;
	size_t rows = (nl > nr ? nl : nr) + 1;
	pdf_need(d, step * (float)rows);
	top = d->y;
	pdf_text_at(d, PDF_MARGIN, top - HEAD_SIZE, HEAD_SIZE, true, false, left_title);
	pdf_text_at(d, BLOCK_RIGHT, top - HEAD_SIZE, HEAD_SIZE, true, false, right_title);
	top -= HEAD_SIZE * 1.5f;
	for (size_t i = 0; i < nl; i++)
		pdf_text_at(d, PDF_MARGIN, top - BODY_SIZE - step * (float)i, BODY_SIZE, false,
		            false, left[i]);
	for (size_t i = 0; i < nr; i++)
		pdf_text_at(d, BLOCK_RIGHT, top - BODY_SIZE - step * (float)i, BODY_SIZE, false,
		            false, right[i]);
	d->y = top - step * (float)(rows - 1) - 4;
}

static void header(struct pdf *d, const struct quote_pdf *in, struct buf *b)
{
	const struct quote *q = in->q;
	char created[11], expires[11];

	date_format(date_of_ts(q->created_at), created);
	date_format(q->expires_on, expires);
	pdf_text_at(d, PDF_MARGIN, d->y - TITLE_SIZE, TITLE_SIZE, true, false, in->vendor_name);
	pdf_text_at(d, PDF_PAGE_WIDTH - PDF_MARGIN, d->y - TITLE_SIZE, TITLE_SIZE, true, true,
	            "QUOTE");
	d->y -= TITLE_SIZE * 1.8f;
	buf_clear(b);
	if (buf_printf(b, "Quote %s   Date %s   Valid until %s   Status %s", q->number, created,
	               expires, in->status))
		pdf_line(d, 0, HEAD_SIZE, false, b->data);
	pdf_rule(d);
}

/* The reseller and customer blocks (SPEC: reseller quotes carry both contacts). */
static void party_blocks(struct pdf *d, const struct quote_pdf *in)
{
	const struct quote *q = in->q;
	char partner_contact[256], tech[256], tax[64], ba[256];
	const char *left[4], *right[4];
	size_t nl = 0, nr = 0;
	int n;

	n = snprintf(partner_contact, sizeof(partner_contact), "Contact: %s <%s>",
	             q->created_by_name, q->created_by_email);
	if (n < 0 || (size_t)n >= sizeof(partner_contact))
		partner_contact[0] = '\0';
	n = snprintf(ba, sizeof(ba), "Billing account: %s", q->billing_account_name);
	if (n < 0 || (size_t)n >= sizeof(ba))
		ba[0] = '\0';
	left[nl++] = q->partner_name;
	left[nl++] = "Purchasing as reseller on behalf of the customer";
	left[nl++] = partner_contact;
	left[nl++] = ba;

	right[nr++] = q->customer_name;
	if (q->site_url != NULL && q->site_url[0] != '\0')
		right[nr++] = q->site_url;
	if (q->technical_contact_email[0] != '\0') {
		n = snprintf(tech, sizeof(tech), "Technical contact: %s <%s>",
		             q->technical_contact_name, q->technical_contact_email);
		if (n > 0 && (size_t)n < sizeof(tech))
			right[nr++] = tech;
	}
	n = snprintf(tax, sizeof(tax), "Billing address: %s%s%s", q->tax_country,
	             q->tax_state[0] != '\0' ? "-" : "", q->tax_state);
	if (n > 0 && (size_t)n < sizeof(tax))
		right[nr++] = tax;
	two_blocks(d, "Reseller", left, nl, "Customer", right, nr);
	pdf_gap(d, 6);
}

static const struct pdf_col line_cols[] = {
    {PDF_MARGIN, 16, false}, {66, 190, false}, {258, 110, false},
    {370, 30, true},         {402, 70, true},  {475, 72, true},
};

static void lines_table(struct pdf *d, const struct quote_pdf *in, struct buf *b)
{
	static const char *const head[] = {"#", "Item", "Term", "Qty", "List", "Amount"};

	pdf_row(d, line_cols, head, 6, BODY_SIZE, true);
	pdf_rule(d);
	for (size_t i = 0; i < in->nlines; i++) {
		const struct quote_line *l = &in->lines[i];
		char no[16], item[256], term[32], qty[16], list[48], amount[48];
		char start[11], end[11];
		const char *cells[6] = {no, item, term, qty, list, amount};
		int n1 = snprintf(no, sizeof(no), "%zu", i + 1);
		int n2 = snprintf(item, sizeof(item), "%s %s, %d users, %s%s", l->product_name,
		                  edition_name(l->edition), (int)l->user_tier,
		                  billing_period_name(l->period),
		                  l->action == ORDER_LINE_NEW     ? ""
		                  : l->action == ORDER_LINE_RENEW ? " (renewal)"
		                                                  : " (upgrade)");
		int n3;
		int n4 = snprintf(qty, sizeof(qty), "%d", (int)l->quantity);
		date_format(l->start_date, start);
		date_format(l->end_date, end);
		n3 = snprintf(term, sizeof(term), "%s to %s", start, end);
		if (n1 < 0 || n2 < 0 || n3 < 0 || n4 < 0)
			continue;
		money_text(l->list, false, list);
		money_text(l->amount, false, amount);
		pdf_row(d, line_cols, cells, 6, BODY_SIZE, false);
		buf_clear(b);
		if (l->eligibility_bp > 0) {
			char m[48];
			money_text(l->eligibility_discount, true, m);
			(void)buf_printf(b, "%s discount %d.%02d%%: %s", l->eligibility_kind,
			                 (int)(l->eligibility_bp / 100),
			                 (int)(l->eligibility_bp % 100), m);
		}
		if (l->tier_bp > 0) {
			char m[48];
			money_text(l->tier_discount, true, m);
			(void)buf_printf(b, "%spartner tier discount %d.%02d%%: %s",
			                 b->len > 0 ? "; " : "", (int)(l->tier_bp / 100),
			                 (int)(l->tier_bp % 100), m);
		}
		if (b->len > 0)
			pdf_line(d, 18, SMALL_SIZE, false, b->data);
	}
	pdf_rule(d);
}

/* One right-aligned label/amount pair of the totals. */
static void total_row(struct pdf *d, const char *label, struct money m, bool negate, bool bold)
{
	static const struct pdf_col cols[] = {{280, 170, true}, {455, 92, true}};
	char amount[48];
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
	pdf_line(d, 0, HEAD_SIZE, true, "How to pay");
	buf_clear(b);
	for (int m = 0; m < PAY__MAX; m++)
		if (payment_method_pays((enum payment_method)m) && (in->methods & PAYTERMS_BIT(m)) != 0)
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
	pdf_paragraph(d, BODY_SIZE,
	              (in->methods & PAYTERMS_BIT(PAY_NET30)) != 0
	                  ? "Net-30 terms are available for this quote."
	                  : "Net-30 terms are not available for this quote: they are offered "
	                    "on datacenter and cloud orders of 10,000.00 USD or more.");
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
