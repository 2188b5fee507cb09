// /partner/orders/:id: an order with its lines and totals; a storefront
// order waiting for the partner is approved or rejected here, with a note.
import * as api from '../api.js';
import { h, fill, facts, pageHeader, statusBadge, date, dateTime, dataTable, money, count } from '../ui.js';
import { customerLink, methodLabel, section, word } from './partner_common.js';

function decisionForm(ctx, o) {
	const note = h('textarea', { id: 'decision-note', name: 'note', rows: '3', maxlength: '1000' });
	const error = h('p', { id: 'decision-error', class: 'field-error', role: 'alert', hidden: true });
	const approve = h('button', { type: 'submit', class: 'btn btn-primary', value: 'approve' }, 'Approve');
	const reject = h('button', { type: 'submit', class: 'btn btn-danger', value: 'reject' }, 'Reject');
	let choice = 'approve';
	approve.addEventListener('click', () => (choice = 'approve'));
	reject.addEventListener('click', () => (choice = 'reject'));
	return h(
		'form',
		{
			class: 'form partner-decision',
			on: {
				submit: async (e) => {
					e.preventDefault();
					const verb = e.submitter?.value ?? choice;
					approve.disabled = reject.disabled = true;
					error.hidden = true;
					try {
						const body = note.value.trim() ? { note: note.value.trim() } : {};
						await api.post(`/api/v1/orders/${o.id}/${verb}`, body);
						ctx.navigate(`/partner/orders/${o.id}?decided=${verb}`);
					} catch (err) {
						error.textContent = err.message;
						error.hidden = false;
						note.setAttribute('aria-invalid', err.field === 'note' ? 'true' : 'false');
						approve.disabled = reject.disabled = false;
					}
				},
			},
		},
		h('label', { for: 'decision-note' }, 'Note to the customer (optional)'),
		note,
		error,
		h('div', { class: 'form-actions' }, approve, reject),
	);
}

export default async function render(ctx) {
	const o = await api.get(`/api/v1/orders/${encodeURIComponent(ctx.params.id)}`);
	ctx.setTitle(`Order ${o.number}`);
	const lines = dataTable({
		caption: 'Order lines',
		columns: [
			{ label: '#', cell: (l) => String(l.line_no), num: true },
			{ label: 'Item', cell: (l) => [h('strong', null, l.product.name), h('br'), `${word(l.edition)}, ${count(l.user_tier)} users, ${word(l.billing_period)}`] },
			{ label: 'Kind', cell: (l) => word(l.action) },
			{ label: 'Quantity', cell: (l) => count(l.quantity), num: true },
			{ label: 'Unit price', cell: (l) => (l.unit_price ? money(l.unit_price) : l.unit_price_text), num: true },
			{ label: 'Discount', cell: (l) => money(l.discount), num: true },
			{ label: 'Amount', cell: (l) => (l.amount ? money(l.amount) : '-'), num: true },
			{ label: 'Instructions', cell: (l) => l.instructions || '-' },
		],
		rows: o.lines ?? [],
	});
	const decided = ctx.query.get('decided');
	const decidedText = decided === 'approve' ? `Order ${o.number} approved.` : decided === 'reject' ? `Order ${o.number} rejected.` : null;
	fill(ctx.main,
		pageHeader(`Order ${o.number}`),
		decidedText ? h('p', { class: 'notice notice-ok' }, decidedText) : null,
		facts([
			['Status', statusBadge(o.status)],
			['Customer', customerLink(o.customer)],
			['Placed by', `${o.placed_by?.name ?? '-'}${o.origin === 'customer' ? ' on your storefront' : ''}`],
			['Placed', dateTime(o.created_at)],
			['From quote', o.quote_id ? h('a', { href: `/partner/quotes/${o.quote_id}` }, 'Open the quote') : null],
			['Payment method', o.payment_method ? methodLabel(o.payment_method) : null],
			['Co-term end', o.coterm_end ? date(o.coterm_end) : null],
			['Notes', o.notes || null],
			['Message', o.customer_message || null],
			['Decision note', o.decision_note || null],
			['Invoice', o.invoice ? o.invoice.number ?? o.invoice.id : null],
		]),
		section('Lines', lines),
		section(
			'Totals',
			facts(
				[
					['Subtotal', money(o.subtotal)],
					['Discount', money(o.discount)],
					['Net', money(o.net)],
					['Tax', money(o.tax)],
					['Total', h('strong', null, money(o.total))],
				],
			),
		),
		o.status === 'pending_reseller_approval' ? section('Your decision', decisionForm(ctx, o)) : null,
	);
}
