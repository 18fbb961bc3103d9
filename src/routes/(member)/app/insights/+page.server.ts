import { services } from '$lib/server/app';
import { periods, readPeriod } from '$lib/workbook/insights';
import { workbookMember, zoneOf } from '../workbook.server';

// Pictures drawn on the server: the page needs no script at all.
export const csr = false;

export async function load(event) {
	const user = await workbookMember(event);
	const { period, fellBack } = readPeriod(event.url.searchParams.get('period'));
	const insights = await services().insights.forMember(user.id, period, zoneOf(user));
	return {
		insights,
		fellBack,
		periods: periods.map((p) => ({ key: p.key, label: p.label }))
	};
}
