import { services } from '$lib/server/app';
import { instruments, isInstrumentId, type Instrument } from '$lib/checkins/instruments';
import { notFound } from '../workbook.server';

export function checkins() {
	return services().checkins;
}

/** The questionnaire a check-in address names; any other name is simply not there. */
export function instrumentOf(param: string): Instrument {
	if (!isInstrumentId(param)) notFound();
	return instruments[param];
}
