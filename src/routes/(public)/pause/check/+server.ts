import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { noteMax } from '$lib/pause/pause';
import { detectCrisis } from '$lib/server/safety/crisis';
import type { RequestHandler } from './$types';

// When Pause runs in the page, what someone writes in their own words is sent here, and only
// here, to be checked for crisis language, so help can come up at once. The words are read and
// forgotten: never stored, never logged. The answer says only whether help should be shown.

const body = z.object({ texts: z.array(z.string().max(noteMax)).max(6) }).strict();

export const POST: RequestHandler = async ({ request }) => {
	let parsed;
	try {
		parsed = body.safeParse(await request.json());
	} catch {
		parsed = null;
	}
	if (!parsed?.success) {
		return json({ error: 'Expected { texts: string[] }.' }, { status: 400 });
	}
	const match = parsed.data.texts.some((text) => detectCrisis(text).match);
	return json({ match }, { headers: { 'Cache-Control': 'no-store' } });
};
