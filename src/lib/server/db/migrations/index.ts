import type { Migration } from 'kysely';
import * as m001 from './001-practice';
import * as m002 from './002-mail-outbox';
import * as m003 from './003-accounts';
import * as m004 from './004-audit-log';
import * as m005 from './005-rate-limit';
import * as m006 from './006-booking';
import * as m007 from './007-workbook';
import * as m008 from './008-workbook-two';

/**
 * Every migration, in order. Listed here rather than read from a folder so that the built server
 * carries them inside its bundle and `npm run db:migrate` runs exactly the same ones.
 */
export const migrations: Record<string, Migration> = {
	'001-practice': m001,
	'002-mail-outbox': m002,
	'003-accounts': m003,
	'004-audit-log': m004,
	'005-rate-limit': m005,
	'006-booking': m006,
	'007-workbook': m007,
	'008-workbook-two': m008
};
