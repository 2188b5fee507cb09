// What the vendor console's pages share: whether the API lets the caller
// take an action (GET /api/v1/me `permissions`, read from the server's
// route table), filters kept in the address, the decision dialogs of the
// review queue and links to an object's audit trail.
import * as api from '../api.js';
import { h, label, formDialog, money } from '../ui.js';

// True when the caller's role may call `METHOD pattern` (the route table's
// pattern, "/api/v1/orders/:id/approve"); a rule of the domain may still
// refuse the call, and its reply then says why.
export function can(me, method, pattern) {
	return Array.isArray(me.permissions) && me.permissions.includes(`${method} ${pattern}`);
}

// How people write the API's payment methods (docs/openapi.yaml PaymentMethod).
const METHOD_NAMES = { card: 'Card', paypal: 'PayPal', bank_transfer: 'Bank transfer', check: 'Check', ach: 'ACH', net30: 'Net 30' };
export function methodName(m) {
	return METHOD_NAMES[m] ?? label(m);
}

// A section with its heading.
let sectionSeq = 0;
export function section(title, ...children) {
	const id = `vendor-section-${++sectionSeq}`;
	return h('section', { class: 'vendor-section', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

// A filter form whose controls are named as the list's query parameters.
// Applying it moves to path with the chosen values in the address (so a
// reload or the back button keeps them); the page then asks the server
// with them. fields: [{name, label, options: [value | [value, text]], any}]
// or [{name, label, type: 'search'}].
export function filterForm(ctx, path, fields) {
	const controls = fields.map((f) => {
		const id = `vendor-filter-${f.name}`;
		const current = ctx.query.get(f.name) ?? '';
		const input = f.options
			? h('select', { id, name: f.name },
				h('option', { value: '', selected: current === '' }, f.any ?? 'All'),
				f.options.map((o) => {
					const [value, text] = Array.isArray(o) ? o : [o, label(o)];
					return h('option', { value, selected: value === current }, text);
				}))
			: h('input', { id, name: f.name, type: f.type ?? 'search', value: current, autocomplete: 'off',
				placeholder: f.placeholder ?? null });
		return h('div', { class: 'field' }, h('label', { for: id }, f.label), input);
	});
	const el = h('form', { class: 'filters vendor-filters', role: 'search', 'aria-label': 'Filters' }, controls,
		h('div', { class: 'vendor-filter-actions' },
			h('button', { type: 'submit', class: 'btn btn-primary' }, 'Apply'),
			ctx.query.toString() ? h('a', { class: 'btn', href: path }, 'Clear') : null));
	el.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const q = new URLSearchParams();
		for (const f of fields) {
			const v = el.elements[f.name].value.trim();
			if (v !== '') q.set(f.name, v);
		}
		const s = q.toString();
		ctx.navigate(s ? `${path}?${s}` : path);
	});
	return el;
}

// The API query of a page's address: the named parameters that are set.
export function queryOf(ctx, names) {
	const q = {};
	for (const n of names) if (ctx.query.get(n)) q[n] = ctx.query.get(n);
	return q;
}

// Asks for a note and decides an order held for review (SPEC rule 12):
// resolves to the order as the API left it, or false when dismissed.
export function decideOrder(order, approve) {
	const verb = approve ? 'Approve' : 'Reject';
	return formDialog({
		title: `${verb} order ${order.number}`,
		intro: h('p', null, approve
			? `${order.customer.name}'s order of ${money(order.total)} from ${order.partner.name} goes on to be invoiced and executed.`
			: `${order.customer.name}'s order of ${money(order.total)} from ${order.partner.name} is cancelled. The note tells the partner why.`),
		fields: [{
			name: 'note', label: approve ? 'Note (optional)' : 'Note to the partner', type: 'textarea', maxlength: 1000,
			hint: 'Kept with the order; at most 1,000 characters.',
		}],
		submitLabel: verb,
		onSubmit: (v) => api.post(`/api/v1/orders/${order.id}/${approve ? 'approve' : 'reject'}`, v.note ? { note: v.note } : {}),
	});
}

// The Approve and Reject buttons of an order held for review, when the
// caller's role may decide it; done(order) runs after a decision.
export function decisionButtons(me, order, done) {
	if (order.status !== 'pending_review') return null;
	const may = [
		can(me, 'POST', '/api/v1/orders/:id/approve') ? [true, 'Approve', 'btn btn-primary'] : null,
		can(me, 'POST', '/api/v1/orders/:id/reject') ? [false, 'Reject', 'btn'] : null,
	].filter(Boolean);
	if (!may.length) return null;
	return h('div', { class: 'vendor-decide' }, may.map(([approve, text, cls]) => h('button', {
		type: 'button', class: cls, 'aria-label': `${text} order ${order.number}`,
		on: { click: async () => { const o = await decideOrder(order, approve); if (o) done(o); } },
	}, text)));
}

// A link to the audit trail of one object.
export function auditLink(id) {
	return h('a', { class: 'btn', href: `/vendor/audit?object_id=${encodeURIComponent(id)}` }, 'Audit trail');
}

export { api };
