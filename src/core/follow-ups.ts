/**
 * Follow-ups the toolkit should put on a calendar. The sidebar produces them and
 * src/gas/success-plan-calendar.ts turns them into Calendar events for the mentor.
 *
 * A follow-up carries a `key` that stays the same for the same plan and date, so whoever
 * schedules it can skip one already made (re-saving a plan never makes a second event).
 * It holds no more student data than the mentor needs, and keeps it out of the title: a title shows
 * in calendar notifications, on lock screens and to anyone the calendar's free/busy or details are
 * shared with, so it names only the school (as the Outreach follow-ups do). The student's name and
 * ID are in the description, never the plan's notes, goals or supports.
 */
import { dayText } from './dates';
import { SuccessPlanForm } from './forms';
import { LogRow } from './logs';
import { descriptionHtml } from './outreach/follow-up';
import { Student } from './student';

export interface FollowUp {
  kind: 'success-plan-check-in';
  /** Stable identity: the same plan and day give the same key. */
  key: string;
  /** yyyy-mm-dd; an all-day event on that day. */
  date: string;
  title: string;
  /** HTML, as Calendar reads an event's description (see descriptionHtml). */
  description: string;
  /** Who should get the event (the mentor); empty when unknown. */
  guestEmail: string;
  studentId: string;
  /** Which log entry it came from. */
  source: { log: 'successPlans'; id: string };
  /**
   * The plan's earlier check-in, still to come, that this one moves: its event is taken off the
   * calendar, or, on another staff member's calendar (`heldBy`), they are asked to.
   */
  replaces?: { key: string; date: string; heldBy?: string };
  /**
   * Another staff member whose save put this day's check-in on their own calendar: the event is
   * theirs and stays there (one on the saver's calendar too would invite the mentor twice).
   */
  heldBy?: string;
}

/**
 * Who has a plan's check-in on `date` on their calendar: the person whose save last set the plan's
 * check-in to that day (later saves of the same day leave the event where it is). Empty when the
 * plan's latest entry (`planRows` in sheet order) has another day: this save sets it.
 */
export function checkInHolder(planRows: readonly LogRow[], date: string): string {
  let holder = '';
  let day = '';
  for (const r of planRows) {
    const next = dayText(r['Next check-in']);
    if (next !== day) holder = String(r['Entered by'] ?? '').trim();
    day = next;
  }
  return day === date ? holder : '';
}

/**
 * The mentor's next check-in of a saved success plan entry. `earlierCheckIn` is the plan's check-in
 * before this save (yyyy-mm-dd); when it is another day still to come (on or after `today`), the
 * check-in moved and the follow-up replaces it, so the mentor is not expected on both days.
 * `heldBy`: other staff members who have the new day's and the earlier day's check-in on their
 * calendars (checkInHolder), if any.
 */
export function successPlanFollowUp(
  plan: SuccessPlanForm,
  planId: string,
  student: Student,
  earlierCheckIn = '',
  today = '',
  heldBy: { now?: string; earlier?: string } = {},
): FollowUp | null {
  if (!plan.nextCheckIn) return null;
  const moved = earlierCheckIn !== '' && earlierCheckIn !== plan.nextCheckIn && earlierCheckIn >= today;
  return {
    ...(moved
      ? {
          replaces: {
            key: `success-plan:${planId}:${earlierCheckIn}`,
            date: earlierCheckIn,
            ...(heldBy.earlier ? { heldBy: heldBy.earlier } : {}),
          },
        }
      : {}),
    ...(heldBy.now ? { heldBy: heldBy.now } : {}),
    kind: 'success-plan-check-in',
    key: `success-plan:${planId}:${plan.nextCheckIn}`,
    date: plan.nextCheckIn,
    title: `Success plan check-in (${student.school})`,
    // HTML, as Calendar reads it (see descriptionHtml): the mentor's <address> is text, not a tag.
    description: descriptionHtml([
      `Success mentor check-in with ${student.name} (${student.id}), ${student.school}, grade ${student.grade}.`,
      `Mentor: ${plan.mentorName} <${plan.mentorEmail}>`,
      `Plan ${planId}. Goals and agreed supports are in the Success plans sheet.`,
    ]),
    guestEmail: plan.mentorEmail,
    studentId: student.id,
    source: { log: 'successPlans', id: planId },
  };
}
