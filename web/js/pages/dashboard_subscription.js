// One subscription: name, status and quantity; the "I want to…" menu with
// exactly the actions GET .../actions offers, each a form dialog that
// places the order (POST .../actions) and shows it, or the API's field
// errors beside the fields; the summary of charges and the products and
// add-ons with unit price ("-" where the API hides it), discount and
// totals; and the way to its purchase history.
import * as api from '../api.js';
import {
	h, fill, money, date, label, count, statusBadge, pageHeader, facts, loading, errorState, dataTable, formDialog, notice,
} from '../ui.js';
import { crumbs, PAYMENT_METHODS } from './dashboard_common.js';

const ACTION_TITLES = {
	buy_licenses: 'Buy licenses',
	upgrade: 'Upgrade the subscription',
	cancel_addon: 'Cancel an add-on',
	decrease_addon: 'Remove add-on licenses',
	cancel: 'Cancel the subscription',
};

// The API refuses a method a rule excludes, beside the field.
const PAYMENT = [['', 'Choose…'], ...PAYMENT_METHODS];
const EDITIONS = [['', 'Keep the plan'], ['standard', 'Standard'], ['premium', 'Premium'], ['enterprise', 'Enterprise']];
const INSTRUCTIONS = { name: 'instructions', label: 'Instructions for your partner', type: 'textarea', maxlength: 2000,
	hint: 'Optional. An order with instructions is reviewed before it proceeds.' };

// The fields of each action's form, named as the API's body fields are.
function fieldsFor(action, sub) {
	const addons = (sub.apps || []).filter((a) => a.status !== 'inactive').map((a) => [a.id, `${a.product.name} (${count(a.quantity)})`]);
	switch (action) {
	case 'buy_licenses':
		return [{ name: 'quantity', label: 'Licenses to add', type: 'number', min: 1, step: 1, value: 1, required: true },
			{ name: 'payment_method', label: 'Payment method', type: 'select', options: PAYMENT }, INSTRUCTIONS];
	case 'upgrade':
		return [{ name: 'edition', label: 'New plan', type: 'select', options: EDITIONS },
			{ name: 'user_tier', label: 'New user tier', type: 'number', min: 1, step: 1, hint: `Now ${count(sub.user_tier)} users. Leave empty to keep it.` },
			{ name: 'quantity', label: 'Quantity to upgrade', type: 'number', min: 1, step: 1, hint: `Leave empty to upgrade all ${count(sub.quantity)}.` },
			{ name: 'payment_method', label: 'Payment method', type: 'select', options: PAYMENT }, INSTRUCTIONS];
	case 'cancel_addon':
		return [{ name: 'addon', label: 'Add-on', type: 'select', options: [['', 'Choose…'], ...addons], required: true }, INSTRUCTIONS];
	case 'decrease_addon':
		return [{ name: 'addon', label: 'Add-on', type: 'select', options: [['', 'Choose…'], ...addons], required: true },
			{ name: 'quantity', label: 'Licenses to remove', type: 'number', min: 1, step: 1, required: true }, INSTRUCTIONS];
	case 'cancel':
		return [{ name: 'quantity', label: 'Quantity to cancel', type: 'number', min: 1, step: 1, value: sub.quantity, required: true,
			hint: `Of ${count(sub.quantity)}. Fewer than all decreases the subscription.` },
		{ name: 'effective', label: 'When', type: 'select', options: [['term_end', `At the end of the term (${date(sub.bill_date)})`], ['now', 'Now']] },
		INSTRUCTIONS];
	default:
		return [INSTRUCTIONS];
	}
}

// The request body: the form's values without the empty ones.
function bodyOf(action, values) {
	const body = { action };
	for (const [k, v] of Object.entries(values)) if (v !== '' && v !== null && v !== undefined) body[k] = v;
	return body;
}

function orderPlaced(o) {
	return h('section', { class: 'notice notice-ok dash-placed', 'aria-labelledby': 'placed-title' },
		h('h2', { id: 'placed-title' }, `Order ${o.number} placed`),
		h('p', null, statusBadge(o.status), ' ', o.customer_message || 'Your partner will review it.'),
		h('p', null, h('a', { href: `/dashboard/orders/${encodeURIComponent(o.id)}` }, `View order ${o.number}`), ' · ',
			h('a', { href: '/dashboard/orders' }, 'View all orders')));
}

function actionMenu(sub, actions, onPlaced) {
	const offered = actions.filter((a) => a.available);
	const button = h('button', { type: 'button', class: 'btn btn-primary', id: 'iwant', 'aria-expanded': 'false', 'aria-controls': 'iwant-menu' }, 'I want to…');
	const list = h('ul', { class: 'dash-menu', id: 'iwant-menu', hidden: true, 'aria-label': 'Actions' },
		offered.map((a) => h('li', null, h('button', {
			type: 'button', class: 'dash-menu-item',
			on: { click: async () => { close(); await open(a.action); } },
		}, ACTION_TITLES[a.action] || label(a.action)))));
	function close() {
		list.hidden = true;
		button.setAttribute('aria-expanded', 'false');
	}
	button.addEventListener('click', () => {
		const opening = list.hidden;
		list.hidden = !opening;
		button.setAttribute('aria-expanded', String(opening));
		if (opening) list.querySelector('button')?.focus();
	});
	list.addEventListener('keydown', (e) => {
		if (e.key === 'Escape') { close(); button.focus(); }
	});
	async function open(action) {
		const placed = await formDialog({
			title: ACTION_TITLES[action] || label(action),
			intro: h('p', null, `${sub.product.name}: your partner approves the order before it takes effect.`),
			fields: fieldsFor(action, sub),
			submitLabel: 'Place order',
			onSubmit: (values) => api.post(`/api/v1/subscriptions/${encodeURIComponent(sub.id)}/actions`, bodyOf(action, values)),
		});
		button.focus();
		if (placed) onPlaced(placed);
	}
	if (!offered.length) return h('p', { class: 'muted' }, 'No actions are available for this subscription.');
	return h('div', { class: 'dash-iwant' }, button, list);
}

function chargesTable(ch) {
	return dataTable({
		columns: [
			{ label: 'Item', cell: (l) => h('span', null, l.product.name,
				h('span', { class: 'dash-item-kind' }, `${l.kind === 'app' ? 'Add-on' : 'Product'} · ${label(l.plan)}`)) },
			{ label: 'Status', cell: (l) => statusBadge(l.status) },
			{ label: 'Quantity', num: true, cell: (l) => count(l.quantity) },
			{ label: 'Unit price', num: true, cell: (l) => money(l.list_unit_price || l.unit_price) },
			{ label: 'Discount', num: true, cell: (l) => money(l.discount) },
			{ label: 'Final unit price', num: true, cell: (l) => money(l.unit_price) },
			{ label: 'Total', num: true, cell: (l) => money(l.total) },
		],
		rows: ch.lines,
		empty: 'No charges.',
	});
}

export default async function render(ctx) {
	const id = ctx.params.id;
	ctx.setTitle('Subscription');
	fill(ctx.main, loading());
	let sub, actions, charges;
	try {
		[sub, actions, charges] = await Promise.all([
			api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}`),
			api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}/actions`),
			api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}/charges`),
		]);
	} catch (err) {
		fill(ctx.main, crumbs(['/dashboard/subscriptions', 'Subscriptions'], [location.pathname, 'Subscription']),
			pageHeader('Subscription'), errorState(err, () => render(ctx)));
		return;
	}
	ctx.setTitle(sub.product.name);
	const placedSlot = h('div', { class: 'dash-placed-slot' });
	const onPlaced = (o) => {
		notice(`Order ${o.number} placed: ${label(o.status).toLowerCase()}.`);
		fill(placedSlot, orderPlaced(o));
		placedSlot.querySelector('a')?.focus();
	};
	const live = charges.lines.filter((l) => l.status !== 'inactive');
	fill(ctx.main,
		crumbs(['/dashboard/subscriptions', 'Subscriptions'], [location.pathname, sub.product.name]),
		pageHeader(sub.product.name,
			h('a', { class: 'btn', href: `/dashboard/subscriptions/${encodeURIComponent(sub.id)}/history` }, 'View purchase history')),
		placedSlot,
		h('div', { class: 'dash-detail' },
			h('aside', { class: 'card dash-side', 'aria-labelledby': 'sub-summary' },
				h('h2', { id: 'sub-summary' }, 'Subscription'),
				facts([
					['Status', h('span', { class: 'dash-status' }, statusBadge(sub.status), h('span', { class: 'muted' }, sub.status_text))],
					['Quantity', count(sub.quantity)],
					['Plan', `${label(sub.plan)}, ${count(sub.user_tier)} users`],
					['Billing', label(sub.billing_period)],
					['Bill date', date(sub.bill_date)],
					['Partner', sub.partner.name],
					['Entitlement number', h('span', { class: 'mono' }, sub.entitlement_number)],
				]),
				actionMenu(sub, actions.data, onPlaced)),
			h('div', { class: 'dash-main' },
				h('section', { class: 'card', 'aria-labelledby': 'charges-summary' },
					h('h2', { id: 'charges-summary' }, 'Summary of charges'),
					facts([
						['Items charged', count(live.length)],
						['Total per billing period', h('span', { class: 'dash-total' }, money(charges.total))],
						['Next bill date', date(sub.bill_date)],
					]),
					charges.total === null ? h('p', { class: 'hint' }, 'An amount your partner has not made visible to you (an item it set up, or one not published on its storefront) shows as ', h('span', { class: 'dash-nowrap' }, '"-".')) : null),
				h('section', { 'aria-labelledby': 'charges-lines' },
					h('h2', { id: 'charges-lines' }, 'Products and add-ons'),
					chargesTable(charges)))));
}
