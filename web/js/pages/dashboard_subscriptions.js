// The customer's subscriptions, filtered by status on the server, with
// the export of the same list (the same filter, the same tenancy) as an
// Excel workbook and as CSV.
import * as api from '../api.js';
import { h, fill, date, label, count, statusBadge, pageHeader, listView } from '../ui.js';
import { SUBSCRIPTION_STATUSES, statusFilter, statusOf, crumbs } from './dashboard_common.js';

export default async function render(ctx) {
	ctx.setTitle('Subscriptions');
	const status = statusOf(ctx, SUBSCRIPTION_STATUSES);
	const exportLink = (format, text) => h('a', {
		class: 'btn', href: api.url('/api/v1/exports/subscriptions', { format, status }), download: true,
	}, text);
	const list = listView({
		caption: status ? `${label(status)} subscriptions` : 'All subscriptions',
		load: (after) => api.list('/api/v1/subscriptions', { status, after, limit: 25 }),
		columns: [
			{ label: 'Name', cell: (s) => h('a', { href: `/dashboard/subscriptions/${encodeURIComponent(s.id)}` }, s.product.name) },
			{ label: 'Type', cell: (s) => (s.kind === 'app' ? 'Add-on' : 'Product') },
			{ label: 'Plan', cell: (s) => `${label(s.plan)}, ${count(s.user_tier)} users` },
			{ label: 'Quantity', num: true, cell: (s) => count(s.quantity) },
			{ label: 'Status', cell: (s) => h('span', { class: 'dash-status' }, statusBadge(s.status), h('span', { class: 'muted' }, s.status_text)) },
			{ label: 'Bill date', cell: (s) => date(s.bill_date) },
		],
		empty: status ? 'No subscriptions with this status.' : 'No subscriptions yet.',
	});
	fill(ctx.main, crumbs(['/dashboard/subscriptions', 'Subscriptions']),
		pageHeader('Subscriptions', exportLink('xlsx', 'Export to Excel'), exportLink('csv', 'Export CSV')),
		statusFilter(ctx, { path: '/dashboard/subscriptions', statuses: SUBSCRIPTION_STATUSES, current: status }),
		list);
}
