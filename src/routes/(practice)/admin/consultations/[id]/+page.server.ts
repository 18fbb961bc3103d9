import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { practiceCancelSchema, practiceRescheduleSchema } from '$lib/booking/consultation-forms';
import { describeTime, groupByDay } from '$lib/booking/format';
import { placeName } from '$lib/booking/places';
import { parseForm } from '$lib/forms/parse';
import { requireRole } from '$lib/server/accounts/guards';
import { services } from '$lib/server/app';
import type { PracticeChangeResult } from '$lib/server/booking/booking.service';

const notFound = 'There is no consultation here. It may have been a mistyped link.';

/** What the answer to a stale form says, instead of changing anything. */
function unchangedMessage(result: PracticeChangeResult): string {
	if (result.kind !== 'not-changeable') return 'Nothing was changed. Please try again.';
	const b = result.booking;
	if (b.status === 'cancelled') {
		return b.cancelledBy === 'visitor'
			? 'They cancelled this consultation themselves a moment ago, so there is nothing more to do.'
			: 'This consultation is already cancelled, so nothing more was changed.';
	}
	if (b.status === 'no-show') return 'This consultation is marked as missed; nothing was changed.';
	return b.canMarkOutcome
		? 'This consultation has already started, so it can no longer be moved or cancelled.'
		: 'This consultation has not started yet, so it cannot be marked as missed.';
}

export async function load(event) {
	const user = await requireRole(event, 'practitioner');
	const { booking } = services();
	const found = await booking.findForPractitioner(event.params.id);
	if (!found) error(404, notFound);
	const settings = await booking.settings();
	// Showing what they wrote is a read of health-related text: it is recorded every time.
	const reader = {
		userId: user.id,
		ip: event.locals.clientAddress,
		userAgent: event.request.headers.get('user-agent')
	};
	const intake = await booking.openIntake(found.id, reader);
	// A summary the member shared for this consultation: each opening is recorded as well.
	const summaries = await services().summaries.readForConsultation(reader, found.id);
	const zone = settings.rules.timeZone;
	const labels = new Map(settings.intakeQuestions.map((q) => [q.id, q.label]));
	let moveTimes: { heading: string; times: { iso: string; label: string }[] }[] = [];
	if (found.canChange) {
		const now = services().clock.now().getTime();
		const slots = await booking.slotsForMove(
			found.id,
			now,
			now + settings.rules.horizonDays * 86_400_000
		);
		moveTimes = groupByDay(
			slots.filter((s) => s.start !== Date.parse(found.start)),
			zone
		).map((d) => ({
			heading: d.heading,
			times: d.times.map((t) => ({ iso: new Date(t.start).toISOString(), label: t.words.time }))
		}));
	}
	const when = describeTime(found.start, zone);
	return {
		consultation: {
			id: found.id,
			status: found.status,
			name: found.name,
			email: found.email,
			phone: found.phone,
			preferredContact: found.preferredContact,
			place: placeName(found.place),
			when: when.full,
			theirTime:
				found.visitorTimeZone === zone
					? null
					: describeTime(found.start, found.visitorTimeZone).full,
			bookedAt: describeTime(found.createdAt, zone).full,
			cancelledAt: found.cancelledAt ? describeTime(found.cancelledAt, zone).full : null,
			cancelledBy: found.cancelledBy,
			consentNoticeVersion: found.consentNoticeVersion,
			canChange: found.canChange,
			canMarkOutcome: found.canMarkOutcome
		},
		intake: intake
			? {
					topic: intake.topic,
					answers: Object.entries(intake.answers).map(([id, text]) => ({
						label: labels.get(id) ?? 'A question no longer on the form',
						text
					}))
				}
			: null,
		moveTimes,
		zoneName: when.zoneName,
		summaries: summaries.map((s) => ({
			id: s.id,
			memberId: s.member.id,
			memberName: s.member.name,
			title: s.title,
			content: s.content
		}))
	};
}

async function bookingOf(event: RequestEvent) {
	await requireRole(event, 'practitioner');
	return (event.params as { id: string }).id;
}

export const actions = {
	cancel: async (event) => {
		const id = await bookingOf(event);
		const parsed = parseForm(practiceCancelSchema, await event.request.formData());
		if (!parsed.ok)
			return fail(400, { form: 'cancel', errors: parsed.errors, values: parsed.values });
		const result = await services().booking.cancelByPractitioner(id, parsed.data.message);
		if (result.kind === 'not-found') error(404, notFound);
		if (result.kind !== 'cancelled') {
			return fail(409, { form: 'cancel', notice: unchangedMessage(result), values: parsed.values });
		}
		return { form: 'cancel', done: 'cancelled' };
	},

	reschedule: async (event) => {
		const id = await bookingOf(event);
		const parsed = parseForm(practiceRescheduleSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { form: 'reschedule', errors: parsed.errors, values: parsed.values });
		}
		const result = await services().booking.rescheduleByPractitioner(
			id,
			parsed.data.start,
			parsed.data.message
		);
		switch (result.kind) {
			case 'rescheduled':
				return { form: 'reschedule', done: 'moved' };
			case 'taken':
				return fail(409, {
					form: 'reschedule',
					errors: {
						start:
							'That time was just taken, or is no longer offered. Please choose another — your message is still here.'
					},
					values: { ...parsed.values, start: '' }
				});
			case 'not-found':
				error(404, notFound);
				break;
			default:
				return fail(409, {
					form: 'reschedule',
					notice: unchangedMessage(result),
					values: parsed.values
				});
		}
	},

	noShow: async (event) => {
		const id = await bookingOf(event);
		await event.request.formData();
		const result = await services().booking.setNoShow(id, true);
		if (result.kind === 'not-found') error(404, notFound);
		if (result.kind !== 'marked')
			return fail(409, { form: 'outcome', notice: unchangedMessage(result) });
		return { form: 'outcome', done: 'missed' };
	},

	attended: async (event) => {
		const id = await bookingOf(event);
		await event.request.formData();
		const result = await services().booking.setNoShow(id, false);
		if (result.kind === 'not-found') error(404, notFound);
		if (result.kind !== 'marked')
			return fail(409, { form: 'outcome', notice: unchangedMessage(result) });
		return { form: 'outcome', done: 'attended' };
	}
};
