// What the partner console's pages share: labels for the API's names,
// links to its pages, and a definition list of facts.
import { h } from '../ui.js';

const METHOD_LABELS = {
	card: 'Credit card',
	paypal: 'PayPal',
	bank_transfer: 'Bank transfer',
	check: 'Check',
	ach: 'ACH',
	net30: 'Net 30 terms',
};
const WORDS = {
	annual: 'Annual',
	monthly: 'Monthly',
	free: 'Free',
	standard: 'Standard',
	premium: 'Premium',
	enterprise: 'Enterprise',
	new: 'New',
	renew: 'Renewal',
	upgrade: 'Upgrade',
	partner_tier: 'Partner tier',
};

export const methodLabel = (m) => METHOD_LABELS[m] ?? m;
export const word = (w) => WORDS[w] ?? (w ? w.charAt(0).toUpperCase() + w.slice(1).replace(/_/g, ' ') : '-');

export const customerLink = (c) => (c && c.id ? h('a', { href: `/partner/customers/${c.id}` }, c.name) : c?.name ?? '-');
export const quoteLink = (q) => h('a', { href: `/partner/quotes/${q.id}` }, q.number);
export const orderLink = (o) => h('a', { href: `/partner/orders/${o.id}` }, o.number);

// A titled part of a page (not a landmark: the lists inside are).
export function section(title, ...children) {
	const id = 'sec-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	return h('div', { class: 'partner-section' }, h('h2', { id }, title), ...children);
}
