import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * `use:enhance` for the settings forms. The button rests while the form is sent, so a second press
 * sends nothing twice. A form that worked is cleared (no password stays in a field); one that did
 * not keeps what was typed. Then focus moves to what needs reading: the first field with a
 * problem, or the message the answer brought.
 */
export const settingsEnhance: SubmitFunction = ({ submitter, formElement }) => {
	const button = submitter instanceof HTMLButtonElement ? submitter : null;
	button?.setAttribute('disabled', '');
	formElement.setAttribute('aria-busy', 'true');
	return async ({ result, update }) => {
		try {
			await update({ reset: result.type === 'success' });
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
