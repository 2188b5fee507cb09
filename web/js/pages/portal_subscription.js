// A product or app subscription in the customer's portal: its site,
// entitlement, plan, bill date and users; a product's apps or the
// products an app is installed on; the partner and customer contacts;
// and "Cancel subscription" where the API's cancel_now allows it.
import * as api from '../api.js';
import { h, fill, facts, dataTable, tabs, pageHeader, date, confirmDialog, loading, errorState, emptyState, notice } from '../ui.js';
import { planLabel, periodLabel, kindLabel, siteHost, siteSetupBadge, usersText, daysText, stateBadge, manageLink, detailPath, rememberTab, statusLine } from './portal_common.js';

const TABS = [
	{ id: 'details', label: 'Details' },
	{ id: 'contacts', label: 'Partner and customer contacts' },
];

function siteFact(s) {
	if (s.site) return h('a', { href: s.site.url, rel: 'noopener' }, siteHost(s.site));
	if (s.site_setup_required) {
		return h('div', { class: 'site-setup-state' }, siteSetupBadge(),
			h('p', { class: 'hint' }, 'This subscription is not on a site yet. Once it is provisioned to a new site or added to an existing one, the site appears here.'));
	}
	return h('span', { class: 'muted' }, 'No site yet');
}

function subscriptionFacts(s) {
	return facts([
		['Site URL', siteFact(s)],
		['Entitlement number', h('span', { class: 'mono' }, s.entitlement_number)],
		['Support entitlement number', h('span', { class: 'mono' }, s.sen)],
		[s.kind === 'app' ? 'Plan type' : 'Plan', planLabel(s.plan)],
		['Billing period', periodLabel(s.billing_period)],
		['Bill date', date(s.bill_date)],
		['Days until renewal', s.status === 'active' ? daysText(s.days_until_renewal) : null],
		['Starts in', s.status === 'upcoming' ? daysText(s.starts_in_days) : null],
		['Active users', usersText(s)],
		['Start date', date(s.start_date)],
		[s.state === 'expired' ? 'Expired on' : 'Cancelled on', s.ended_on ? date(s.ended_on) : null],
		['Partner', s.partner.name],
	]);
}

function appsSection(s) {
	return h('section', { class: 'detail-section', 'aria-labelledby': 'apps-heading' },
		h('h2', { id: 'apps-heading' }, 'Apps'),
		dataTable({
			caption: `Apps on ${s.product.name}`,
			columns: [
				{ label: 'App', cell: (a) => a.product.name },
				{ label: 'Plan type', cell: (a) => planLabel(a.plan) },
				{ label: 'Active users', cell: usersText, num: true },
				{ label: 'Days until renewal', cell: (a) => daysText(a.days_until_renewal), num: true },
				{ label: 'Status', cell: stateBadge },
				{ label: 'Actions', cell: manageLink },
			],
			rows: s.apps,
			empty: 'No apps are subscribed on this product.',
		}));
}

function installedOnSection(s) {
	return h('section', { class: 'detail-section', 'aria-labelledby': 'installed-heading' },
		h('h2', { id: 'installed-heading' }, 'Installed on'),
		s.installed_on.length === 0
			? emptyState('This app is not installed on any product.')
			: h('ul', { class: 'installed-on' }, s.installed_on.map((p) =>
				h('li', null, h('a', { href: detailPath(p) }, p.product.name)))));
}

function contactTable(caption, rows, extra) {
	const columns = [
		{ label: 'Name', cell: (c) => c.name },
		{ label: 'Email', cell: (c) => h('a', { href: `mailto:${c.email}` }, c.email) },
	];
	if (extra) columns.push(extra);
	return dataTable({ caption, columns, rows, empty: `No ${caption.toLowerCase()} on this subscription.` });
}

function contactsView(c) {
	return h('div', { class: 'contacts' },
		h('section', { class: 'detail-section card', 'aria-labelledby': 'partner-heading' },
			h('h2', { id: 'partner-heading' }, 'Billing partner'),
			facts([
				['Partner', c.partner.name],
				['Contact', c.partner.contact_name],
				['Email', h('a', { href: `mailto:${c.partner.contact_email}` }, c.partner.contact_email)],
			])),
		h('section', { class: 'detail-section', 'aria-labelledby': 'customer-contacts-heading' },
			h('h2', { id: 'customer-contacts-heading' }, 'Customer contacts'),
			contactTable('Customer contacts', c.customer_contacts)),
		h('section', { class: 'detail-section', 'aria-labelledby': 'technical-contacts-heading' },
			h('h2', { id: 'technical-contacts-heading' }, 'Technical contacts'),
			contactTable('Technical contacts', c.technical_contacts,
				{ label: 'Role', cell: (t) => t.primary ? h('span', { class: 'badge badge-info' }, 'Primary') : 'Secondary' })),
		h('section', { class: 'detail-section', 'aria-labelledby': 'billing-contacts-heading' },
			h('h2', { id: 'billing-contacts-heading' }, 'Billing contacts'),
			contactTable('Billing contacts', c.billing_contacts)));
}

// The apps the API says go with a cancellation now (cancel_now.apps).
function appsGoing(s) {
	return s.kind === 'product' ? s.apps.filter((a) => s.cancel_now.apps.includes(a.id)) : [];
}

// The confirmation: what goes with a product, and that undoing it needs vendor support.
function cancelBody(s) {
	const going = appsGoing(s);
	return h('div', { class: 'cancel-body' },
		h('p', null, `${s.product.name}${s.site ? ` on ${siteHost(s.site)}` : ''} will be cancelled today.`),
		going.length > 0
			? [h('p', null, going.length === 1 ? 'This app will be cancelled with it:' : `These ${going.length} apps will be cancelled with it:`),
				h('ul', { class: 'cancel-apps' }, going.map((a) => h('li', null, a.product.name)))]
			: null,
		h('p', { class: 'cancel-warning' }, h('strong', null, 'You cannot reactivate a cancelled subscription here: '),
			'reactivation needs vendor support.'));
}

// An app's product, by the name its installed_on list gives it.
function parentCrumb(s) {
	if (s.kind !== 'app' || !s.parent_id) return null;
	const parent = s.installed_on.find((p) => p.id === s.parent_id);
	return h('li', null, h('a', { href: detailPath({ id: s.parent_id }) }, parent ? parent.product.name : 'Product'));
}

function notFound(main, setTitle) {
	setTitle('Subscription not found');
	fill(main,
		pageHeader('Subscription not found'),
		h('p', null, 'There is no such subscription, or it is not one of yours.'),
		h('p', null, h('a', { href: '/portal' }, 'Back to subscriptions')));
}

export default async function render(ctx) {
	const { main, params, setTitle } = ctx;
	const id = params.id;
	let tab = ctx.query.get('tab') === 'contacts' ? 'contacts' : 'details';
	let contacts = null;
	let s;

	fill(main, loading('Loading the subscription…'));
	try {
		s = await api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}`);
	} catch (err) {
		if (err.status === 404) return notFound(main, setTitle);
		setTitle('Subscription');
		fill(main, pageHeader('Subscription'), errorState(err, () => ctx.navigate(location.pathname + location.search)));
		return;
	}
	if (!ctx.current()) return;

	async function showContacts(panel) {
		fill(panel, loading('Loading the contacts…'));
		try {
			contacts ??= await api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}/contacts`);
			if (tab === 'contacts') fill(panel, contactsView(contacts));
		} catch (err) {
			fill(panel, errorState(err, () => showContacts(panel)));
		}
	}

	function showTab(which, panel, byUser) {
		tab = which;
		if (byUser) rememberTab(which, 'details');
		if (which === 'contacts') return showContacts(panel);
		fill(panel,
			h('section', { class: 'detail-section card', 'aria-labelledby': 'facts-heading' },
				h('h2', { id: 'facts-heading' }, `${kindLabel(s.kind)} subscription details`),
				subscriptionFacts(s)),
			s.kind === 'product' ? appsSection(s) : installedOnSection(s));
	}

	async function cancel(button) {
		const going = appsGoing(s).length;
		const ok = await confirmDialog({
			title: `Cancel ${s.product.name}?`,
			body: cancelBody(s),
			confirmLabel: 'Cancel subscription',
			cancelLabel: 'Keep subscription',
			danger: true,
		});
		if (!ok) return;
		button.disabled = true;
		button.textContent = 'Cancelling…';
		try {
			s = await api.post(`/api/v1/subscriptions/${encodeURIComponent(id)}/cancel`, { effective: 'now' });
		} catch (err) {
			button.disabled = false;
			button.textContent = 'Cancel subscription';
			fill(document.getElementById('cancel-result'), errorState(err));
			return;
		}
		const text = going > 0
			? `${s.product.name} is cancelled, and ${going === 1 ? 'its app' : `its ${going} apps`} with it.`
			: `${s.product.name} is cancelled.`;
		draw(text);
		// The button is gone with the change: the reader continues at the result.
		document.getElementById('cancel-result').focus();
		notice(text);
	}

	function draw(result) {
		setTitle(s.product.name);
		const actions = [];
		if (s.cancel_now.allowed) {
			const b = h('button', { type: 'button', class: 'btn btn-danger' }, 'Cancel subscription');
			b.addEventListener('click', () => cancel(b));
			actions.push(b);
		}
		const crumbs = h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
			h('ol', null,
				h('li', null, h('a', { href: '/portal' + (s.status === 'inactive' ? '?tab=inactive' : '') }, 'Subscriptions')),
				parentCrumb(s),
				h('li', null, h('span', { 'aria-current': 'page' }, s.product.name))));
		const summary = h('p', { class: 'detail-summary' },
			h('span', { class: `sub-kind sub-kind-${s.kind}` }, `${kindLabel(s.kind)} subscription`),
			stateBadge(s),
			s.status === 'inactive' ? null : h('span', null, statusLine(s)),
			h('span', { class: 'muted' }, `Managed by ${s.partner.name}`));
		const inactiveNote = s.status === 'inactive'
			? h('p', { class: 'callout' }, `This subscription ${s.state === 'expired' ? 'expired' : 'was cancelled'} on ${date(s.ended_on)}. `,
				'It cannot be reactivated here: reactivation needs vendor support.')
			: null;
		fill(main,
			crumbs,
			pageHeader(s.product.name, ...actions),
			summary,
			h('div', { id: 'cancel-result', tabindex: '-1' }, result ? h('p', { class: 'notice notice-ok', role: 'status' }, result) : null),
			inactiveNote,
			tabs({ label: 'Subscription', tabs: TABS, current: tab, onSelect: showTab }));
	}

	draw(null);
}
