import { json } from '@sveltejs/kit';
import { database } from '$lib/server/db';

export async function GET() {
	const ok = await database().ping();
	return json(
		{ status: ok ? 'ok' : 'unavailable', database: ok ? 'reachable' : 'unreachable' },
		{ status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } }
	);
}
