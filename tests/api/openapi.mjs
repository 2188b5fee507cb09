// docs/openapi.yaml as a checker of replies. Every reply a harness Client
// receives goes through checkReply: its status must be documented for its
// operation, its content type and body must match what the description
// says for that status (JSON Schema 2020-12, checked by ajv), and its
// headers must match the documented ones. The description is read with a
// YAML parser and the schemas are compiled by ajv, so that nothing here
// interprets a schema by hand.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPEC_PATH = join(ROOT, 'docs', 'openapi.yaml');
export const SPEC = YAML.parse(readFileSync(SPEC_PATH, 'utf8'));

const BASE = new URL(SPEC.servers[0].url, 'http://x').pathname.replace(/\/$/, ''); // "/api/v1"
const SCHEMAS_ID = 'urn:tessera:openapi:schemas';

// Headers that only some replies carry: when a reply has one, the
// description of that reply must name it.
const API_HEADERS = ['location', 'idempotent-replayed', 'retry-after', 'set-cookie', 'content-disposition'];

// What info.description promises of every reply, documented or not.
const EVERY_REPLY = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'no-referrer',
	'cache-control': 'no-store',
};

// Refs of the description ("#/components/schemas/X") as refs into the one
// schema document ajv is given ("urn:...#/$defs/X").
function rewriteRefs(v) {
	if (Array.isArray(v)) return v.map(rewriteRefs);
	if (v === null || typeof v !== 'object') return v;
	const out = {};
	for (const [k, x] of Object.entries(v)) {
		if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/'))
			out[k] = `${SCHEMAS_ID}#/$defs/${x.slice('#/components/schemas/'.length)}`;
		else out[k] = rewriteRefs(x);
	}
	return out;
}

const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addKeyword('example'); // an OpenAPI annotation
ajv.addSchema({ $id: SCHEMAS_ID, $defs: rewriteRefs(SPEC.components.schemas) });

// Resolves a local "#/..." reference of the description.
function deref(v) {
	let seen = 0;
	while (v && typeof v.$ref === 'string' && v.$ref.startsWith('#/')) {
		if (++seen > 16) throw new Error(`a $ref loop at ${v.$ref}`);
		let node = SPEC;
		for (const part of v.$ref.slice(2).split('/'))
			node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		if (node === undefined) throw new Error(`unresolved $ref ${v.$ref}`);
		v = node;
	}
	return v;
}

const compiled = new Map();
function validatorFor(key, schema) {
	if (!compiled.has(key)) compiled.set(key, ajv.compile(rewriteRefs(schema)));
	return compiled.get(key);
}

// Documented templates, literal ones before those with parameters.
const TEMPLATES = Object.keys(SPEC.paths)
	.map((tpl) => ({
		tpl,
		params: (tpl.match(/\{/g) ?? []).length,
		re: new RegExp('^' + tpl.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
	}))
	.sort((a, b) => a.params - b.params);

export function operationFor(method, path) {
	if (!path.startsWith(BASE + '/')) return null;
	const rest = path.slice(BASE.length);
	for (const t of TEMPLATES) if (t.re.test(rest)) return { tpl: t.tpl, op: SPEC.paths[t.tpl][method.toLowerCase()] ?? null };
	return null;
}

// (method template status) of every checked reply, for coverage tests.
export const checked = new Set();

function checkSchema(problems, what, key, schema, value) {
	const v = validatorFor(key, schema);
	if (!v(value))
		problems.push(`${what} does not match its schema: ${ajv.errorsText(v.errors, { dataVar: '$' })}`);
}

function checkHeaders(problems, where, res, doc) {
	for (const [name, want] of Object.entries(EVERY_REPLY)) {
		const got = res.headers.get(name);
		if (got !== want) problems.push(`header ${name} is ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
	}
	if (!res.headers.get('x-request-id')) problems.push('no X-Request-Id header');
	if (!res.headers.get('content-security-policy')) problems.push('no Content-Security-Policy header');
	const documented = new Map();
	for (const [name, h] of Object.entries(doc?.headers ?? {})) documented.set(name.toLowerCase(), { name, h: deref(h) });
	for (const name of API_HEADERS)
		if (res.headers.has(name) && !documented.has(name))
			problems.push(`header ${name} is sent but not documented for this reply`);
	for (const [lower, { name, h }] of documented) {
		const got = lower === 'set-cookie' ? res.headers.getSetCookie()[0] ?? null : res.headers.get(lower);
		if (got === null) {
			if (h.required) problems.push(`documented header ${name} is missing`);
			continue;
		}
		if (h.schema) {
			const value = h.schema.type === 'integer' && /^-?\d+$/.test(got) ? Number(got) : got;
			checkSchema(problems, `header ${name} (${JSON.stringify(got)})`, `${where} header ${name}`, h.schema, value);
		}
	}
}

// Problems of one reply to (method, url) against the description; [] when it conforms.
export function checkReply(method, url, res) {
	const path = new URL(url, 'http://x').pathname;
	const found = operationFor(method, path);
	const problems = [];
	let where;
	let doc = null;
	if (found === null || found.op === null) {
		// Outside the description: only the one error shape may answer.
		where = found === null ? `${method} ${path} (no documented path)` : `${method} ${found.tpl} (no such operation)`;
		const want = found === null ? 404 : 405;
		if (res.status !== want) problems.push(`answered ${res.status}, not ${want}`);
		checkSchema(problems, 'the body', 'Error', { $ref: '#/components/schemas/Error' }, res.body);
	} else {
		where = `${method} ${found.tpl} ${res.status}`;
		const docs = found.op.responses ?? {};
		doc = deref(docs[String(res.status)] ?? docs[`${String(res.status)[0]}XX`] ?? docs.default);
		if (!doc) {
			problems.push(`status ${res.status} is not documented (documented: ${Object.keys(docs).join(', ')})`);
		} else {
			checked.add(`${method} ${found.tpl} ${res.status}`);
			const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
			const content = doc.content ?? null;
			if (content === null) {
				if (res.text !== '') problems.push(`a body where none is documented: ${res.text.slice(0, 200)}`);
			} else if (!(type in content)) {
				problems.push(`content type "${type}", documented: ${Object.keys(content).join(', ')}`);
			} else if (type === 'application/json') {
				if (res.body === undefined) problems.push('the body is not JSON');
				else if (content[type].schema)
					checkSchema(problems, 'the body', `${where} body`, content[type].schema, res.body);
			}
		}
	}
	checkHeaders(problems, where, res, doc);
	return problems.map((p) => `${where}: ${p}`);
}

// Every documented reply schema compiles (ajv's strict mode refuses
// unknown keywords and loose types), at load rather than at first use.
for (const [tpl, item] of Object.entries(SPEC.paths))
	for (const [method, op] of Object.entries(item))
		for (const [status, r] of Object.entries(op.responses ?? {})) {
			const schema = deref(r).content?.['application/json']?.schema;
			if (schema) validatorFor(`${method.toUpperCase()} ${tpl} ${status} body`, schema);
		}
validatorFor('Error', { $ref: '#/components/schemas/Error' });
