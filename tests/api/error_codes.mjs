// The error codes the server can send, read from its C source (src/,
// without the command line and the demo loader, which the server does not
// run): the code argument of every problem_set and respond_error_json call
// (string literals, also both arms of a conditional), the code arguments given to functions that
// pass their own code parameter on to problem_set, the default code of
// each enum tess_err (tess_err_code, used when a refusal names none) and
// any literal {"code":"..."} error body, and the codes of the edge's
// refusal table (rows of status, reason phrase, code). Refusals with TESS_ERR_INTERNAL
// are left out: their code stays in the log, the client reads "internal".
// A code argument the reader cannot follow is reported, so that a new way
// of making a code cannot slip by.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NOT_SERVED = new Set(['cli', 'demo']);
// Files outside them that only the command line runs: the database address
// is read at start, never from a request, and a named user's actor is the
// operator's (a request's comes from its credential).
const NOT_SERVED_FILES = new Set([
	join('store', 'address.c'),
	join('store', 'address.h'),
	join('ops', 'actor_email.c'),
]);

function sources(dir, top = true) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? top && NOT_SERVED.has(e.name)
				? []
				: sources(join(dir, e.name), false)
			: /\.[ch]$/.test(e.name)
				? [join(dir, e.name)]
				: [],
	);
}

// Comments out, string literals kept.
function stripComments(s) {
	return s.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|("(?:[^"\\\n]|\\.)*")/g, (m, str) => str ?? ' ');
}

// The arguments of the call whose "(" is at open, split at top-level commas.
function callArgs(s, open) {
	const args = [];
	let depth = 0;
	let cur = '';
	for (let i = open + 1; i < s.length; i++) {
		const c = s[i];
		if (c === '"') {
			const m = /^"(?:[^"\\\n]|\\.)*"/.exec(s.slice(i));
			cur += m[0];
			i += m[0].length - 1;
			continue;
		}
		if (c === '(' || c === '[' || c === '{') depth++;
		if (c === ')' || c === ']' || c === '}') {
			if (depth === 0) {
				args.push(cur.trim());
				return args;
			}
			depth--;
		}
		if (c === ',' && depth === 0) {
			args.push(cur.trim());
			cur = '';
		} else cur += c;
	}
	throw new Error('unterminated call');
}

function calls(s, name) {
	const out = [];
	const re = new RegExp(`\\b${name}\\s*\\(`, 'g');
	let m;
	while ((m = re.exec(s))) out.push({ at: m.index, args: callArgs(s, m.index + m[0].length - 1) });
	return out;
}

// Functions that take an error code: which argument is the code, and which the error.
const SINKS = [
	{ name: 'problem_set', code: 2, err: 1 },
	{ name: 'respond_error_json', code: 0 },
];

const literals = (arg) => [...arg.matchAll(/"([^"\\]*)"/g)].map((m) => m[1]);

// The name and parameter names of the function definition enclosing offset at.
function enclosingFunction(s, at) {
	const defs = [...s.slice(0, at).matchAll(/\n(?:static\s+)?[a-z_][\w\s*]*?\b(\w+)\s*\(([^)]*)\)\s*\{/g)];
	if (defs.length === 0) return null;
	const d = defs[defs.length - 1];
	const params = d[2].split(',').map((p) => (/(\w+)\s*$/.exec(p.trim()) ?? [])[1]);
	return { name: d[1], params, isStatic: /^\s*static\b/.test(d[0]) };
}

export function collectErrorCodes(srcDir) {
	const files = sources(srcDir)
		.filter((f) => ![...NOT_SERVED_FILES].some((n) => f.endsWith(`/${n}`)))
		.map((f) => ({ f, s: stripComments(readFileSync(f, 'utf8')) }));
	const codes = new Map(); // code -> first place seen
	const unknown = [];
	const add = (code, where) => {
		if (!codes.has(code)) codes.set(code, where);
	};
	const errDefaults = new Map();
	for (const { s } of files)
		for (const m of s.matchAll(/case\s+(TESS_\w+)\s*:\s*return\s+"([a-z0-9_]+)"\s*;/g)) errDefaults.set(m[1], m[2]);
	if (errDefaults.size === 0) unknown.push('tess_err_code: no defaults found');
	for (const [err, code] of errDefaults) if (err !== 'TESS_OK') add(code, `tess_err_code(${err})`);

	const forwarders = []; // {name, index}: functions passing their parameter on as the code
	for (const { f, s } of files) {
		if (f.endsWith('err.c') || f.endsWith('err.h')) continue;
		for (const sink of SINKS)
			for (const c of calls(s, sink.name)) {
				const arg = c.args[sink.code];
				if (arg === undefined || /^(const\s+)?(char|struct|enum)\b/.test(c.args[0])) continue; // a declaration
				if (sink.err !== undefined && c.args[sink.err] === 'TESS_ERR_INTERNAL') continue;
				// respond.c makes the body of a problem: its code is one collected here.
				if (f.endsWith(join('http', 'respond.c')) && sink.name !== 'problem_set') continue;
				const where = `${f}: ${sink.name}(${c.args.slice(0, sink.code + 1).join(', ')})`;
				const lits = literals(arg);
				if (lits.length > 0) lits.forEach((l) => add(l, where));
				else if (arg === 'NULL') {
					// the default code of the error: every default is in the list already
				} else if (/^\w+$/.test(arg)) {
					const fn = enclosingFunction(s, c.at);
					const index = fn ? fn.params.indexOf(arg) : -1;
					if (index < 0) unknown.push(`${where}: ${arg} is not a parameter of its function`);
					else forwarders.push({ name: fn.name, index, where, file: fn.isStatic ? f : null });
				} else unknown.push(`${where}: cannot read the code ${arg}`);
			}
		for (const m of s.matchAll(/\\"code\\"\s*:\s*\\"([a-z0-9_]+)\\"/g)) add(m[1], `${f}: literal error body`);
		// The edge's table of refusals: {status, "Reason Phrase", "code", field, message}.
		for (const m of s.matchAll(/\{\s*[45]\d\d\s*,\s*"[A-Za-z -]+"\s*,\s*"([a-z0-9_]+)"/g)) add(m[1], `${f}: refusal table`);
	}
	for (const fw of forwarders) {
		let n = 0;
		// A static function is called in its own file only.
		for (const { f, s } of files.filter((x) => fw.file === null || x.f === fw.file))
			for (const c of calls(s, fw.name)) {
				const arg = c.args[fw.index];
				if (arg === undefined || /^(const\s+)?(char|struct)\b/.test(arg)) continue; // the definition itself
				n++;
				const lits = literals(arg);
				if (lits.length > 0) lits.forEach((l) => add(l, `${f}: ${fw.name}(...)`));
				else if (arg !== fw.where) unknown.push(`${f}: ${fw.name}(...): cannot read the code ${arg}`);
			}
		if (n === 0) unknown.push(`${fw.where}: no call of ${fw.name} found`);
	}
	return { codes, unknown };
}
