import { randomUUID } from 'node:crypto';
import type { WeeklyHours } from '../../booking/availability';
import type {
	ExceptionForm,
	HoursForm,
	MeetingForm,
	QuestionForm,
	RulesForm
} from '../../booking/availability-forms';
import { maxQuestions } from '../../booking/availability-forms';
import { parseIntakeQuestions, type IntakeQuestion } from '../../booking/booking-form';
import { dateIn } from '../../booking/calendar-days';
import type { Place } from '../../booking/places';
import type { Clock } from '../clock';
import type { AvailabilityRepository } from './availability.repository';

export interface AvailabilityOverview {
	timeZone: string;
	weekly: WeeklyHours[];
	slotMinutes: number;
	intervalMinutes: number;
	bufferBeforeMinutes: number;
	bufferAfterMinutes: number;
	minimumNoticeMinutes: number;
	horizonDays: number;
	dailyCap: number | null;
	cancellationCutoffMinutes: number;
	reminderOffsetsMinutes: number[];
	exceptions: {
		id: string;
		date: string;
		kind: 'closed' | 'open';
		start: string | null;
		end: string | null;
		note: string | null;
	}[];
	places: Place[];
	questions: IntakeQuestion[];
	meetingDetails: string;
	meetingUrl: string | null;
	feedOn: boolean;
}

export type SaveQuestionResult = 'saved' | 'too-many' | 'not-found';

function parseOffsets(json: string): number[] {
	try {
		const value: unknown = JSON.parse(json);
		if (Array.isArray(value)) {
			return value.filter((v): v is number => Number.isInteger(v) && v > 0).sort((a, b) => b - a);
		}
	} catch {
		// fall through
	}
	return [];
}

/** "How are you feeling about starting?" → "how-are-you-feeling-about-starting". */
function slugOf(label: string): string {
	const slug = label
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 32)
		.replace(/-+$/, '');
	return slug || 'question';
}

/**
 * The practitioner's availability: everything the slot engine and the booking form read. Each
 * change is whole or not at all; the next page a visitor opens follows it.
 */
export function createAvailabilityService(deps: {
	availability: AvailabilityRepository;
	clock: Clock;
}) {
	const repo = deps.availability;
	const touched = () => deps.clock.now().toISOString();

	async function settingsRow() {
		const row = await repo.findSettings();
		if (!row) throw new Error('Booking has no settings yet; ensureDefaults runs at start.');
		return row;
	}

	async function questions(): Promise<IntakeQuestion[]> {
		return parseIntakeQuestions((await settingsRow()).intake_questions);
	}

	async function saveQuestions(list: IntakeQuestion[]) {
		await repo.updateSettings({ intake_questions: JSON.stringify(list), updated_at: touched() });
	}

	return {
		async overview(): Promise<AvailabilityOverview> {
			const row = await settingsRow();
			const today = dateIn(row.time_zone, deps.clock.now().getTime());
			const [weekly, exceptions, places] = await Promise.all([
				repo.listWeekly(),
				repo.listExceptionsFrom(today),
				repo.listPlaces()
			]);
			return {
				timeZone: row.time_zone,
				weekly: weekly.map((w) => ({ weekday: w.weekday, start: w.start_time, end: w.end_time })),
				slotMinutes: row.slot_minutes,
				intervalMinutes: row.interval_minutes,
				bufferBeforeMinutes: row.buffer_before_minutes,
				bufferAfterMinutes: row.buffer_after_minutes,
				minimumNoticeMinutes: row.minimum_notice_minutes,
				horizonDays: row.horizon_days,
				dailyCap: row.daily_cap,
				cancellationCutoffMinutes: row.cancellation_cutoff_minutes,
				reminderOffsetsMinutes: parseOffsets(row.reminder_offsets),
				exceptions: exceptions.map((e) => ({
					id: e.id,
					date: e.date,
					kind: e.kind,
					start: e.start_time,
					end: e.end_time,
					note: e.note
				})),
				places: places.map((p) => ({ country: p.country, region: p.region || null })),
				questions: parseIntakeQuestions(row.intake_questions),
				meetingDetails: row.meeting_details,
				meetingUrl: row.meeting_url,
				feedOn: row.calendar_feed_token_hash !== null
			};
		},

		/** The weekly hours and the zone they are in, replaced together. */
		async saveHours(form: HoursForm): Promise<void> {
			await repo.transaction(async (trx) => {
				await repo.replaceWeekly(
					trx,
					form.weekly.map((w) => ({
						id: randomUUID(),
						weekday: w.weekday,
						start_time: w.start,
						end_time: w.end
					}))
				);
				await repo.updateSettings({ time_zone: form.timeZone, updated_at: touched() }, trx);
			});
		},

		async saveRules(form: RulesForm): Promise<void> {
			await repo.updateSettings({
				interval_minutes: form.intervalMinutes,
				buffer_before_minutes: form.bufferBeforeMinutes,
				buffer_after_minutes: form.bufferAfterMinutes,
				minimum_notice_minutes: form.minimumNoticeHours * 60,
				horizon_days: form.horizonDays,
				daily_cap: form.dailyCap,
				cancellation_cutoff_minutes: form.cancellationCutoffHours * 60,
				reminder_offsets: JSON.stringify(form.reminderHours),
				updated_at: touched()
			});
		},

		async addException(form: ExceptionForm): Promise<void> {
			await repo.addException({
				id: randomUUID(),
				date: form.date,
				kind: form.kind,
				start_time: form.start,
				end_time: form.end,
				note: form.note || null
			});
		},

		removeException: (id: string) => repo.removeException(id),

		/** False when the place was already on the list. */
		addPlace: (place: { country: string; region: string }) => repo.addPlace(place),

		removePlace: (place: { country: string; region: string }) => repo.removePlace(place),

		/** Adds a question (no id) or changes one; its id, and so its answers, stay the same. */
		async saveQuestion(form: QuestionForm): Promise<SaveQuestionResult> {
			const list = await questions();
			const fields = {
				label: form.label,
				...(form.hint ? { hint: form.hint } : {}),
				required: form.required,
				maxLength: form.maxLength
			};
			if (form.id) {
				const index = list.findIndex((q) => q.id === form.id);
				if (index < 0) return 'not-found';
				list[index] = { id: form.id, ...fields };
			} else {
				if (list.length >= maxQuestions) return 'too-many';
				const base = slugOf(form.label);
				let id = base;
				for (let n = 2; list.some((q) => q.id === id); n++) id = `${base}-${n}`;
				list.push({ id, ...fields });
			}
			await saveQuestions(list);
			return 'saved';
		},

		async removeQuestion(id: string): Promise<boolean> {
			const list = await questions();
			const kept = list.filter((q) => q.id !== id);
			if (kept.length === list.length) return false;
			await saveQuestions(kept);
			return true;
		},

		async saveMeeting(form: MeetingForm): Promise<void> {
			await repo.updateSettings({
				meeting_details: form.meetingDetails,
				meeting_url: form.meetingUrl,
				updated_at: touched()
			});
		}
	};
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
