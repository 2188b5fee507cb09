// /partner: the partner user's home. What waits for the partner (its
// customers' storefront orders to approve, open quotes) and the way to
// each part of the console.
import * as api from '../api.js';
import { h, fill, pageHeader, listView, money, date, statusBadge } from '../ui.js';
import { customerLink, orderLink, quoteLink, section } from './partner_common.js';

export default async function render(ctx) {
	ctx.setTitle('Partner console');
	fill(ctx.main,
		pageHeader(
			`Welcome, ${ctx.me.user?.name ?? ''}`.trim(),
			h('a', { class: 'btn btn-primary', href: '/partner/quotes/new' }, 'New quote'),
		),
		h('p', { class: 'partner-lead' }, ctx.me.org?.name ?? ''),
		h(
			'nav',
			{ class: 'partner-quick', 'aria-label': 'Partner console' },
			h('ul', null, [
				['/partner/customers', 'Customers', 'Sites, contacts and subscriptions'],
				['/partner/quotes', 'Quotes', 'Price, save, send and order'],
				['/partner/orders?status=pending_reseller_approval', 'Approval queue', 'Storefront orders to approve'],
				['/partner/orders', 'Orders', 'Every order and its status'],
				['/partner/billing-accounts', 'Billing accounts', 'Where your purchases are billed'],
				['/partner/licenses', 'License keys', 'Licenses you purchased'],
			].map(([href, label, hint]) => h('li', null, h('a', { href }, h('strong', null, label), h('span', null, hint))))),
		),
		section(
			'Waiting for your approval',
			listView({
				caption: 'Storefront orders waiting for approval',
				load: (after) => api.list('/api/v1/orders', { status: 'pending_reseller_approval', limit: 5, after }),
				columns: [
					{ label: 'Order', cell: orderLink },
					{ label: 'Customer', cell: (o) => customerLink(o.customer) },
					{ label: 'Placed', cell: (o) => date(o.created_at) },
					{ label: 'Total', cell: (o) => money(o.total), num: true },
				],
				empty: 'No order is waiting for your approval.',
			}),
		),
		section(
			'Open quotes',
			listView({
				caption: 'Open quotes',
				load: (after) => api.list('/api/v1/quotes', { status: 'open', limit: 5, after }),
				columns: [
					{ label: 'Quote', cell: quoteLink },
					{ label: 'Customer', cell: (q) => customerLink(q.customer) },
					{ label: 'Status', cell: (q) => statusBadge(q.status) },
					{ label: 'Expires', cell: (q) => date(q.expires_on) },
					{ label: 'Total', cell: (q) => money(q.total), num: true },
				],
				empty: 'No open quote.',
			}),
		),
	);
}
