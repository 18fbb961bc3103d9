import type { Clock } from '../clock';
import type { PracticeRepository, PracticeRow } from './practice.repository';

export interface PracticeDefaults {
	name: string;
	timeZone: string;
	contactEmail: string;
}

export interface Practice {
	name: string;
	timeZone: string;
	contactEmail: string;
}

function toPractice(row: PracticeRow): Practice {
	return { name: row.name, timeZone: row.time_zone, contactEmail: row.contact_email };
}

export function createPracticeService(deps: { practices: PracticeRepository; clock: Clock }) {
	return {
		/**
		 * The practice's details. On a new database they come from the configuration; after that
		 * the stored row wins, so what the practitioner changes later is kept across restarts.
		 */
		async ensure(defaults: PracticeDefaults): Promise<Practice> {
			const now = deps.clock.now().toISOString();
			await deps.practices.insertIfMissing({
				name: defaults.name,
				time_zone: defaults.timeZone,
				contact_email: defaults.contactEmail,
				created_at: now,
				updated_at: now
			});
			const row = await deps.practices.find();
			if (!row) throw new Error('The practice row is missing right after it was written.');
			return toPractice(row);
		},

		async get(): Promise<Practice | undefined> {
			const row = await deps.practices.find();
			return row && toPractice(row);
		}
	};
}
