/** What a reliability test hands back: its figures, and what it found wrong (nothing, to pass). */
export interface Report {
	figures: [label: string, value: string | number][];
	problems: string[];
}

export function newReport(): Report & {
	figure(label: string, value: string | number): void;
	/** Records `problem` unless `holds`; returns `holds`. */
	check(holds: boolean, problem: string): boolean;
} {
	const report: Report = { figures: [], problems: [] };
	return {
		...report,
		figure(label, value) {
			report.figures.push([label, value]);
		},
		check(holds, problem) {
			if (!holds) report.problems.push(problem);
			return holds;
		}
	};
}

/** "12 booked, 3 just taken" from counts by outcome, largest first. */
export function describeCounts(counts: Map<string, number> | Record<string, number>): string {
	const entries = counts instanceof Map ? [...counts] : Object.entries(counts);
	if (entries.length === 0) return 'none';
	return entries
		.sort((a, b) => b[1] - a[1])
		.map(([what, n]) => `${n} ${what}`)
		.join(', ');
}

export function count(counts: Map<string, number>, key: string): void {
	counts.set(key, (counts.get(key) ?? 0) + 1);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
