// What the storefront billing dashboard's pages share: the statuses the
// API filters by, the status filter bar (it moves to the address, so the
// server filters and a reload or a shared link keeps the filter), and
// the page's breadcrumb.
import { h, label } from '../ui.js';

// The filters the API accepts (docs/openapi.yaml OrderStatus, SubscriptionStatus).
export const ORDER_STATUSES = ['pending_reseller_approval', 'pending_review', 'in_progress', 'executed', 'cancelled'];
export const SUBSCRIPTION_STATUSES = ['active', 'upcoming', 'inactive'];
// The payment methods the API names (PaymentMethod), in the reader's words.
export const PAYMENT_METHODS = [['card', 'Credit card'], ['paypal', 'PayPal'], ['bank_transfer', 'Bank transfer'],
	['check', 'Check'], ['ach', 'ACH'], ['net30', 'Net 30 invoice']];

// A status select that moves to path?status=... when changed.
export function statusFilter(ctx, { path, statuses, current, labelText = 'Status' }) {
	const id = 'dash-status-filter';
	const select = h('select', {
		id, name: 'status',
		on: { change: () => ctx.navigate(select.value ? `${path}?status=${encodeURIComponent(select.value)}` : path) },
	},
	h('option', { value: '', selected: !current }, 'All statuses'),
	statuses.map((s) => h('option', { value: s, selected: s === current }, label(s))));
	return h('form', { class: 'filters', role: 'search', 'aria-label': 'Filters', on: { submit: (e) => e.preventDefault() } },
		h('div', { class: 'field' }, h('label', { for: id }, labelText), select));
}

// The status of the address when it is one the API knows, else null.
export function statusOf(ctx, statuses) {
	const s = ctx.query.get('status');
	return s && statuses.includes(s) ? s : null;
}

// "Billing dashboard › Orders › O-000123": where the page sits in the dashboard.
export function crumbs(...items) {
	const all = [['/dashboard', 'Billing dashboard'], ...items];
	return h('nav', { class: 'dash-crumbs', 'aria-label': 'Breadcrumb' },
		h('ol', null, all.map(([href, text], i) => h('li', null,
			i === all.length - 1 ? h('span', { 'aria-current': 'page' }, text) : h('a', { href }, text)))));
}
