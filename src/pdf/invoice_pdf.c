/* An invoice as a PDF document, drawn with the pdf.h layer. */
#include "pdf/invoice_pdf.h"

#include <stdio.h>
#include <string.h>

#include "pdf/pdf.h"
#include "util/buf.h"

#define TITLE_SIZE 18.0f
#define HEAD_SIZE 11.0f
#define BODY_SIZE 9.0f
#define TEXT_SIZE 10.0f
#define BLOCK_GAP 12.0f
#define BLOCK_WIDTH ((PDF_CONTENT_WIDTH - BLOCK_GAP) / 2)

/* The amount for the reader ("$1,234.50") into out. */
static const char *money_text(struct money m, char out[MONEY_DISPLAY_MAX])
{
	money_format_display(m, out);
	return out;
}

static const char *date_text(tdate d, char out[11])
{
	date_format(d, out);
	return out;
}

static const struct pdf_col block_cols[] = {
    {PDF_MARGIN, BLOCK_WIDTH, false},
    {PDF_MARGIN + BLOCK_WIDTH + BLOCK_GAP, BLOCK_WIDTH, false},
};

/* The partner billed and the end customer with its billing address, side by side. */
static void party_blocks(struct pdf *d, const struct invoice_pdf *in)
{
	static const char *const titles[] = {"Billed to", "End customer"};
	struct buf left, right;
	const char *cells[2];

	buf_init(&left, 4096);
	buf_init(&right, 8192);
	(void)buf_printf(&left, "%s (reseller)", in->inv->partner_name);
	if (buf_printf(&right, "%s\nBilling address:\n", in->inv->customer_name))
		(void)pdf_address_text(&in->billing_address, &right);
	cells[0] = left.data;
	cells[1] = right.data;
	pdf_blocks(d, block_cols, titles, cells, HEAD_SIZE, BODY_SIZE);
	buf_cleanup(&left);
	buf_cleanup(&right);
}

/* #, product, action, edition, quantity and amount over the content width (48 to 547). */
static const struct pdf_col line_cols[] = {
    {PDF_MARGIN, 20, false}, {70, 200, false}, {274, 60, false},
    {336, 68, false},        {406, 36, true},  {447, 100, true},
};
static const char *const line_head[] = {"#", "Product", "Action", "Edition", "Qty", "Amount"};
static const struct pdf_table lines_table_def = {line_cols, line_head, 6, BODY_SIZE};

static void lines_table(struct pdf *d, const struct invoice_pdf *in)
{
	struct buf product;

	buf_init(&product, 4096);
	pdf_table_begin(d, &lines_table_def);
	for (size_t i = 0; i < in->nlines; i++) {
		const struct billing_line *l = &in->lines[i];
		char no[12], qty[16], amount[MONEY_DISPLAY_MAX];
		const char *cells[6];
		buf_clear(&product);
		if (snprintf(no, sizeof(no), "%d", (int)l->line_no) >= (int)sizeof(no) ||
		    snprintf(qty, sizeof(qty), "%d", (int)l->quantity) >= (int)sizeof(qty) ||
		    !buf_printf(&product, "%s (%s, %d users, %s)", l->product_name,
		                hosting_name(l->hosting), (int)l->user_tier,
		                billing_period_name(l->period)))
			continue;
		cells[0] = no;
		cells[1] = product.data;
		cells[2] = l->action;
		cells[3] = edition_name(l->edition);
		cells[4] = qty;
		cells[5] = money_text(l->amount, amount);
		pdf_row(d, line_cols, cells, 6, BODY_SIZE, false);
	}
	pdf_table_end(d);
	buf_cleanup(&product);
	pdf_rule(d);
}

/* One right-aligned label/amount pair of the totals. */
static void total_row(struct pdf *d, const char *label, struct money m, bool bold)
{
	static const struct pdf_col cols[] = {{240, 200, true}, {447, 100, true}};
	char amount[MONEY_DISPLAY_MAX];
	const char *cells[2] = {label, amount};
	money_text(m, amount);
	pdf_row(d, cols, cells, 2, bold ? HEAD_SIZE : BODY_SIZE, bold);
}

static void payments(struct pdf *d, const struct invoice_pdf *in, struct buf *b)
{
	const struct invoice *v = in->inv;
	char m[MONEY_DISPLAY_MAX], d1[11];

	buf_clear(b);
	if (buf_printf(b, "Terms: %s", v->net30 ? "net 30 days" : "due on receipt"))
		pdf_line(d, 0, TEXT_SIZE, false, b->data);
	buf_clear(b);
	for (int k = 0; k < PAY__MAX; k++) {
		if (!payment_method_pays((enum payment_method)k) || !(in->methods & (1u << k)))
			continue;
		(void)buf_printf(b, "%s%s", b->len > 0 ? ", " : "Accepted payment methods: ",
		                 payment_method_name((enum payment_method)k));
	}
	if (b->len > 0)
		pdf_line(d, 0, TEXT_SIZE, false, b->data);
	if (in->pay != NULL) {
		buf_clear(b);
		if (buf_printf(b, "Paid %s by %s on %s.", money_text(in->pay->amount, m),
		               payment_method_name(in->pay->method),
		               date_text(in->pay->paid_on, d1)))
			pdf_line(d, 0, TEXT_SIZE, false, b->data);
	}
	for (size_t i = 0; i < in->nrefunds; i++) {
		buf_clear(b);
		if (buf_printf(b, "Refunded %s on %s, credit note %s.",
		               money_text(in->refunds[i].amount, m),
		               date_text(in->refunds[i].refunded_on, d1),
		               in->refunds[i].credit_note_number))
			pdf_line(d, 0, TEXT_SIZE, false, b->data);
	}
}

enum tess_err invoice_pdf_render(const struct invoice_pdf *in, unsigned char **out, size_t *len,
                                 struct problem *p)
{
	const struct invoice *v = in->inv;
	struct pdf d;
	struct buf b;
	char d1[11], d2[11];
	enum tess_err err;

	memset(&d, 0, sizeof(d));
	err = pdf_begin(&d, v->number, in->vendor_name, p);
	if (err != TESS_OK)
		return err;
	buf_init(&b, 4096);
	pdf_line(&d, 0, TITLE_SIZE, true, in->vendor_name);
	if (buf_printf(&b, "Invoice %s", v->number))
		pdf_line(&d, 0, 14, true, b.data);
	buf_clear(&b);
	if (buf_printf(&b, "Issued %s, due %s. Status: %s.", date_text(v->issued_on, d1),
	               date_text(v->due_on, d2), invoice_status_name(v->status)))
		pdf_line(&d, 0, TEXT_SIZE, false, b.data);
	buf_clear(&b);
	if (buf_printf(&b, "Order %s", v->order_number))
		pdf_line(&d, 0, TEXT_SIZE, false, b.data);
	pdf_gap(&d, 8);
	party_blocks(&d, in);
	lines_table(&d, in);
	total_row(&d, "Net", v->net, false);
	buf_clear(&b);
	if (buf_printf(&b, "Tax (%lld.%04lld%%)", (long long)(v->tax_rate_ppm / 10000),
	               (long long)(v->tax_rate_ppm % 10000)))
		total_row(&d, b.data, v->tax, false);
	total_row(&d, "Total", v->total, true);
	pdf_gap(&d, 10);
	payments(&d, in, &b);
	buf_cleanup(&b);
	err = pdf_finish(&d, out, len, p);
	pdf_end(&d);
	return err;
}
