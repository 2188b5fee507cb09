// The partner-managed subscriptions portal's home: the customer's
// subscriptions, products and apps, on an Active and an Inactive tab,
// each with its plan, users, days until renewal, partner and "Manage".
import { h, tabs, pageHeader, date } from '../ui.js';
import { planLabel, subscriptionCell, usersText, daysText, stateBadge, manageLink, subscriptionTabs, statusLine } from './portal_common.js';

const TABS = [
	{ id: 'active', label: 'Active' },
	{ id: 'inactive', label: 'Inactive' },
];


function columns(status) {
	const cols = [
		{ label: 'Subscription', cell: subscriptionCell },
		{ label: 'Plan', cell: (s) => planLabel(s.plan) },
		{ label: 'Users', cell: usersText, num: true },
	];
	if (status === 'active') {
		cols.push({ label: 'Days until renewal', cell: (s) => daysText(s.days_until_renewal), num: true });
		cols.push({ label: 'Status', cell: (s) => h('span', { class: 'sub-status' }, stateBadge(s), ' ', h('span', { class: 'muted' }, statusLine(s))) });
	} else {
		cols.push({ label: 'Ended', cell: (s) => h('span', { class: 'sub-date' }, date(s.ended_on)) });
		cols.push({ label: 'Status', cell: stateBadge });
	}
	cols.push({ label: 'Partner', cell: (s) => s.partner.name });
	cols.push({ label: 'Actions', cell: manageLink });
	return cols;
}

export default async function render(ctx) {
	const { main, me, query, setTitle } = ctx;
	const current = query.get('tab') === 'inactive' ? 'inactive' : 'active';
	setTitle('Subscriptions');

	const show = subscriptionTabs(me, TABS, columns, (status) => (status === 'active'
		? 'No active subscriptions. When your partner places an order for you, it appears here.'
		: 'No inactive subscriptions. Cancelled and expired subscriptions appear here.'));

	main.append(
		pageHeader('Subscriptions'),
		h('p', { class: 'lede' },
			`The products and apps your partner manages for ${me.org.name}. `,
			'Select Manage to see a subscription\u2019s site, entitlement and contacts, or to cancel it. ',
			'Subscriptions that have not started yet are under Upcoming in the ',
			h('a', { href: '/billing?tab=upcoming' }, 'billing console'), '.'),
		tabs({ label: 'Subscription status', tabs: TABS, current, onSelect: show }),
	);
}
