// DOM and formatting helpers shared by every page: elements, money and
// dates for the reader, tables with their loading, empty and error states
// and cursor pagination, tabs, dialogs and forms that show the API's field
// errors beside their fields. Nothing here decides a rule: pages show what
// the API answers.

// An element: h('a', { href: '/x', class: 'btn', on: { click: fn } }, 'text', child, [more]).
export function h(tag, props, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(props || {})) {
		if (v === null || v === undefined || v === false) continue;
		if (k === 'on') {
			for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
		} else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') {
			el[k] = v;
		} else {
			el.setAttribute(k, v === true ? '' : String(v));
		}
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false) continue;
		if (Array.isArray(c)) append(el, c);
		else el.append(c instanceof Node ? c : String(c));
	}
}

// Replaces the children of el.
export function fill(el, ...children) {
	el.replaceChildren();
	append(el, children);
	return el;
}

const locale = navigator.language || 'en-US';
const moneyFormats = new Map();

// An API amount {amount: "1234.50", currency: "USD"} for the reader; "-" when hidden or absent.
export function money(m) {
	if (!m || m.amount === null || m.amount === undefined) return '-';
	let f = moneyFormats.get(m.currency);
	if (!f) {
		try {
			f = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency });
		} catch {
			f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 });
		}
		moneyFormats.set(m.currency, f);
	}
	// The API's decimal text, never a float sum: formatted as the reader reads numbers.
	return f.format(Number(m.amount));
}

const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, {
	year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
});

// A calendar date "2026-06-15" (or a timestamp's date) for the reader; "-" when absent.
export function date(iso) {
	if (!iso) return '-';
	const d = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
	return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

export function dateTime(iso) {
	if (!iso) return '-';
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

const countFormat = new Intl.NumberFormat(locale);
export function count(n) {
	return n === null || n === undefined ? '-' : countFormat.format(n);
}

// The words of an API code: "pending_reseller_approval" -> "Pending reseller approval".
export function label(code) {
	if (!code) return '';
	const s = String(code).replace(/_/g, ' ');
	return s.charAt(0).toUpperCase() + s.slice(1);
}

const TONES = {
	active: 'ok', executed: 'ok', paid: 'ok', open: 'info', upcoming: 'info', in_progress: 'info',
	ordered: 'ok', pending_reseller_approval: 'warn', pending_review: 'warn', issued: 'warn',
	unpaid: 'warn', inactive: 'muted', canceled: 'muted', cancelled: 'muted', expired: 'muted',
	rejected: 'bad', refunded: 'muted', void: 'muted',
};

export function statusBadge(status) {
	return h('span', { class: `badge badge-${TONES[status] || 'info'}` }, label(status));
}

export function pageHeader(title, ...actions) {
	return h('div', { class: 'page-header' }, h('h1', null, title),
		actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

// A back link above a page's heading.
export function backLink(href, text) {
	return h('p', { class: 'back' }, h('a', { href }, '← ', text));
}

// A definition list of [term, value] pairs (value null or undefined skipped).
export function facts(pairs) {
	return h('dl', { class: 'facts' }, pairs.filter((p) => p && p[1] !== undefined && p[1] !== null)
		.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, v))));
}

export function loading(text = 'Loading…') {
	return h('p', { class: 'state state-loading', role: 'status' }, text);
}

export function emptyState(text) {
	return h('p', { class: 'state state-empty' }, text);
}

export function errorState(err, retry) {
	const notFound = err && err.status === 404;
	return h('div', { class: 'state state-error', role: 'alert' },
		h('p', null, h('strong', null, notFound ? 'Not found. ' : 'Something went wrong. '),
			err && err.message ? err.message : String(err)),
		retry && !notFound ? h('button', { type: 'button', class: 'btn', on: { click: retry } }, 'Try again') : null);
}

// A polite announcement ("Order placed") shown for a few seconds.
export function notice(text, tone = 'ok') {
	const box = document.getElementById('notices');
	if (!box) return;
	const n = h('p', { class: `notice notice-${tone}` }, text);
	box.append(n);
	setTimeout(() => n.remove(), 6000);
}

function headerCells(columns) {
	return h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
}

function bodyRows(columns, rows) {
	return rows.map((row) => h('tr', null, columns.map((c, i) => {
		const v = c.cell(row);
		return i === 0 && c.header !== false
			? h('th', { scope: 'row', class: c.num ? 'num' : null }, v)
			: h('td', { class: c.num ? 'num' : null, 'data-label': c.label }, v);
	})));
}

// A table of rows in hand; columns are [{label, cell: (row) => node|string, num}].
export function dataTable({ caption, columns, rows, empty = 'Nothing here yet.' }) {
	if (!rows.length) return emptyState(empty);
	return h('div', { class: 'table-wrap' },
		h('table', { class: 'table' }, caption ? h('caption', null, caption) : null,
			h('thead', null, headerCells(columns)), h('tbody', null, bodyRows(columns, rows))));
}

// A server-paginated table: load(cursor) gives {data, next}. Previous goes
// back through the cursors seen; the element keeps its own state.
export function listView({ caption, load, columns, empty = 'Nothing here yet.', onRows }) {
	const root = h('section', { class: 'list-view', 'aria-label': caption || null });
	const cursors = [null];
	let page = 0;

	async function show() {
		fill(root, loading());
		root.setAttribute('aria-busy', 'true');
		try {
			const { data, next } = await load(cursors[page]);
			if (onRows) onRows(data);
			if (next) cursors[page + 1] = next;
			else cursors.length = page + 1;
			const nav = (page > 0 || next) ? h('nav', { class: 'pager', 'aria-label': `${caption || 'List'} pages` },
				h('button', { type: 'button', class: 'btn', disabled: page === 0, on: { click: () => { page--; show(); } } }, 'Previous'),
				h('span', { class: 'pager-page' }, `Page ${page + 1}`),
				h('button', { type: 'button', class: 'btn', disabled: !next, on: { click: () => { page++; show(); } } }, 'Next')) : null;
			fill(root, dataTable({ caption, columns, rows: data, empty }), nav);
		} catch (err) {
			fill(root, errorState(err, show));
		} finally {
			root.removeAttribute('aria-busy');
		}
	}
	show();
	root.reload = () => { cursors.length = 1; page = 0; return show(); };
	return root;
}

// An ARIA tab list; arrow keys move between tabs. onSelect(id) fills the panel.
let tabsSeq = 0;

export function tabs({ label: name, tabs: list, current, onSelect }) {
	const pre = `tabs${++tabsSeq}`;
	const buttons = list.map((t) => h('button', {
		type: 'button', role: 'tab', id: `${pre}-${t.id}`, 'aria-selected': String(t.id === current),
		tabindex: t.id === current ? '0' : '-1', 'aria-controls': `${pre}-panel`, on: { click: () => select(t.id, true) },
	}, t.label));
	const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': name }, buttons);
	bar.addEventListener('keydown', (e) => {
		const i = buttons.indexOf(document.activeElement);
		if (i < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
		const j = (i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length;
		select(list[j].id, true);
		buttons[j].focus();
	});
	const panel = h('div', { class: 'tabpanel', role: 'tabpanel', id: `${pre}-panel`, 'aria-labelledby': `${pre}-${current}`, tabindex: '0' });
	function select(id, user) {
		buttons.forEach((b, k) => {
			const on = list[k].id === id;
			b.setAttribute('aria-selected', String(on));
			b.setAttribute('tabindex', on ? '0' : '-1');
		});
		panel.setAttribute('aria-labelledby', `${pre}-${id}`);
		onSelect(id, panel, user);
	}
	const root = h('div', { class: 'tabs-root' }, bar, panel);
	select(current, false);
	return root;
}

// A modal dialog; resolves with what close(value) is given (false on Escape or Cancel).
function modal(title, build) {
	return new Promise((resolve) => {
		const heading = h('h2', { id: 'dialog-title' }, title);
		const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' });
		const close = (v) => { dlg.close(); dlg.remove(); resolve(v); };
		dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(false); });
		fill(dlg, heading, build(close));
		document.body.append(dlg);
		dlg.showModal();
	});
}

export function confirmDialog({ title, body, confirmLabel = 'Confirm', cancelLabel = 'Cancel', danger = false }) {
	return modal(title, (close) => h('div', null,
		h('div', { class: 'dialog-body' }, body),
		h('div', { class: 'dialog-actions' },
			h('button', { type: 'button', class: 'btn', on: { click: () => close(false) } }, cancelLabel),
			h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary', on: { click: () => close(true) } }, confirmLabel))));
}

// A dialog holding form(opts): resolves with onSubmit's result, or false if dismissed.
export function formDialog({ title, intro, ...opts }) {
	return modal(title, (close) => {
		const f = form({ ...opts, onSubmit: async (v) => close(await opts.onSubmit(v)), onCancel: () => close(false) });
		return h('div', null, intro ? h('div', { class: 'dialog-body' }, intro) : null, f);
	});
}

let fieldSeq = 0;

function control(f, id, errId) {
	const common = { id, name: f.name, required: f.required || null, 'aria-describedby': errId + (f.hint ? ` ${id}-hint` : '') };
	if (f.type === 'select') {
		return h('select', common, (f.options || []).map((o) => {
			const [v, t] = Array.isArray(o) ? o : [o.value, o.label];
			return h('option', { value: v, selected: String(v) === String(f.value ?? '') }, t);
		}));
	}
	if (f.type === 'textarea') return h('textarea', { ...common, rows: f.rows || 3, maxlength: f.maxlength || null, value: f.value ?? '' });
	if (f.type === 'checkbox') return h('input', { ...common, type: 'checkbox', checked: !!f.value });
	return h('input', { ...common, type: f.type || 'text', value: f.value ?? '', min: f.min ?? null, max: f.max ?? null,
		step: f.step ?? null, autocomplete: f.autocomplete || null, maxlength: f.maxlength || null, inputmode: f.inputmode || null });
}

// The values of a form's named controls (numbers for type=number, booleans for checkboxes).
export function formValues(formEl) {
	const out = {};
	for (const el of formEl.elements) {
		if (!el.name) continue;
		if (el.type === 'checkbox') out[el.name] = el.checked;
		else if (el.type === 'number') out[el.name] = el.value === '' ? null : Number(el.value);
		else out[el.name] = el.value;
	}
	return out;
}

// Shows err beside the control it names (err.field equal to a control's
// name), or above the form; clears earlier errors.
export function showFormError(formEl, err) {
	for (const e of formEl.querySelectorAll('.field-error')) e.textContent = '';
	for (const e of formEl.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
	const top = formEl.querySelector('.form-error');
	top.textContent = '';
	if (!err) return;
	const el = err.field ? formEl.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
	if (el) {
		el.setAttribute('aria-invalid', 'true');
		const slot = formEl.querySelector(`#${el.id}-error`);
		if (slot) slot.textContent = err.message;
		el.focus();
	} else {
		top.textContent = err.message || String(err);
	}
}

// A form of labelled controls. onSubmit(values) may throw an ApiError:
// it is shown beside its field. fields: [{name, label, type, options,
// required, value, hint, min, max, step}].
export function form({ fields, submitLabel = 'Save', onSubmit, onCancel, cancelLabel = 'Cancel', extra }) {
	const f = h('form', { class: 'form', novalidate: true });
	const rows = fields.map((fd) => {
		const id = `f${++fieldSeq}-${fd.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
		const errId = `${id}-error`;
		const c = control(fd, id, errId);
		const lab = h('label', { for: id }, fd.label, fd.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
		return h('div', { class: fd.type === 'checkbox' ? 'field field-check' : 'field' },
			fd.type === 'checkbox' ? [c, lab] : [lab, c],
			fd.hint ? h('p', { class: 'hint', id: `${id}-hint` }, fd.hint) : null,
			h('p', { class: 'field-error', id: errId }));
	});
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, submitLabel);
	fill(f, h('p', { class: 'form-error', role: 'alert' }), rows, extra || null,
		h('div', { class: 'form-actions' },
			onCancel ? h('button', { type: 'button', class: 'btn', on: { click: onCancel } }, cancelLabel) : null, submit));
	f.addEventListener('submit', async (e) => {
		e.preventDefault();
		showFormError(f, null);
		submit.disabled = true;
		f.setAttribute('aria-busy', 'true');
		try {
			await onSubmit(formValues(f), f);
		} catch (err) {
			showFormError(f, err);
		} finally {
			submit.disabled = false;
			f.removeAttribute('aria-busy');
		}
	});
	return f;
}
