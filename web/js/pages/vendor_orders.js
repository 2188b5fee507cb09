// All orders, filtered by status on the server (GET /api/v1/orders?status=).
import { h, fill, pageHeader, listView, money, date, statusBadge, label } from '../ui.js';
import { api, filterForm, queryOf } from './vendor_util.js';

// The order statuses of SPEC rule 18, as the API names them (docs/openapi.yaml OrderStatus).
const STATUSES = ['pending_reseller_approval', 'pending_review', 'in_progress', 'executed', 'cancelled'];

export default async function render(ctx) {
	ctx.setTitle('Orders');
	const q = queryOf(ctx, ['status']);
	fill(ctx.main,
		pageHeader('Orders'),
		filterForm(ctx, '/vendor/orders', [{ name: 'status', label: 'Status', options: STATUSES, any: 'All statuses' }]),
		listView({
			caption: q.status ? `Orders: ${label(q.status)}` : 'All orders',
			load: (after) => api.list('/api/v1/orders', { ...q, after }),
			empty: q.status ? 'No order has this status.' : 'No orders yet.',
			columns: [
				{ label: 'Order', cell: (o) => h('a', { href: `/vendor/orders/${o.id}` }, o.number) },
				{ label: 'Status', cell: (o) => statusBadge(o.status) },
				{ label: 'Customer', cell: (o) => o.customer.name },
				{ label: 'Partner', cell: (o) => o.partner.name },
				{ label: 'Placed by', cell: (o) => `${o.placed_by.name} (${o.origin})` },
				{ label: 'Date', cell: (o) => date(o.created_at) },
				{ label: 'Total', num: true, cell: (o) => money(o.total) },
			],
		}),
	);
}
