import { requireUser } from '$lib/server/accounts/guards';
import { accountContext } from '../../account.server';

/**
 * "Download my data": everything the account owns, as a JSON file, or with `?as=html` as one
 * readable web page holding the same.
 */
export async function GET(event) {
	const user = requireUser(event);
	const { actor, data, timeZone } = accountContext(event, user);
	const readable = event.url.searchParams.get('as') === 'html';
	const body = readable
		? await data.exportReadable(actor, timeZone)
		: JSON.stringify(await data.exportAccount(actor), null, 2);
	return new Response(body, {
		headers: {
			'Content-Type': readable ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${data.exportFileName(undefined, readable ? 'html' : 'json')}"`,
			'Cache-Control': 'no-store'
		}
	});
}
