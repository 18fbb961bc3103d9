import { database } from '$lib/server/db';
import { systemClock } from '$lib/server/clock';
import { createPracticeRepository } from '$lib/server/practice/practice.repository';
import { createPracticeService } from '$lib/server/practice/practice.service';

export async function load() {
	const practice = await createPracticeService({
		practices: createPracticeRepository(database().db),
		clock: systemClock
	}).get();
	return { contactEmail: practice?.contactEmail };
}
