// A priced quote's lines and totals, as the quote page and the live
// preview of the quote form show them (a saved quote and a preview have
// the same lines and totals).
import { h, facts, money, date, dataTable, count } from '../ui.js';
import { methodLabel, word } from './partner_common.js';

function discounts(l) {
	if (l.discounts.length === 0) return '-';
	return h('ul', { class: 'partner-plain' }, l.discounts.map((d) => h('li', null, `${word(d.kind)} ${d.bp / 100}%: -`, money(d.amount))));
}

// compact: the narrow columns only (the form's price panel).
export function quoteLines(q, caption = 'Quote lines', compact = false) {
	const all = [
		{ label: '#', cell: (l) => String(l.line_no), num: true },
		{ label: 'Item', cell: (l) => [h('strong', null, l.product.name), h('br'), `${word(l.edition)}, ${count(l.user_tier)} users, ${word(l.billing_period)}`] },
		{ label: 'Kind', cell: (l) => word(l.action) },
		{ label: 'Quantity', cell: (l) => count(l.quantity), num: true },
		{ label: 'Term', cell: (l) => `${date(l.start_date)} – ${date(l.end_date)}` },
		{ label: 'List price', cell: (l) => money(l.list_price), num: true },
		{ label: 'Discounts', cell: discounts },
		{ label: 'Amount', cell: (l) => money(l.amount), num: true },
	];
	const narrow = ['Item', 'Quantity', 'Amount'];
	return dataTable({ caption, columns: compact ? all.filter((c) => narrow.includes(c.label)) : all, rows: q.lines });
}

export function quoteTotals(q) {
	const t = q.totals;
	return h(
		'div',
		{ class: 'partner-totals' },
		facts(
			[
				['Subtotal', money(t.subtotal)],
				['Discount', money(t.discount)],
				['Net', money(t.net)],
				[`${t.tax.label} (${t.tax.rate}, ${[t.tax.state, t.tax.country].filter(Boolean).join(', ')})`, money(t.tax.amount)],
				['Total', h('strong', { class: 'partner-total', 'data-total': t.total.amount }, money(t.total))],
			],
		),
		h('p', null, 'Payment methods: ', q.payment_methods.length > 0 ? q.payment_methods.map(methodLabel).join(', ') : 'none'),
		q.needs_review ? h('p', { class: 'partner-review' }, q.review_message) : null,
	);
}
