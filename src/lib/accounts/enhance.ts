import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

/**
 * `use:enhance` for the account forms: the button rests while the form is sent (so a second press
 * sends nothing twice), and afterwards focus moves to what the person needs to read next — the
 * first field with a problem, or the message beside the form — as it would after a page load.
 */
export const accountFormEnhance: SubmitFunction = ({ submitter, formElement }) => {
	const button = submitter instanceof HTMLButtonElement ? submitter : null;
	button?.setAttribute('disabled', '');
	formElement.setAttribute('aria-busy', 'true');
	return async ({ result, update }) => {
		try {
			await update({ reset: false });
		} finally {
			button?.removeAttribute('disabled');
			formElement.removeAttribute('aria-busy');
		}
		if (result.type !== 'failure' && result.type !== 'success') return;
		// As after a page load without JavaScript: a password is never kept once it has been sent.
		if (formElement.isConnected) {
			for (const input of formElement.querySelectorAll<HTMLInputElement>(
				'input[type="password"]'
			)) {
				input.value = '';
			}
		}
		await tick();
		const target =
			(formElement.isConnected
				? formElement.querySelector<HTMLElement>('[aria-invalid="true"], [data-message]')
				: null) ?? document.querySelector<HTMLElement>('[data-message]');
		target?.focus();
	};
};
