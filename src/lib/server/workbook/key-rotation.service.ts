import type { DataKeyRing } from '../privacy/data-keys';
import { context } from './workbook-seal';
import { sealedColumns, type SealedTable, type WorkbookRepository } from './workbook.repository';

export interface RotationReport {
	/** Values moved to the first key. */
	resealed: number;
	/** Values already under the first key. */
	current: number;
	/** Values that could not be opened with any configured key (left as they are, by id). */
	unreadable: { table: SealedTable; id: string; column: string }[];
	/** Rows changed by someone else while being rotated (left for the next run). */
	skipped: number;
}

/**
 * Re-seals every workbook value under the first data key, a batch of rows at a time. Safe to run
 * again (values already under the first key are left alone) and beside a running server (a value
 * is replaced only if it is still the one that was read).
 */
export async function rotateWorkbookKeys(
	repository: WorkbookRepository,
	keys: DataKeyRing,
	options: { batchSize?: number; onBatch?: (table: SealedTable, rows: number) => void } = {}
): Promise<RotationReport> {
	const batchSize = options.batchSize ?? 200;
	const report: RotationReport = { resealed: 0, current: 0, unreadable: [], skipped: 0 };
	for (const table of Object.keys(sealedColumns) as SealedTable[]) {
		let after = '';
		for (;;) {
			const rows = await repository.pageOfSealed(table, after, batchSize);
			if (rows.length === 0) break;
			for (const row of rows) {
				const id = row.id!;
				const changes: { column: string; from: string; to: string }[] = [];
				for (const column of sealedColumns[table]) {
					const sealed = row[column];
					if (sealed === null || sealed === undefined) continue;
					if (keys.keyIdOf(sealed) === keys.currentKeyId) {
						report.current += 1;
						continue;
					}
					const where = context(table, id, column);
					try {
						changes.push({ column, from: sealed, to: keys.seal(keys.open(sealed, where), where) });
					} catch {
						report.unreadable.push({ table, id, column });
					}
				}
				if (changes.length === 0) continue;
				if (await repository.replaceSealed(table, id, changes)) report.resealed += changes.length;
				else report.skipped += 1;
			}
			after = rows[rows.length - 1]!.id!;
			options.onBatch?.(table, rows.length);
		}
	}
	return report;
}
