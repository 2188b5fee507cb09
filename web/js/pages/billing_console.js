// The billing console: the customer's subscriptions on an Active, an
// Upcoming ("Starts in N days") and an Inactive tab, with the site each
// is on, or "Site setup required" where the API says it has none yet.
import { h, tabs, pageHeader, date } from '../ui.js';
import { planLabel, kindLabel, siteText, siteSetupBadge, usersText, daysText, stateBadge, manageLink, subscriptionTabs } from './portal_common.js';

const TABS = [
	{ id: 'active', label: 'Active' },
	{ id: 'upcoming', label: 'Upcoming' },
	{ id: 'inactive', label: 'Inactive' },
];


const EMPTY = {
	active: 'No active subscriptions.',
	upcoming: 'No upcoming subscriptions. A subscription whose start date is still ahead appears here until it starts.',
	inactive: 'No inactive subscriptions.',
};

function nameCell(s) {
	return h('div', { class: 'sub-name' },
		h('span', { class: 'sub-title' }, s.product.name),
		h('span', { class: `sub-kind sub-kind-${s.kind}` }, kindLabel(s.kind)));
}

function columns(status) {
	const cols = [
		{ label: 'Subscription', cell: nameCell },
		{ label: 'Site', cell: siteText },
		{ label: 'Plan', cell: (s) => planLabel(s.plan) },
	];
	switch (status) {
	case 'active':
		cols.push({ label: 'Users', cell: usersText, num: true });
		cols.push({ label: 'Bill date', cell: (s) => h('span', { class: 'sub-date' }, date(s.bill_date)) });
		cols.push({ label: 'Days until renewal', cell: (s) => daysText(s.days_until_renewal), num: true });
		break;
	case 'upcoming':
		cols.push({ label: 'Starts', cell: (s) => h('span', { class: 'sub-starts' }, h('strong', null, s.status_text), h('span', { class: 'muted' }, date(s.start_date))) });
		cols.push({ label: 'First bill date', cell: (s) => h('span', { class: 'sub-date' }, date(s.bill_date)) });
		break;
	case 'inactive':
		cols.push({ label: 'Ended', cell: (s) => h('span', { class: 'sub-date' }, date(s.ended_on)) });
		cols.push({ label: 'Status', cell: stateBadge });
		break;
	}
	cols.push({ label: 'Partner', cell: (s) => s.partner.name });
	cols.push({ label: 'Actions', cell: manageLink });
	return cols;
}

export default async function render(ctx) {
	const { main, me, query, setTitle } = ctx;
	const asked = query.get('tab');
	const current = TABS.some((t) => t.id === asked) ? asked : 'active';
	setTitle('Billing console');

	const show = subscriptionTabs(me, TABS, columns, (status) => EMPTY[status]);

	main.append(
		pageHeader('Billing console'),
		h('p', { class: 'lede' },
			`Every subscription of ${me.org.name}, with the site it is on. `,
			'One marked ', siteSetupBadge(),
			' is active but not on a site yet: it becomes usable once it is provisioned to a new site or added to an existing one.'),
		tabs({ label: 'Subscription status', tabs: TABS, current, onSelect: show }),
	);
}
