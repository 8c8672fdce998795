/**
 * A success plan's next check-in becomes a Calendar follow-up for the mentor: an all-day event on
 * the check-in date in the calendar of the person who saved the plan, with the mentor as a guest
 * and a reminder. The event's ID comes from the plan and date (as the Outreach follow-ups' do),
 * so saving the plan again, or an interrupted save, never makes a second event.
 */
import { FollowUp } from '../core/follow-ups';
import { eventId } from '../core/outreach/follow-up';
import { registerFollowUpScheduler } from './follow-ups';

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const day = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' });

export function scheduleSuccessPlanCheckIn(f: FollowUp): string {
  if (f.heldBy) {
    return `The check-in on ${day(f.date)} is already on the calendar of ${f.heldBy}, whose save of this plan set it.`;
  }
  const id = eventId(SpreadsheetApp.getActiveSpreadsheet().getId(), f.key, f.date);
  const guests = f.guestEmail ? [{ email: f.guestEmail }] : [];
  const event: GoogleAppsScript.Calendar.Schema.Event = {
    id,
    summary: f.title,
    description: f.description,
    // All-day events end on the next day (the end date is exclusive).
    start: { date: f.date },
    end: { date: nextDay(f.date) },
    attendees: guests,
    reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 16 * 60 }] },
    extendedProperties: { private: { attendanceToolkit: 'success-plan-check-in' } },
  };
  try {
    Calendar!.Events!.insert(event, 'primary', { sendUpdates: guests.length ? 'all' : 'none' });
  } catch (e) {
    if (!/already exists/i.test(String((e as Error)?.message))) throw e;
    // Made before (a save again), or taken off when the check-in moved away and now moved back:
    // a deleted event keeps its ID, cancelled, and only a patch to "confirmed" brings it back.
    const was = Calendar!.Events!.get('primary', id);
    const back = was.status === 'cancelled';
    Calendar!.Events!.patch(
      back
        ? { summary: f.title, description: f.description, status: 'confirmed', attendees: guests }
        : { summary: f.title, description: f.description },
      'primary',
      id,
      { sendUpdates: back && guests.length ? 'all' : 'none' },
    );
  }
  const message = `The check-in on ${day(f.date)} is on your calendar${f.guestEmail ? `, with ${f.guestEmail} invited` : ''}.`;
  if (!f.replaces) return message;
  if (f.replaces.heldBy) {
    return `${message} The one on ${day(f.replaces.date)} is on the calendar of ${f.replaces.heldBy}: ask them to take it off.`;
  }
  // The check-in moved: the earlier day's event goes, its guests told. It may be on another
  // staff member's calendar (they saved the plan before) or already deleted: then it is left be.
  try {
    const old = eventId(SpreadsheetApp.getActiveSpreadsheet().getId(), f.replaces.key, f.replaces.date);
    const was = Calendar!.Events!.get('primary', old);
    // Only an event this calendar organises: a mentor saving the plan holds a guest's copy.
    if (was.status === 'cancelled' || was.organizer?.self !== true) return message;
    Calendar!.Events!.remove('primary', old, { sendUpdates: 'all' });
    return `${message} The one on ${day(f.replaces.date)} was taken off the calendar.`;
  } catch {
    return `${message} If the check-in on ${day(f.replaces.date)} is on a calendar, remove it there.`;
  }
}

registerFollowUpScheduler(scheduleSuccessPlanCheckIn);
