// /partner/orders: the partner's orders, filtered by status on the
// server (?status=; a tab moves the address with it). The approval queue
// is ?status=pending_reseller_approval: its customers' storefront orders
// waiting for the partner's decision.
import * as api from '../api.js';
import { h, fill, pageHeader, listView, tabs, money, date, statusBadge } from '../ui.js';
import { customerLink, orderLink } from './partner_common.js';

const QUEUE = 'pending_reseller_approval';
const STATUSES = [
	{ id: 'all', label: 'All orders' },
	{ id: QUEUE, label: 'Approval queue' },
	{ id: 'pending_review', label: 'Pending review' },
	{ id: 'in_progress', label: 'In progress' },
	{ id: 'executed', label: 'Executed' },
	{ id: 'cancelled', label: 'Cancelled' },
];

function ordersOf(status) {
	const label = STATUSES.find((s) => s.id === status).label;
	return [
		status === QUEUE
			? h('p', { class: 'partner-lead' }, 'Orders your customers placed on your storefront wait here for you to approve or reject them.')
			: null,
		listView({
			caption: label,
			load: (after) => api.list('/api/v1/orders', { status: status === 'all' ? null : status, after }),
			columns: [
				{ label: 'Order', cell: orderLink },
				{ label: 'Customer', cell: (o) => customerLink(o.customer) },
				{ label: 'Placed by', cell: (o) => `${o.placed_by?.name ?? '-'}${o.origin === 'customer' ? ' (storefront)' : ''}` },
				{ label: 'Status', cell: (o) => statusBadge(o.status) },
				{ label: 'Date', cell: (o) => date(o.created_at) },
				{ label: 'Total', cell: (o) => money(o.total), num: true },
			],
			empty: status === QUEUE ? 'No order is waiting for your approval.' : 'No order here yet.',
		}),
	].filter(Boolean);
}

export default async function render(ctx) {
	const asked = ctx.query.get('status');
	const current = STATUSES.some((s) => s.id === asked) ? asked : 'all';
	ctx.setTitle('Orders');
	fill(ctx.main,
		pageHeader('Orders'),
		tabs({
			label: 'Order status',
			tabs: STATUSES,
			current,
			onSelect: (id, panel, user) => {
				if (user) history.replaceState(null, '', id === 'all' ? '/partner/orders' : `/partner/orders?status=${id}`);
				panel.replaceChildren(...ordersOf(id));
			},
		}),
	);
}
