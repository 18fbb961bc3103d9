import type { Migration } from 'kysely';
import * as m001 from './001-practice';
import * as m002 from './002-mail-outbox';

/**
 * Every migration, in order. Listed here rather than read from a folder so that the built server
 * carries them inside its bundle and `npm run db:migrate` runs exactly the same ones.
 */
export const migrations: Record<string, Migration> = {
	'001-practice': m001,
	'002-mail-outbox': m002
};
