// One order: its number, status and delivery, dates, who placed it, its
// lines (quantity, unit price, discount, total) and its totals. Every
// amount is the API's: "-" where SPEC rule 16 hides it.
import * as api from '../api.js';
import { h, fill, money, date, dateTime, label, statusBadge, pageHeader, facts, loading, errorState, dataTable } from '../ui.js';
import { crumbs, PAYMENT_METHODS } from './dashboard_common.js';

const PAYMENT = new Map(PAYMENT_METHODS);

const ORIGINS = { partner: 'Your partner', customer: 'You, on the storefront' };

export default async function render(ctx) {
	ctx.setTitle('Order');
	const body = h('div', null, loading());
	fill(ctx.main, body);
	let o;
	try {
		o = await api.get(`/api/v1/orders/${encodeURIComponent(ctx.params.id)}`);
	} catch (err) {
		fill(ctx.main, crumbs(['/dashboard/orders', 'Orders'], [location.pathname, 'Order']), pageHeader('Order'),
			errorState(err, () => render(ctx)));
		return;
	}
	ctx.setTitle(`Order ${o.number}`);
	const lines = o.lines || [];
	const totals = [
		['Subtotal', o.subtotal], ['Discount', o.discount], ['Net', o.net], ['Tax', o.tax],
	].filter(([, m]) => m !== null && m !== undefined);
	fill(ctx.main,
		crumbs(['/dashboard/orders', 'Orders'], [`/dashboard/orders/${o.id}`, o.number]),
		pageHeader(`Order ${o.number}`, statusBadge(o.status)),
		o.customer_message ? h('p', { class: 'notice notice-warn' }, o.customer_message) : null,
		h('section', { class: 'card', 'aria-labelledby': 'order-facts' },
			h('h2', { id: 'order-facts', class: 'dash-hidden' }, 'Order details'),
			facts([
				['Order #', o.number],
				['Status', statusBadge(o.status)],
				['Delivery status', o.invoice ? `${label(o.status)} · invoice ${o.invoice.number} ${label(o.invoice.status).toLowerCase()}` : label(o.status)],
				['Order date', dateTime(o.created_at)],
				['Last update', dateTime(o.updated_at)],
				['Placed by', `${o.placed_by.name} (${ORIGINS[o.origin] || label(o.origin)})`],
				['Partner', o.partner.name],
				['Payment', o.payment_method ? PAYMENT.get(o.payment_method) || label(o.payment_method) : '-'],
				['Total', h('span', { class: 'dash-total' }, money(o.total))],
				o.decision_note ? ['Partner note', o.decision_note] : null,
				o.notes ? ['Notes', o.notes] : null,
			])),
		h('section', { 'aria-labelledby': 'order-lines' },
			h('h2', { id: 'order-lines' }, 'Items'),
			dataTable({
				caption: `Items of order ${o.number}`,
				columns: [
					{ label: 'Item', cell: (l) => h('span', null, l.product.name, h('span', { class: 'muted dash-sub' }, ` · ${label(l.edition)}, ${l.user_tier} users`)) },
					{ label: 'Action', cell: (l) => label(l.action) },
					{ label: 'Delivery', cell: (l) => (l.subscription_id
						? h('a', { href: `/dashboard/subscriptions/${encodeURIComponent(l.subscription_id)}` }, 'Subscription')
						: (l.start_date ? `${date(l.start_date)} – ${date(l.end_date)}` : '-')) },
					{ label: 'Quantity', num: true, cell: (l) => String(l.quantity) },
					{ label: 'Unit price', num: true, cell: (l) => money(l.unit_price) },
					{ label: 'Discount', num: true, cell: (l) => money(l.discount) },
					{ label: 'Total', num: true, cell: (l) => money(l.amount) },
				],
				rows: lines,
				empty: 'This order has no items.',
			}),
			totals.length || o.total ? h('dl', { class: 'dash-sums' },
				totals.map(([k, m]) => h('div', null, h('dt', null, k), h('dd', null, money(m)))),
				h('div', { class: 'dash-sum-total' }, h('dt', null, 'Total'), h('dd', null, money(o.total)))) : null));
}
