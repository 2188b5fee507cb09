// Invoices, filtered by status on the server (GET /api/v1/invoices?status=).
import { h, fill, pageHeader, listView, money, date, statusBadge, label } from '../ui.js';
import { api, filterForm, queryOf } from './vendor_util.js';

// docs/openapi.yaml InvoiceStatus.
const STATUSES = ['open', 'paid', 'refunded', 'void'];

export default async function render(ctx) {
	ctx.setTitle('Invoices');
	const q = queryOf(ctx, ['status']);
	fill(ctx.main,
		pageHeader('Invoices'),
		filterForm(ctx, '/vendor/invoices', [{ name: 'status', label: 'Status', options: STATUSES, any: 'All statuses' }]),
		listView({
			caption: q.status ? `Invoices: ${label(q.status)}` : 'All invoices',
			load: (after) => api.list('/api/v1/invoices', { ...q, after }),
			empty: q.status ? 'No invoice has this status.' : 'No invoices yet.',
			columns: [
				{ label: 'Invoice', cell: (v) => h('a', { href: `/vendor/invoices/${v.id}` }, v.number) },
				{ label: 'Status', cell: (v) => statusBadge(v.status) },
				{ label: 'Customer', cell: (v) => v.customer.name },
				{ label: 'Partner', cell: (v) => v.partner.name },
				{ label: 'Order', cell: (v) => h('a', { href: `/vendor/orders/${v.order.id}` }, v.order.number) },
				{ label: 'Issued', cell: (v) => date(v.issued_on) },
				{ label: 'Due', cell: (v) => date(v.due_on) },
				{ label: 'Total', num: true, cell: (v) => money(v.total) },
			],
		}),
	);
}
