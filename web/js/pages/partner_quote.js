// /partner/quotes/:id: a quote with its lines and totals, its PDF, and,
// while it is open, ordering it (with a payment method it accepts) or
// cancelling it.
import * as api from '../api.js';
import { h, fill, facts, pageHeader, statusBadge, date, dateTime, confirmDialog, notice } from '../ui.js';
import { customerLink, methodLabel, section } from './partner_common.js';
import { quoteLines, quoteTotals } from './partner_quote_view.js';

function orderForm(ctx, q) {
	const select = h(
		'select',
		{ id: 'order-method', name: 'payment_method', required: true },
		q.payment_methods.map((m) => h('option', { value: m }, methodLabel(m))),
	);
	const error = h('p', { id: 'order-method-error', class: 'field-error', hidden: true });
	const button = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Order');
	return h(
		'form',
		{
			class: 'partner-inline-form',
			on: {
				submit: async (e) => {
					e.preventDefault();
					button.disabled = true;
					error.hidden = true;
					try {
						const o = await api.post(`/api/v1/quotes/${q.id}/order`, { payment_method: select.value });
						ctx.navigate(`/partner/orders/${o.id}`);
					} catch (err) {
						error.textContent = err.message;
						error.hidden = false;
						select.setAttribute('aria-invalid', 'true');
						select.setAttribute('aria-describedby', 'order-method-error');
						button.disabled = false;
					}
				},
			},
		},
		h('label', { for: 'order-method' }, 'Payment method'),
		select,
		button,
		error,
	);
}

export default async function render(ctx) {
	const q = await api.get(`/api/v1/quotes/${encodeURIComponent(ctx.params.id)}`);
	ctx.setTitle(`Quote ${q.number}`);
	const open = q.status === 'open';
	const cancel = h('button', {
		type: 'button',
		class: 'btn btn-danger',
		on: {
			click: async () => {
				const ok = await confirmDialog({
					title: `Cancel quote ${q.number}?`,
					body: 'A cancelled quote can no longer be ordered.',
					confirmLabel: 'Cancel quote',
					danger: true,
				});
				if (!ok) return;
				await api.post(`/api/v1/quotes/${q.id}/cancel`, {});
				ctx.navigate(`/partner/quotes/${q.id}`);
			},
		},
	}, 'Cancel quote');
	fill(ctx.main,
		pageHeader(
			`Quote ${q.number}`,
			h('a', { class: 'btn', href: api.url(q.pdf), download: `${q.number}.pdf` }, 'Download PDF'),
			open ? cancel : null,
		),
		facts([
			['Status', statusBadge(q.status)],
			['Customer', customerLink(q.customer)],
			['Site', q.site?.url ?? null],
			['Billing account', q.billing_account.name],
			['Currency', q.currency],
			['Created', dateTime(q.created_at)],
			['Expires', date(q.expires_on)],
			['Partner contact', `${q.partner_contact.name} <${q.partner_contact.email}>`],
			['Technical contact', q.technical_contact ? `${q.technical_contact.name} <${q.technical_contact.email}>` : null],
			['Co-term end', q.coterm_end ? date(q.coterm_end) : null],
			['Notes', q.notes || null],
		]),
		section('Lines', quoteLines(q)),
		section('Totals', quoteTotals(q)),
		open ? section('Order this quote', q.payment_methods.length > 0 ? orderForm(ctx, q) : h('p', null, 'No payment method can pay this quote.')) : null,
	);
	if (ctx.query.get('saved') === '1') notice(`Quote ${q.number} saved.`);
}
