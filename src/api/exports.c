/*
 * Exports (SPEC rule 21): every row of the subscription, order and invoice
 * lists, with the same filters and tenancy as the list (api/list_filters.h),
 * as CSV or, for subscriptions, as an Excel workbook.
 *
 * CSV is streamed (req_reply_stream): a header row, then one batch of
 * EXPORT_BATCH rows at a time, read by the list's keyset cursor each in a
 * snapshot of its own, the next only once the client has taken the one
 * before. The workbook is written off the worker's loop (req_offload) by
 * libxlsxwriter in its constant-memory mode to a temporary file, from one
 * snapshot on a connection of the job's own, then sent as a file.
 *
 * Each row becomes cells (struct cell), which both writers take: text,
 * whole numbers, dates (ISO dates in CSV, dates in Excel), amounts (plain
 * decimals in CSV, numbers with a number format in Excel, the currency in
 * a column of its own so that a spreadsheet can sum them) and "-" where
 * SPEC rule 16 hides an amount, exactly as the lists hide it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "api/api.h"
#include "api/list_filters.h"
#include "api/render.h"
#include "domain/lifecycle.h"
#include "domain/price_visibility.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* Rows per batch: one read and one piece of the reply. */
#define EXPORT_BATCH 500
/* The batch arena's chunk: a batch of subscriptions takes about 300 KiB. */
#define EXPORT_ARENA_CHUNK (256 * 1024)
/* (partner, product) pairs whose storefront entry a customer's export remembers. */
#define PUBLISHED_CACHE 64
#define CELLS_MAX 20

#define CSV_TYPE "text/csv; charset=utf-8"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

enum cell_type {
	CELL_TEXT,    /* text (a CSV cell starting with = + - @ is guarded) */
	CELL_INT,     /* a whole number */
	CELL_DATE,    /* a date; 0 leaves the cell empty */
	CELL_MONEY,   /* an amount in its currency's minor units */
	CELL_PERCENT, /* basis points, shown as a percentage number (12.50) */
	CELL_HIDDEN,  /* an amount the reader may not see: "-" */
};

struct cell {
	enum cell_type type;
	const char *text;
	int64_t n;
	tdate date;
	struct money money;
};

struct column {
	const char *title;
	double width; /* in the workbook, in characters */
};

struct export_job;

/* What one export reads and how a row becomes cells. */
struct export_kind {
	const char *name; /* the file's name starts with it; the worksheet's name */
	const char *sheet;
	const struct column *cols;
	size_t ncols;
	/* The next batch after x->after_pk into x->batch: *n rows at *rows, x->after_pk moved on.
	 */
	enum tess_err (*batch)(struct store_conn *c, struct export_job *x, const void **rows,
	                       size_t *n, bool *more);
	size_t row_size;
	enum tess_err (*cells)(struct store_conn *c, struct export_job *x, const void *row,
	                       struct cell *out);
};

struct published_entry {
	int64_t partner_pk, product_pk;
	bool published;
};

/*
 * One export in flight. It copies what it needs of the request, so that
 * the workbook's job, on another thread, touches nothing else.
 */
struct export_job {
	const struct export_kind *kind;
	struct store *store;
	struct tenancy tenancy;
	enum role role;
	tdate today;
	struct sub_filter subs;
	struct order_filter orders;
	char invoice_status[32]; /* "" for any */
	int64_t after_pk;
	bool started, more;
	struct arena batch; /* the current batch's rows, reset for each */
	struct published_entry published[PUBLISHED_CACHE];
	size_t npublished, next_published;
	/* The workbook's job: its outcome, and the file it leaves. */
	enum tess_err err;
	int fd;
	size_t size;
};

/* ---- Cells ---- */

static struct cell text_cell(const char *s)
{
	return (struct cell){.type = CELL_TEXT, .text = s != NULL ? s : ""};
}

static struct cell int_cell(int64_t n)
{
	return (struct cell){.type = CELL_INT, .n = n};
}

static struct cell date_cell(tdate d)
{
	return (struct cell){.type = CELL_DATE, .date = d};
}

static struct cell money_cell(bool visible, struct money m)
{
	return visible ? (struct cell){.type = CELL_MONEY, .money = m}
	               : (struct cell){.type = CELL_HIDDEN};
}

/* ---- Subscriptions ---- */

static const struct column sub_cols[] = {
    {"Entitlement number", 20},
    {"Product", 28},
    {"Kind", 9},
    {"Plan", 11},
    {"Customer", 26},
    {"Partner", 26},
    {"Site", 34},
    {"Status", 10},
    {"Quantity", 9},
    {"Active users", 12},
    {"Start date", 11},
    {"Bill date", 11},
    {"Billing period", 13},
    {"Unit price", 12},
    {"Discount %", 11},
    {"Total", 13},
    {"Currency", 9},
    {"Subscription ID", 30},
};

static enum tess_err sub_batch(struct store_conn *c, struct export_job *x, const void **rows,
                               size_t *n, bool *more)
{
	struct subscription *s = NULL;
	enum tess_err err;

	x->subs.after_pk = x->after_pk;
	x->subs.limit = EXPORT_BATCH;
	err = store_subscription_list(c, x->tenancy, &x->subs, &x->batch, &s, n, more);
	if (err == TESS_OK && *n > 0)
		x->after_pk = s[*n - 1].pk;
	*rows = s;
	return err;
}

/*
 * Whether the partner publishes the product on its storefront, which is
 * what a customer contact may see the price of (SPEC rule 16); the few
 * pairs of one customer's rows are remembered.
 */
static enum tess_err published_on_storefront(struct store_conn *c, struct export_job *x,
                                             int64_t partner_pk, int64_t product_pk, bool *out)
{
	struct published_entry *e;
	bool found = false, published = false;
	int32_t markup = 0;
	enum tess_err err;

	for (size_t i = 0; i < x->npublished; i++)
		if (x->published[i].partner_pk == partner_pk &&
		    x->published[i].product_pk == product_pk) {
			*out = x->published[i].published;
			return TESS_OK;
		}
	err = store_storefront_item_get(c, partner_pk, product_pk, &found, &markup, &published);
	if (err != TESS_OK)
		return err;
	*out = found && published;
	if (x->npublished < PUBLISHED_CACHE)
		e = &x->published[x->npublished++];
	else
		e = &x->published[x->next_published++ % PUBLISHED_CACHE];
	*e = (struct published_entry){partner_pk, product_pk, *out};
	return TESS_OK;
}

/*
 * SPEC rule 16 for a subscription's price, as for an item on a storefront
 * order: vendor staff and partner users see the unit price, the partner's
 * discount and the total; a customer contact sees what it pays (the unit
 * price after the discount, and the total) for a product its partner
 * publishes on its storefront, and "-" otherwise; never the discount.
 */
static enum tess_err sub_cells(struct store_conn *c, struct export_job *x, const void *row,
                               struct cell *out)
{
	const struct subscription *s = row;
	bool published = false;
	enum price_visibility vis;
	struct money discount, net, total;
	const char *site = "";
	enum tess_err err = TESS_OK;

	if (x->role == ROLE_CUSTOMER_CONTACT)
		err = published_on_storefront(c, x, s->partner_pk, s->product_pk, &published);
	if (err != TESS_OK)
		return err;
	vis = price_visibility_for(x->role, ORDER_BY_CUSTOMER, published);
	err = money_percent(s->unit_price, s->discount_bp, &discount);
	if (err == TESS_OK)
		err = money_sub(s->unit_price, discount, &net);
	if (err == TESS_OK)
		err = money_mul(net, s->quantity, &total);
	if (err != TESS_OK)
		return err;
	if (s->site_pk != 0)
		site = s->site_url;
	else if (sub_site_setup_required(s, x->today))
		site = "Site setup required";
	out[0] = text_cell(s->entitlement_number);
	out[1] = text_cell(s->product_name);
	out[2] = text_cell(product_kind_name(s->kind));
	out[3] = text_cell(edition_name(s->edition));
	out[4] = text_cell(s->customer_name);
	out[5] = text_cell(s->partner_name);
	out[6] = text_cell(site);
	out[7] = text_cell(sub_status_name(sub_status_on(s, x->today)));
	out[8] = int_cell(s->quantity);
	out[9] = int_cell(s->active_users);
	out[10] = date_cell(s->start_date);
	out[11] = date_cell(s->period_end);
	out[12] = text_cell(billing_period_name(s->period));
	out[13] =
	    money_cell(price_paid_visible(vis), price_breakdown_visible(vis) ? s->unit_price : net);
	out[14] = price_breakdown_visible(vis)
	              ? (struct cell){.type = CELL_PERCENT, .n = s->discount_bp}
	              : (struct cell){.type = CELL_HIDDEN};
	out[15] = money_cell(price_paid_visible(vis), total);
	out[16] = text_cell(s->unit_price.currency);
	out[17] = text_cell(s->id);
	return TESS_OK;
}

static const struct export_kind sub_export = {
    "subscriptions", "Subscriptions",
    sub_cols,        sizeof(sub_cols) / sizeof(sub_cols[0]),
    sub_batch,       sizeof(struct subscription),
    sub_cells,
};

/* ---- Orders ---- */

static const struct column order_cols[] = {
    {"Number", 16},  {"Status", 26}, {"Placed by", 24}, {"Date", 11},     {"Customer", 26},
    {"Partner", 26}, {"Total", 13},  {"Currency", 9},   {"Order ID", 30},
};

static enum tess_err order_batch(struct store_conn *c, struct export_job *x, const void **rows,
                                 size_t *n, bool *more)
{
	struct order *o = NULL;
	enum tess_err err;

	x->orders.after_pk = x->after_pk;
	x->orders.limit = EXPORT_BATCH;
	err = store_order_list(c, x->tenancy, &x->orders, &x->batch, &o, n, more);
	if (err == TESS_OK && *n > 0)
		x->after_pk = o[*n - 1].pk;
	*rows = o;
	return err;
}

/* SPEC rule 16: the total as the orders list shows it (orders_json), or "-". */
static enum tess_err order_cells(struct store_conn *c, struct export_job *x, const void *row,
                                 struct cell *out)
{
	const struct order *o = row;
	bool amounts =
	    price_paid_visible(price_visibility_for(x->role, o->origin, o->all_published));
	(void)c;
	out[0] = text_cell(o->number);
	out[1] = text_cell(order_status_name(o->status));
	out[2] = text_cell(o->placed_by_name);
	out[3] = date_cell(date_of_ts(o->created_at));
	out[4] = text_cell(o->customer_name);
	out[5] = text_cell(o->partner_name);
	out[6] = money_cell(amounts, o->total);
	out[7] = text_cell(o->currency);
	out[8] = text_cell(o->id);
	return TESS_OK;
}

static const struct export_kind order_export = {
    "orders",    "Orders",
    order_cols,  sizeof(order_cols) / sizeof(order_cols[0]),
    order_batch, sizeof(struct order),
    order_cells,
};

/* ---- Invoices ---- */

static const struct column invoice_cols[] = {
    {"Number", 16}, {"Status", 10},    {"Order", 16},   {"Customer", 26},   {"Partner", 26},
    {"Terms", 14},  {"Issued on", 11}, {"Due on", 11},  {"Paid on", 11},    {"Net", 13},
    {"Tax", 12},    {"Total", 13},     {"Currency", 9}, {"Invoice ID", 30},
};

static enum tess_err invoice_batch(struct store_conn *c, struct export_job *x, const void **rows,
                                   size_t *n, bool *more)
{
	struct invoice *v = NULL;
	enum tess_err err = store_invoice_list(
	    c, x->tenancy, x->invoice_status[0] != '\0' ? x->invoice_status : NULL, x->after_pk,
	    EXPORT_BATCH, &x->batch, &v, n, more);
	if (err == TESS_OK && *n > 0)
		x->after_pk = v[*n - 1].pk;
	*rows = v;
	return err;
}

/* Invoices are read by vendor staff and partners only, who see every amount. */
static enum tess_err invoice_cells(struct store_conn *c, struct export_job *x, const void *row,
                                   struct cell *out)
{
	const struct invoice *v = row;
	(void)c;
	(void)x;
	out[0] = text_cell(v->number);
	out[1] = text_cell(invoice_status_name(v->status));
	out[2] = text_cell(v->order_number);
	out[3] = text_cell(v->customer_name);
	out[4] = text_cell(v->partner_name);
	out[5] = text_cell(v->net30 ? "net30" : "due_on_receipt");
	out[6] = date_cell(v->issued_on);
	out[7] = date_cell(v->due_on);
	out[8] = date_cell(v->paid_on);
	out[9] = money_cell(true, v->net);
	out[10] = money_cell(true, v->tax);
	out[11] = money_cell(true, v->total);
	out[12] = text_cell(v->total.currency);
	out[13] = text_cell(v->id);
	return TESS_OK;
}

static const struct export_kind invoice_export = {
    "invoices",    "Invoices",
    invoice_cols,  sizeof(invoice_cols) / sizeof(invoice_cols[0]),
    invoice_batch, sizeof(struct invoice),
    invoice_cells,
};

/* ---- The job ---- */

static struct export_job *job_new(struct req *r, const struct export_kind *k)
{
	struct export_job *x = xcalloc(1, sizeof(*x));
	x->kind = k;
	x->store = r->store;
	x->tenancy = r->tenancy;
	x->role = r->who->role;
	x->today = r->today;
	x->more = true;
	x->fd = -1;
	arena_init(&x->batch, EXPORT_ARENA_CHUNK);
	return x;
}

static void job_free(void *state)
{
	struct export_job *x = state;
	if (x == NULL)
		return;
	if (x->fd >= 0)
		(void)close(x->fd);
	arena_cleanup(&x->batch);
	free(x);
}

/* Reads the next batch; calls each(row cells) for its rows. */
static enum tess_err job_batch(struct store_conn *c, struct export_job *x,
                               enum tess_err (*each)(struct export_job *x, const struct cell *cells,
                                                     void *arg),
                               void *arg)
{
	const void *rows = NULL;
	size_t n = 0;
	struct cell cells[CELLS_MAX];
	enum tess_err err;

	arena_reset(&x->batch);
	err = x->kind->batch(c, x, &rows, &n, &x->more);
	for (size_t i = 0; err == TESS_OK && i < n; i++) {
		err = x->kind->cells(c, x, (const char *)rows + i * x->kind->row_size, cells);
		if (err == TESS_OK)
			err = each(x, cells, arg);
	}
	return err;
}

/* ---- CSV (RFC 4180, UTF-8, CRLF line ends) ---- */

/*
 * A text cell, quoted when it holds a comma, a quote or a line end; one
 * that a spreadsheet would read as a formula (= + - @, or a tab or
 * carriage return before one) starts with an apostrophe instead.
 */
static bool csv_text(struct buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool ok = true;

	if (quote)
		ok = buf_putc(b, '"');
	if (ok && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	           s[0] == '\r'))
		ok = buf_putc(b, '\'');
	for (const char *q = s; ok && *q != '\0'; q++)
		ok = *q == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *q);
	if (ok && quote)
		ok = buf_putc(b, '"');
	return ok;
}

static bool csv_cell(struct buf *b, const struct cell *c)
{
	char text[32];

	switch (c->type) {
	case CELL_TEXT: return csv_text(b, c->text);
	case CELL_INT: return buf_printf(b, "%lld", (long long)c->n);
	case CELL_DATE:
		if (c->date == 0)
			return true;
		date_format(c->date, text);
		return buf_puts(b, text);
	case CELL_MONEY: money_format(c->money, text); return buf_puts(b, text);
	case CELL_PERCENT:
		return buf_printf(b, "%s%lld.%02lld", c->n < 0 ? "-" : "",
		                  (long long)llabs(c->n) / 100, (long long)llabs(c->n) % 100);
	case CELL_HIDDEN: return buf_putc(b, '-');
	}
	return false;
}

static enum tess_err csv_row(struct export_job *x, const struct cell *cells, void *arg)
{
	struct buf *b = arg;
	bool ok = true;
	for (size_t i = 0; ok && i < x->kind->ncols; i++)
		ok = (i == 0 || buf_putc(b, ',')) && csv_cell(b, &cells[i]);
	return ok && buf_puts(b, "\r\n") ? TESS_OK : TESS_ERR_INTERNAL;
}

/* The stream's next piece: the header row with the first batch, then a batch each. */
static enum tess_err csv_next(struct req *r, void *state, struct buf *out, bool *end)
{
	struct export_job *x = state;
	enum tess_err err;

	if (!x->started) {
		struct cell head[CELLS_MAX];
		for (size_t i = 0; i < x->kind->ncols; i++)
			head[i] = text_cell(x->kind->cols[i].title);
		x->started = true;
		err = csv_row(x, head, out);
		if (err != TESS_OK)
			return err;
	}
	err = job_batch(r->conn, x, csv_row, out);
	*end = !x->more;
	return err;
}

static const struct req_stream csv_stream = {csv_next, job_free};

/* ---- The workbook ---- */

struct xlsx_out {
	lxw_worksheet *ws;
	lxw_format *money, *money0, *date, *percent;
	lxw_row_t row;
};

static lxw_error xlsx_cell(struct xlsx_out *o, lxw_col_t col, const struct cell *c)
{
	int y, m, d;

	switch (c->type) {
	case CELL_TEXT:
		return c->text[0] == '\0'
		           ? LXW_NO_ERROR
		           : worksheet_write_string(o->ws, o->row, col, c->text, NULL);
	case CELL_INT: return worksheet_write_number(o->ws, o->row, col, (double)c->n, NULL);
	case CELL_DATE:
		if (c->date == 0)
			return LXW_NO_ERROR;
		date_to_ymd(c->date, &y, &m, &d);
		return worksheet_write_datetime(o->ws, o->row, col,
		                                &(lxw_datetime){y, m, d, 0, 0, 0}, o->date);
	case CELL_MONEY: {
		int digits = currency_digits(c->money.currency);
		double scale = 1;
		for (int i = 0; i < digits; i++)
			scale *= 10;
		return worksheet_write_number(o->ws, o->row, col, (double)c->money.minor / scale,
		                              digits == 0 ? o->money0 : o->money);
	}
	case CELL_PERCENT:
		return worksheet_write_number(o->ws, o->row, col, (double)c->n / 100.0, o->percent);
	case CELL_HIDDEN: return worksheet_write_string(o->ws, o->row, col, "-", NULL);
	}
	return LXW_ERROR_PARAMETER_VALIDATION;
}

static enum tess_err xlsx_row(struct export_job *x, const struct cell *cells, void *arg)
{
	struct xlsx_out *o = arg;
	lxw_error e = LXW_NO_ERROR;

	for (size_t i = 0; e == LXW_NO_ERROR && i < x->kind->ncols; i++)
		e = xlsx_cell(o, (lxw_col_t)i, &cells[i]);
	if (e != LXW_NO_ERROR) {
		log_error("export: row %u: %s", (unsigned)o->row, lxw_strerror(e));
		return TESS_ERR_INTERNAL;
	}
	o->row++;
	return TESS_OK;
}

/* The sheet's formats, column widths and header row. */
static lxw_error xlsx_head(lxw_workbook *wb, struct export_job *x, struct xlsx_out *o)
{
	lxw_format *bold = workbook_add_format(wb);
	lxw_error e = LXW_NO_ERROR;

	o->money = workbook_add_format(wb);
	o->money0 = workbook_add_format(wb);
	o->date = workbook_add_format(wb);
	o->percent = workbook_add_format(wb);
	if (bold == NULL || o->money == NULL || o->money0 == NULL || o->date == NULL ||
	    o->percent == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	format_set_bold(bold);
	format_set_num_format(o->money, "#,##0.00");
	format_set_num_format(o->money0, "#,##0");
	format_set_num_format(o->date, "yyyy-mm-dd");
	format_set_num_format(o->percent, "0.00");
	for (size_t i = 0; e == LXW_NO_ERROR && i < x->kind->ncols; i++)
		e = worksheet_set_column(o->ws, (lxw_col_t)i, (lxw_col_t)i, x->kind->cols[i].width,
		                         NULL);
	for (size_t i = 0; e == LXW_NO_ERROR && i < x->kind->ncols; i++)
		e = worksheet_write_string(o->ws, 0, (lxw_col_t)i, x->kind->cols[i].title, bold);
	worksheet_freeze_panes(o->ws, 1, 0);
	o->row = 1;
	return e;
}

/* Every row into the open workbook, in one snapshot of c. */
static enum tess_err xlsx_rows(struct store_conn *c, lxw_workbook *wb, struct export_job *x)
{
	struct xlsx_out o;
	lxw_error e;
	enum tess_err err;

	memset(&o, 0, sizeof(o));
	o.ws = workbook_add_worksheet(wb, x->kind->sheet);
	if (o.ws == NULL)
		return TESS_ERR_INTERNAL;
	e = xlsx_head(wb, x, &o);
	if (e != LXW_NO_ERROR) {
		log_error("export: the sheet's head: %s", lxw_strerror(e));
		return TESS_ERR_INTERNAL;
	}
	err = store_read_begin(c);
	if (err != TESS_OK)
		return err;
	while (err == TESS_OK && x->more)
		err = job_batch(c, x, xlsx_row, &o);
	store_read_end(c);
	if (err == TESS_OK && o.row > 1) {
		e = worksheet_autofilter(o.ws, 0, 0, o.row - 1, (lxw_col_t)(x->kind->ncols - 1));
		if (e != LXW_NO_ERROR) {
			log_error("export: the autofilter: %s", lxw_strerror(e));
			err = TESS_ERR_INTERNAL;
		}
	}
	return err;
}

/*
 * Off the loop: the workbook in a temporary file, which is unlinked at
 * once and kept open (x->fd) for the reply; a connection of its own.
 */
static void xlsx_work(void *arg)
{
	struct export_job *x = arg;
	const char *tmp = getenv("TMPDIR");
	char path[512];
	lxw_workbook_options opt = {LXW_TRUE, NULL, LXW_FALSE};
	lxw_workbook *wb;
	struct store_conn *c;
	struct stat st;
	lxw_error e;
	int n;

	x->err = TESS_ERR_INTERNAL;
	n = snprintf(path, sizeof(path), "%s/tessera-export-XXXXXX",
	             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(path))
		return;
	x->fd = mkstemp(path);
	if (x->fd < 0) {
		log_error("export: cannot make a temporary file in %s", tmp != NULL ? tmp : "/tmp");
		return;
	}
	wb = workbook_new_opt(path, &opt);
	c = store_conn_open(x->store);
	if (wb == NULL || c == NULL) {
		log_error("export: cannot start the workbook");
		if (c != NULL)
			store_conn_close(c);
		x->err = c == NULL ? TESS_ERR_UNAVAILABLE : TESS_ERR_INTERNAL;
		if (wb != NULL)
			(void)workbook_close(wb);
		(void)unlink(path);
		return;
	}
	x->err = xlsx_rows(c, wb, x);
	store_conn_close(c);
	e = workbook_close(wb);
	if (e != LXW_NO_ERROR && x->err == TESS_OK) {
		log_error("export: cannot write the workbook: %s", lxw_strerror(e));
		x->err = TESS_ERR_INTERNAL;
	}
	(void)unlink(path);
	if (x->err == TESS_OK && fstat(x->fd, &st) != 0) {
		log_error("export: cannot read the workbook back");
		x->err = TESS_ERR_INTERNAL;
	}
	if (x->err == TESS_OK)
		x->size = (size_t)st.st_size;
}

static const char *file_name(struct req *r, const struct export_kind *k, const char *ext)
{
	char day[11];
	date_format(r->today, day);
	return arena_printf(r->arena, "%s-%s.%s", k->name, day, ext);
}

static enum tess_err xlsx_then(struct req *r, void *arg, struct problem *p)
{
	struct export_job *x = arg;
	enum tess_err err = x->err;

	if (err == TESS_OK) {
		req_reply_file(r, 200, XLSX_TYPE, file_name(r, x->kind, "xlsx"), x->fd, x->size);
		x->fd = -1;
	} else {
		problem_set(p, err, NULL, NULL, "The workbook could not be made.");
	}
	job_free(x);
	return err;
}

/* ---- Handlers ---- */

static const char *const csv_only[] = {"csv", NULL};
static const char *const csv_or_xlsx[] = {"csv", "xlsx", NULL};

/*
 * The export's query: the list's filters and a required format, each
 * once; *xlsx when the workbook is asked for.
 */
static enum tess_err export_query(struct req *r, const struct field_spec *filters, size_t n,
                                  const char *const *formats, bool *xlsx, struct problem *p)
{
	const struct field_spec format[] = {
	    {"format", FIELD_ENUM, true, 0, 0, formats, NULL},
	};
	enum tess_err err = req_query_unique(r, p);

	if (err == TESS_OK)
		err = query_params_read(r, filters, n, format, 1, p);
	if (err == TESS_OK)
		*xlsx = strcmp(req_query(r, "format"), "xlsx") == 0;
	return err;
}

static enum tess_err send_csv(struct req *r, struct export_job *x, struct problem *p)
{
	return req_reply_stream(r, CSV_TYPE, file_name(r, x->kind, "csv"), &csv_stream, x, p);
}

enum tess_err api_export_subscriptions(struct req *r, struct problem *p)
{
	struct export_job *x;
	struct sub_filter f;
	bool xlsx = false;
	enum tess_err err = export_query(r, subscription_filter_specs, SUBSCRIPTION_FILTER_SPECS,
	                                 csv_or_xlsx, &xlsx, p);

	memset(&f, 0, sizeof(f));
	if (err == TESS_OK)
		err = subscription_filter_read(r, &f, p);
	if (err != TESS_OK)
		return err;
	x = job_new(r, &sub_export);
	x->subs = f;
	if (!xlsx)
		return send_csv(r, x, p);
	err = req_offload(r, xlsx_work, xlsx_then, x, p);
	if (err != TESS_OK)
		job_free(x);
	return err;
}

enum tess_err api_export_orders(struct req *r, struct problem *p)
{
	struct export_job *x;
	bool xlsx = false;
	enum tess_err err =
	    export_query(r, order_filter_specs, ORDER_FILTER_SPECS, csv_only, &xlsx, p);

	if (err != TESS_OK)
		return err;
	x = job_new(r, &order_export);
	order_filter_read(r, &x->orders);
	return send_csv(r, x, p);
}

enum tess_err api_export_invoices(struct req *r, struct problem *p)
{
	struct export_job *x;
	bool xlsx = false;
	const char *status;
	enum tess_err err =
	    export_query(r, invoice_filter_specs, INVOICE_FILTER_SPECS, csv_only, &xlsx, p);

	if (err != TESS_OK)
		return err;
	x = job_new(r, &invoice_export);
	/* Checked against the status names: one of them, or absent. */
	status = req_query(r, "status");
	snprintf(x->invoice_status, sizeof(x->invoice_status), "%s", status != NULL ? status : "");
	return send_csv(r, x, p);
}
