import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * `use:enhance` for the practice's forms. The button rests while the form is sent, so a second
 * press sends nothing twice; what was typed stays in the fields (an "add" form marked
 * `data-fresh-after` is emptied once it worked); then focus
 * moves to the first field with a problem, or to the message the answer brought.
 */
export const practiceEnhance: SubmitFunction = ({ submitter, formElement }) => {
	const button = submitter instanceof HTMLButtonElement ? submitter : null;
	button?.setAttribute('disabled', '');
	formElement.setAttribute('aria-busy', 'true');
	return async ({ result, update }) => {
		try {
			// Forms that add something to a list start empty again once it is added.
			const fresh = result.type === 'success' && formElement.hasAttribute('data-fresh-after');
			await update({ reset: fresh });
		} finally {
			button?.removeAttribute('disabled');
			formElement.removeAttribute('aria-busy');
		}
		if (result.type !== 'failure' && result.type !== 'success') return;
		await tick();
		const inForm = formElement.isConnected
			? formElement.querySelector<HTMLElement>('[aria-invalid="true"]')
			: null;
		const target = inForm ?? document.querySelector<HTMLElement>('[data-message]');
		target?.focus();
	};
};
