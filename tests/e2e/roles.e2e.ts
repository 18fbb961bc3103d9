import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	readDatabase,
	signedInMember,
	signedInPractitioner,
	userIdOf,
	writeDatabase
} from './accounts';

/**
 * Every protected route, and what each kind of visitor gets from it without following redirects:
 * a status, or a redirect and where it leads. Later work adds its routes here.
 */
type Outcome = number | { redirect: RegExp };
interface Row {
	path: string;
	anonymous: Outcome;
	member: Outcome;
	practitioner: Outcome;
}

const toSignIn = (path: string) => ({
	redirect: new RegExp(
		`^/sign-in\\?next=${encodeURIComponent(path).replace(/[.?*+()[\]\\]/g, '\\$&')}$`
	)
});

const routes: Row[] = [
	{
		path: '/app',
		anonymous: toSignIn('/app'),
		member: 200,
		practitioner: { redirect: /^\/admin$/ }
	},
	...['/account', '/account/security', '/account/sessions', '/account/email', '/account/data'].map(
		(path) => ({ path, anonymous: toSignIn(path), member: 200, practitioner: 200 })
	),
	{
		path: '/account/data/export',
		anonymous: toSignIn('/account/data/export'),
		member: 200,
		practitioner: 200
	},
	// The workbook: members only.
	...[
		'/app/moments',
		'/app/moments/new',
		'/app/beliefs',
		'/app/self-check',
		'/app/insights',
		'/app/insights?period=all'
	].map((path) => ({
		path,
		anonymous: toSignIn(path),
		member: 200,
		practitioner: 403
	})),
	// Check-ins, practices, quiet wins and summaries: members only.
	...[
		'/app/check-ins',
		'/app/check-ins/rses',
		'/app/check-ins/scs-sf',
		'/app/practices',
		'/app/practices/express-needs',
		'/app/wins',
		'/app/share',
		'/app/share/new'
	].map((path) => ({
		path,
		anonymous: toSignIn(path),
		member: 200,
		practitioner: 403
	})),
	{ path: '/app/check-ins/phq-9', anonymous: 404, member: 404, practitioner: 404 },
	{ path: '/admin/members', anonymous: toSignIn('/admin/members'), member: 403, practitioner: 200 },
	...[
		'/admin/members/nobody',
		'/admin/members/nobody/summaries/00000000-0000-4000-8000-000000000000'
	].map((path) => ({ path, anonymous: toSignIn(path), member: 403, practitioner: 404 })),
	{ path: '/admin', anonymous: toSignIn('/admin'), member: 403, practitioner: 200 },
	{ path: '/admin/outbox', anonymous: toSignIn('/admin/outbox'), member: 403, practitioner: 200 },
	...['/admin/availability', '/admin/consultations', '/admin/consultations?when=past'].map(
		(path) => ({ path, anonymous: toSignIn(path), member: 403, practitioner: 200 })
	),
	{
		path: '/app/self-check/00000000-0000-4000-8000-000000000000',
		anonymous: toSignIn('/app/self-check/00000000-0000-4000-8000-000000000000'),
		member: 404,
		practitioner: 403
	},
	// A consultation that does not exist, or an address that could never name one.
	...[
		'/admin/consultations/00000000-0000-4000-8000-000000000000',
		'/admin/consultations/not-a-booking'
	].map((path) => ({ path, anonymous: toSignIn(path), member: 403, practitioner: 404 })),
	// The calendar feed answers only its current token; anything else is simply not there.
	...[`/api/calendar/${'A'.repeat(43)}.ics`, '/api/calendar/short.ics'].map((path) => ({
		path,
		anonymous: 404,
		member: 404,
		practitioner: 404
	}))
];

/** A moment, a draft and a belief of one member's, made through the pages' own forms. */
async function workbookOf(page: Page, words: string) {
	// A plain HTML form post, as a browser without JavaScript sends it.
	const origin = { Origin: new URL(page.url()).origin, Accept: 'text/html' };
	const post = async (path: string, form: Record<string, string>) => {
		const response = await page.request.post(path, { form, headers: origin, maxRedirects: 0 });
		expect(response.status(), `${path}: ${await response.text()}`).toBe(303);
		return response.headers()['location'] ?? '';
	};
	const step = await post('/app/moments/new?/step', {
		draft: '',
		step: 'happened',
		what_happened: words
	});
	const draftId = new URL(step, 'http://x').searchParams.get('draft')!;
	const saved = await post('/app/moments/new?/finish', { draft: draftId, step: 'review' });
	const momentId = saved.match(/moments\/([0-9a-f-]{36})/)![1]!;
	const next = await post('/app/moments/new?/step', {
		draft: '',
		step: 'happened',
		what_happened: `${words} (a draft)`
	});
	const belief = await post('/app/beliefs?/create', { essay: '', words, strength: '70' });
	const selfCheck = await post('/self-check?/save', { 'question-need-reassurance': 'a-lot' });
	return {
		momentId,
		draftId: new URL(next, 'http://x').searchParams.get('draft')!,
		beliefId: belief.match(/beliefs\/([0-9a-f-]{36})/)![1]!,
		selfCheckId: selfCheck.match(/self-check\/([0-9a-f-]{36})/)![1]!
	};
}

async function outcomeOf(page: Page, path: string): Promise<{ status: number; location: string }> {
	const response = await page.request.get(path, { maxRedirects: 0 });
	const location = response.headers()['location'] ?? '';
	return { status: response.status(), location: location.replace(/^https?:\/\/[^/]+/, '') };
}

function expectOutcome(
	actual: { status: number; location: string },
	expected: Outcome,
	label: string
) {
	if (typeof expected === 'number') {
		expect(actual.status, label).toBe(expected);
	} else {
		expect([302, 303, 307], label).toContain(actual.status);
		expect(actual.location, label).toMatch(expected.redirect);
	}
}

test('every protected route answers each kind of visitor as it should', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(300_000);
	const open = async () => (await browser.newContext({ baseURL })).newPage();
	const anonymous = await open();
	const memberA = await open();
	const memberB = await open();
	const practitioner = await open();
	const a = await signedInMember(memberA, { name: 'Member A' });
	const b = await signedInMember(memberB, { name: 'Member B' });
	await signedInPractitioner(practitioner);

	for (const row of routes) {
		expectOutcome(await outcomeOf(anonymous, row.path), row.anonymous, `anonymous ${row.path}`);
		expectOutcome(await outcomeOf(memberA, row.path), row.member, `member A ${row.path}`);
		expectOutcome(await outcomeOf(memberB, row.path), row.member, `member B ${row.path}`);
		expectOutcome(
			await outcomeOf(practitioner, row.path),
			row.practitioner,
			`practitioner ${row.path}`
		);
	}

	// One member's pages never carry another's details.
	const exportB = await (await memberB.request.get('/account/data/export')).text();
	expect(exportB).toContain(b.email);
	expect(exportB).not.toContain(a.email);
	const sessionsB = await (await memberB.request.get('/account/sessions')).text();
	expect(sessionsB).not.toContain(a.email);

	// A member cannot open a message in the practitioner's outbox, even knowing its id.
	const mailId = readDatabase(
		(db) =>
			(db.prepare('select id from mail_outbox where to_address = ?').get(a.email) as { id: string })
				.id
	);
	expectOutcome(await outcomeOf(memberB, `/admin/outbox/${mailId}`), 403, 'member B outbox item');
	expectOutcome(
		await outcomeOf(practitioner, `/admin/outbox/${mailId}`),
		200,
		'practitioner outbox item'
	);

	// A consultation a visitor booked opens for the practitioner only. Booked three weeks out, away
	// from the times the booking tests choose.
	const week = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
		Date.now() + 21 * 86_400_000
	);
	await anonymous.goto(`/consultation?week=${week}&tz=America%2FNew_York`);
	await anonymous.locator('button.slot-time').last().click();
	const visitorEmail = `roles-${Date.now()}@example.org`;
	await anonymous.getByLabel('Your name').fill('Rowan Vale');
	await anonymous.getByLabel('E-mail address').fill(visitorEmail);
	await anonymous.getByLabel('Country').selectOption({ label: 'United States' });
	await anonymous.getByLabel('State, province or territory').selectOption({ label: 'New York' });
	await anonymous.getByLabel(/I have read the privacy notice/).check();
	await anonymous.getByRole('button', { name: 'Book this time' }).click();
	await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('You are booked');
	const bookingId = readDatabase(
		(db) =>
			(db.prepare('select id from booking where email = ?').get(visitorEmail) as { id: string }).id
	);
	const bookingPath = `/admin/consultations/${bookingId}`;
	expectOutcome(
		await outcomeOf(anonymous, bookingPath),
		toSignIn(bookingPath),
		'anonymous booking'
	);
	expectOutcome(await outcomeOf(memberA, bookingPath), 403, 'member booking');
	expectOutcome(await outcomeOf(practitioner, bookingPath), 200, 'practitioner booking');
	// Actions are guarded as well as pages: a member's POST changes nothing.
	const post = await memberA.request.post(`${bookingPath}?/cancel`, {
		form: { message: '' },
		headers: { Origin: new URL(memberA.url()).origin },
		maxRedirects: 0
	});
	expect(post.status()).toBe(403);
	expect(
		readDatabase(
			(db) =>
				(db.prepare('select status from booking where id = ?').get(bookingId) as { status: string })
					.status
		)
	).toBe('confirmed');

	// Member A's moment, draft and belief, made through the pages: B gets 404 for each, and nothing
	// of A's appears in anything B is sent.
	const secret = `A's private words ${Date.now()}`;
	const mine = await workbookOf(memberA, secret);
	const aOwnPaths = [
		`/app/moments/${mine.momentId}`,
		`/app/moments/${mine.momentId}/edit`,
		`/app/moments/new?draft=${mine.draftId}&step=happened`,
		`/app/beliefs/${mine.beliefId}`,
		`/app/self-check/${mine.selfCheckId}`
	];
	for (const path of aOwnPaths) {
		expectOutcome(await outcomeOf(memberA, path), 200, `member A ${path}`);
		const forB = await memberB.request.get(path, { maxRedirects: 0 });
		expect(forB.status(), `member B ${path}`).toBe(404);
		expect(await forB.text(), `member B ${path}`).not.toContain(secret);
		expectOutcome(await outcomeOf(anonymous, path), toSignIn(path), `anonymous ${path}`);
		expectOutcome(await outcomeOf(practitioner, path), 403, `practitioner ${path}`);
	}
	for (const path of ['/app/moments', '/app/beliefs', '/app/insights', '/account/data/export']) {
		expect(await (await memberB.request.get(path)).text(), `member B ${path}`).not.toContain(
			secret
		);
	}
	expect(await (await memberA.request.get('/account/data/export')).text()).toContain(secret);
	// A's belief, rated once, is in A's insights (its words are its name) and in no one else's.
	expect(await (await memberA.request.get('/app/insights')).text()).toContain(secret);
	// B's forms cannot change or delete A's things either.
	const origin = { Origin: baseURL!, Accept: 'text/html' };
	for (const [path, form] of [
		[`/app/moments/${mine.momentId}?/delete`, {}],
		[`/app/moments/${mine.momentId}/edit?/save`, { what_happened: 'changed by B' }],
		[`/app/moments/new?/step`, { draft: mine.draftId, step: 'happened', what_happened: 'B' }],
		[`/app/moments/new?/finish`, { draft: mine.draftId, step: 'review' }],
		[`/app/beliefs/${mine.beliefId}?/rate`, { strength: '1' }],
		[`/app/beliefs/${mine.beliefId}?/delete`, {}],
		[`/app/self-check/${mine.selfCheckId}?/delete`, {}]
	] as const) {
		const response = await memberB.request.post(path, {
			form,
			headers: origin,
			maxRedirects: 0
		});
		expect(response.status(), `member B posts ${path}`).toBe(404);
	}
	for (const path of aOwnPaths) {
		const again = await memberA.request.get(path);
		expect(again.status(), `member A ${path} afterwards`).toBe(200);
	}
	expect(await (await memberA.request.get(`/app/moments/${mine.momentId}`)).text()).toContain(
		secret
	);

	// A summary of A's: B gets 404 and cannot share, stop or delete it; the practice gets 404 until
	// A shares it, and again once A stops.
	const prepared = await memberA.request.post('/app/share/new?/prepare', {
		form: { title: 'For the practice', moment: mine.momentId },
		headers: origin,
		maxRedirects: 0
	});
	expect(prepared.status()).toBe(303);
	const summaryId = prepared.headers()['location']!.match(/share\/([0-9a-f-]{36})/)![1]!;
	const aId = userIdOf(a.email)!;
	const summaryPaths = [`/app/share/${summaryId}`, `/app/share/${summaryId}/print`];
	const practicePath = `/admin/members/${aId}/summaries/${summaryId}`;
	for (const path of summaryPaths) {
		expectOutcome(await outcomeOf(memberA, path), 200, `member A ${path}`);
		const forB = await memberB.request.get(path, { maxRedirects: 0 });
		expect(forB.status(), `member B ${path}`).toBe(404);
		expect(await forB.text()).not.toContain(secret);
		expectOutcome(await outcomeOf(anonymous, path), toSignIn(path), `anonymous ${path}`);
		expectOutcome(await outcomeOf(practitioner, path), 403, `practitioner ${path}`);
	}
	for (const action of ['share', 'stop', 'delete']) {
		const response = await memberB.request.post(`/app/share/${summaryId}?/${action}`, {
			form: action === 'share' ? { consultation: '' } : {},
			headers: origin,
			maxRedirects: 0
		});
		expect(response.status(), `member B ${action}s A's summary`).toBe(404);
	}
	expectOutcome(await outcomeOf(practitioner, practicePath), 404, 'practitioner, not shared');
	expectOutcome(await outcomeOf(practitioner, `/admin/members/${aId}`), 404, 'nothing shared');
	const share = async (action: 'share' | 'stop') =>
		memberA.request.post(`/app/share/${summaryId}?/${action}`, {
			form: action === 'share' ? { consultation: '' } : {},
			headers: origin,
			maxRedirects: 0
		});
	expect((await share('share')).status()).toBe(303);
	expectOutcome(await outcomeOf(practitioner, practicePath), 200, 'practitioner, shared');
	expect(await (await practitioner.request.get(practicePath)).text()).toContain(secret);
	expectOutcome(await outcomeOf(memberB, practicePath), 403, 'member B, practice page');
	expectOutcome(await outcomeOf(memberA, practicePath), 403, 'member A, practice page');
	expect((await share('stop')).status()).toBe(303);
	expectOutcome(await outcomeOf(practitioner, practicePath), 404, 'practitioner, taken back');

	// Signed-in pages are never stored by the browser or a proxy.
	const headers = (await memberA.request.get('/account')).headers();
	expect(headers['cache-control']).toBe('no-store');
	for (const page of [anonymous, memberA, memberB, practitioner]) await page.context().close();
});

test('a practitioner session ends after 30 minutes without a request', async ({ page }) => {
	test.setTimeout(90_000);
	const practitioner = await signedInPractitioner(page);
	expect((await page.request.get('/admin', { maxRedirects: 0 })).status()).toBe(200);
	const userId = userIdOf(practitioner.email)!;
	const thirtyOneMinutesAgo = new Date(Date.now() - 31 * 60_000).toISOString();
	writeDatabase((db) =>
		db
			.prepare(
				'update session_activity set last_seen_at = ? where session_id in (select id from session where userId = ?)'
			)
			.run(thirtyOneMinutesAgo, userId)
	);
	const idle = await page.request.get('/admin', { maxRedirects: 0 });
	expect(idle.status()).toBe(303);
	expect(idle.headers()['location']).toMatch(/^\/sign-in\?next=%2Fadmin$/);
	const actions = readDatabase(
		(db) =>
			db
				.prepare('select action from audit_log where subject_user_id = ? order by at')
				.all(userId) as { action: string }[]
	).map((r) => r.action);
	expect(actions).toContain('session.expired');
});

test('a check-in opens for its owner only', async ({ browser, baseURL }) => {
	test.setTimeout(90_000);
	const open = async () => (await browser.newContext({ baseURL })).newPage();
	const anonymous = await open();
	const memberA = await open();
	const memberB = await open();
	await signedInMember(memberA, { name: 'Member A' });
	await signedInMember(memberB, { name: 'Member B' });

	// A takes the RSES through the page's own form, as a browser without JavaScript sends it.
	const answers = Object.fromEntries(
		[2, 1, 3, 2, 1, 2, 2, 1, 1, 2].map((v, i) => [`item-${i + 1}`, `${v}`])
	);
	const origin = { Origin: baseURL!, Accept: 'text/html' };
	const taken = await memberA.request.post('/app/check-ins/rses?/finish', {
		form: answers,
		headers: origin,
		maxRedirects: 0
	});
	expect(taken.status()).toBe(303);
	const result = (taken.headers()['location'] ?? '').replace(/^https?:\/\/[^/]+/, '');
	expect(result).toMatch(/^\/app\/check-ins\/rses\/[0-9a-f-]{36}$/);
	const paths = [result, `${result}/delete`];

	for (const path of paths) {
		expectOutcome(await outcomeOf(memberA, path), 200, `member A ${path}`);
		expectOutcome(await outcomeOf(memberB, path), 404, `member B ${path}`);
		expectOutcome(await outcomeOf(anonymous, path), toSignIn(path), `anonymous ${path}`);
		// The same check-in under the other questionnaire's name is not there either.
		const elsewhere = path.replace('/rses/', '/scs-sf/');
		expectOutcome(await outcomeOf(memberA, elsewhere), 404, `member A ${elsewhere}`);
	}
	expect(await (await memberA.request.get('/app/check-ins')).text()).toContain('20 out of 30');
	expect(await (await memberB.request.get('/app/check-ins')).text()).not.toContain('out of 30');

	// B's form cannot delete A's check-in.
	const refused = await memberB.request.post(`${result}/delete`, {
		form: {},
		headers: origin,
		maxRedirects: 0
	});
	expect(refused.status()).toBe(404);
	expectOutcome(await outcomeOf(memberA, result), 200, 'member A afterwards');
	for (const page of [anonymous, memberA, memberB]) await page.context().close();
});

test('a practice entry and a quiet win are their member’s alone', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const open = async () => (await browser.newContext({ baseURL })).newPage();
	const [anonymous, memberA, memberB] = [await open(), await open(), await open()];
	await signedInMember(memberA, { name: 'Member A' });
	await signedInMember(memberB, { name: 'Member B' });

	// A's entry and win, made through the pages' own forms as a browser without JavaScript sends them.
	const secret = `A's private words ${Date.now()}`;
	const headers = { Origin: baseURL!, Accept: 'text/html' };
	const post = async (page: Page, path: string, form: Record<string, string>) =>
		page.request.post(path, { form, headers, maxRedirects: 0 });
	const saved = await post(memberA, '/app/practices/self-trust?/save', { decision: secret });
	expect(saved.status()).toBe(303);
	const entryPath = saved.headers()['location']!.split('?')[0]!;
	expect(entryPath).toMatch(/^\/app\/practices\/self-trust\/[0-9a-f-]{36}$/);
	const winNoted = await post(memberA, '/app/wins?/add', {
		kind: 'took-up-space',
		note: secret,
		happened_on: ''
	});
	expect(winNoted.status()).toBe(303);
	// A's only win, as A's list links to it.
	const list = await (await memberA.request.get('/app/wins')).text();
	const winId = list.match(/href="\/app\/wins\/([0-9a-f-]{36})"/)![1]!;
	const winPath = `/app/wins/${winId}`;
	expect(await (await memberA.request.get(winPath)).text()).toContain(secret);

	for (const path of [entryPath, `${entryPath}/edit`, winPath]) {
		expectOutcome(await outcomeOf(memberA, path), 200, `member A ${path}`);
		const forB = await memberB.request.get(path, { maxRedirects: 0 });
		expect(forB.status(), `member B ${path}`).toBe(404);
		expect(await forB.text(), `member B ${path}`).not.toContain(secret);
		expectOutcome(await outcomeOf(anonymous, path), toSignIn(path), `anonymous ${path}`);
	}
	for (const path of ['/app/practices', '/app/practices/self-trust', '/app/wins']) {
		expect(await (await memberB.request.get(path)).text(), `member B ${path}`).not.toContain(
			secret
		);
	}
	// B's forms cannot change or delete them.
	for (const [path, form] of [
		[`${entryPath}?/delete`, {}],
		[`${entryPath}/edit?/save`, { decision: 'changed by B' }],
		[`${winPath}?/save`, { kind: 'took-up-space', note: 'changed by B', happened_on: '' }],
		[`${winPath}?/delete`, {}]
	] as const) {
		expect((await post(memberB, path, form)).status(), `member B posts ${path}`).toBe(404);
	}
	expect(await (await memberA.request.get(entryPath)).text()).toContain(secret);
	expect(await (await memberA.request.get(winPath)).text()).toContain(secret);
	for (const page of [anonymous, memberA, memberB]) await page.context().close();
});
