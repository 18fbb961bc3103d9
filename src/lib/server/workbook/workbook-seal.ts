import type { DataKeyRing } from '../privacy/data-keys';
import { SealedValueError } from '../privacy/data-keys';
import type { SealedTable } from './workbook.repository';

/**
 * Seals workbook values as JSON, each bound to "<table>:<row id>:<column>", and opens them again.
 * Every sealed column is always written, empty or not, so the database does not even show which
 * parts of a moment were filled in.
 */

export interface WorkbookLogger {
	warn(details: object, message?: string): void;
	error(details: object, message?: string): void;
}

/** A workbook entry whose sealed values could not be opened (see SealedValueError). */
export class UnreadableEntryError extends Error {
	constructor(
		readonly table: SealedTable,
		readonly id: string,
		readonly column: string,
		readonly reason: SealedValueError['reason']
	) {
		super(`The ${column} of ${table} ${id} could not be opened (${reason}).`);
		this.name = 'UnreadableEntryError';
	}
}

export function context(table: SealedTable, id: string, column: string): string {
	return `${table}:${id}:${column}`;
}

export function createSealer(keys: DataKeyRing) {
	return {
		seal(table: SealedTable, id: string, column: string, value: unknown): string {
			return keys.seal(JSON.stringify(value ?? null), context(table, id, column));
		},
		/** Opens one value; a missing value is null. Throws UnreadableEntryError, never garbage. */
		open<T>(table: SealedTable, id: string, column: string, sealed: string | null): T | null {
			if (sealed === null) return null;
			try {
				return JSON.parse(keys.open(sealed, context(table, id, column))) as T;
			} catch (error) {
				const reason = error instanceof SealedValueError ? error.reason : 'malformed';
				throw new UnreadableEntryError(table, id, column, reason);
			}
		}
	};
}

export type Sealer = ReturnType<typeof createSealer>;

/** Logs an entry that could not be opened by its ids and the reason, never its content. */
export function reportUnreadable(
	logger: WorkbookLogger | undefined,
	error: unknown,
	userId: string
): void {
	if (!(error instanceof UnreadableEntryError)) throw error;
	logger?.error(
		{ table: error.table, entryId: error.id, column: error.column, reason: error.reason, userId },
		'a workbook entry could not be opened'
	);
}
