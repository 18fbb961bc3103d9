// Steady's production server: adapter-node's handler behind a thin node:http layer that adds the
// security headers to every response, including prerendered pages and static files, which
// SvelteKit's hooks never see.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { loadPrerenderedPages, sendPrerendered } from './src/lib/server/http/prerendered-pages.js';

const buildDir = path.resolve(process.env.STEADY_BUILD_DIR || 'build');
const handlerFile = path.join(buildDir, 'handler.js');
if (!existsSync(handlerFile)) {
	console.error(
		`Steady has not been built yet (${handlerFile} is missing). Run "npm start", which builds first.`
	);
	process.exit(1);
}

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
const httpsOrigin = (process.env.ORIGIN || '').startsWith('https://');

// Pages that SvelteKit renders carry their own Content-Security-Policy (with hashes or nonces for
// its inline scripts); everything else gets this baseline, which allows only our own files.
const baselineCsp = [
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' data:",
	"connect-src 'self'",
	"form-action 'self'",
	"object-src 'none'",
	"base-uri 'none'",
	"frame-ancestors 'none'"
].join('; ');

/** @param {http.ServerResponse} res */
function addSecurityHeaders(res) {
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
	res.setHeader('X-Frame-Options', 'DENY');
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
	res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
	res.setHeader(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	if (httpsOrigin) {
		res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	// SvelteKit's own policy, when it sends one, replaces this header before the response is written.
	res.setHeader('Content-Security-Policy', baselineCsp);
}

const { handler } = await import(pathToFileURL(handlerFile).href);

const prerendered = loadPrerenderedPages(path.join(buildDir, 'prerendered'));

const server = http.createServer((req, res) => {
	addSecurityHeaders(res);
	if (sendPrerendered(prerendered, req, res)) return;
	handler(req, res);
});

server.listen(port, host, () => {
	console.warn(`Steady is listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

function shutdown() {
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
