// Every subscription, searched on the server: by status and kind
// (GET /api/v1/subscriptions?status=&kind=) and by customer, found by
// name through GET /api/v1/customers?name= and then filtered by its id
// (?customer=).
import { h, pageHeader, listView, date, statusBadge, label, count, fill, loading, errorState } from '../ui.js';
import { api, filterForm, queryOf } from './vendor_util.js';

// docs/openapi.yaml: the subscription list's status and kind filters.
const STATUSES = ['upcoming', 'active', 'inactive'];
const KINDS = [['product', 'Products'], ['app', 'Apps']];

// The customers whose name matches what was typed: one is taken at once,
// several are offered as links that keep the other filters.
async function chooseCustomer(ctx, box, typed) {
	fill(box, loading('Finding customers…'));
	try {
		const { data } = await api.list('/api/v1/customers', { name: typed, limit: 20 });
		const href = (c) => {
			const q = new URLSearchParams(ctx.query);
			q.set('customer', c.id);
			q.set('customer_name', c.name);
			return `/vendor/subscriptions?${q}`;
		};
		if (data.length === 1) {
			ctx.navigate(href(data[0]), { replace: true });
			return;
		}
		fill(box, data.length === 0
			? h('p', { class: 'state state-empty' }, `No customer's name contains “${typed}”.`)
			: h('div', { class: 'card' }, h('p', null, `Customers matching “${typed}”:`),
				h('ul', { class: 'vendor-choices' }, data.map((c) => h('li', null, h('a', { href: href(c) }, c.name),
					c.partner ? h('span', { class: 'muted' }, ` · ${c.partner.name}`) : null)))));
	} catch (err) {
		fill(box, errorState(err));
	}
}

export default async function render(ctx) {
	ctx.setTitle('Subscriptions');
	const q = queryOf(ctx, ['status', 'kind', 'customer']);
	const typed = ctx.query.get('customer_name') ?? '';
	const filters = filterForm(ctx, '/vendor/subscriptions', [
		{ name: 'status', label: 'Status', options: STATUSES, any: 'All statuses' },
		{ name: 'kind', label: 'Kind', options: KINDS, any: 'Products and apps' },
		{ name: 'customer_name', label: 'Customer', type: 'search', placeholder: 'Part of the name' },
	]);
	fill(ctx.main, pageHeader('Subscriptions'), filters);
	// A typed name that is not yet a chosen customer: find it first.
	if (typed && !q.customer) {
		const box = h('div', { class: 'vendor-customer-choice' });
		ctx.main.append(box);
		await chooseCustomer(ctx, box, typed);
		return;
	}
	ctx.main.append(listView({
		caption: q.customer ? `Subscriptions of ${typed || 'the customer'}` : 'All subscriptions',
		load: (after) => api.list('/api/v1/subscriptions', { ...q, after }),
		empty: 'No subscription matches these filters.',
		columns: [
			{ label: 'Subscription', cell: (s) => h('a', { href: `/vendor/subscriptions/${s.id}` }, s.product.name) },
			{ label: 'Status', cell: (s) => h('span', null, statusBadge(s.status), s.status_text && s.status_text !== label(s.status) ? h('span', { class: 'vendor-small muted' }, h('br'), s.status_text) : null) },
			{ label: 'Customer', cell: (s) => s.customer.name },
			{ label: 'Partner', cell: (s) => s.partner.name },
			{ label: 'Plan', cell: (s) => `${label(s.plan)} · ${count(s.user_tier)} users` },
			{ label: 'Entitlement', cell: (s) => h('span', { class: 'mono vendor-nowrap' }, s.entitlement_number) },
			{ label: 'Bill date', cell: (s) => date(s.bill_date) },
		],
	}));
}
