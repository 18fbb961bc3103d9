import { services } from '$lib/server/app';
import { instruments, isInstrumentId, type Instrument } from '$lib/checkins/instruments';
import { scoreOutOf } from '$lib/checkins/scoring';
import { notFound } from '../workbook.server';

export function checkins() {
	return services().checkins;
}

/** The questionnaire a check-in address names; any other name is simply not there. */
export function instrumentOf(param: string): Instrument {
	if (!isInstrumentId(param)) notFound();
	return instruments[param];
}

/** "20 out of 30", "3.50 out of 5". */
export const outOf = scoreOutOf;
