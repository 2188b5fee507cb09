// What the customer's portal and the billing console show the same way:
// a subscription's name and kind, its site, plan, users and the link to
// manage it. Every value comes from the API's subscription object.
import * as api from '../api.js';
import { h, count, date, statusBadge, fill, listView } from '../ui.js';

const PLAN_LABELS = { free: 'Free', standard: 'Standard', premium: 'Premium', enterprise: 'Enterprise' };
const PERIOD_LABELS = { monthly: 'Monthly', annual: 'Annual' };

export function planLabel(plan) {
	return PLAN_LABELS[plan] ?? plan;
}

export function periodLabel(period) {
	return PERIOD_LABELS[period] ?? period;
}

export function kindLabel(kind) {
	return kind === 'app' ? 'App' : 'Product';
}

export function detailPath(s) {
	return `/portal/subscriptions/${encodeURIComponent(s.id)}`;
}

// The site's address without its scheme, as people read it.
export function siteHost(site) {
	return site.url.replace(/^https?:\/\//, '');
}

// The product's name, its kind, and under them the site (or what stands
// in for it: "Site setup required" when the API says so).
export function subscriptionCell(s) {
	return h('div', { class: 'sub-name' },
		h('span', { class: 'sub-title' }, s.product.name),
		h('span', { class: `sub-kind sub-kind-${s.kind}` }, kindLabel(s.kind)),
		h('span', { class: 'sub-site' }, siteText(s)));
}

export function siteSetupBadge() {
	return h('span', { class: 'badge badge-warn site-setup' }, 'Site setup required');
}

// The site column: the host, "Site setup required", or nothing yet.
export function siteText(s) {
	if (s.site_setup_required) return siteSetupBadge();
	if (s.site) return siteHost(s.site);
	return h('span', { class: 'muted' }, 'No site yet');
}

// "37 of 50": active users of the tier's users.
export function usersText(s) {
	return h('span', { class: 'sub-users' }, count(s.active_users),
		h('span', { class: 'muted' }, ` of ${count(s.user_tier)}`));
}

const PAGE_SIZE = 25;

// The onSelect of a page's status tabs: fills the tab's panel with the
// customer's subscriptions of that status, and keeps ?tab= in step when
// the reader chose it.
export function subscriptionTabs(me, tabList, columns, empty) {
	return (status, panel, byUser) => {
		if (byUser) rememberTab(status, tabList[0].id);
		const name = tabList.find((t) => t.id === status).label;
		fill(panel, listView({
			caption: `${name} subscriptions of ${me.org.name}`,
			load: (cursor) => api.list('/api/v1/subscriptions', { status, limit: PAGE_SIZE, after: cursor }),
			columns: columns(status),
			empty: empty(status),
		}));
	};
}

// Keeps the address's ?tab= in step with the tab shown (the first tab has none).
export function rememberTab(id, first) {
	const url = new URL(window.location.href);
	if (id === first) url.searchParams.delete('tab');
	else url.searchParams.set('tab', id);
	window.history.replaceState(window.history.state, '', url.pathname + url.search);
}

// The API's status line ("Renews in 23 days", "Cancels on 2026-07-01")
// with its date written for the reader.
export function statusLine(s) {
	return s.status_text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => date(d));
}

export function daysText(n) {
	if (n === null || n === undefined) return '-';
	return n === 1 ? '1 day' : `${count(n)} days`;
}

// Cancelled or expired for inactive subscriptions, else the status.
export function stateBadge(s) {
	return statusBadge(s.status === 'inactive' ? s.state : s.status);
}

export function manageLink(s) {
	return h('a', { class: 'btn btn-small', href: detailPath(s), 'aria-label': `Manage ${s.product.name} ${kindLabel(s.kind).toLowerCase()} subscription` }, 'Manage');
}
