/**
 * The hook between the student panel and the Outreach feature's Calendar follow-ups.
 *
 * A saved success plan produces a FollowUp (src/core/follow-ups.ts). The Calendar side
 * (src/gas/success-plan-calendar.ts) calls `registerFollowUpScheduler(fn)` when the bundle loads;
 * `fn` creates the Calendar event (never a second one for the same `key`) and returns a short
 * sentence for the user. Without a scheduler, follow-ups are only returned to the sidebar.
 */
import { FollowUp } from '../core/follow-ups';

export type FollowUpScheduler = (followUp: FollowUp) => string;

let scheduler: FollowUpScheduler | null = null;

export function registerFollowUpScheduler(fn: FollowUpScheduler | null): void {
  scheduler = fn;
}

/**
 * Schedule a follow-up if a scheduler is registered. Runs after the entry is saved and the lock
 * released; a failure here never undoes the saved entry, it only changes the message.
 */
export function scheduleFollowUp(followUp: FollowUp | null): { scheduled: boolean; message: string } {
  if (!followUp) return { scheduled: false, message: '' };
  if (!scheduler) return { scheduled: false, message: '' };
  try {
    return { scheduled: true, message: scheduler(followUp) };
  } catch {
    return { scheduled: false, message: 'The calendar follow-up could not be made; the plan itself was saved.' };
  }
}
