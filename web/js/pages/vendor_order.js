// One order: who placed it, why it was held and its review message
// (SPEC rule 12), its lines and totals, its invoice, and for a role that
// may decide an order held for review, Approve and Reject.
import { h, fill, pageHeader, backLink, facts, dataTable, money, date, dateTime, statusBadge, label, notice, count } from '../ui.js';
import { api, section, decisionButtons, auditLink, methodName } from './vendor_util.js';

function lineText(l) {
	const parts = [label(l.action), l.product.name, label(l.edition), `${count(l.user_tier)} users`, label(l.billing_period)];
	return parts.filter(Boolean).join(' · ');
}

export default async function render(ctx) {
	const o = await api.get(`/api/v1/orders/${encodeURIComponent(ctx.params.id)}`);
	ctx.setTitle(`Order ${o.number}`);
	const redraw = (next) => {
		notice(`Order ${next.number}: ${label(next.status)}.`);
		ctx.navigate(`/vendor/orders/${next.id}`, { replace: true });
	};
	const held = [];
	if (o.customer_message)
		held.push(h('p', { class: 'notice notice-warn vendor-message' }, h('strong', null, 'Message to the customer: '), o.customer_message));
	if (o.decision_note) held.push(h('p', { class: 'vendor-note' }, h('strong', null, 'Decision note: '), o.decision_note));
	fill(ctx.main,
		backLink('/vendor/orders', 'Orders'),
		pageHeader(h('span', null, `Order ${o.number} `, statusBadge(o.status)), decisionButtons(ctx.me, o, redraw), auditLink(o.id)),
		held,
		h('div', { class: 'card' }, facts([
			['Customer', o.customer.name],
			['Partner', o.partner.name],
			['Placed by', `${o.placed_by.name} (${o.origin === 'customer' ? 'the customer, on the storefront' : 'the partner'})`],
			['Placed on', dateTime(o.created_at)],
			['Last change', dateTime(o.updated_at)],
			['Payment method', o.payment_method ? methodName(o.payment_method) : null],
			['Co-term to', o.coterm_end ? date(o.coterm_end) : null],
			['Quote', o.quote_id],
			['Notes', o.notes || null],
			['Invoice', o.invoice ? h('a', { href: `/vendor/invoices/${o.invoice.id}` }, o.invoice.number, ' ', statusBadge(o.invoice.status)) : null],
		])),
		section('Lines', dataTable({
			caption: `Lines of order ${o.number}`,
			rows: o.lines,
			columns: [
				{ label: '#', cell: (l) => String(l.line_no) },
				{ label: 'Item', cell: (l) => h('span', null, lineText(l), l.instructions ? h('span', { class: 'vendor-note' }, h('br'), `Instructions: ${l.instructions}`) : null,
					l.subscription_id ? h('span', null, h('br'), h('a', { href: `/vendor/subscriptions/${l.subscription_id}` }, 'Subscription')) : null) },
				{ label: 'Quantity', num: true, cell: (l) => count(l.quantity) },
				{ label: 'Unit price', num: true, cell: (l) => l.unit_price ? money(l.unit_price) : l.unit_price_text },
				{ label: 'Discount', num: true, cell: (l) => money(l.discount) },
				{ label: 'Amount', num: true, cell: (l) => money(l.amount) },
			],
		})),
		section('Totals', h('div', { class: 'card' }, facts([
			['Subtotal', money(o.subtotal)],
			['Discount', money(o.discount)],
			['Markup', money(o.markup)],
			['Net', money(o.net)],
			['Tax', money(o.tax)],
			['Total', h('strong', null, money(o.total))],
		]))),
	);
}
