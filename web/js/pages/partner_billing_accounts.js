// /partner/billing-accounts: the partner's billing accounts, each in one
// currency; a quote is billed through one of them.
import * as api from '../api.js';
import { h, fill, pageHeader, listView } from '../ui.js';

export default async function render(ctx) {
	ctx.setTitle('Billing accounts');
	fill(ctx.main,
		pageHeader('Billing accounts'),
		h('p', { class: 'partner-lead' }, 'Each billing account groups the billing of a set of subscriptions, in its own currency.'),
		listView({
			caption: 'Your billing accounts',
			load: (after) => api.list('/api/v1/billing-accounts', { after }),
			columns: [
				{ label: 'Name', cell: (a) => a.name },
				{ label: 'Currency', cell: (a) => a.currency },
				{ label: 'Quote', cell: (a) => h('a', { href: `/partner/quotes/new?billing_account=${a.id}`, 'aria-label': `New quote billed to ${a.name}` }, 'New quote') },
			],
			empty: 'No billing account yet.',
		}),
	);
}
