// One invoice: its lines, tax and terms, its payment and refunds, the PDF;
// recording a payment with a method the API accepts for it (SPEC rules
// 1-4: `accepted_payment_methods`), and refunding it, where the API's
// refusal (SPEC rule 9: outside the refund window) is shown with its reason.
import { h, fill, pageHeader, backLink, facts, dataTable, money, date, statusBadge, label, notice, count, formDialog, emptyState } from '../ui.js';
import { api, can, section, auditLink, methodName } from './vendor_util.js';

function payButton(ctx, v) {
	if (v.status !== 'open' || !can(ctx.me, 'POST', '/api/v1/invoices/:id/payments')) return null;
	if (!v.accepted_payment_methods.length)
		return h('p', { class: 'muted' }, 'No payment method is accepted for this invoice.');
	return h('button', { type: 'button', class: 'btn btn-primary', on: { click: async () => {
		const res = await formDialog({
			title: `Record a payment of ${money(v.total)}`,
			intro: h('p', null, `Invoice ${v.number} for ${v.customer.name} is marked paid and its order ${v.order.number} is executed.`),
			fields: [
				{ name: 'method', label: 'Method', type: 'select', required: true, value: v.accepted_payment_methods[0],
					options: v.accepted_payment_methods.map((m) => [m, methodName(m)]), hint: 'The methods this invoice accepts.' },
				{ name: 'reference', label: 'Reference (optional)', maxlength: 200, hint: 'A transaction or check number.' },
			],
			submitLabel: `Record payment of ${money(v.total)}`,
			onSubmit: (values) => api.post(`/api/v1/invoices/${v.id}/payments`, values.reference ? values : { method: values.method }),
		});
		if (res) {
			notice(`Invoice ${res.invoice.number} is paid.`);
			ctx.navigate(`/vendor/invoices/${v.id}`, { replace: true });
		}
	} } }, 'Record payment');
}

function refundButton(ctx, v) {
	if (v.status !== 'paid' || !can(ctx.me, 'POST', '/api/v1/invoices/:id/refunds')) return null;
	return h('button', { type: 'button', class: 'btn btn-danger', on: { click: async () => {
		const res = await formDialog({
			title: `Refund ${money(v.total)}`,
			intro: h('p', null, `Invoice ${v.number} for ${v.customer.name} is refunded in full with a credit note, and what its order bought is cancelled.`),
			fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true, maxlength: 1000 }],
			submitLabel: `Refund ${money(v.total)}`,
			onSubmit: (values) => api.post(`/api/v1/invoices/${v.id}/refunds`, values),
		});
		if (res) {
			notice(`Invoice ${res.invoice.number} is refunded: credit note ${res.refund.credit_note.number}.`);
			ctx.navigate(`/vendor/invoices/${v.id}`, { replace: true });
		}
	} } }, 'Refund');
}

export default async function render(ctx) {
	const v = await api.get(`/api/v1/invoices/${encodeURIComponent(ctx.params.id)}`);
	ctx.setTitle(`Invoice ${v.number}`);
	const pdf = h('a', { class: 'btn', href: api.url(`/api/v1/invoices/${v.id}/pdf`), download: `${v.number}.pdf` }, 'Download PDF');
	fill(ctx.main,
		backLink('/vendor/invoices', 'Invoices'),
		pageHeader(h('span', null, `Invoice ${v.number} `, statusBadge(v.status)), payButton(ctx, v), refundButton(ctx, v), pdf, auditLink(v.id)),
		h('div', { class: 'card' }, facts([
			['Customer', v.customer.name],
			['Partner', v.partner.name],
			['Order', h('a', { href: `/vendor/orders/${v.order.id}` }, v.order.number, ' ', statusBadge(v.order.status))],
			['Terms', v.terms === 'net30' ? 'Net 30' : 'Due on receipt'],
			['Issued', date(v.issued_on)],
			['Due', date(v.due_on)],
			['Paid', v.paid_on ? date(v.paid_on) : null],
			['Accepted methods', v.accepted_payment_methods.map(methodName).join(', ') || 'None'],
			['Total', h('strong', null, money(v.total))],
		])),
		section('Lines', dataTable({
			caption: `Lines of invoice ${v.number}`,
			rows: v.lines,
			columns: [
				{ label: '#', cell: (l) => String(l.line_no) },
				{ label: 'Item', cell: (l) => [label(l.action), l.product.name, label(l.edition), `${count(l.user_tier)} users`, label(l.billing_period)].join(' · ') },
				{ label: 'Quantity', num: true, cell: (l) => count(l.quantity) },
				{ label: 'Unit price', num: true, cell: (l) => money(l.unit_price) },
				{ label: 'Amount', num: true, cell: (l) => money(l.amount) },
			],
		}), h('div', { class: 'card vendor-totals' }, facts([
			['Net', money(v.net)],
			[`Tax (${(v.tax_rate_ppm / 10000).toLocaleString(undefined, { maximumFractionDigits: 4 })} %)`, money(v.tax)],
			['Total', h('strong', null, money(v.total))],
		]))),
		section('Payment', v.payment
			? h('div', { class: 'card' }, facts([
				['Method', methodName(v.payment.method)],
				['Amount', money(v.payment.amount)],
				['Paid on', date(v.payment.paid_on)],
				['Reference', v.payment.reference || null],
			]))
			: emptyState('No payment recorded.')),
		section('Refunds', dataTable({
			caption: `Refunds of invoice ${v.number}`,
			rows: v.refunds,
			empty: 'No refunds.',
			columns: [
				{ label: 'Credit note', cell: (r) => r.credit_note.number },
				{ label: 'Refunded on', cell: (r) => date(r.refunded_on) },
				{ label: 'Reason', cell: (r) => r.reason },
				{ label: 'Amount', num: true, cell: (r) => money(r.amount) },
			],
		})),
	);
}
