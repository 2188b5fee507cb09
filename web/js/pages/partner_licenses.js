// /partner/licenses: the self-managed licenses of the partner's
// customers. The key is shown only where the API returns it (SPEC rule
// 13: to the original purchaser among partners and the technical contacts).
import * as api from '../api.js';
import { h, fill, pageHeader, listView, date, count } from '../ui.js';
import { customerLink, word } from './partner_common.js';

function keyCell(l) {
	if (!l.license_key) return h('span', { class: 'muted' }, 'Not shown to you');
	const id = `key-${l.id}`;
	return h('div', { class: 'partner-key' },
		h('code', { id }, l.license_key),
		h('button', { type: 'button', class: 'btn btn-quiet', 'aria-describedby': id, on: { click: () => navigator.clipboard?.writeText(l.license_key) } }, 'Copy'));
}

export default async function render(ctx) {
	ctx.setTitle('License keys');
	fill(ctx.main,
		pageHeader('License keys'),
		listView({
			caption: 'Licenses',
			load: (after) => api.list('/api/v1/licenses', { after }),
			columns: [
				{ label: 'SEN', cell: (l) => l.sen },
				{ label: 'Product', cell: (l) => `${l.product.name}, ${word(l.edition)}, ${count(l.user_tier)} users` },
				{ label: 'Customer', cell: (l) => customerLink(l.customer) },
				{ label: 'Purchased by', cell: (l) => l.original_purchaser?.name ?? 'Direct' },
				{ label: 'Maintenance', cell: (l) => `${date(l.maintenance_start)} – ${date(l.maintenance_end)}` },
				{ label: 'State', cell: (l) => word(l.state) },
				{ label: 'License key', cell: keyCell },
			],
			empty: 'No license yet.',
		}),
	);
}
