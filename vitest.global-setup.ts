import { randomBytes } from 'node:crypto';
import { dropTestSchemas } from './src/lib/server/db/test-database';

/** Names this run's PostgreSQL test schemas, and drops them all when the run is over. */
export default function setup() {
	const run = randomBytes(4).toString('hex');
	process.env.STEADY_TEST_RUN = run;
	return async () => {
		const url = process.env.TEST_DATABASE_URL;
		if (url) await dropTestSchemas(url, run);
	};
}
