// The login: email and password; a reader whose session ended is told so.
import * as api from '../api.js';
import { h, fill, form } from '../ui.js';
import { homes } from '../routes.js';

export default async function render(ctx) {
	ctx.setTitle('Log in');
	const expired = ctx.query.get('expired') === '1';
	const next = ctx.query.get('next');
	const f = form({
		fields: [
			{ name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'username' },
			{ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' },
		],
		submitLabel: 'Log in',
		onSubmit: async (v) => {
			const s = await api.login(v.email.trim(), v.password);
			await ctx.onLogin();
			// Only an address of the portal itself, never one elsewhere.
			const dest = next && next.startsWith('/') && !next.startsWith('//') ? next : homes[s.role] || '/';
			ctx.navigate(dest, { replace: true });
		},
	});
	fill(ctx.main, h('div', { class: 'login' },
		h('h1', null, 'Log in to Tessera'),
		expired ? h('p', { class: 'notice notice-warn', role: 'alert' }, 'Your session has expired. Please log in again.') : null,
		h('p', { class: 'muted' }, 'Subscriptions, licenses, quotes and orders for vendors, partners and their customers.'),
		f));
}
