// The prerendered pages (home, articles, help, privacy, feeds), kept in memory and sent by
// server.js without a trip to the disk. adapter-node's file server would open and stream each file
// again for every request; these pages change only with a new build, so they are read once at
// start, with their compressed forms. Headers match what that file server sends (type, length,
// weak ETag from size and time, Last-Modified, Vary), and a matching If-None-Match gets a 304.
// Plain JavaScript: server.js runs it directly with Node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** @type {Record<string, string>} */
const types = {
	'.html': 'text/html;charset=utf-8',
	'.xml': 'text/xml',
	'.txt': 'text/plain'
};

/**
 * @typedef {{ body: Buffer; headers: Record<string, string>; etag: string }} Variant
 * @typedef {{ raw: Variant; br?: Variant; gzip?: Variant }} Page
 */

/** @param {string} file @param {string} type @param {string} [encoding] @returns {Variant} */
function variant(file, type, encoding) {
	const body = readFileSync(file);
	const stats = statSync(file);
	const etag = `W/"${stats.size}-${stats.mtime.getTime()}"`;
	/** @type {Record<string, string>} */
	const headers = {
		Vary: 'Accept-Encoding',
		'Content-Length': String(stats.size),
		'Content-Type': type,
		'Last-Modified': stats.mtime.toUTCString(),
		ETag: etag
	};
	if (encoding) headers['Content-Encoding'] = encoding;
	return { body, headers, etag };
}

/** @param {string} dir @returns {string[]} */
function filesIn(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesIn(full) : [full];
	});
}

/**
 * Reads every prerendered page under `dir` and returns them by the address they answer:
 * "index.html" at "/", "help.html" at "/help", "articles/rss.xml" at "/articles/rss.xml".
 * @param {string} dir
 * @returns {Map<string, Page>}
 */
export function loadPrerenderedPages(dir) {
	/** @type {Map<string, Page>} */
	const pages = new Map();
	let files;
	try {
		files = filesIn(dir);
	} catch {
		return pages;
	}
	for (const file of files) {
		const extension = path.extname(file);
		const type = types[extension];
		if (!type) continue;
		const relative = path.relative(dir, file).split(path.sep).join('/');
		let address = `/${relative}`;
		if (extension === '.html') {
			address = relative === 'index.html' ? '/' : `/${relative.slice(0, -'.html'.length)}`;
		}
		/** @type {Page} */
		const page = { raw: variant(file, type) };
		try {
			page.br = variant(`${file}.br`, type, 'br');
		} catch {
			// No compressed copy: the page is sent as it is.
		}
		try {
			page.gzip = variant(`${file}.gz`, type, 'gzip');
		} catch {
			// As above.
		}
		pages.set(address, page);
	}
	return pages;
}

/** @param {string | undefined} header @param {string} name */
function accepts(header, name) {
	if (!header) return false;
	return header.split(',').some((part) => {
		const [token, ...params] = part.trim().split(';');
		if (token?.trim().toLowerCase() !== name) return false;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		return !q || Number(q.slice(2)) > 0;
	});
}

/**
 * Answers a GET or HEAD for a prerendered page from memory; returns false for anything else, which
 * then goes on to SvelteKit.
 * @param {Map<string, Page>} pages
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {boolean}
 */
export function sendPrerendered(pages, req, res) {
	if (req.method !== 'GET' && req.method !== 'HEAD') return false;
	const url = req.url ?? '/';
	const query = url.indexOf('?');
	const pathname = query === -1 ? url : url.slice(0, query);
	const page = pages.get(pathname);
	if (!page) return false;
	const encodings = req.headers['accept-encoding'];
	const chosen =
		(page.br && accepts(encodings, 'br') && page.br) ||
		(page.gzip && accepts(encodings, 'gzip') && page.gzip) ||
		page.raw;
	if (req.headers['if-none-match'] === chosen.etag) {
		res.writeHead(304, { ETag: chosen.etag, Vary: 'Accept-Encoding' });
		res.end();
		return true;
	}
	res.writeHead(200, chosen.headers);
	res.end(req.method === 'HEAD' ? undefined : chosen.body);
	return true;
}
