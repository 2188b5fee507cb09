// One subscription: its plan, customer, partner, dates and site, its apps
// (or the products an app is on), its purchase history, and "Reactivate"
// for a cancelled one (SPEC rule 14: only vendor staff may; the API
// answers why when it refuses, for example when the term has ended).
import { h, fill, pageHeader, backLink, facts, dataTable, money, date, dateTime, statusBadge, label, notice, count, confirmDialog, listView } from '../ui.js';
import { api, can, section, auditLink } from './vendor_util.js';

function reactivateButton(ctx, s) {
	if (s.state !== 'cancelled' || !can(ctx.me, 'POST', '/api/v1/subscriptions/:id/reactivate')) return null;
	const err = h('p', { class: 'form-error vendor-action-error', role: 'alert' });
	const btn = h('button', { type: 'button', class: 'btn btn-primary', on: { click: async () => {
		err.textContent = '';
		const ok = await confirmDialog({
			title: `Reactivate ${s.product.name}?`,
			body: h('p', null, `${s.customer.name}'s subscription ${s.entitlement_number} (${label(s.plan)}, ${count(s.user_tier)} users) becomes active again, with its bill date ${date(s.bill_date)}.`),
			confirmLabel: 'Reactivate',
		});
		if (!ok) return;
		btn.disabled = true;
		try {
			const after = await api.post(`/api/v1/subscriptions/${s.id}/reactivate`);
			notice(`${after.product.name} is ${label(after.status).toLowerCase()} again.`);
			ctx.navigate(`/vendor/subscriptions/${s.id}`, { replace: true });
		} catch (e) {
			err.textContent = e.message;
			btn.disabled = false;
		}
	} } }, 'Reactivate');
	return [btn, err];
}

export default async function render(ctx) {
	const id = encodeURIComponent(ctx.params.id);
	const s = await api.get(`/api/v1/subscriptions/${id}`);
	ctx.setTitle(`${s.product.name} · ${s.customer.name}`);
	const actions = reactivateButton(ctx, s);
	// The history of a product holds its apps' events too: each names its subscription.
	const names = new Map((s.apps || []).map((a) => [a.id, a.product.name]));
	fill(ctx.main,
		backLink('/vendor/subscriptions', 'Subscriptions'),
		pageHeader(h('span', null, `${s.product.name} `, statusBadge(s.status)), actions ? actions[0] : null, auditLink(s.id)),
		actions ? actions[1] : null,
		h('p', { class: 'vendor-status-text' }, s.status_text, s.cancel_at_period_end ? ' · cancels at the end of its term' : null),
		h('div', { class: 'card' }, facts([
			['Customer', h('a', { href: `/vendor/subscriptions?customer=${s.customer.id}&customer_name=${encodeURIComponent(s.customer.name)}` }, s.customer.name)],
			['Partner', s.partner.name],
			['Kind', `${label(s.kind)} · ${label(s.product.hosting)}`],
			['Plan', `${label(s.plan)} · ${count(s.user_tier)} users`],
			['Quantity', count(s.quantity)],
			['Active users', count(s.active_users)],
			['Billing period', label(s.billing_period)],
			['Start date', date(s.start_date)],
			['Bill date', date(s.bill_date)],
			['Site', s.site ? s.site.url : (s.site_setup_required ? 'Site setup required' : 'None')],
			['Entitlement number', h('span', { class: 'mono' }, s.entitlement_number)],
			['SEN', h('span', { class: 'mono' }, s.sen)],
			['Product subscription', s.parent_id ? h('a', { href: `/vendor/subscriptions/${s.parent_id}` }, 'Open') : null],
		])),
		s.apps ? section('Apps', dataTable({
			caption: `Apps of ${s.product.name}`,
			rows: s.apps,
			empty: 'No apps.',
			columns: [
				{ label: 'App', cell: (a) => h('a', { href: `/vendor/subscriptions/${a.id}` }, a.product.name) },
				{ label: 'Status', cell: (a) => statusBadge(a.status) },
				{ label: 'Plan', cell: (a) => `${label(a.plan)} · ${count(a.user_tier)} users` },
				{ label: 'Bill date', cell: (a) => date(a.bill_date) },
			],
		})) : null,
		s.installed_on ? section('Installed on', dataTable({
			caption: `Products ${s.product.name} is installed on`,
			rows: s.installed_on,
			empty: 'Not installed on any product.',
			columns: [{ label: 'Product', cell: (p) => h('a', { href: `/vendor/subscriptions/${p.id}` }, p.product.name) }],
		})) : null,
		section('Purchase history', listView({
			caption: `Purchase history of ${s.product.name}`,
			load: () => api.list(`/api/v1/subscriptions/${id}/history`),
			empty: 'No purchases recorded.',
			columns: [
				{ label: 'When', cell: (e) => dateTime(e.at) },
				{ label: 'Event', cell: (e) => label(e.kind) },
				{ label: 'Of', cell: (e) => (e.subscription_id === s.id ? s.product.name : names.get(e.subscription_id) ?? e.subscription_id) },
				{ label: 'Quantity', num: true, cell: (e) => count(e.quantity) },
				{ label: 'Note', cell: (e) => e.note || '' },
				{ label: 'Amount', num: true, cell: (e) => money(e.amount) },
			],
		})),
	);
}
