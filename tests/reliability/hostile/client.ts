/**
 * One person's way of talking to the server: their cookies, a same-origin Origin on every request
 * (SvelteKit refuses cross-site form posts) and a made-up X-Forwarded-For each time, so that no
 * rate limit meant for one person decides what the crawler sees.
 */
import { randomInt } from 'node:crypto';

export interface Reply {
	status: number;
	headers: Headers;
	location: string;
	body: string;
	contentType: string;
}

export interface SendOptions {
	method?: 'GET' | 'POST';
	body?: string | Buffer | FormData;
	contentType?: string;
	headers?: Record<string, string>;
}

let addressCounter = 0;

/** A different address for every request, in 10.0.0.0/8 (which the server never sees otherwise). */
export function madeUpAddress(): string {
	addressCounter++;
	return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255 || randomInt(1, 255)}`;
}

export class Client {
	readonly cookies = new Map<string, string>();
	requests = 0;

	constructor(
		readonly origin: string,
		readonly label: string
	) {}

	cookieHeader(): string {
		return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	/** Takes the cookies of a browser context (name and value only; all are for this origin). */
	setCookies(cookies: { name: string; value: string }[]): void {
		for (const cookie of cookies) this.cookies.set(cookie.name, cookie.value);
	}

	async send(url: string, options: SendOptions = {}): Promise<Reply> {
		const headers: Record<string, string> = {
			Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
			'X-Forwarded-For': madeUpAddress(),
			...options.headers
		};
		const method = options.method ?? 'GET';
		if (method === 'POST') headers.Origin ??= this.origin;
		if (options.contentType) headers['Content-Type'] = options.contentType;
		const cookie = this.cookieHeader();
		if (cookie) headers.Cookie = cookie;
		this.requests++;
		const response = await fetch(url, {
			method,
			headers,
			body: options.body as BodyInit | undefined,
			redirect: 'manual',
			signal: AbortSignal.timeout(120_000)
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair = '', ...attributes] = line.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const value = pair.slice(at + 1).trim();
			const gone =
				value === '' ||
				attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
				attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
			if (gone) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return {
			status: response.status,
			headers: response.headers,
			location: response.headers.get('location') ?? '',
			body: await response.text(),
			contentType: response.headers.get('content-type') ?? ''
		};
	}

	/** GET, following redirects within the origin (as a browser would), up to five. */
	async open(url: string): Promise<{ url: string; reply: Reply }> {
		let current = url;
		for (let hops = 0; ; hops++) {
			const reply = await this.send(current);
			if (reply.status < 300 || reply.status >= 400 || !reply.location || hops >= 5) {
				return { url: current, reply };
			}
			const next = new URL(reply.location, current);
			if (next.origin !== this.origin) return { url: current, reply };
			current = next.href;
		}
	}

	/** Whether better-auth still knows this person's session. */
	async signedIn(): Promise<boolean> {
		const reply = await this.send(`${this.origin}/api/auth/get-session`, {
			headers: { Accept: 'application/json' }
		});
		if (reply.status !== 200) return false;
		try {
			return Boolean((JSON.parse(reply.body) as { user?: unknown } | null)?.user);
		} catch {
			return false;
		}
	}
}
