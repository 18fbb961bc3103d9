import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
	AvailabilityExceptionTable,
	AvailabilityWeeklyTable,
	BookingSettingsTable,
	DB
} from '../db/schema';

/** The practitioner's side of the diary's rules: what the availability page reads and writes. */
export function createAvailabilityRepository(db: Kysely<DB>) {
	return {
		transaction<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
			return db.transaction().execute(work);
		},

		findSettings(executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking_settings')
				.selectAll()
				.where('id', '=', 1)
				.executeTakeFirst();
		},

		async updateSettings(
			change: Omit<Updateable<BookingSettingsTable>, 'id'>,
			executor: Kysely<DB> = db
		): Promise<boolean> {
			const result = await executor
				.updateTable('booking_settings')
				.set(change)
				.where('id', '=', 1)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},

		listWeekly(executor: Kysely<DB> = db) {
			return executor
				.selectFrom('availability_weekly')
				.selectAll()
				.orderBy('weekday')
				.orderBy('start_time')
				.execute();
		},

		/** Replaces every weekly range with `rows`, inside the caller's transaction. */
		async replaceWeekly(trx: Kysely<DB>, rows: Insertable<AvailabilityWeeklyTable>[]) {
			await trx.deleteFrom('availability_weekly').execute();
			if (rows.length > 0) await trx.insertInto('availability_weekly').values(rows).execute();
		},

		/** Exceptions on `fromDate` ("YYYY-MM-DD") or later, soonest first. */
		listExceptionsFrom(fromDate: string) {
			return db
				.selectFrom('availability_exception')
				.selectAll()
				.where('date', '>=', fromDate)
				.orderBy('date')
				.orderBy('start_time')
				.execute();
		},

		async addException(row: Insertable<AvailabilityExceptionTable>) {
			await db.insertInto('availability_exception').values(row).execute();
		},

		async removeException(id: string): Promise<boolean> {
			const result = await db
				.deleteFrom('availability_exception')
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) > 0;
		},

		listPlaces() {
			return db
				.selectFrom('booking_licensed_place')
				.selectAll()
				.orderBy('country')
				.orderBy('region')
				.execute();
		},

		/** False when the place was already there. */
		async addPlace(place: { country: string; region: string }): Promise<boolean> {
			const result = await db
				.insertInto('booking_licensed_place')
				.values(place)
				.onConflict((oc) => oc.columns(['country', 'region']).doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
		},

		async removePlace(place: { country: string; region: string }): Promise<boolean> {
			const result = await db
				.deleteFrom('booking_licensed_place')
				.where('country', '=', place.country)
				.where('region', '=', place.region)
				.executeTakeFirst();
			return Number(result.numDeletedRows) > 0;
		}
	};
}

export type AvailabilityRepository = ReturnType<typeof createAvailabilityRepository>;
