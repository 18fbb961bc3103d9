/**
 * A real 500, with no test-only code in Steady: a server on a PostgreSQL schema of its own, which
 * is dropped under it once it is healthy, so every page that reads the database fails. The answer
 * must be a 500 with the security headers and a calm page: no stack trace, no SQL.
 */
import { postgresDatabase, type TestDatabase } from '../databases';
import { appProcess } from '../processes';
import { headerProblems, leaks } from './checks';
import { Client } from './client';
import { visibleText } from './html';

export async function serverErrorPage(
	url: string,
	port: number
): Promise<{ summary: string; problems: string[] }> {
	let database: TestDatabase;
	try {
		database = await postgresDatabase(url, 'hostile');
	} catch (error) {
		return {
			summary: `skipped: PostgreSQL at ${new URL(url).host} is not reachable (${(error as Error).message})`,
			problems: []
		};
	}
	const problems: string[] = [];
	const app = appProcess(port, {
		...database.env,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1'
	});
	try {
		await app.start();
		const [{ schema } = { schema: '' }] = await database.query<{ schema: string }>(
			'select current_schema() as schema'
		);
		if (!schema.startsWith('reliability_hostile_')) {
			throw new Error(`The test's schema is not the current one (${schema})`);
		}
		await database.query(`drop schema ${schema} cascade`);
		const client = new Client(app.origin, 'visitor');
		const statuses: number[] = [];
		// Pages that read the database on every request; the week keeps them out of any cache.
		for (const path of [`/consultation?week=${new Date().toISOString().slice(0, 10)}`, '/help']) {
			const reply = await client.send(`${app.origin}${path}`);
			statuses.push(reply.status);
			const where = `500 on PostgreSQL, ${path.replace(/\?.*/, '')}`;
			if (path.startsWith('/consultation') && reply.status !== 500) {
				problems.push(`${where}: answered ${reply.status} with its schema gone, not 500`);
			}
			if (reply.status < 500) continue;
			for (const p of headerProblems(reply)) problems.push(`${where}: ${p}`);
			for (const l of leaks(reply.body)) problems.push(`${where}: the page shows ${l}`);
			if (!reply.contentType.includes('text/html')) {
				problems.push(`${where}: answered with ${reply.contentType}, not a page`);
			}
			if (!/Something went wrong on our side/.test(visibleText(reply.body))) {
				problems.push(`${where}: the page does not say calmly that something went wrong`);
			}
		}
		return { summary: `answers ${statuses.join(', ')} with the schema dropped`, problems };
	} finally {
		await app.stop();
		await database.close();
	}
}
