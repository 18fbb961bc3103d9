/**
 * The hostile-input crawler: the built server on a fresh SQLite folder, a member and a
 * practitioner made without the UI, a crawl of every page each of them (and a visitor) can reach,
 * hostile values sent to every POST form it found and in the address of every page that reads its
 * query (GET forms' targets, links with parameters), the POST forms filled with script payloads in
 * real Chromium, and, on PostgreSQL, a server whose schema is gone, for the headers on a 500.
 */
import type { TestDatabase } from '../databases';
import { appProcess, lastWords } from '../processes';
import { count, describeCounts, newReport, seconds, type Report } from '../report';
import {
	bookConsultation,
	giveMemberWorkbookData,
	makeMember,
	makePractitioner,
	type Person
} from './accounts';
import { browserChecks } from './browser';
import { headerProblems, leaks, reflected, refusalProblems } from './checks';
import { Client } from './client';
import { serverErrorPage } from './error-page';
import { changedTables, fingerprint } from './fingerprint';
import { foreignReferences, formsOf, linksOf, type FoundForm } from './html';
import { asksForAddress, attacksFor, mailCarryingSubmission, queryAttacksFor } from './payloads';

export interface HostileOptions {
	port: number;
	/** For the second server, on PostgreSQL, whose schema is dropped under it. */
	postgresPort: number;
	postgresUrl: string;
	maxPages: number;
}

/**
 * Links not followed, and why:
 * - /api/…: better-auth's and the calendar's machine endpoints, not pages (a GET of some, such as
 *   a magic-link callback, would sign the crawler in or out).
 * - /account/data/export: a download of the member's data, not a page.
 * - /account/goodbye: the page after an account is deleted.
 */
const skippedLinks = [/^\/api\//, /^\/account\/data\/export/, /^\/account\/goodbye/];

/**
 * POST forms not attacked, and why. Each would end the crawl or remove what it still needs, and
 * each carries nothing to attack but the id of what it removes:
 * - /sign-out, and ?/signOut, ?/revoke, ?/revokeOthers on /account/sessions: they end sessions.
 * - ?/delete on /account/data: deletes the account.
 * - ?/delete and ?/discard on a moment, belief, win, practice entry, self-check, summary or
 *   check-in, and /app/check-ins/…/delete: remove the member's data whose pages are crawled.
 * - ?/removePasskey: removes a second step of the practitioner's sign-in.
 * - ?/cancel on a consultation's manage page, and ?/cancel, ?/noShow, ?/attended on the
 *   practitioner's page for it: they end or settle the one booking whose pages are crawled.
 */
export function skippedForm(form: FoundForm): string | null {
	const url = new URL(form.action);
	const action = url.search;
	if (url.pathname === '/sign-out') return 'signs out';
	if (url.pathname === '/account/sessions' && /\?\/(signOut|revoke|revokeOthers)$/.test(action)) {
		return 'ends sessions';
	}
	if (url.pathname === '/account/data' && action === '?/delete') return 'deletes the account';
	if (url.pathname.startsWith('/app/') && /\?\/(delete|discard)$/.test(action)) {
		return "removes the member's data";
	}
	if (/^\/app\/check-ins\/[^/]+\/[^/]+\/delete$/.test(url.pathname)) {
		return "removes the member's data";
	}
	if (action === '?/removePasskey') return 'removes a passkey';
	if (/^\/consultation\/manage\//.test(url.pathname) && action === '?/cancel') {
		return 'cancels the booking';
	}
	if (
		/^\/admin\/consultations\/[^/]+$/.test(url.pathname) &&
		/\?\/(cancel|noShow|attended)$/.test(action)
	) {
		return 'cancels or settles the booking';
	}
	return null;
}

/** Forms that keep what was typed in a draft even when they refuse it, by design. */
function draftTablesOf(form: FoundForm): string[] {
	const path = new URL(form.action).pathname;
	if (path.startsWith('/app/moments/')) return ['workbook_draft'];
	if (path.startsWith('/app/check-ins/')) return ['workbook_checkin:draft'];
	return [];
}

/** A route's shape: ids and tokens replaced, query keys without values. */
function shapeOf(url: URL): string {
	const path = url.pathname
		.split('/')
		.map((part) => ((/\d/.test(part) && part.length >= 8) || part.length >= 32 ? ':id' : part))
		.join('/');
	return `${path}?${[...url.searchParams.keys()].sort().join('&')}`;
}

/** Where a form's page is, without origin, ids or tokens: for the report. */
function routeOf(url: string): string {
	const u = new URL(url);
	return (
		u.pathname.replace(/\/([\w-]*\d[\w-]{6,}|[\w-]{32,})/g, '/:id') +
		(u.search.startsWith('?/') ? u.search : '')
	);
}

interface Role {
	name: 'visitor' | 'member' | 'practitioner';
	client: Client;
	person?: Person;
	starts: string[];
}

export async function hostileInput(
	database: TestDatabase,
	options: HostileOptions,
	print: (line?: string) => void
): Promise<Report> {
	const began = performance.now();
	const report = newReport();
	const problem = (line: string) => report.check(false, line);
	const app = appProcess(options.port, {
		...database.env,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1'
	});
	await app.start();
	print(`  server on ${app.origin}, data in a fresh SQLite folder`);

	const member = await makeMember(app, database);
	await giveMemberWorkbookData(app, member);
	const practitioner = await makePractitioner(app);
	const managePage = await bookConsultation(app);
	print(
		'  a member (with a moment, a belief and a quiet win) and a practitioner are signed in; a consultation is booked'
	);
	const roles: Role[] = [
		{ name: 'visitor', client: new Client(app.origin, 'visitor'), starts: ['/', managePage] },
		{ name: 'member', client: member.client, person: member, starts: ['/app', '/account'] },
		{
			name: 'practitioner',
			client: practitioner.client,
			person: practitioner,
			starts: ['/admin']
		}
	];

	// 1. The crawl.
	let pages = 0;
	const statuses = new Map<string, number>();
	const forms: { role: Role; form: FoundForm }[] = [];
	const formKeys = new Set<string>();
	let getForms = 0;
	/** Pages that read their query, one address of each shape per role, for step 3. */
	const queryTargets = new Map<string, { role: Role; url: string }>();
	const readsQuery = (role: Role, url: URL) => {
		if (url.search === '' || url.search.startsWith('?/')) return;
		const key = `${role.name} ${shapeOf(url)}`;
		if (!queryTargets.has(key)) queryTargets.set(key, { role, url: url.href });
	};
	const perRole = Math.floor(options.maxPages / roles.length);
	for (const role of roles) {
		const seen = new Set<string>();
		const shapes = new Map<string, number>();
		const queue = role.starts.map((p) => `${app.origin}${p}`);
		let crawled = 0;
		while (queue.length > 0 && crawled < perRole) {
			const url = queue.shift()!;
			const target = new URL(url);
			if (seen.has(url) || skippedLinks.some((s) => s.test(target.pathname))) continue;
			seen.add(url);
			const shape = shapeOf(target);
			if ((shapes.get(shape) ?? 0) >= 3) continue;
			shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
			readsQuery(role, target);
			const { url: landed, reply } = await role.client.open(url);
			crawled++;
			pages++;
			count(statuses, String(reply.status));
			const where = `${role.name} ${routeOf(landed)}`;
			for (const p of headerProblems(reply)) problem(`${where}: ${p}`);
			if (reply.status >= 400) problem(`${where}: a crawled link answered ${reply.status}`);
			if (!reply.contentType.includes('text/html')) continue;
			for (const ref of foreignReferences(reply.body, landed)) {
				problem(`${where}: refers to another host: ${ref}`);
			}
			for (const link of linksOf(reply.body, landed)) if (!seen.has(link)) queue.push(link);
			for (const form of formsOf(reply.body, landed)) {
				if (form.method === 'GET') {
					// A GET form is a way to another page: follow it with plain values.
					getForms++;
					const next = new URL(form.action);
					for (const field of form.fields) {
						if (field.type === 'hidden' || field.type === 'select' || field.type === 'radio') {
							next.searchParams.set(field.name, field.value || field.options[0] || '');
						}
					}
					const button = form.submitters.find((s) => s.name);
					if (button) next.searchParams.set(button.name, button.value);
					queue.push(next.href);
					continue;
				}
				const fields = form.fields.map((f) => `${f.name}:${f.type}`).join(',');
				const key = `${role.name} ${shapeOf(new URL(form.action))} ${fields}`;
				if (formKeys.has(key)) continue;
				formKeys.add(key);
				forms.push({ role, form });
				// A button with a formaction of its own sends the same fields elsewhere.
				for (const s of form.submitters) {
					if (!s.formaction || s.formaction === form.action) continue;
					forms.push({ role, form: { ...form, action: s.formaction, submitters: [] } });
				}
			}
		}
	}
	report.figure('pages crawled', `${pages} (${describeCounts(statuses)})`);
	print(`  crawled ${pages} pages in ${seconds(performance.now() - began)}`);

	// A made-up address, for the headers and the page of a 404.
	for (const role of [roles[0]!, roles[1]!]) {
		const missing = await role.client.send(`${app.origin}/no-such-page-${Date.now()}`);
		const where = `${role.name} a made-up address`;
		report.check(missing.status === 404, `${where}: answered ${missing.status}, not 404`);
		for (const p of headerProblems(missing)) problem(`${where}: ${p}`);
		for (const l of leaks(missing.body)) problem(`${where}: shows ${l}`);
	}

	// 2. Hostile values for every POST form.
	const skipped = new Map<string, number>();
	const attacked = forms.filter(({ form }) => {
		const why = skippedForm(form);
		if (why) count(skipped, why);
		return !why;
	});
	report.figure(
		'forms found',
		`${forms.length} POST (${attacked.length} attacked; skipped: ${describeCounts(skipped)}), ${getForms} GET followed`
	);
	print(`  attacking ${attacked.length} forms`);
	let sent = 0;
	let keptDrafts = 0;
	let fingerprinted = 0;
	const refusals = new Map<string, number>();
	const accepted = new Map<string, number>();
	for (const { role, form } of attacked) {
		const where = `${role.name} ${routeOf(form.action)}`;
		// The fingerprint after one request is the one before the next: one reading per request.
		let before = await fingerprint(database);
		fingerprinted = before.size;
		for (const attack of attacksFor(form)) {
			let reply;
			try {
				reply = await role.client.send(form.action, {
					method: 'POST',
					body: attack.body,
					...(attack.contentType ? { contentType: attack.contentType } : {})
				});
			} catch (error) {
				problem(`${where} [${attack.kind}]: no answer (${(error as Error).message})`);
				continue;
			}
			sent++;
			const what = `${where} [${attack.kind}]`;
			if (reply.status >= 500) problem(`${what}: answered ${reply.status}`);
			for (const sign of reflected(reply.body))
				problem(`${what}: the answer holds ${sign}… unescaped`);
			for (const p of headerProblems(reply)) problem(`${what}: ${p}`);
			if (reply.status >= 400 && reply.status < 500) {
				count(refusals, String(reply.status));
				for (const p of refusalProblems(reply)) problem(`${what}: ${p}`);
				const after = await fingerprint(database);
				const allowed = draftTablesOf(form);
				const all = changedTables(before, after);
				const changed = all.filter((c) => !allowed.some((t) => c.startsWith(`${t} `)));
				if (all.length > changed.length) keptDrafts++;
				if (changed.length > 0) {
					problem(`${what}: refused with ${reply.status} but wrote to ${changed.join(', ')}`);
				}
				before = after;
			} else if (reply.status < 400) {
				count(accepted, String(reply.status));
				// A redirect after an accepted form: its page must not show the payload as markup.
				if (reply.location && attack.markers.length > 0) {
					const next = await role.client.open(new URL(reply.location, form.action).href);
					for (const sign of reflected(next.reply.body)) {
						problem(`${what}: the page after it holds ${sign}… unescaped`);
					}
				}
				before = await fingerprint(database);
			} else {
				before = await fingerprint(database);
			}
		}
		if (role.person && !(await role.client.signedIn())) {
			problem(`${where}: the ${role.name} was signed out by hostile input`);
			await role.person.signIn();
		}
	}
	report.figure(
		'requests sent',
		`${sent} hostile, ${roles.reduce((n, r) => n + r.client.requests, 0)} in all`
	);
	report.figure('refusals by status', describeCounts(refusals));
	report.figure('accepted by status', describeCounts(accepted));
	report.figure(
		'database fingerprint',
		`${fingerprinted} tables hashed before and after each refusal; ${keptDrafts} refusals kept a draft`
	);

	print(`  sent ${sent} hostile requests; ${seconds(performance.now() - began)} so far`);
	// What was accepted is shown again on the forms' own pages: none may show it as markup.
	const formPages = new Map<string, Role>();
	for (const { role, form } of attacked) formPages.set(`${role.name} ${form.page}`, role);
	for (const [key, role] of formPages) {
		const page = key.slice(key.indexOf(' ') + 1);
		const { reply } = await role.client.open(page);
		for (const sign of reflected(reply.body)) {
			problem(`${role.name} ${routeOf(page)} after the attacks: holds ${sign}… unescaped`);
		}
	}
	// Forms that send e-mail, with markup in every text field and an address that works.
	const mailForms = new Map<string, number>();
	for (const { role, form: found } of attacked) {
		if (!asksForAddress(found)) continue;
		// The form as its page shows it now, with a fresh key: the attacks used the old one up.
		const { url: page, reply: opened } = await role.client.open(found.page);
		const form = formsOf(opened.body, page).find((f) => f.action === found.action) ?? found;
		const attack = mailCarryingSubmission(form);
		const what = `${role.name} ${routeOf(form.action)} [${attack.kind}]`;
		const reply = await role.client.send(form.action, {
			method: 'POST',
			body: attack.body,
			contentType: attack.contentType
		});
		count(mailForms, String(reply.status));
		if (reply.status >= 500) problem(`${what}: answered ${reply.status}`);
		for (const sign of reflected(reply.body))
			problem(`${what}: the answer holds ${sign}… unescaped`);
	}
	report.figure('forms that send e-mail', describeCounts(mailForms));

	// What was accepted may have gone into an e-mail (a name, a booking's note): none may carry it
	// as markup, and no subject may hold a line break that would start a header of its own.
	const mails = await database.query<{
		kind: string;
		subject: string;
		text_body: string;
		html_body: string;
	}>('select kind, subject, text_body, html_body from mail_outbox');
	const carried = mails.filter((m) => `${m.subject}${m.text_body}`.includes('__hostile_'));
	for (const mail of mails) {
		for (const sign of reflected(mail.html_body)) {
			problem(`e-mail ${mail.kind}: its HTML holds ${sign}… unescaped`);
		}
		if (/[\r\n]/.test(mail.subject)) problem(`e-mail ${mail.kind}: its subject holds a line break`);
	}
	report.figure(
		'e-mails checked',
		`${mails.length} in the outbox after the attacks, ${carried.length} carrying a payload as text`
	);

	// 3. Hostile values in the addresses of pages that read their query.
	let querySent = 0;
	const queryRefusals = new Map<string, number>();
	for (const { role, url } of queryTargets.values()) {
		for (const attack of queryAttacksFor(url)) {
			const what = `${role.name} ${routeOf(url)} [${attack.kind}]`;
			let reply;
			try {
				reply = await role.client.send(attack.url);
			} catch (error) {
				problem(`${what}: no answer (${(error as Error).message})`);
				continue;
			}
			querySent++;
			count(queryRefusals, String(reply.status));
			if (reply.status >= 500) problem(`${what}: answered ${reply.status}`);
			for (const sign of reflected(reply.body))
				problem(`${what}: the page holds ${sign}… unescaped`);
			for (const p of headerProblems(reply)) problem(`${what}: ${p}`);
			if (reply.status >= 400) for (const p of refusalProblems(reply)) problem(`${what}: ${p}`);
		}
	}
	report.figure(
		'addresses attacked',
		`${queryTargets.size} pages that read their query, ${querySent} hostile addresses (${describeCounts(queryRefusals)})`
	);
	print(`  sent ${querySent} hostile addresses; ${seconds(performance.now() - began)} so far`);

	// 4. The same forms in Chromium, with script payloads in every text field.
	const browser = await browserChecks(app.origin, roles, attacked);
	report.figure('forms filled in Chromium', browser.forms);
	for (const p of browser.problems) problem(p);

	// 5. A 500, on PostgreSQL.
	if (options.postgresUrl) {
		const five = await serverErrorPage(options.postgresUrl, options.postgresPort);
		report.figure('500 on PostgreSQL', five.summary);
		for (const p of five.problems) problem(p);
	} else {
		print('  note: TEST_DATABASE_URL is not set, so the 500 page on PostgreSQL is not checked');
		report.figure('500 on PostgreSQL', 'skipped: no TEST_DATABASE_URL');
	}

	if (report.problems.length > 0) for (const line of lastWords(app, 6)) problem(line);
	await app.stop();
	report.figure('failures', report.problems.length);
	report.figure('time', seconds(performance.now() - began));
	return report;
}
