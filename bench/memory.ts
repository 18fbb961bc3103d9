/**
 * The server's resident set before and after a stream of mixed requests: pages, the consultation
 * times, the health check, the sign-in page and addresses that do not exist.
 */
import http from 'node:http';
import { residentBytes, type RunningServer } from './server';

export interface MemoryFigures {
	requests: number;
	byStatus: Record<string, number>;
	rssAfterStartBytes: number;
	rssAfterRequestsBytes: number;
	/** The resident set after each quarter of the requests, to tell growth that levels off from a leak. */
	rssByQuarterBytes: number[];
}

const mix = (n: number): string =>
	[
		'/articles/building-self-esteem',
		'/articles',
		'/consultation',
		'/healthz',
		'/sign-in',
		`/no-such-page-${n}`,
		'/',
		`/articles/no-such-article-${n}`,
		'/consultation?tz=Europe%2FLondon',
		'/help'
	][n % 10]!;

function get(agent: http.Agent, url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent }, (response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
				response.on('error', reject);
			})
			.on('error', reject);
	});
}

export async function measureMemory(
	server: RunningServer,
	requests = 10_000,
	concurrency = 8
): Promise<MemoryFigures> {
	const rssAfterStartBytes = residentBytes(server.pid);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const byStatus: Record<string, number> = {};
	const rssByQuarterBytes: number[] = [];
	const quarter = Math.ceil(requests / 4);
	let next = 0;
	let done = 0;
	try {
		await Promise.all(
			Array.from({ length: concurrency }, async () => {
				for (;;) {
					const n = next++;
					if (n >= requests) return;
					let status: string;
					try {
						status = String(await get(agent, `${server.origin}${mix(n)}`));
					} catch {
						status = 'network error';
					}
					byStatus[status] = (byStatus[status] ?? 0) + 1;
					if (++done % quarter === 0) rssByQuarterBytes.push(residentBytes(server.pid));
				}
			})
		);
	} finally {
		agent.destroy();
	}
	return {
		requests,
		byStatus,
		rssAfterStartBytes,
		rssAfterRequestsBytes: residentBytes(server.pid),
		rssByQuarterBytes
	};
}
