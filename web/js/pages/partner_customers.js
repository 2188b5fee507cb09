// /partner/customers: the partner's customers, searched by name on the
// server (?name=), with their sites.
import * as api from '../api.js';
import { h, fill, pageHeader, listView } from '../ui.js';

export default async function render(ctx) {
	const name = ctx.query.get('name') ?? '';
	ctx.setTitle('Customers');
	const input = h('input', { id: 'customer-search', type: 'search', name: 'name', value: name, maxlength: '200', autocomplete: 'off' });
	const search = h(
		'form',
		{
			class: 'partner-search',
			role: 'search',
			on: {
				submit: (e) => {
					e.preventDefault();
					const v = input.value.trim();
					ctx.navigate(v ? `/partner/customers?name=${encodeURIComponent(v)}` : '/partner/customers');
				},
			},
		},
		h('label', { for: 'customer-search' }, 'Customer name'),
		input,
		h('button', { type: 'submit', class: 'btn' }, 'Search'),
	);
	fill(ctx.main,
		pageHeader('Customers', h('a', { class: 'btn', href: '/partner/quotes/new' }, 'New quote')),
		search,
		listView({
			caption: name ? `Customers whose name holds "${name}"` : 'Your customers',
			load: (after) => api.list('/api/v1/customers', { name: name || null, after }),
			columns: [
				{ label: 'Customer', cell: (c) => h('a', { href: `/partner/customers/${c.id}` }, c.name) },
				{ label: 'Country', cell: (c) => [c.country, c.state].filter(Boolean).join('-') || '-' },
				{
					label: 'Sites',
					cell: (c) => (c.sites.length === 0 ? '-' : h('ul', { class: 'partner-plain' }, c.sites.map((s) => h('li', null, s.url)))),
				},
			],
			empty: name ? `No customer's name holds "${name}".` : 'You have no customers yet.',
		}),
	);
}
