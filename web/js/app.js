// Boot, the history router and the navigation by role. A page is a module
// of js/pages/ named in js/routes.js; it fills <main> from the API.
import * as api from './api.js';
import { h, fill, errorState, loading } from './ui.js';
import { routes, publicRoutes, homes } from './routes.js';

const main = document.getElementById('main');
const top = document.getElementById('top');
let me = null;
let renderSeq = 0;

const ROLE_NAMES = {
	customer_contact: 'Customer contact',
	partner_user: 'Partner user',
	vendor_admin: 'Vendor admin',
	vendor_support: 'Vendor support',
};

function compile(path) {
	const names = [];
	const re = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z_]+)/g, (_, n) => {
		names.push(n);
		return '([^/]+)';
	});
	return { re: new RegExp(`^${re}/?$`), names };
}

for (const r of [...routes, ...publicRoutes]) Object.assign(r, compile(r.path));

function match(list, path) {
	for (const r of list) {
		const m = r.re.exec(path);
		if (!m) continue;
		const params = {};
		r.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
		return { route: r, params };
	}
	return null;
}

function setTitle(text) {
	document.title = text ? `${text} · Tessera` : 'Tessera';
}

export function navigate(path, { replace = false } = {}) {
	if (replace) history.replaceState(null, '', path);
	else history.pushState(null, '', path);
	render();
}

function loginAddress(expired) {
	const here = location.pathname + location.search;
	const q = new URLSearchParams();
	if (expired) q.set('expired', '1');
	if (here !== '/' && !here.startsWith('/login')) q.set('next', here);
	const qs = q.toString();
	return qs ? `/login?${qs}` : '/login';
}

api.setUnauthenticatedHandler(() => {
	if (!me) return false;
	me = null;
	navigate(loginAddress(true), { replace: true });
	return true;
});

function navFor(role) {
	return routes.filter((r) => r.nav && r.roles.includes(role));
}

function drawHeader() {
	if (!me) {
		fill(top, h('a', { class: 'brand', href: '/login' }, h('img', { src: '/assets/favicon.svg', alt: '', width: '24', height: '24' }), 'Tessera'));
		return;
	}
	const items = navFor(me.role);
	const path = location.pathname;
	// The menu entry the page is under: the longest one whose address starts the path.
	let current = null;
	for (const r of items)
		if ((path === r.path || path.startsWith(r.path + '/')) && (!current || r.path.length > current.path.length)) current = r;
	const menu = h('ul', { class: 'nav-list', id: 'nav-list' }, items.map((r) => h('li', null,
		h('a', { href: r.path, 'aria-current': r === current ? 'page' : null }, r.nav))));
	const toggle = h('button', { type: 'button', class: 'btn nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav-list',
		on: { click: () => {
			const open = toggle.getAttribute('aria-expanded') !== 'true';
			toggle.setAttribute('aria-expanded', String(open));
			menu.classList.toggle('open', open);
		} } }, 'Menu');
	const logout = h('button', { type: 'button', class: 'btn btn-quiet', on: { click: async () => {
		try {
			await api.logout();
		} catch {
			/* The session is gone either way. */
		}
		me = null;
		navigate('/login', { replace: true });
	} } }, 'Log out');
	fill(top,
		h('a', { class: 'brand', href: homes[me.role] || '/' }, h('img', { src: '/assets/favicon.svg', alt: '', width: '24', height: '24' }), 'Tessera'),
		h('nav', { class: 'nav', 'aria-label': 'Main' }, toggle, menu),
		h('div', { class: 'who' },
			h('span', { class: 'who-name' }, me.user.name || me.user.email),
			h('span', { class: 'who-org' }, `${me.org.name} · ${ROLE_NAMES[me.role] || me.role}`),
			logout));
}

async function loadMe() {
	try {
		me = await api.get('/api/v1/me');
	} catch (err) {
		if (err.status !== 401) throw err;
		me = null;
	}
	return me;
}

function notFound(ctx) {
	ctx.setTitle('Page not found');
	fill(ctx.main, h('h1', null, 'Page not found'),
		h('p', null, 'There is no page at this address, or it is not open to you.'),
		me ? h('p', null, h('a', { href: homes[me.role] || '/' }, 'Go to your home page')) : null);
}

async function render() {
	const seq = ++renderSeq;
	const path = location.pathname;
	const ctx = {
		main, me, params: {}, query: new URLSearchParams(location.search), navigate, setTitle,
		// Whether this render is still the one on screen (a later navigation replaces it).
		current: () => seq === renderSeq,
		onLogin: async () => { await loadMe(); },
	};
	try {
		const pub = match(publicRoutes, path);
		if (pub) {
			if (me && path === '/login') {
				navigate(homes[me.role] || '/', { replace: true });
				return;
			}
			drawHeader();
			ctx.params = pub.params;
			fill(main, loading());
			const mod = await pub.route.page();
			if (seq !== renderSeq) return;
			fill(main);
			await mod.default(ctx);
			return;
		}
		if (!me && !(await loadMe())) {
			// A token kept from a session that the server no longer knows: it expired.
			const expired = api.hadSession();
			api.setCsrfToken(null);
			navigate(loginAddress(expired), { replace: true });
			return;
		}
		ctx.me = me;
		if (path === '/' || path === '') {
			navigate(homes[me.role] || '/portal', { replace: true });
			return;
		}
		drawHeader();
		const found = match(routes, path);
		if (!found || !found.route.roles.includes(me.role)) {
			notFound(ctx);
			return;
		}
		ctx.params = found.params;
		fill(main, loading());
		const mod = await found.route.page();
		if (seq !== renderSeq) return;
		fill(main);
		await mod.default(ctx);
	} catch (err) {
		if (seq !== renderSeq) return;
		setTitle('Error');
		fill(main, h('h1', null, 'Error'), errorState(err, () => render()));
	} finally {
		if (seq === renderSeq) {
			main.focus({ preventScroll: true });
			window.scrollTo(0, 0);
			document.body.dataset.ready = path;
		}
	}
}

// Same-origin links move within the portal without reloading it.
document.addEventListener('click', (e) => {
	if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
	const a = e.target.closest('a[href]');
	if (!a || a.target || a.hasAttribute('download')) return;
	const u = new URL(a.href, location.href);
	if (u.origin !== location.origin || u.pathname.startsWith('/api/') || u.pathname.startsWith('/assets/')) return;
	e.preventDefault();
	if (u.pathname + u.search !== location.pathname + location.search) navigate(u.pathname + u.search);
});

window.addEventListener('popstate', () => render());

render();
