/**
 * The member and the practitioner the crawler signs in as, made the way tests/e2e/accounts.ts
 * makes them but without Playwright's test runner: the member through better-auth's JSON endpoint
 * and the verification link from the outbox; the practice's owner through the one-time set-up
 * link the server prints on a new database, then an authenticator app on /account/security.
 * Also gives the member a moment, a belief and a quiet win, sent through the real forms.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { TestDatabase } from '../databases';
import type { AppProcess } from '../processes';
import { confirmationToken, offeredTimes, openForm, sendForm } from '../visitors';
import { Client } from './client';
import { formsOf, type FoundForm } from './html';
import { plainSubmission } from './payloads';

export const password = 'a quiet morning by the river';

function base32Decode(text: string): Buffer {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0;
	let value = 0;
	const bytes: number[] = [];
	for (const char of text.toUpperCase().replace(/[\s=-]/g, '')) {
		const index = alphabet.indexOf(char);
		if (index < 0) throw new Error('The authenticator key is not base32');
		value = (value << 5) | index;
		bits += 5;
		if (bits >= 8) {
			bytes.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(bytes);
}

/** RFC 6238, as an authenticator app computes it. */
export function totp(secret: string, at = Date.now()): string {
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
	const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
	const offset = hmac[hmac.length - 1]! & 0x0f;
	return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function mailedLink(database: TestDatabase, to: string, kind: string): Promise<string> {
	const until = Date.now() + 30_000;
	for (;;) {
		const rows = await database.query<{ text: string }>(
			'select text_body as text from mail_outbox where to_address = ? and kind = ? order by created_at desc limit 1',
			[to, kind]
		);
		const link = rows[0]?.text.match(/https?:\/\/\S+/)?.[0];
		if (link) return link;
		if (Date.now() > until) throw new Error(`No ${kind} e-mail reached the new member`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

export interface Person {
	client: Client;
	email: string;
	/** Signs in again (for a session a hostile request ended after all). */
	signIn(): Promise<void>;
}

export async function makeMember(app: AppProcess, database: TestDatabase): Promise<Person> {
	const client = new Client(app.origin, 'member');
	const email = `member-${randomBytes(4).toString('hex')}@example.org`;
	const created = await client.send(`${app.origin}/api/auth/sign-up/email`, {
		method: 'POST',
		contentType: 'application/json',
		headers: { Accept: 'application/json' },
		body: JSON.stringify({ name: 'Robin', email, password })
	});
	if (created.status !== 200) throw new Error(`Sign-up answered ${created.status}`);
	const link = await mailedLink(database, email, 'verify-email');
	await client.open(link);
	if (!(await client.signedIn()))
		throw new Error('The verification link did not sign the member in');
	const signIn = async () => {
		client.cookies.clear();
		const reply = await client.send(`${app.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			contentType: 'application/json',
			headers: { Accept: 'application/json' },
			body: JSON.stringify({ email, password })
		});
		if (reply.status !== 200)
			throw new Error(`The member could not sign in again (${reply.status})`);
	};
	return { client, email, signIn };
}

function formWithAction(forms: FoundForm[], action: string): FoundForm {
	const form = forms.find((f) => f.method === 'POST' && f.action.includes(action));
	if (!form) throw new Error(`No form with the action ${action}`);
	return form;
}

async function post(client: Client, form: FoundForm, body: string) {
	return client.send(form.action, {
		method: 'POST',
		body,
		contentType: 'application/x-www-form-urlencoded'
	});
}

export async function makePractitioner(app: AppProcess): Promise<Person> {
	const client = new Client(app.origin, 'practitioner');
	const link = app.output().match(/https?:\/\/\S+\/setup\?token=[\w-]+/)?.[0];
	if (!link) throw new Error('The server printed no set-up link for the practice account');
	const email = `practitioner-${randomBytes(4).toString('hex')}@example.org`;
	const page = await client.open(link.replace(/^https?:\/\/[^/]+/, app.origin));
	const form = formWithAction(formsOf(page.reply.body, page.url), '/setup');
	const values = new URLSearchParams({
		token: form.fields.find((f) => f.name === 'token')?.value ?? '',
		name: 'Sam Practitioner',
		email,
		password
	});
	const created = await post(client, form, values.toString());
	if (created.status !== 303)
		throw new Error(`Creating the practice account answered ${created.status}`);
	const security = `${app.origin}/account/security`;
	const started = await client.send(`${security}?/startTwoFactor`, {
		method: 'POST',
		contentType: 'application/x-www-form-urlencoded',
		body: new URLSearchParams({ enablePassword: password }).toString()
	});
	const key = started.body.match(/data-testid="totp-key"[^>]*>([\s\S]*?)<\/p>/)?.[1] ?? '';
	const secret = key.replace(/<[^>]*>/g, '').replace(/\s+/g, '');
	if (!secret) throw new Error(`Starting the authenticator app answered ${started.status}`);
	const confirmed = await client.send(`${security}?/confirmTwoFactor`, {
		method: 'POST',
		contentType: 'application/x-www-form-urlencoded',
		body: new URLSearchParams({ code: totp(secret) }).toString()
	});
	if (
		confirmed.status !== 200 ||
		!(await client.open(`${app.origin}/admin`)).url.endsWith('/admin')
	) {
		throw new Error(`Turning on the authenticator app answered ${confirmed.status}`);
	}
	const signIn = async () => {
		client.cookies.clear();
		const json = { contentType: 'application/json', headers: { Accept: 'application/json' } };
		const first = await client.send(`${app.origin}/api/auth/sign-in/email`, {
			method: 'POST',
			...json,
			body: JSON.stringify({ email, password })
		});
		if (first.status !== 200)
			throw new Error(`The practitioner could not sign in (${first.status})`);
		const second = await client.send(`${app.origin}/api/auth/two-factor/verify-totp`, {
			method: 'POST',
			...json,
			body: JSON.stringify({ code: totp(secret) })
		});
		if (second.status !== 200) throw new Error(`The second step answered ${second.status}`);
	};
	return { client, email, signIn };
}

/** A quiet win, a belief and a moment, each sent through its own form as a person would. */
export async function giveMemberWorkbookData(app: AppProcess, member: Person): Promise<void> {
	const { client } = member;
	const open = async (path: string) => {
		const page = await client.open(`${app.origin}${path}`);
		return formsOf(page.reply.body, page.url);
	};
	const win = await post(
		client,
		formWithAction(await open('/app/wins'), '?/add'),
		plainSubmission(formWithAction(await open('/app/wins'), '?/add'), 'I asked for what I needed')
	);
	if (win.status !== 303) throw new Error(`Adding a quiet win answered ${win.status}`);
	const beliefForm = formWithAction(await open('/app/beliefs'), '?/create');
	const belief = await post(client, beliefForm, plainSubmission(beliefForm, 'I have to earn rest'));
	if (belief.status !== 303) throw new Error(`Adding a belief answered ${belief.status}`);
	// A moment is written one step at a time; every step but the first is left as it is.
	let page = '/app/moments/new';
	for (let step = 0; step < 15; step++) {
		const forms = await open(page);
		const finish = forms.find((f) => f.method === 'POST' && f.action.includes('?/finish'));
		if (finish) {
			const done = await post(client, finish, plainSubmission(finish, ''));
			if (done.status !== 303) throw new Error(`Saving the moment answered ${done.status}`);
			return;
		}
		const form = formWithAction(forms, '?/step');
		const body = new URLSearchParams();
		for (const field of form.fields) {
			if (field.type === 'hidden') body.append(field.name, field.value);
			else if (field.type === 'textarea' && step === 0)
				body.append(field.name, 'A friend cancelled');
		}
		body.set('go', 'next');
		const sent = await post(client, form, body.toString());
		if (sent.status !== 303) throw new Error(`A step of the moment answered ${sent.status}`);
		page = sent.location;
	}
	throw new Error('The moment never reached its last step');
}

/**
 * A free consultation booked through the public form (as tests/reliability/visitors.ts books
 * them), so that its manage page and the practitioner's page for it exist. Returns the manage
 * page's path.
 */
export async function bookConsultation(app: AppProcess): Promise<string> {
	const [start] = await offeredTimes(app.origin, 2);
	if (!start) throw new Error('No time was offered for a consultation');
	const email = `visitor-${randomBytes(4).toString('hex')}@example.org`;
	const form = await openForm(app.origin, start, '127.0.0.1', email);
	const answer = await sendForm(app.origin, form);
	const token = confirmationToken(answer);
	if (!token) throw new Error(`Booking a consultation answered ${answer.status}`);
	return `/consultation/manage/${token}`;
}
