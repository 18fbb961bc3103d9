/**
 * Visitors as a browser without JavaScript is one: open the booking page for a time, send its
 * form back with its hidden fields. Each visitor speaks from an address of its own in 127.0.0.0/8,
 * so the server (or nginx in front of it) sees as many people as the test plays, and no limit
 * meant for one person applies to all of them.
 */
import http from 'node:http';

export interface Answer {
	status: number;
	location: string;
	body: string;
	ms: number;
}

/** A loopback address for visitor `n` of group `group` (1–254): 127.<group>.x.y. */
export function visitorAddress(group: number, n: number): string {
	return `127.${group}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

/**
 * One request over a new connection from `localAddress`. Rejects on a network failure (refused,
 * reset, closed without an answer): what a browser shows as "this page could not be reached".
 */
export function request(
	url: string,
	options: {
		localAddress: string;
		method?: 'GET' | 'POST';
		body?: string;
		headers?: Record<string, string>;
		timeoutMs?: number;
	}
): Promise<Answer> {
	const began = performance.now();
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const req = http.request(
			{
				host: target.hostname,
				port: target.port,
				path: target.pathname + target.search,
				method: options.method ?? 'GET',
				localAddress: options.localAddress,
				agent: false,
				headers: {
					...(options.body !== undefined
						? { 'Content-Length': String(Buffer.byteLength(options.body)) }
						: {}),
					...options.headers
				},
				timeout: options.timeoutMs ?? 120_000
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						location: String(res.headers.location ?? ''),
						body: Buffer.concat(chunks).toString('utf8'),
						ms: performance.now() - began
					})
				);
				res.on('error', reject);
				res.on('aborted', () => reject(new Error('the answer was cut off')));
			}
		);
		req.on('timeout', () => req.destroy(new Error('no answer in time')));
		req.on('error', reject);
		if (options.body !== undefined) req.write(options.body);
		req.end();
	});
}

/** The hidden inputs of a page's form (the booking form's key, zone and time). */
export function hiddenFields(html: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const match of html.matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
		const name = match[0].match(/\bname="([^"]*)"/)?.[1];
		const value = match[0].match(/\bvalue="([^"]*)"/)?.[1];
		if (name && value !== undefined) fields[name] = value.replace(/&amp;/g, '&');
	}
	return fields;
}

/** Every bookable time /consultation offers over the next `weeks` weeks, soonest first. */
export async function offeredTimes(origin: string, weeks: number): Promise<string[]> {
	const times = new Set<string>();
	for (let week = 0; week < weeks; week++) {
		const day = new Date(Date.now() + week * 7 * 86_400_000).toISOString().slice(0, 10);
		const page = await request(`${origin}/consultation?week=${day}`, { localAddress: '127.0.0.1' });
		if (page.status !== 200) throw new Error(`/consultation answered ${page.status}`);
		const html = page.body;
		for (const match of html.matchAll(/data-start="([^"]+)"/g)) times.add(match[1]!);
	}
	return [...times].sort();
}

export interface BookingForm {
	address: string;
	fields: Record<string, string>;
	email: string;
}

export function bookUrl(origin: string, start: string): string {
	return `${origin}/consultation/book?tz=America%2FNew_York&start=${encodeURIComponent(start)}`;
}

/** Opens the booking page for `start` and fills in the form as visitor `email` would. */
export async function openForm(
	origin: string,
	start: string,
	address: string,
	email: string
): Promise<BookingForm> {
	const page = await request(bookUrl(origin, start), { localAddress: address });
	const hidden = hiddenFields(page.body);
	if (page.status !== 200 || hidden.start !== start || !hidden.idempotencyKey) {
		throw new Error(`The booking page for ${start} did not offer it (${page.status})`);
	}
	return {
		address,
		email,
		fields: {
			...hidden,
			name: 'Alex Rivera',
			email,
			phone: '',
			preferredContact: 'email',
			country: 'US',
			region: 'US-NY',
			topic: 'I would like to talk about trusting my own judgement.',
			consent: 'yes',
			leaveEmpty: ''
		}
	};
}

/** Sends a filled-in booking form as a browser does, expecting an HTML page (or a redirect) back. */
export function sendForm(origin: string, form: BookingForm, timeoutMs?: number): Promise<Answer> {
	return request(`${origin}/consultation/book`, {
		method: 'POST',
		localAddress: form.address,
		body: new URLSearchParams(form.fields).toString(),
		headers: {
			Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
			'Content-Type': 'application/x-www-form-urlencoded',
			Origin: origin
		},
		...(timeoutMs ? { timeoutMs } : {})
	});
}

/** The manage link's token in a confirmed booking's redirect, or null for any other answer. */
export function confirmationToken(answer: Answer): string | null {
	if (answer.status !== 303) return null;
	return /^\/consultation\/manage\/([\w-]{43})\?done=booked$/.exec(answer.location)?.[1] ?? null;
}

/** The app's own words for a time someone else booked first. */
export const takenWords = 'That time was just taken';

/** What an answer to a booking form means, in a few words that can be counted. */
export function outcomeOf(answer: Answer): string {
	if (confirmationToken(answer)) return 'booked';
	if (answer.status === 409 && answer.body.includes(takenWords)) return 'just taken';
	if (answer.status >= 500) return `server error ${answer.status}`;
	if (answer.status === 429) return 'rate limited';
	const problem = answer.body.match(/<div class="card problems"[\s\S]*?<li><a[^>]*>([^<]+)</)?.[1];
	return `refused ${answer.status}${problem ? `: ${problem.trim()}` : ''}`;
}

export function median(values: number[]): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}
