// /partner/quotes/new: a quote for an existing customer (?customer=ORG_ID
// chooses it) or a new one, priced live as the form changes: each change
// sends the form, debounced, to POST /quotes/preview, which prices it
// exactly as a save would and nothing is written; its field errors are
// shown beside the fields they name (lines[0].user_tier, currency, ...).
// Save sends the same body to POST /quotes.
import * as api from '../api.js';
import { h, fill, money, pageHeader } from '../ui.js';
import { section, word } from './partner_common.js';
import { quoteLines, quoteTotals } from './partner_quote_view.js';

const PREVIEW_DELAY_MS = 350;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'AUD'];
const ACTIONS = ['new', 'renew', 'upgrade'];

const idOf = (name) => 'f-' + name.replace(/[^A-Za-z0-9]+/g, '-');

// A labelled control named as the API's field, with the place for its error.
function field(label, name, control, hint) {
	const id = idOf(name);
	control.id = id;
	control.name = name;
	const err = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
	const described = [hint ? `${id}-hint` : null].filter(Boolean).join(' ');
	if (described) control.setAttribute('aria-describedby', described);
	return h(
		'div',
		{ class: 'field' },
		h('label', { for: id }, label),
		hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
		control,
		err,
	);
}

const select = (options, value) =>
	h('select', null, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
const input = (type, props = {}) => h('input', { type, ...props });

export default async function render(ctx) {
	ctx.setTitle('New quote');
	const [catalogRes, accountsRes] = await Promise.all([
		api.get('/api/v1/catalog/products'),
		api.list('/api/v1/billing-accounts', { limit: 200 }),
	]);
	const catalog = catalogRes.data;
	const accounts = accountsRes.data;
	const touched = new Set();
	let submitted = false;
	let seq = 0;
	let timer = null;
	let lineCount = 0;
	const subsByCustomer = new Map();

	// ---- Customer ----
	const mode = { value: 'existing' };
	const customerSelect = h('select', { required: true });
	const findInput = input('search', { id: 'f-find-customer', autocomplete: 'off', maxlength: '200' });
	async function loadCustomers(name, keep) {
		const res = await api.list('/api/v1/customers', { name: name || null, limit: 200 });
		const rows = res.data.slice();
		if (keep && !rows.some((c) => c.id === keep.id)) rows.unshift(keep);
		customerSelect.replaceChildren(
			h('option', { value: '' }, rows.length ? 'Choose a customer' : 'No customer found'),
			...rows.map((c) => h('option', { value: c.id, selected: keep?.id === c.id }, c.name)),
		);
	}
	let wanted = null;
	if (ctx.query.get('customer')) {
		try {
			wanted = await api.get(`/api/v1/customers/${encodeURIComponent(ctx.query.get('customer'))}`);
		} catch {
			wanted = null;
		}
	}
	await loadCustomers('', wanted);
	let findTimer = null;
	findInput.addEventListener('input', () => {
		clearTimeout(findTimer);
		findTimer = setTimeout(() => {
			const keep = customerSelect.value ? { id: customerSelect.value, name: customerSelect.selectedOptions[0].textContent } : null;
			loadCustomers(findInput.value.trim(), keep).catch(() => {});
		}, PREVIEW_DELAY_MS);
	});

	const nc = {};
	const ncField = (label, key, props = {}) => {
		nc[key] = input(props.type ?? 'text', { autocomplete: props.autocomplete ?? 'off', maxlength: props.maxlength ?? '200' });
		return field(label, `new_customer.${key}`, nc[key], props.hint);
	};
	const existingBox = h(
		'div',
		{ class: 'partner-grid' },
		h('div', { class: 'field' }, h('label', { for: 'f-find-customer' }, 'Find a customer by name'), findInput),
		field('Customer', 'customer', customerSelect),
	);
	const newBox = h(
		'div',
		{ class: 'partner-grid', hidden: true },
		ncField('Company name', 'name'),
		ncField('Contact name', 'contact_name'),
		ncField('Contact email', 'email', { type: 'email' }),
		ncField('Address', 'address_line'),
		ncField('City', 'city', { maxlength: '100' }),
		ncField('Postal code', 'postal_code', { maxlength: '20' }),
		ncField('Country', 'country', { maxlength: '2', hint: 'Two letters, such as US' }),
		ncField('State or region', 'state', { maxlength: '3', hint: 'Where the country has them, such as CA' }),
	);
	const modeRadio = (value, label) =>
		h('label', { class: 'partner-radio' },
			h('input', { type: 'radio', name: 'customer_mode', value, checked: value === mode.value, on: { change: () => setMode(value) } }),
			label);
	function setMode(v) {
		mode.value = v;
		existingBox.hidden = v !== 'existing';
		newBox.hidden = v !== 'new';
		linesBox.querySelectorAll('.partner-line').forEach(refreshLine);
		schedule();
	}

	// ---- Account and currency ----
	const askedAccount = accounts.find((a) => a.id === ctx.query.get('billing_account'))?.id;
	const firstAccount = askedAccount ?? (accounts.length === 1 ? accounts[0].id : '');
	const accountSelect = select([['', 'Choose a billing account'], ...accounts.map((a) => [a.id, `${a.name} (${a.currency})`])], firstAccount);
	const currencySelect = select([['', "The billing account's currency"], ...CURRENCIES.map((c) => [c, c])], '');
	const currency = () => currencySelect.value || accounts.find((a) => a.id === accountSelect.value)?.currency || 'USD';

	// ---- Lines ----
	const linesBox = h('div', { class: 'partner-lines' });
	const productOf = (id) => catalog.find((p) => p.id === id);
	const uniq = (xs) => [...new Set(xs)];

	async function subscriptionsOf(customerId) {
		if (!customerId) return [];
		if (!subsByCustomer.has(customerId))
			subsByCustomer.set(customerId, api.list('/api/v1/subscriptions', { customer: customerId, limit: 200 }).then((r) => r.data, () => []));
		return subsByCustomer.get(customerId);
	}

	// Offers the editions, periods, tiers and subscriptions the line's product has.
	function refreshLine(box) {
		const c = box.controls;
		const p = productOf(c.product.value);
		const prices = p ? p.prices : [];
		const editions = uniq(prices.map((x) => x.edition));
		const keepEd = c.edition.value;
		c.edition.replaceChildren(...editions.map((e) => h('option', { value: e, selected: e === keepEd }, word(e))));
		if (!editions.includes(keepEd) && editions.includes('standard')) c.edition.value = 'standard';
		const periods = uniq(prices.filter((x) => x.edition === c.edition.value).map((x) => x.billing_period));
		const keepPer = c.period.value;
		c.period.replaceChildren(...(periods.length ? periods : ['annual']).map((x) => h('option', { value: x, selected: x === keepPer }, word(x))));
		if (!periods.includes(keepPer) && periods.includes('annual')) c.period.value = 'annual';
		const group = prices.find((x) => x.edition === c.edition.value && x.billing_period === c.period.value && x.currency === currency());
		c.tiers.replaceChildren(...(group ? group.tiers : []).map((t) => h('option', { value: String(t.users) })));
		const needsSub = c.action.value !== 'new';
		c.subBox.hidden = !needsSub;
		if (needsSub) {
			const customerId = mode.value === 'existing' ? customerSelect.value : '';
			subscriptionsOf(customerId).then((subs) => {
				const keep = c.subscription.value;
				const mine = subs.filter((s) => s.product.id === c.product.value);
				c.subscription.replaceChildren(
					h('option', { value: '' }, mine.length ? 'Choose a subscription' : 'No subscription of this product'),
					...mine.map((s) => h('option', { value: s.id, selected: s.id === keep }, `${s.sen}: ${word(s.plan)}, ${s.user_tier} users, ${s.status_text}`)),
				);
			});
		}
	}

	function addLine(init = {}) {
		const i = lineCount++;
		const box = h('fieldset', { class: 'partner-line' });
		const c = {
			product: select([['', 'Choose a product'], ...catalog.map((p) => [p.id, `${p.name} (${word(p.hosting)})`])], init.product ?? ''),
			edition: h('select'),
			userTier: input('number', { min: '1', step: '1', inputmode: 'numeric', value: init.user_tier ?? '10' }),
			tiers: h('datalist'),
			period: h('select'),
			quantity: input('number', { min: '1', max: '1000', step: '1', value: '1', inputmode: 'numeric' }),
			action: select(ACTIONS.map((a) => [a, word(a)]), 'new'),
			subscription: h('select'),
			subBox: null,
		};
		box.controls = c;
		box.render = (n) => {
			const prefix = `lines[${n}]`;
			c.tiers.id = `tiers-${i}`;
			c.userTier.setAttribute('list', c.tiers.id);
			c.subBox = field('Subscription', `${prefix}.subscription`, c.subscription);
			const remove = h('button', { type: 'button', class: 'btn btn-quiet', on: { click: () => { box.remove(); renumber(); schedule(); } } }, `Remove line ${n + 1}`);
			box.replaceChildren(
				h('legend', null, `Line ${n + 1}`),
				h('div', { class: 'partner-grid' },
					field('Product', `${prefix}.product`, c.product),
					field('Edition', `${prefix}.edition`, c.edition),
					field('User tier', `${prefix}.user_tier`, c.userTier, 'Users the license is for'),
					field('Billing period', `${prefix}.billing_period`, c.period),
					field('Quantity', `${prefix}.quantity`, c.quantity),
					field('Kind', `${prefix}.action`, c.action),
					c.subBox),
				c.tiers,
				...(linesBox.children.length > 1 ? [remove] : []),
			);
			refreshLine(box);
		};
		box.addEventListener('change', (e) => {
			if (e.target === c.product || e.target === c.edition || e.target === c.action || e.target === c.period) refreshLine(box);
		});
		linesBox.append(box);
		renumber();
	}
	function renumber() {
		[...linesBox.children].forEach((box, n) => box.render(n));
	}

	// ---- The rest ----
	const notes = h('textarea', { rows: '3', maxlength: '2000' });
	const coterm = input('date');
	const techName = input('text', { maxlength: '200', autocomplete: 'off' });
	const techEmail = input('email', { maxlength: '254', autocomplete: 'off' });

	// ---- The body, as POST /quotes takes it ----
	const int = (s) => (/^-?\d+$/.test(s.trim()) ? Number(s) : s.trim() === '' ? undefined : s);
	function body() {
		const b = {};
		if (mode.value === 'existing') {
			if (customerSelect.value) b.customer = customerSelect.value;
		} else {
			b.new_customer = {};
			for (const [k, el] of Object.entries(nc)) if (el.value.trim() !== '') b.new_customer[k] = el.value.trim();
		}
		if (accountSelect.value) b.billing_account = accountSelect.value;
		if (currencySelect.value) b.currency = currencySelect.value;
		b.lines = [...linesBox.children].map((box) => {
			const c = box.controls;
			const l = { product: c.product.value || undefined, edition: c.edition.value || undefined, user_tier: int(c.userTier.value), billing_period: c.period.value || undefined, quantity: int(c.quantity.value) };
			if (c.action.value !== 'new') {
				l.action = c.action.value;
				if (c.subscription.value) l.subscription = c.subscription.value;
			}
			return l;
		});
		if (notes.value.trim()) b.notes = notes.value.trim();
		if (coterm.value) b.coterm_end = coterm.value;
		if (techName.value.trim() || techEmail.value.trim()) b.technical_contact = { name: techName.value.trim(), email: techEmail.value.trim() };
		return b;
	}

	// ---- Errors beside their fields ----
	const formError = h('div', { class: 'partner-form-error', role: 'alert', hidden: true });
	function clearErrors() {
		formError.hidden = true;
		formError.textContent = '';
		form.querySelectorAll('.field-error').forEach((p) => {
			p.hidden = true;
			p.textContent = '';
		});
		form.querySelectorAll('[aria-invalid]').forEach((el) => {
			el.removeAttribute('aria-invalid');
			const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.endsWith('-error'));
			if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
			else el.removeAttribute('aria-describedby');
		});
	}
	// Shows err beside its field when there is one to show it beside; true if it did.
	function showFieldError(err, always) {
		const el = err.field ? form.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
		if (!el || el.closest('[hidden]') || !(always || touched.has(err.field))) return false;
		const p = document.getElementById(`${el.id}-error`);
		p.textContent = err.message;
		p.hidden = false;
		el.setAttribute('aria-invalid', 'true');
		el.setAttribute('aria-describedby', [el.getAttribute('aria-describedby'), p.id].filter(Boolean).join(' '));
		return true;
	}

	// ---- Live pricing ----
	const preview = h('div', { class: 'partner-preview-body' }, h('p', null, 'Choose a customer, a billing account and a product to see the price.'));
	const previewStatus = h('p', { class: 'partner-preview-status', role: 'status', 'aria-live': 'polite' });
	async function runPreview() {
		const mine = ++seq;
		previewStatus.textContent = 'Pricing…';
		preview.setAttribute('aria-busy', 'true');
		try {
			const q = await api.post('/api/v1/quotes/preview', body());
			if (mine !== seq) return;
			clearErrors();
			preview.replaceChildren(quoteLines(q, 'Priced lines', true), quoteTotals(q));
			previewStatus.textContent = `Total ${money(q.totals.total)}`;
		} catch (err) {
			if (mine !== seq) return;
			if (err.status === undefined || err.status === 401) throw err;
			clearErrors();
			showFieldError(err, submitted);
			preview.replaceChildren(h('p', { class: 'partner-preview-blocked' }, 'No price yet: ', err.message));
			previewStatus.textContent = 'No price yet';
		} finally {
			if (mine === seq) preview.removeAttribute('aria-busy');
		}
	}
	function schedule() {
		clearTimeout(timer);
		timer = setTimeout(() => runPreview().catch(() => {}), PREVIEW_DELAY_MS);
	}

	// ---- Saving ----
	const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save quote');
	async function onSubmit(e) {
		e.preventDefault();
		submitted = true;
		clearTimeout(timer);
		seq++;
		save.disabled = true;
		clearErrors();
		try {
			const q = await api.post('/api/v1/quotes', body());
			ctx.navigate(`/partner/quotes/${q.id}?saved=1`);
		} catch (err) {
			if (!showFieldError(err, true)) {
				formError.textContent = err.message;
				formError.hidden = false;
			}
			save.disabled = false;
		}
	}

	const form = h(
		'form',
		{ class: 'form partner-quote-form', novalidate: true, on: { submit: onSubmit } },
		formError,
		section(
			'Customer',
			h('div', { class: 'partner-radios', role: 'radiogroup', 'aria-label': 'Who the quote is for' }, modeRadio('existing', 'An existing customer'), modeRadio('new', 'A new customer')),
			existingBox,
			newBox,
		),
		section('Billing', h('div', { class: 'partner-grid' }, field('Billing account', 'billing_account', accountSelect), field('Currency', 'currency', currencySelect))),
		section('Lines', linesBox, h('button', { type: 'button', class: 'btn', on: { click: () => { addLine(); schedule(); } } }, 'Add a line')),
		section(
			'More',
			h('div', { class: 'partner-grid' },
				field('Notes', 'notes', notes, 'A quote with notes is reviewed before it is processed'),
				field('Co-term end date', 'coterm_end', coterm, 'Align every line to this date (annual lines)'),
				field('Technical contact name', 'technical_contact.name', techName),
				field('Technical contact email', 'technical_contact.email', techEmail)),
		),
		h('div', { class: 'form-actions' }, save, h('a', { href: '/partner/quotes' }, 'Back to quotes')),
	);
	form.addEventListener('input', (e) => {
		if (e.target.name && e.target !== findInput) touched.add(e.target.name);
		if (e.target !== findInput) schedule();
	});
	form.addEventListener('change', (e) => {
		if (e.target.name && e.target !== findInput) touched.add(e.target.name);
		if (e.target === accountSelect || e.target === currencySelect || e.target === customerSelect)
			linesBox.querySelectorAll('.partner-line').forEach(refreshLine);
		if (e.target !== findInput) schedule();
	});

	addLine();
	fill(ctx.main,
		pageHeader('New quote'),
		h('div', { class: 'partner-quote-layout' },
			form,
			h('aside', { class: 'partner-preview', 'aria-labelledby': 'preview-title' },
				h('h2', { id: 'preview-title' }, 'Price'),
				previewStatus,
				preview)),
	);
	if (wanted || firstAccount) schedule();
}
