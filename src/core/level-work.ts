/**
 * Work at the student's current level: the one rule the student panel's checklist and the
 * report's outreach coverage share, so a clerk never sees the panel tick a step the report counts
 * as not done.
 *
 * The toolkit escalates by level and each level asks for its own actions: a family called at L3
 * is called again at L4. So an entry of the Contacts, Home visits, Referrals or Success plans log
 * (each records its Timestamp and the student's "Tier at the time") is work at the student's
 * current level when it is dated since they reached that level, in this school year:
 *
 * - When History can tell (the current import's snapshot has the student in their current tier,
 *   and "In tier since" is later than the oldest import History keeps), an entry counts when
 *   dated on or after the later of the school year start and that day. On that day itself, only
 *   one logged at the current tier counts: one logged that morning, before the import, was about
 *   the tier the student had.
 * - When History cannot tell (no snapshot of the current import, another tier there, or in this
 *   tier since the oldest import History keeps, so perhaps since before it), an entry counts when
 *   it is dated in this school year and its "Tier at the time" is the current tier.
 *
 * An entry whose date cannot be read counts for neither. Days are calendar days in the
 * spreadsheet's time zone (days since 1970-01-01, as the report counts them).
 */
import { Snapshot } from './report/history';
import { dayNumber, instantOf, isoDayNumber } from './report/numbers';

/** Where the student's work at their current level starts. */
export interface LevelStart {
  /** The student's current tier ('L4'). */
  tier: string;
  /** The school year's first day (Settings); -Infinity when Settings has none the toolkit can read. */
  yearStart: number;
  /** The day History first saw the student in this tier, when History can tell (tierSinceDay); null when it cannot. */
  since: number | null;
}

/** Settings' "School year start" (yyyy-mm-dd) as a day number; -Infinity when it cannot be read. */
export function schoolYearStartDay(schoolYearStart: string): number {
  return isoDayNumber(schoolYearStart) ?? Number.NEGATIVE_INFINITY;
}

/**
 * The calendar day of a log cell in the spreadsheet's time zone, each date at its own offset: a
 * Date cell (a date a person typed, or a timestamp) or an ISO date-time at the offset of that
 * instant; a date typed as text (2026-11-23, 11/23/2026) is that day. Null when it holds no date.
 */
export function logDay(value: unknown, offsetAt: (ms: number) => number): number | null {
  if (typeof value === 'string') {
    const t = value.trim();
    const iso = isoDayNumber(t);
    if (iso !== null) return iso;
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (us) return isoDayNumber(`${us[3]}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}`);
  }
  const ms = instantOf(value, 0);
  return ms === null ? null : dayNumber(ms, offsetAt(ms));
}

/**
 * The day History says the student reached their current tier, or null when History cannot tell:
 * `snapshot` is the student's row in the current import's snapshot (null without one),
 * `oldestImportDay` the day of the oldest import History keeps.
 */
export function tierSinceDay(
  tier: string,
  snapshot: Pick<Snapshot, 'tier' | 'tierSince'> | null | undefined,
  oldestImportDay: number | null,
  tzOffsetMinutes: number,
): number | null {
  if (!snapshot || snapshot.tier !== tier || snapshot.tierSince === null) return null;
  const since = dayNumber(snapshot.tierSince, tzOffsetMinutes);
  // In this tier since the oldest import kept: perhaps since before it, so History cannot tell.
  return oldestImportDay !== null && since > oldestImportDay ? since : null;
}

const tierText = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim().toUpperCase());

/** True when an entry (its day, and its "Tier at the time") is work at the student's current level. */
export function atCurrentLevel(level: LevelStart, day: number | null, tierAtTheTime: unknown): boolean {
  if (day === null || day < level.yearStart) return false;
  const sameTier = tierText(tierAtTheTime) === level.tier.toUpperCase();
  if (level.since === null) return sameTier;
  return day > level.since || (day === level.since && sameTier);
}
