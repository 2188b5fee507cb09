// A subscription's purchase history: purchases and cancellations of the
// product and its add-ons, oldest first (GET .../history), amounts as the
// API shows them ("-" where SPEC rule 16 hides them).
import * as api from '../api.js';
import { h, fill, money, dateTime, label, count, pageHeader, loading, errorState, dataTable } from '../ui.js';
import { crumbs } from './dashboard_common.js';

export default async function render(ctx) {
	const id = ctx.params.id;
	ctx.setTitle('Purchase history');
	fill(ctx.main, loading());
	let sub, hist;
	try {
		[sub, hist] = await Promise.all([
			api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}`),
			api.get(`/api/v1/subscriptions/${encodeURIComponent(id)}/history`),
		]);
	} catch (err) {
		fill(ctx.main, crumbs(['/dashboard/subscriptions', 'Subscriptions'], [location.pathname, 'Purchase history']),
			pageHeader('Purchase history'), errorState(err, () => render(ctx)));
		return;
	}
	const names = new Map([[sub.id, sub.product.name], ...(sub.apps || []).map((a) => [a.id, a.product.name])]);
	ctx.setTitle(`Purchase history · ${sub.product.name}`);
	fill(ctx.main,
		crumbs(['/dashboard/subscriptions', 'Subscriptions'], [`/dashboard/subscriptions/${sub.id}`, sub.product.name],
			[location.pathname, 'Purchase history']),
		pageHeader(`Purchase history: ${sub.product.name}`),
		dataTable({
			caption: 'Purchases and cancellations, oldest first',
			columns: [
				{ label: 'Date', cell: (e) => dateTime(e.at) },
				{ label: 'Event', cell: (e) => label(e.kind) },
				{ label: 'Item', cell: (e) => (e.subscription_id === sub.id ? names.get(e.subscription_id) : `${names.get(e.subscription_id) || 'Add-on'} (add-on)`) },
				{ label: 'Quantity', num: true, cell: (e) => count(e.quantity) },
				{ label: 'Amount', num: true, cell: (e) => money(e.amount) },
				{ label: 'Note', cell: (e) => e.note || '' },
			],
			rows: hist.data || [],
			empty: 'No purchases recorded yet.',
		}));
}
