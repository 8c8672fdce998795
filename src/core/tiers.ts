import { AttendanceRules, DEFAULT_RULES, TIER_IDS, TierId } from './rules';

/**
 * The level for a number of days absent. Bands are closed at their lower bound:
 * a student with 1.5 days (two half days) is still L1 until the second full day.
 */
export function tierFor(daysAbsent: number, rules: AttendanceRules = DEFAULT_RULES): TierId {
  const starts = rules.tierStarts;
  for (let i = starts.length - 1; i >= 0; i--) if (daysAbsent >= starts[i]) return TIER_IDS[i + 1];
  return 'L1';
}

/**
 * A student's tier: by days absent, and none without an absence figure or before the first
 * enrolled day (0 days enrolled), so that the tiers add up to the students with attendance.
 */
export function studentTier(daysAbsent: number | null, daysEnrolled: number | null, rules: AttendanceRules = DEFAULT_RULES): TierId | null {
  return daysAbsent !== null && daysEnrolled !== null && daysEnrolled > 0 ? tierFor(daysAbsent, rules) : null;
}

/**
 * Chronically absent: absent on at least the chronic share (10%) of enrolled days.
 * Compared with a small tolerance so that 5 of 50 days counts as exactly 10%.
 */
export function isChronic(daysAbsent: number, daysEnrolled: number, rules: AttendanceRules = DEFAULT_RULES): boolean {
  if (!(daysEnrolled > 0)) return false;
  return daysAbsent + 1e-9 >= rules.chronicShare * daysEnrolled;
}

/** Share of enrolled days attended, 0..1; null when the student has no enrolled days. */
export function attendanceRate(daysAbsent: number, daysEnrolled: number): number | null {
  if (!(daysEnrolled > 0)) return null;
  return (daysEnrolled - daysAbsent) / daysEnrolled;
}

/**
 * Students whose tier or chronic flag on the Roster differs from what the current rules give:
 * the tier bands or the chronic share were changed on the Settings sheet after the import. The
 * roster keeps what the import gave until the next import; the report says so.
 */
export function studentsTieredByOtherRules(
  students: readonly { daysAbsent: number | null; daysEnrolled: number | null; tier: TierId | null; chronic: boolean }[],
  rules: AttendanceRules,
): number {
  let n = 0;
  for (const s of students) {
    // No enrolled days yet: untiered whatever the rules (a Roster from before stored L1; not a rules change).
    if (s.daysEnrolled === 0) continue;
    if (s.tier !== studentTier(s.daysAbsent, s.daysEnrolled, rules)) n++;
    else if (s.daysAbsent !== null && s.daysEnrolled !== null && s.chronic !== isChronic(s.daysAbsent, s.daysEnrolled, rules)) n++;
  }
  return n;
}
