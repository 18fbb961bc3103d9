/** What every answer must carry, and what no answer may hold. */
import type { Reply } from './client';
import { visibleText } from './html';
import { unescapedSigns } from './payloads';

/** The checks of tests/e2e/headers.e2e.ts, on any answer. */
export function headerProblems(reply: Reply): string[] {
	const problems: string[] = [];
	const h = reply.headers;
	if (h.get('x-content-type-options') !== 'nosniff')
		problems.push('no X-Content-Type-Options: nosniff');
	if (h.get('referrer-policy') !== 'strict-origin-when-cross-origin') {
		problems.push(`Referrer-Policy is ${h.get('referrer-policy') ?? 'missing'}`);
	}
	const csp = h.get('content-security-policy') ?? '';
	for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
		if (!csp.includes(directive)) problems.push(`the CSP lacks ${directive}`);
	}
	if (csp.includes('unsafe-inline')) problems.push("the CSP allows 'unsafe-inline'");
	// Nothing may be loaded from another host: every source list names only this origin.
	for (const directive of csp
		.split(';')
		.map((d) => d.trim())
		.filter(Boolean)) {
		const [name = '', ...sources] = directive.split(/\s+/);
		if (name === 'report-uri' || name === 'report-to') continue;
		const foreign = sources.filter(
			(s) =>
				!/^'(self|none|nonce-[^']+|sha(256|384|512)-[^']+|strict-dynamic)'$/.test(s) &&
				s !== 'data:'
		);
		if (foreign.length > 0) problems.push(`the CSP's ${name} allows ${foreign.join(' ')}`);
	}
	if (!csp.includes("default-src 'self'")) problems.push("the CSP lacks default-src 'self'");
	if (h.get('strict-transport-security') !== null) problems.push('HSTS sent over plain http');
	return problems;
}

const leakSigns: [RegExp, string][] = [
	[/\n\s+at [\w$.<>\s]+\(?(file:|node:|\/)/, 'a stack trace'],
	[/node_modules|\/build\/server\/|\.svelte-kit\//, 'a server file path'],
	[
		/SqliteError|SQLITE_[A-Z]+|PostgresError|relation "[^"]+" does not exist|syntax error at or near/i,
		'a database error'
	],
	[/\b(select|insert into|update|delete from)\b[^<]{0,80}\b(from|values|set|where)\b/i, 'SQL'],
	[/\b(TypeError|ReferenceError|RangeError|ZodError)\b/, 'an internal error name']
];

/** What an answer gives away that it should not: stack traces, SQL, internal errors. */
export function leaks(body: string): string[] {
	const text = visibleText(body);
	return leakSigns.filter(([pattern]) => pattern.test(text)).map(([, what]) => what);
}

/** A refusal must tell the person, in words, what happened. */
export function refusalProblems(reply: Reply): string[] {
	const problems: string[] = [];
	if (!reply.contentType.includes('text/html')) {
		problems.push(`refused with ${reply.contentType || 'no content type'} instead of a page`);
	}
	const text = visibleText(reply.body);
	if (text.length < 20)
		problems.push(`refused with ${text.length ? `only "${text}"` : 'an empty body'}`);
	if (/this is our mistake|went wrong on our side/i.test(text)) {
		problems.push('refused (4xx) with a page that blames the server');
	}
	problems.push(...leaks(reply.body).map((l) => `the refusal shows ${l}`));
	return problems;
}

/** A payload that came back as markup. */
export function reflected(body: string): string[] {
	return unescapedSigns.filter((sign) => body.includes(sign));
}
