/**
 * Compresses the pages SvelteKit renders for visitors (prerendered pages are compressed at build
 * time). Only pages with nothing private in them are compressed: when a page holds something
 * secret beside text taken from its address, the compressed size can give the secret away
 * (the "BREACH" attack), so pages of signed-in people and private areas go as they are.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to use for an Accept-Encoding header: brotli when offered, then gzip; none when
 * neither is, or when the client refused it with q=0.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const offered = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const weight = q ? Number(q.slice(2)) : 1;
		offered.set(name, Number.isFinite(weight) ? weight : 0);
	}
	const weightOf = (name: Encoding) => offered.get(name) ?? offered.get('*') ?? 0;
	const br = weightOf('br');
	const gz = weightOf('gzip');
	if (br > 0 && br >= gz) return 'br';
	if (gz > 0) return 'gzip';
	return null;
}

/** Quality 4 compresses a page of tens of kilobytes in well under a millisecond. */
function encode(body: ArrayBuffer | Uint8Array, encoding: Encoding): Promise<Buffer> {
	const input = body instanceof Uint8Array ? body : new Uint8Array(body);
	return encoding === 'br'
		? brotli(input, {
				params: {
					[constants.BROTLI_PARAM_QUALITY]: 4,
					[constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength
				}
			})
		: gzipAsync(input, { level: 6 });
}

function worthCompressing(response: Response): boolean {
	return (
		response.body !== null &&
		!response.headers.has('content-encoding') &&
		(response.headers.get('content-type') ?? '').startsWith('text/html')
	);
}

/**
 * The response with its body compressed, or as it was when there is no encoding or nothing worth
 * compressing. `kept` holds encoded bodies already made for the same bytes (a shared page's copy),
 * so a page sent to many visitors is compressed once.
 */
export async function compressed(
	response: Response,
	encoding: Encoding | null,
	kept?: { body: ArrayBuffer; encoded?: Partial<Record<Encoding, Uint8Array>> }
): Promise<Response> {
	if (!encoding || !worthCompressing(response)) return response;
	let body: Uint8Array;
	if (kept) {
		kept.encoded ??= {};
		body = kept.encoded[encoding] ??= await encode(kept.body, encoding);
		await response.body?.cancel();
	} else {
		body = await encode(await response.arrayBuffer(), encoding);
	}
	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.byteLength));
	headers.append('vary', 'Accept-Encoding');
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	// Node's Buffers are Uint8Arrays over an ArrayBuffer, which Response takes as they are.
	return new Response(body as Uint8Array<ArrayBuffer>, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

/** Pages for visitors that hold nothing private; a manage link's page holds a booking's token. */
const publicRoutes = /^\/\(public\)\/(?!consultation\/manage(?:\/|$))|^\/\(auth\)\/sign-(?:in|up)$/;

/** Whether a GET of this route may be compressed: a visitor's public page, nobody signed in. */
export function mayCompress(routeId: string | null, signedIn: boolean): boolean {
	return !signedIn && routeId !== null && publicRoutes.test(routeId);
}
