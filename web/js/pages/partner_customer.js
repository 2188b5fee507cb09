// /partner/customers/:id: one customer with its sites, its contacts (who
// signs in for it, its technical contacts, the billing contact whose
// address decides its tax) and its subscriptions.
import * as api from '../api.js';
import { h, fill, facts, pageHeader, listView, dataTable, statusBadge, date, count } from '../ui.js';
import { section, word } from './partner_common.js';

function contactRow(c, extra) {
	return { name: c.name, email: h('a', { href: `mailto:${c.email}` }, c.email), extra };
}

export default async function render(ctx) {
	const cu = await api.get(`/api/v1/customers/${encodeURIComponent(ctx.params.id)}`);
	ctx.setTitle(cu.name);
	const b = cu.billing_contact;
	const address = b
		? h('address', null, [b.address.line, [b.address.postal_code, b.address.city].filter(Boolean).join(' '), [b.address.state, b.address.country].filter(Boolean).join(', ')]
			.filter(Boolean)
			.flatMap((l, i) => (i === 0 ? [l] : [h('br'), l])))
		: null;
	const contacts = [
		...cu.customer_contacts.map((c) => contactRow(c, 'Customer contact')),
		...cu.technical_contacts.map((c) => contactRow(c, c.primary ? 'Technical contact (primary)' : 'Technical contact')),
	];
	fill(ctx.main,
		pageHeader(cu.name, h('a', { class: 'btn btn-primary', href: `/partner/quotes/new?customer=${cu.id}` }, 'New quote')),
		facts([
			['Managed by', cu.partner?.name ?? 'Buys directly'],
			['Country', [cu.country, cu.state].filter(Boolean).join('-') || null],
			['Sites', count(cu.sites.length)],
		]),
		section(
			'Sites',
			cu.sites.length === 0
				? h('p', null, 'No cloud site yet.')
				: h('ul', { class: 'partner-plain' }, cu.sites.map((s) => h('li', null, h('a', { href: s.url, rel: 'noopener noreferrer' }, s.url)))),
		),
		section(
			'Contacts',
			dataTable({
				caption: 'Contacts',
				columns: [
					{ label: 'Name', cell: (r) => r.name },
					{ label: 'Email', cell: (r) => r.email },
					{ label: 'Role', cell: (r) => r.extra },
				],
				rows: contacts,
				empty: 'No contact yet.',
			}),
			h('h3', null, 'Billing contact'),
			b
				? facts([
					['Name', b.name],
					['Email', b.email],
					['Phone', b.phone || null],
					['Address', address],
				])
				: h('p', null, 'No billing contact: a quote needs a billing address to decide its tax.'),
		),
		section(
			'Subscriptions',
			listView({
				caption: `Subscriptions of ${cu.name}`,
				load: (after) => api.list('/api/v1/subscriptions', { customer: cu.id, after }),
				columns: [
					{ label: 'Product', cell: (s) => s.product.name },
					{ label: 'Plan', cell: (s) => word(s.plan) },
					{ label: 'Users', cell: (s) => count(s.user_tier), num: true },
					{ label: 'Site', cell: (s) => s.site?.url ?? (s.site_setup_required ? 'Site setup required' : '-') },
					{ label: 'Status', cell: (s) => [statusBadge(s.status), ' ', s.status_text] },
					{ label: 'Bill date', cell: (s) => date(s.bill_date) },
					{ label: 'SEN', cell: (s) => s.sen },
				],
				empty: 'No subscription yet.',
			}),
		),
	);
}
