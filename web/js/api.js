// The one module that talks to the JSON API: credentials (the session
// cookie and its CSRF token), idempotency keys, the error shape and
// cursor pagination. Pages call these and never fetch themselves.

const CSRF_KEY = 'tessera.csrf';

// An error reply of the API, {"error": {code, message, field}}, or a
// failure to reach it (status 0).
export class ApiError extends Error {
	constructor(status, code, message, field) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.field = field || null;
	}
}

let onUnauthenticated = () => {};

// What happens when the API answers 401 (the session ended): the app
// sends the reader to the login; fn returns true when it did.
export function setUnauthenticatedHandler(fn) {
	onUnauthenticated = fn;
}

// Whether this browser held a session that has since ended.
export function hadSession() {
	return localStorage.getItem(CSRF_KEY) !== null;
}

export function setCsrfToken(token) {
	if (token) localStorage.setItem(CSRF_KEY, token);
	else localStorage.removeItem(CSRF_KEY);
}

// The address of path with query's members (null, undefined and '' left out).
export function url(path, query) {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(query || {})) {
		if (v === null || v === undefined || v === '') continue;
		params.append(k, String(v));
	}
	const qs = params.toString();
	return qs ? `${path}?${qs}` : path;
}

function idempotencyKey() {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function request(method, path, { query, body } = {}) {
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin' };
	if (method !== 'GET') {
		const csrf = localStorage.getItem(CSRF_KEY);
		if (csrf) headers['X-CSRF-Token'] = csrf;
	}
	if (method === 'POST') headers['Idempotency-Key'] = idempotencyKey();
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	let res;
	try {
		res = await fetch(url(path, query), init);
	} catch {
		throw new ApiError(0, 'network_error', 'Tessera could not be reached. Check your connection and try again.');
	}
	const text = await res.text();
	let value = null;
	if (text) {
		try {
			value = JSON.parse(text);
		} catch {
			value = null;
		}
	}
	if (res.ok) return value;
	const e = (value && value.error) || {};
	const err = new ApiError(res.status, e.code || 'http_' + res.status,
		e.message || `The server answered ${res.status}.`, e.field);
	if (res.status === 401 && path !== '/api/v1/sessions' && onUnauthenticated(err)) {
		// The app has moved to the login: the page that asked is gone, so its
		// call never settles rather than drawing an error over the login.
		return new Promise(() => {});
	}
	throw err;
}

export function get(path, query) {
	return request('GET', path, { query });
}

// One page of a list: {data, next} (next is the cursor of the page after, or null).
export async function list(path, query) {
	const v = await request('GET', path, { query });
	return { data: (v && v.data) || [], next: (v && v.next) || null };
}

export function post(path, body) {
	return request('POST', path, { body: body === undefined ? {} : body });
}

export function del(path) {
	return request('DELETE', path);
}

// Logs in; keeps the session's CSRF token for the writes that follow.
export async function login(email, password) {
	const s = await request('POST', '/api/v1/sessions', { body: { email, password } });
	setCsrfToken(s && s.csrf_token);
	return s;
}

export async function logout() {
	try {
		await request('DELETE', '/api/v1/sessions/current');
	} finally {
		setCsrfToken(null);
	}
}
