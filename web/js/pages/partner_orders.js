// /partner/orders: the partner's orders, filtered by status on the
// server (?status=); the approval queue is ?status=pending_reseller_approval,
// its customers' storefront orders waiting for the partner's decision.
import * as api from '../api.js';
import { h, pageHeader, listView, tabs, money, date, statusBadge } from '../ui.js';
import { customerLink, orderLink, word } from './partner_common.js';

const STATUSES = [
	{ id: 'all', label: 'All orders' },
	{ id: 'pending_reseller_approval', label: 'Approval queue' },
	{ id: 'pending_review', label: 'Pending review' },
	{ id: 'in_progress', label: 'In progress' },
	{ id: 'executed', label: 'Executed' },
	{ id: 'cancelled', label: 'Cancelled' },
];

export default async function render(ctx) {
	const asked = ctx.query.get('status');
	const current = STATUSES.some((s) => s.id === asked) ? asked : 'all';
	const label = STATUSES.find((s) => s.id === current).label;
	ctx.setTitle(current === 'all' ? 'Orders' : `Orders: ${label}`);
	ctx.main.append(
		pageHeader('Orders'),
		tabs({
			label: 'Order status',
			tabs: STATUSES,
			current,
			onSelect: (id) => ctx.navigate(id === 'all' ? '/partner/orders' : `/partner/orders?status=${id}`),
		}),
		current === 'pending_reseller_approval'
			? h('p', { class: 'partner-lead' }, 'Orders your customers placed on your storefront wait here for you to approve or reject them.')
			: null,
		listView({
			caption: label,
			load: (after) => api.list('/api/v1/orders', { status: current === 'all' ? null : current, after }),
			columns: [
				{ label: 'Order', cell: orderLink },
				{ label: 'Customer', cell: (o) => customerLink(o.customer) },
				{ label: 'Placed by', cell: (o) => `${o.placed_by?.name ?? '-'} (${o.origin === 'customer' ? 'storefront' : word(o.origin)})` },
				{ label: 'Status', cell: (o) => statusBadge(o.status) },
				{ label: 'Date', cell: (o) => date(o.created_at) },
				{ label: 'Total', cell: (o) => money(o.total), num: true },
			],
			empty: current === 'pending_reseller_approval' ? 'No order is waiting for your approval.' : 'No order here yet.',
		}),
	);
}
