// /partner/quotes: the partner's quotes, filtered by status on the server
// (?status=).
import * as api from '../api.js';
import { h, pageHeader, listView, tabs, money, date, statusBadge } from '../ui.js';
import { customerLink, quoteLink } from './partner_common.js';

const STATUSES = [
	{ id: 'all', label: 'All' },
	{ id: 'open', label: 'Open' },
	{ id: 'ordered', label: 'Ordered' },
	{ id: 'expired', label: 'Expired' },
	{ id: 'cancelled', label: 'Cancelled' },
];

export default async function render(ctx) {
	const asked = ctx.query.get('status');
	const current = STATUSES.some((s) => s.id === asked) ? asked : 'all';
	ctx.setTitle('Quotes');
	ctx.main.append(
		pageHeader('Quotes', h('a', { class: 'button primary', href: '/partner/quotes/new' }, 'New quote')),
		tabs({
			label: 'Quote status',
			tabs: STATUSES,
			current,
			onSelect: (id) => ctx.navigate(id === 'all' ? '/partner/quotes' : `/partner/quotes?status=${id}`),
		}),
		listView({
			caption: current === 'all' ? 'Quotes' : `${STATUSES.find((s) => s.id === current).label} quotes`,
			load: (after) => api.list('/api/v1/quotes', { status: current === 'all' ? null : current, after }),
			columns: [
				{ label: 'Quote', cell: quoteLink },
				{ label: 'Customer', cell: (q) => customerLink(q.customer) },
				{ label: 'Status', cell: (q) => statusBadge(q.status) },
				{ label: 'Created', cell: (q) => date(q.created_at) },
				{ label: 'Expires', cell: (q) => date(q.expires_on) },
				{ label: 'Total', cell: (q) => money(q.total), num: true },
			],
			empty: 'No quote here yet.',
		}),
	);
}
