import { deserialize } from '$app/forms';
import type { ActionResult } from '@sveltejs/kit';

export type AutosaveState = 'idle' | 'saving' | 'saved' | 'signed-out' | 'failed';

/**
 * Keeps what is typed in a workbook form as a draft on the server, quietly, a moment after typing
 * stops (and when the page is hidden or left). Only where JavaScript runs; without it, every step's
 * button keeps the draft instead.
 */
export function autosave(
	form: HTMLFormElement,
	options: { action: string; onResult: (state: AutosaveState, result?: ActionResult) => void }
) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let dirty = false;
	let running: Promise<void> | undefined;

	async function send(keepalive = false) {
		if (!dirty) return;
		dirty = false;
		options.onResult('saving');
		try {
			const response = await fetch(new URL(options.action, location.href), {
				method: 'POST',
				body: new FormData(form),
				headers: { 'x-sveltekit-action': 'true' },
				keepalive
			});
			const result = deserialize(await response.text());
			if (result.type === 'success') {
				// The first quiet save makes the draft: later ones (and the buttons) must name it.
				const draftId = result.data?.draftId;
				const field = form.elements.namedItem('draft');
				if (typeof draftId === 'string' && field instanceof HTMLInputElement) field.value = draftId;
				options.onResult('saved', result);
			} else if (result.type === 'failure' && result.status === 401) {
				dirty = true;
				options.onResult('signed-out', result);
			} else options.onResult('failed', result);
		} catch {
			dirty = true;
			options.onResult('failed');
		}
	}

	const schedule = () => {
		dirty = true;
		clearTimeout(timer);
		timer = setTimeout(() => (running = (running ?? Promise.resolve()).then(() => send())), 1500);
	};
	const flush = () => {
		if (document.visibilityState === 'hidden') {
			clearTimeout(timer);
			running = (running ?? Promise.resolve()).then(() => send(true));
		}
	};
	form.addEventListener('input', schedule);
	form.addEventListener('change', schedule);
	document.addEventListener('visibilitychange', flush);
	// A real submit keeps the draft itself; a pending quiet save must not race it.
	const onSubmit = () => {
		clearTimeout(timer);
		dirty = false;
	};
	form.addEventListener('submit', onSubmit);

	return {
		update(next: typeof options) {
			options = next;
		},
		destroy() {
			clearTimeout(timer);
			form.removeEventListener('input', schedule);
			form.removeEventListener('change', schedule);
			form.removeEventListener('submit', onSubmit);
			document.removeEventListener('visibilitychange', flush);
		}
	};
}
