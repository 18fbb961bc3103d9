import { requireUser } from '$lib/server/accounts/guards';
import { accountContext } from '../../account.server';

/** "Download my data": everything the account owns, as a JSON file. */
export async function GET(event) {
	const user = requireUser(event);
	const { actor, data } = accountContext(event, user);
	const exported = await data.exportAccount(actor);
	return new Response(JSON.stringify(exported, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${data.exportFileName()}"`,
			'Cache-Control': 'no-store'
		}
	});
}
