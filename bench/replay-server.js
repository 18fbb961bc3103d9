// The reference for page throughput: a bare node:http server, in a process of its own like
// Steady's, answering every request with one recorded response (same status, headers and bytes).
// Usage: node bench/replay-server.js <port> <recorded.json>
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [port, file] = process.argv.slice(2);
/** @type {{ status: number; headers: string[]; body: string }} */
const recorded = JSON.parse(readFileSync(String(file), 'utf8'));
const body = Buffer.from(recorded.body, 'base64');

const server = http.createServer((_req, res) => {
	res.writeHead(recorded.status, recorded.headers);
	res.end(body);
});
server.listen(Number(port), '127.0.0.1', () => console.warn(`listening on ${port}`));

function shutdown() {
	server.close(() => process.exit(0));
	server.closeAllConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
