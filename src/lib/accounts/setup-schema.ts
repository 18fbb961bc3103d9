import { z } from 'zod';

/** The form that creates the owner's or a practitioner's account from a console link. */
export const setupSchema = z.object({
	token: z.string().min(1).max(100),
	name: z
		.string()
		.trim()
		.min(1, 'Please tell us your name — it is shown to clients.')
		.max(120, 'That name is longer than we can show. Could you shorten it?'),
	email: z
		.string()
		.trim()
		.max(254, 'That e-mail address is longer than any we can use.')
		.email('That e-mail address looks incomplete — could you check it?'),
	password: z
		.string()
		.min(10, 'Please choose a password of at least 10 characters.')
		.max(128, 'Please choose a password of at most 128 characters.')
});
