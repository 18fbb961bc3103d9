import { error, fail, redirect } from '@sveltejs/kit';
import { services } from '$lib/server/app';
import { emptyAnswers, readSelfCheckForm } from '$lib/self-check/answers';
import { reflect } from '$lib/self-check/reflection';
import type { Actions, PageServerLoad } from './$types';

// The self-check needs no account. Answers come only in the body of a POST (never in an address),
// are used to draw the result and are then forgotten: nothing here stores or logs them. A member
// may choose to keep a result in their workbook, and only by pressing Save.

export const load: PageServerLoad = ({ locals, request, setHeaders }) => {
	// A result is an answer to a POST; neither the browser nor anything in between keeps it.
	if (request.method === 'POST') setHeaders({ 'cache-control': 'no-store' });
	const role = locals.user?.role;
	return {
		viewer: !role
			? ('visitor' as const)
			: role === 'member'
				? ('member' as const)
				: ('practice' as const),
		answers: emptyAnswers()
	};
};

export const actions: Actions = {
	/** Draws the result. An empty self-check gets a gentle result too. */
	reflect: async ({ request }) => {
		const read = readSelfCheckForm(await request.formData());
		if (!read.ok) return fail(400, { answers: read.answers, message: read.message });
		return { answers: read.answers, reflection: reflect(read.answers) };
	},

	/** Back to the questions, with the answers as they were. */
	change: async ({ request }) => {
		const read = readSelfCheckForm(await request.formData());
		return { answers: read.answers, message: read.ok ? undefined : read.message };
	},

	/**
	 * Keeps the result in a member's workbook. Someone not signed in (or signed out meanwhile) keeps
	 * the result on the page, with a way to sign in and press Save again.
	 */
	save: async ({ request, locals }) => {
		const read = readSelfCheckForm(await request.formData());
		const shown = { answers: read.answers, reflection: reflect(read.answers) };
		if (!read.ok) return fail(400, { ...shown, saveMessage: read.message });
		if (!locals.user) return fail(401, { ...shown, signedOut: true });
		if (locals.user.role !== 'member') error(403, 'Self-checks are kept in members’ workbooks.');
		const saved = await services().selfChecks.save(locals.user.id, read.answers);
		if (!saved.ok) return fail(400, { ...shown, saveMessage: saved.message });
		// A fragment of its own: the browser would otherwise carry the form's "#keep" along.
		redirect(303, `/app/self-check/${saved.id}?saved=1#saved`);
	}
};
