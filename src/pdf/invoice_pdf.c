/* An invoice as a PDF document, drawn with the pdf.h layer. */
#include "pdf/invoice_pdf.h"

#include <stdio.h>
#include <string.h>

#include "pdf/pdf.h"

/* "1234.50 USD" into out. */
static const char *money_text(struct money m, char out[48])
{
	char amount[32];
	money_format(m, amount);
	if (snprintf(out, 48, "%s %s", amount, m.currency) >= 48)
		out[0] = '\0';
	return out;
}

static const char *date_text(tdate d, char out[11])
{
	date_format(d, out);
	return out;
}

static void lines_table(struct pdf *d, const struct invoice_pdf *in)
{
	static const struct pdf_col cols[] = {
	    {PDF_MARGIN, 24, false},       {PDF_MARGIN + 26, 190, false},
	    {PDF_MARGIN + 218, 70, false}, {PDF_MARGIN + 290, 60, false},
	    {PDF_MARGIN + 352, 30, true},  {PDF_MARGIN + 384, 115, true},
	};
	static const char *const head[] = {"#", "Product", "Action", "Edition", "Qty", "Amount"};
	pdf_row(d, cols, head, 6, 9, true);
	pdf_rule(d);
	for (size_t i = 0; i < in->nlines; i++) {
		const struct billing_line *l = &in->lines[i];
		char no[12], product[160], qty[16], amount[48];
		const char *cells[6];
		if (snprintf(no, sizeof(no), "%d", (int)l->line_no) >= (int)sizeof(no) ||
		    snprintf(product, sizeof(product), "%s (%s, %d users, %s)", l->product_name,
		             hosting_name(l->hosting), (int)l->user_tier,
		             billing_period_name(l->period)) >= (int)sizeof(product) ||
		    snprintf(qty, sizeof(qty), "%d", (int)l->quantity) >= (int)sizeof(qty))
			product[sizeof(product) - 1] = '\0';
		cells[0] = no;
		cells[1] = product;
		cells[2] = l->action;
		cells[3] = edition_name(l->edition);
		cells[4] = qty;
		cells[5] = money_text(l->amount, amount);
		pdf_need(d, 14);
		pdf_row(d, cols, cells, 6, 9, false);
	}
	pdf_rule(d);
}

enum tess_err invoice_pdf_render(const struct invoice_pdf *in, unsigned char **out, size_t *len,
                                 struct problem *p)
{
	const struct invoice *v = in->inv;
	struct pdf d;
	char buf[256], m[48], d1[11], d2[11];
	enum tess_err err;

	memset(&d, 0, sizeof(d));
	err = pdf_begin(&d, v->number, in->vendor_name, p);
	if (err != TESS_OK)
		return err;
	pdf_line(&d, 0, 18, true, in->vendor_name);
	(void)snprintf(buf, sizeof(buf), "Invoice %s", v->number);
	pdf_line(&d, 0, 14, true, buf);
	(void)snprintf(buf, sizeof(buf), "Issued %s, due %s. Status: %s.",
	               date_text(v->issued_on, d1), date_text(v->due_on, d2),
	               invoice_status_name(v->status));
	pdf_line(&d, 0, 10, false, buf);
	(void)snprintf(buf, sizeof(buf), "Order %s", v->order_number);
	pdf_line(&d, 0, 10, false, buf);
	pdf_gap(&d, 8);
	(void)snprintf(buf, sizeof(buf), "Billed to: %s (reseller)", v->partner_name);
	pdf_line(&d, 0, 10, false, buf);
	(void)snprintf(buf, sizeof(buf), "End customer: %s", v->customer_name);
	pdf_line(&d, 0, 10, false, buf);
	pdf_gap(&d, 10);
	lines_table(&d, in);
	(void)snprintf(buf, sizeof(buf), "Net: %s", money_text(v->net, m));
	pdf_line(&d, 300, 10, false, buf);
	(void)snprintf(buf, sizeof(buf), "Tax (%lld.%04lld%%): %s",
	               (long long)(v->tax_rate_ppm / 10000), (long long)(v->tax_rate_ppm % 10000),
	               money_text(v->tax, m));
	pdf_line(&d, 300, 10, false, buf);
	(void)snprintf(buf, sizeof(buf), "Total: %s", money_text(v->total, m));
	pdf_line(&d, 300, 12, true, buf);
	pdf_gap(&d, 10);
	(void)snprintf(buf, sizeof(buf), "Terms: %s", v->net30 ? "net 30 days" : "due on receipt");
	pdf_line(&d, 0, 10, false, buf);
	buf[0] = '\0';
	for (int k = 0; k < PAY__MAX; k++) {
		if (!payment_method_pays((enum payment_method)k) || !(in->methods & (1u << k)))
			continue;
		size_t used = strlen(buf);
		(void)snprintf(buf + used, sizeof(buf) - used, "%s%s", used > 0 ? ", " : "",
		               payment_method_name((enum payment_method)k));
	}
	if (buf[0] != '\0') {
		char line[300];
		(void)snprintf(line, sizeof(line), "Accepted payment methods: %s", buf);
		pdf_line(&d, 0, 10, false, line);
	}
	if (in->pay != NULL) {
		(void)snprintf(buf, sizeof(buf), "Paid %s by %s on %s.",
		               money_text(in->pay->amount, m), payment_method_name(in->pay->method),
		               date_text(in->pay->paid_on, d1));
		pdf_line(&d, 0, 10, false, buf);
	}
	for (size_t i = 0; i < in->nrefunds; i++) {
		(void)snprintf(buf, sizeof(buf), "Refunded %s on %s, credit note %s.",
		               money_text(in->refunds[i].amount, m),
		               date_text(in->refunds[i].refunded_on, d1),
		               in->refunds[i].credit_note_number);
		pdf_line(&d, 0, 10, false, buf);
	}
	err = pdf_finish(&d, out, len, p);
	pdf_end(&d);
	return err;
}
