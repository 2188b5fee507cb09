// The vendor's home: the manual review queue (SPEC rules 11, 12), the
// orders held with status pending_review, oldest first as the API lists
// them, each with what held it and, for a role that may decide, Approve
// and Reject with a note.
import { h, fill, pageHeader, listView, money, date, notice, label } from '../ui.js';
import { api, can, decisionButtons } from './vendor_util.js';

function heldFor(o) {
	const why = [];
	if (o.coterm_end) why.push(h('span', { class: 'vendor-why' }, `Co-term to ${date(o.coterm_end)}`));
	if (o.notes) why.push(h('span', { class: 'vendor-why vendor-note' }, o.notes));
	return why.length ? why : h('a', { href: `/vendor/orders/${o.id}`, 'aria-label': `Lines of order ${o.number}` }, 'See its lines');
}

export default async function render(ctx) {
	ctx.setTitle('Review queue');
	// A role that may decide neither way sees the queue without the column.
	const decides = can(ctx.me, 'POST', '/api/v1/orders/:id/approve') || can(ctx.me, 'POST', '/api/v1/orders/:id/reject');
	let list;
	const done = (o) => {
		notice(`Order ${o.number}: ${label(o.status)}.`);
		list.reload();
	};
	list = listView({
		caption: 'Orders held for manual review',
		load: (after) => api.list('/api/v1/orders', { status: 'pending_review', after }),
		empty: 'No order is waiting for review.',
		columns: [
			{ label: 'Order', cell: (o) => h('a', { href: `/vendor/orders/${o.id}` }, o.number) },
			{ label: 'Customer', cell: (o) => o.customer.name },
			{ label: 'Partner', cell: (o) => o.partner.name },
			{ label: 'Placed', cell: (o) => h('span', null, date(o.created_at), h('br'), h('span', { class: 'muted' }, o.placed_by.name)) },
			{ label: 'Held for', cell: heldFor },
			{ label: 'Total', num: true, cell: (o) => money(o.total) },
			decides ? { label: 'Decision', cell: (o) => decisionButtons(ctx.me, o, done) } : null,
		].filter(Boolean),
	});
	fill(ctx.main,
		pageHeader('Review queue', h('a', { class: 'btn', href: '/vendor/orders' }, 'All orders')),
		h('p', { class: 'muted' }, 'Orders that wait for a person to approve or reject them, with what held each one.'),
		list,
	);
}
