// The customer's orders: number, status, date and total (no amount for an
// order the partner placed: the API's reply says so), filtered by status
// on the server and paginated by cursor.
import * as api from '../api.js';
import { fill, label, pageHeader, listView } from '../ui.js';
import { ORDER_STATUSES, statusFilter, statusOf, crumbs } from './dashboard_common.js';
import { orderColumns } from './dashboard_home.js';

export default async function render(ctx) {
	ctx.setTitle('Orders');
	const status = statusOf(ctx, ORDER_STATUSES);
	const list = listView({
		caption: status ? `Orders: ${label(status).toLowerCase()}` : 'All orders',
		load: (after) => api.list('/api/v1/orders', { status, after, limit: 25 }),
		columns: orderColumns(),
		empty: status ? 'No orders with this status.' : 'No orders yet.',
	});
	fill(ctx.main, crumbs(['/dashboard/orders', 'Orders']), pageHeader('Orders'),
		statusFilter(ctx, { path: '/dashboard/orders', statuses: ORDER_STATUSES, current: status }), list);
}
