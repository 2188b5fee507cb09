// The storefront billing dashboard: quick access to orders, subscriptions
// and assets with their counts, and the most recent orders
// (GET /api/v1/dashboard, within the customer's tenancy).
import * as api from '../api.js';
import { h, fill, money, date, count, statusBadge, pageHeader, loading, errorState, dataTable } from '../ui.js';

function tile({ title, n, href, linkText, detail }) {
	const id = `tile-${title.toLowerCase()}`;
	return h('section', { class: 'card dash-tile', 'aria-labelledby': id },
		h('h2', { id }, title),
		h('p', { class: 'dash-count' }, count(n)),
		detail || null,
		href ? h('a', { href, class: 'btn' }, linkText) : null);
}

export function orderColumns() {
	return [
		{ label: 'Order #', cell: (o) => h('a', { href: `/dashboard/orders/${encodeURIComponent(o.id)}` }, o.number) },
		{ label: 'Status', cell: (o) => statusBadge(o.status) },
		{ label: 'Order date', cell: (o) => date(o.created_at) },
		// SPEC rule 16: the API hides the amount of an order the partner placed ("-").
		{ label: 'Total', num: true, cell: (o) => money(o.total) },
	];
}

export default async function render(ctx) {
	ctx.setTitle('Billing dashboard');
	const body = h('div', { class: 'dash' }, loading());
	fill(ctx.main, pageHeader('Billing dashboard'), body);

	async function load() {
		fill(body, loading());
		let d;
		try {
			d = await api.get('/api/v1/dashboard');
		} catch (err) {
			fill(body, errorState(err, load));
			return;
		}
		const c = d.counts;
		const by = c.subscriptions_by_status;
		fill(body,
			h('div', { class: 'cards dash-tiles' },
				tile({ title: 'Orders', n: c.orders, href: '/dashboard/orders', linkText: 'View all orders' }),
				tile({
					title: 'Subscriptions', n: c.subscriptions, href: '/dashboard/subscriptions', linkText: 'View all subscriptions',
					detail: h('ul', { class: 'dash-breakdown', 'aria-label': 'Subscriptions by status' },
						h('li', null, h('a', { href: '/dashboard/subscriptions?status=active' }, `${count(by.active)} active`)),
						h('li', null, h('a', { href: '/dashboard/subscriptions?status=upcoming' }, `${count(by.upcoming)} upcoming`)),
						h('li', null, h('a', { href: '/dashboard/subscriptions?status=inactive' }, `${count(by.inactive)} inactive`))),
				}),
				tile({ title: 'Assets', n: c.assets, detail: h('p', { class: 'muted' }, 'Self-managed licenses') })),
			h('section', { class: 'dash-recent', 'aria-labelledby': 'recent-orders' },
				h('div', { class: 'dash-section-header' },
					h('h2', { id: 'recent-orders' }, 'Recent orders'),
					h('a', { href: '/dashboard/orders', class: 'btn btn-primary' }, 'View all orders')),
				dataTable({ caption: 'The five most recent orders', columns: orderColumns(), rows: d.recent_orders, empty: 'No orders yet.' })));
	}
	await load();
}
