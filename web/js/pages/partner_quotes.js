// /partner/quotes: the partner's quotes, filtered by status on the server
// (?status=; a tab moves the address with it).
import * as api from '../api.js';
import { h, fill, pageHeader, listView, tabs, money, date, statusBadge } from '../ui.js';
import { customerLink, quoteLink } from './partner_common.js';

const STATUSES = [
	{ id: 'all', label: 'All' },
	{ id: 'open', label: 'Open' },
	{ id: 'ordered', label: 'Ordered' },
	{ id: 'expired', label: 'Expired' },
	{ id: 'cancelled', label: 'Cancelled' },
];

function quotesOf(status) {
	const label = STATUSES.find((s) => s.id === status).label;
	return listView({
		caption: status === 'all' ? 'Quotes' : `${label} quotes`,
		load: (after) => api.list('/api/v1/quotes', { status: status === 'all' ? null : status, after }),
		columns: [
			{ label: 'Quote', cell: quoteLink },
			{ label: 'Customer', cell: (q) => customerLink(q.customer) },
			{ label: 'Status', cell: (q) => statusBadge(q.status) },
			{ label: 'Created', cell: (q) => date(q.created_at) },
			{ label: 'Expires', cell: (q) => date(q.expires_on) },
			{ label: 'Total', cell: (q) => money(q.total), num: true },
		],
		empty: status === 'all' ? 'No quote yet.' : `No ${label.toLowerCase()} quote.`,
	});
}

export default async function render(ctx) {
	const asked = ctx.query.get('status');
	const current = STATUSES.some((s) => s.id === asked) ? asked : 'all';
	ctx.setTitle('Quotes');
	fill(ctx.main,
		pageHeader('Quotes', h('a', { class: 'btn btn-primary', href: '/partner/quotes/new' }, 'New quote')),
		tabs({
			label: 'Quote status',
			tabs: STATUSES,
			current,
			onSelect: (id, panel, user) => {
				if (user) history.replaceState(null, '', id === 'all' ? '/partner/quotes' : `/partner/quotes?status=${id}`);
				panel.replaceChildren(quotesOf(id));
			},
		}),
	);
}
