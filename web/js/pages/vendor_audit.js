// The audit log: who did what to which object, when, with the object's
// state before and after: the whole log, one object's events or one
// user's, oldest or newest first, filtered on the server
// (GET /api/v1/audit-events?object_id=&actor=&order=).
import { h, fill, pageHeader, listView, dateTime, label } from '../ui.js';
import { api, filterForm, queryOf } from './vendor_util.js';

// The console's page of each kind of object the log names.
const PAGES = { order: '/vendor/orders/', invoice: '/vendor/invoices/', subscription: '/vendor/subscriptions/' };

function objectCell(e) {
	const base = PAGES[e.object_type];
	const id = h('span', { class: 'mono' }, e.object_id);
	return h('span', null, label(e.object_type), ' ', base ? h('a', { href: base + e.object_id }, id) : id);
}

function text(v) {
	if (v === null || v === undefined) return '-';
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

// What changed: each member whose value differs, before → after; the
// whole states are one click away.
function changeCell(e) {
	const before = e.before || {};
	const after = e.after || {};
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
		.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
	const summary = e.before === null ? 'Created' : e.after === null ? 'Deleted' : `${keys.length} changed`;
	return h('div', { class: 'vendor-change' },
		keys.length ? h('ul', { class: 'vendor-diff' }, keys.slice(0, 6).map((k) => h('li', null,
			h('span', { class: 'vendor-diff-key' }, label(k)), ': ',
			e.before !== null ? h('del', null, text(before[k])) : null, e.before !== null ? ' → ' : null,
			h('ins', null, text(after[k]))))) : null,
		h('details', null, h('summary', null, `Before and after (${summary.toLowerCase()})`),
			h('div', { class: 'vendor-states' },
				h('div', null, h('p', { class: 'vendor-state-label' }, 'Before'), h('pre', null, e.before === null ? 'Nothing (created)' : JSON.stringify(e.before, null, 2))),
				h('div', null, h('p', { class: 'vendor-state-label' }, 'After'), h('pre', null, e.after === null ? 'Nothing (deleted)' : JSON.stringify(e.after, null, 2))))));
}

export default async function render(ctx) {
	ctx.setTitle('Audit log');
	const q = queryOf(ctx, ['object_id', 'actor', 'order']);
	const who = (id) => (id === null ? 'System' : h('span', null, id === ctx.me.user.id ? [h('strong', null, 'You'), h('br')] : null,
		h('a', { class: 'mono vendor-small', href: `/vendor/audit?actor=${encodeURIComponent(id)}&order=newest`, 'aria-label': `Events by ${id}` }, id)));
	fill(ctx.main,
		pageHeader('Audit log'),
		filterForm(ctx, '/vendor/audit', [
			{ name: 'object_id', label: 'Object id', type: 'search', placeholder: 'ord_…, inv_…, sub_…' },
			{ name: 'actor', label: 'User id', type: 'search', placeholder: 'usr_…' },
			{ name: 'order', label: 'Order', options: [['newest', 'Newest first']], any: 'Oldest first' },
		]),
		listView({
			caption: q.object_id ? `Events of ${q.object_id}` : q.actor ? `Events by ${q.actor}` : 'All events',
			load: (after) => api.list('/api/v1/audit-events', { ...q, after }),
			empty: 'No event matches these filters.',
			columns: [
				{ label: 'When', cell: (e) => dateTime(e.at) },
				{ label: 'Who', cell: (e) => who(e.actor_user_id) },
				{ label: 'What', cell: (e) => h('span', { class: 'mono vendor-action' }, e.action.split('.').flatMap((part, i) => (i ? ['.', h('wbr'), part] : [part]))) },
				{ label: 'Object', cell: objectCell },
				{ label: 'Change', cell: changeCell },
			],
		}),
	);
}
