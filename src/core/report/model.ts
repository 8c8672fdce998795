/**
 * The bi-weekly report's numbers, computed once from the roster, the History and the log sheets.
 * The Report sheet, report.html and the principals' emails all render this one model (through
 * tables.ts), so they cannot disagree.
 *
 * Populations:
 * - roster: every student on the Roster sheet;
 * - enrolled: days enrolled > 0;
 * - no attendance reported: enrolled, but the export gave no absence figure;
 * - with attendance: enrolled, with an absence figure and a tier. Rates, tiers, bands, groups,
 *   movement and projections count these students (the toolkit's tables count them too).
 */
import { LogRow } from '../logs';
import { TIER_IDS, TierId, tierRule } from '../rules';
import { Settings } from '../settings';
import { GRADES, gradeBand, Student } from '../student';
import { hasAttendance, ImportRecord, Snapshot } from './history';
import { dayNumber, instantOf, isoDayNumber, pct1, points, round1, sharePct } from './numbers';
import { suppressGroups } from './suppression';

export type TierCounts = Record<TierId, number>;

/** Attendance Works' bands by share of enrolled days missed. */
export const BANDS = [
  { id: 'under5', label: 'Under 5% (satisfactory)' },
  { id: '5to10', label: '5% to under 10% (at risk)' },
  { id: '10to20', label: '10% to under 20% (moderate chronic)' },
  { id: '20plus', label: '20% or more (severe chronic)' },
] as const;

export interface Counts {
  /** Students with attendance. */
  students: number;
  chronic: number;
  tiers: TierCounts;
  /** Students in each of BANDS, in order. */
  bands: number[];
}

export interface Group extends Counts {
  label: string;
  hidden: boolean;
}

export interface Breakdown {
  key: string;
  /** "School", "Grade", "Ethnicity" ... */
  label: string;
  groups: Group[];
}

export interface Headline {
  roster: number;
  enrolled: number;
  noAttendance: number;
  withAttendance: number;
  chronic: number;
  enrolledPct: number | null;
  noAttendancePct: number | null;
  withAttendancePct: number | null;
  chronicPct: number | null;
  goalPct: number;
  /** Chronic rate minus the goal, in percentage points (positive: above the goal). */
  distance: number | null;
}

export interface TrendPoint {
  label: string;
  importedAt: number;
  chronicPct: number | null;
  withAttendance: number;
}

export type Direction = 'up' | 'down';

export interface MovementRow {
  student: Student;
  before: Snapshot;
  direction: Direction;
}

export interface SchoolMovement {
  school: string;
  students: number;
  up: number;
  down: number;
  same: number;
  added: number;
  hidden: boolean;
}

export interface Movement {
  /** The import compared with; null when there is none in this school year. */
  previous: ImportRecord | null;
  rows: MovementRow[];
  bySchool: SchoolMovement[];
  totals: { up: number; down: number; same: number; added: number; left: number };
  /** matrix[before][now] over TIER_IDS. */
  matrix: number[][];
}

export interface WarningRow {
  student: Student;
  /** Absences per enrolled day used for the projection. */
  rate: number;
  /** "since 2026-11-09" or "year to date". */
  basis: string;
  projectedDays: number;
  projectedPct: number;
}

export interface Warning {
  /** School days so far: the most days enrolled of any student. */
  daysSoFar: number;
  daysLeft: number;
  daysInYear: number;
  rows: WarningRow[];
  bySchool: { school: string; notChronic: number; projected: number; hidden: boolean }[];
}

export interface OverdueReferral {
  studentId: string;
  studentName: string;
  school: string;
  referralId: string;
  partner: string;
  status: string;
  lastUpdate: number;
  dueDay: number;
  daysOverdue: number;
}

export interface SchoolCoverage {
  school: string;
  inTiers: number;
  covered: number;
  openReferrals: number;
  overdue: number;
  hidden: boolean;
}

export interface Coverage {
  /** Which of the log sheets were found. */
  logsFound: string[];
  bySchool: SchoolCoverage[];
  district: Omit<SchoolCoverage, 'school' | 'hidden'>;
  overdue: OverdueReferral[];
}

export interface ReportModel {
  generatedAt: number;
  tzOffsetMinutes: number;
  dateLabel: string;
  minGroup: number;
  chronicShare: number;
  /** The Settings' tier bands, for the toolkit tables' row labels. */
  tierStarts: readonly number[];
  headline: Headline;
  district: Counts;
  elementary: Group;
  high: Group;
  /** With attendance but a grade the toolkit does not recognize (counted in the district table only). */
  unknownGrade: number;
  bySchool: Breakdown;
  byGrade: Breakdown;
  bySubgroup: Breakdown[];
  trend: TrendPoint[];
  movement: Movement;
  warning: Warning;
  coverage: Coverage;
  /** The students, for per-school views (emails); not rendered as such. */
  students: readonly Student[];
}

export interface LogSheets {
  contacts?: readonly LogRow[];
  homeVisits?: readonly LogRow[];
  referrals?: readonly LogRow[];
}

export interface ReportInputs {
  students: readonly Student[];
  settings: Settings;
  /** The Imports sheet, oldest first. */
  imports: readonly ImportRecord[];
  /** ID of the import that made the roster (the last import), if known. */
  currentImportId: string | null;
  /** Snapshot of the import before the current one, by student ID. */
  previous: ReadonlyMap<string, Snapshot> | null;
  /** Snapshot of the current import (for "In tier since"). */
  latest: ReadonlyMap<string, Snapshot> | null;
  logs: LogSheets;
  now: number;
  tzOffsetMinutes: number;
}

const DAY_MS = 86400000;

export function emptyTiers(): TierCounts {
  return { L1: 0, L2: 0, L3: 0, L4: 0, L5: 0, L6: 0 };
}

export function bandOf(daysAbsent: number, daysEnrolled: number): number {
  // absent/enrolled >= 5% <=> 20 * absent >= enrolled; a small tolerance as for the chronic flag.
  if (daysAbsent * 5 + 1e-9 >= daysEnrolled) return 3;
  if (daysAbsent * 10 + 1e-9 >= daysEnrolled) return 2;
  if (daysAbsent * 20 + 1e-9 >= daysEnrolled) return 1;
  return 0;
}

/** Tier, chronic and band counts of the students with attendance among these. */
export function countStudents(students: Iterable<Student>): Counts {
  const c: Counts = { students: 0, chronic: 0, tiers: emptyTiers(), bands: [0, 0, 0, 0] };
  for (const s of students) {
    if (!hasAttendance(s)) continue;
    c.students++;
    if (s.chronic) c.chronic++;
    c.tiers[s.tier as TierId]++;
    c.bands[bandOf(s.daysAbsent as number, s.daysEnrolled as number)]++;
  }
  return c;
}

const NOT_RECORDED = 'Not recorded';

/** Students grouped by a key, counted, in the given order, with small groups hidden (complementary). */
export function breakdown(
  key: string,
  label: string,
  students: readonly Student[],
  keyOf: (s: Student) => string,
  minGroup: number,
  order: 'alpha' | 'size' | readonly string[],
): Breakdown {
  const members = new Map<string, Student[]>();
  for (const s of students) {
    if (!hasAttendance(s)) continue;
    const k = keyOf(s).trim() || NOT_RECORDED;
    let list = members.get(k);
    if (!list) members.set(k, (list = []));
    list.push(s);
  }
  let groups: Group[] = [...members].map(([k, list]) => ({ label: k, hidden: false, ...countStudents(list) }));
  if (order === 'alpha') groups.sort((a, b) => a.label.localeCompare(b.label));
  else if (order === 'size') groups.sort((a, b) => b.students - a.students || a.label.localeCompare(b.label));
  else {
    const rank = (g: Group) => (order.indexOf(g.label) < 0 ? order.length : order.indexOf(g.label));
    groups = groups.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
  }
  const hidden = suppressGroups(
    groups.map((g) => g.students),
    minGroup,
  );
  groups.forEach((g, i) => (g.hidden = hidden[i]));
  return { key, label, groups };
}

export const SUBGROUPS: readonly { key: string; label: string; of: (s: Student) => string }[] = [
  { key: 'ethnicity', label: 'Ethnicity', of: (s) => s.ethnicity },
  { key: 'gender', label: 'Gender', of: (s) => s.gender },
  { key: 'englishLearner', label: 'English learner', of: (s) => s.englishLearner },
  { key: 'specialEducation', label: 'Special education', of: (s) => s.specialEducation },
  { key: 'homeLanguage', label: 'Home language', of: (s) => s.homeLanguage },
];

function headline(students: readonly Student[], settings: Settings): Headline {
  let enrolled = 0;
  let noAttendance = 0;
  let withAttendance = 0;
  let chronic = 0;
  for (const s of students) {
    if ((s.daysEnrolled ?? 0) > 0) {
      enrolled++;
      if (s.daysAbsent === null) noAttendance++;
    }
    if (hasAttendance(s)) {
      withAttendance++;
      if (s.chronic) chronic++;
    }
  }
  const roster = students.length;
  const chronicPct = pct1(chronic, withAttendance);
  const goalPct = sharePct(settings.districtGoal);
  return {
    roster,
    enrolled,
    noAttendance,
    withAttendance,
    chronic,
    enrolledPct: pct1(enrolled, roster),
    noAttendancePct: pct1(noAttendance, roster),
    withAttendancePct: pct1(withAttendance, roster),
    chronicPct,
    goalPct,
    distance: chronicPct === null ? null : points(chronicPct, goalPct),
  };
}

function tierIndex(t: TierId): number {
  return TIER_IDS.indexOf(t);
}

function schoolYearStartDay(settings: Settings): number {
  return isoDayNumber(settings.schoolYearStart) ?? Number.NEGATIVE_INFINITY;
}

function inSchoolYear(r: ImportRecord, settings: Settings, tz: number): boolean {
  return dayNumber(r.importedAt, tz) >= schoolYearStartDay(settings);
}

/** The import the current roster is compared with: the one before the current import, in this school year. */
export function previousImport(
  inputs: Pick<ReportInputs, 'imports' | 'currentImportId' | 'settings' | 'tzOffsetMinutes'>,
): ImportRecord | null {
  const list = inputs.imports;
  const last = list[list.length - 1];
  const prev = last && last.importId === inputs.currentImportId ? list[list.length - 2] : last;
  return prev && inSchoolYear(prev, inputs.settings, inputs.tzOffsetMinutes) ? prev : null;
}

function trend(inputs: ReportInputs, head: Headline, dateOf: (ms: number) => string): TrendPoint[] {
  const points: TrendPoint[] = inputs.imports
    .filter((r) => inSchoolYear(r, inputs.settings, inputs.tzOffsetMinutes))
    .map((r) => ({
      label: dateOf(r.importedAt),
      importedAt: r.importedAt,
      chronicPct: pct1(r.chronic, r.withAttendance),
      withAttendance: r.withAttendance,
    }));
  const last = inputs.imports[inputs.imports.length - 1];
  if (!last || last.importId !== inputs.currentImportId) {
    points.push({ label: dateOf(inputs.now), importedAt: inputs.now, chronicPct: head.chronicPct, withAttendance: head.withAttendance });
  }
  return points;
}

function movement(inputs: ReportInputs, schools: Breakdown): Movement {
  const previous = inputs.previous ? previousImport(inputs) : null;
  const matrix = TIER_IDS.map(() => TIER_IDS.map(() => 0));
  const totals = { up: 0, down: 0, same: 0, added: 0, left: 0 };
  const rows: MovementRow[] = [];
  const perSchool = new Map<string, SchoolMovement>();
  for (const g of schools.groups)
    perSchool.set(g.label, { school: g.label, students: g.students, up: 0, down: 0, same: 0, added: 0, hidden: g.hidden });
  if (!previous || !inputs.previous) return { previous: null, rows, bySchool: [...perSchool.values()], totals, matrix };
  const seen = new Set<string>();
  for (const s of inputs.students) {
    seen.add(s.id);
    if (!hasAttendance(s)) continue;
    const school = perSchool.get(s.school.trim() || NOT_RECORDED);
    const before = inputs.previous.get(s.id);
    if (!before || before.tier === null) {
      totals.added++;
      if (school) school.added++;
      continue;
    }
    const now = tierIndex(s.tier as TierId);
    const was = tierIndex(before.tier);
    matrix[was][now]++;
    const direction: Direction | null = now > was ? 'up' : now < was ? 'down' : null;
    if (!direction) {
      totals.same++;
      if (school) school.same++;
      continue;
    }
    totals[direction]++;
    if (school) school[direction]++;
    rows.push({ student: s, before, direction });
  }
  for (const id of inputs.previous.keys()) if (!seen.has(id)) totals.left++;
  rows.sort(
    (a, b) =>
      a.student.school.localeCompare(b.student.school) ||
      (a.direction === b.direction ? 0 : a.direction === 'up' ? -1 : 1) ||
      tierIndex(b.student.tier as TierId) - tierIndex(a.student.tier as TierId) ||
      a.student.name.localeCompare(b.student.name),
  );
  return { previous, rows, bySchool: [...perSchool.values()], totals, matrix };
}

/**
 * Early warning: students not yet chronically absent who, at their current pace, would miss at
 * least the chronic share (10%) of their enrolled days by the end of the school year.
 *
 * Current pace: absences per enrolled day since the previous import (when the student was in it
 * and has enrolled days since); otherwise the year-to-date rate. Days left: days in the school
 * year (Settings) minus the school days so far (the most days enrolled of any student).
 * Projected days missed by June = days absent so far + pace x days left; the student is listed
 * when that reaches the chronic share of (days enrolled + days left). A student whose pace is
 * their year-to-date rate cannot cross (their share stays the same), so the list fills once the
 * History has a previous import to measure the recent pace against.
 */
function warning(inputs: ReportInputs, schools: Breakdown, dateOf: (ms: number) => string): Warning {
  const { settings } = inputs;
  const share = settings.rules.chronicShare;
  let daysSoFar = 0;
  for (const s of inputs.students) if ((s.daysEnrolled ?? 0) > daysSoFar) daysSoFar = s.daysEnrolled as number;
  const daysInYear = settings.daysInSchoolYear;
  const daysLeft = Math.max(0, daysInYear - daysSoFar);
  const previous = previousImport(inputs);
  const since = previous ? `since ${dateOf(previous.importedAt)}` : '';
  const rows: WarningRow[] = [];
  const perSchool = new Map(schools.groups.map((g) => [g.label, { school: g.label, notChronic: 0, projected: 0, hidden: g.hidden }]));
  for (const s of inputs.students) {
    if (!hasAttendance(s) || s.chronic) continue;
    const school = perSchool.get(s.school.trim() || NOT_RECORDED);
    if (school) school.notChronic++;
    const a = s.daysAbsent as number;
    const e = s.daysEnrolled as number;
    const before = previous ? inputs.previous?.get(s.id) : undefined;
    let rate = a / e;
    let basis = 'year to date';
    if (before && before.daysEnrolled !== null && before.daysAbsent !== null && e - before.daysEnrolled > 0 && a - before.daysAbsent >= 0) {
      rate = (a - before.daysAbsent) / (e - before.daysEnrolled);
      basis = since;
    }
    const projected = a + rate * daysLeft;
    if (daysLeft > 0 && projected + 1e-9 >= share * (e + daysLeft)) {
      if (school) school.projected++;
      rows.push({ student: s, rate, basis, projectedDays: round1(projected), projectedPct: pct1(projected, e + daysLeft) as number });
    }
  }
  rows.sort(
    (x, y) =>
      x.student.school.localeCompare(y.student.school) || y.projectedDays - x.projectedDays || x.student.name.localeCompare(y.student.name),
  );
  return { daysSoFar, daysLeft, daysInYear, rows, bySchool: [...perSchool.values()] };
}

const CLOSED = /\b(closed|complete|completed|declined|withdrawn|ended|resolved|done|cancell?ed)\b/i;
const BIWEEKLY_DAYS = 14;

function str(v: unknown): string {
  return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim();
}

/**
 * Outreach coverage. A student in L2-L6 counts as reached when the Contacts, Home visits or
 * Referrals log has an entry for them made since they entered their current tier: an entry whose
 * "Tier at the time" is their current tier, or dated on or after the day History first saw them
 * in it. A referral's bi-weekly update is overdue when its latest entry (by Referral ID) is not
 * closed and its "Next update due" (or, if blank, 14 days after that entry) is before today.
 */
function coverage(inputs: ReportInputs, schools: Breakdown): Coverage {
  const tz = inputs.tzOffsetMinutes;
  const today = dayNumber(inputs.now, tz);
  const logsFound: string[] = [];
  const entries = new Map<string, { day: number | null; tier: string }[]>();
  const add = (rows: readonly LogRow[] | undefined, name: string) => {
    if (!rows) return;
    logsFound.push(name);
    for (const r of rows) {
      const id = str(r['Student ID']);
      if (!id) continue;
      const when = instantOf(r['Timestamp'], tz);
      let list = entries.get(id);
      if (!list) entries.set(id, (list = []));
      list.push({ day: when === null ? null : dayNumber(when, tz), tier: str(r['Tier at the time']).toUpperCase() });
    }
  };
  add(inputs.logs.contacts, 'Contacts');
  add(inputs.logs.homeVisits, 'Home visits');
  add(inputs.logs.referrals, 'Referrals');

  const byId = new Map(inputs.students.map((s) => [s.id, s]));
  const perSchool = new Map<string, SchoolCoverage>(
    schools.groups.map((g) => [g.label, { school: g.label, inTiers: 0, covered: 0, openReferrals: 0, overdue: 0, hidden: g.hidden }]),
  );
  const district = { inTiers: 0, covered: 0, openReferrals: 0, overdue: 0 };
  for (const s of inputs.students) {
    if (!hasAttendance(s) || s.tier === 'L1') continue;
    const school = perSchool.get(s.school.trim() || NOT_RECORDED);
    district.inTiers++;
    if (school) school.inTiers++;
    const snap = inputs.latest?.get(s.id);
    const sinceDay = snap && snap.tier === s.tier && snap.tierSince !== null ? dayNumber(snap.tierSince, tz) : null;
    const reached = (entries.get(s.id) ?? []).some((e) => e.tier === s.tier || (sinceDay !== null && e.day !== null && e.day >= sinceDay));
    if (reached) {
      district.covered++;
      if (school) school.covered++;
    }
  }

  // Referrals: the latest entry of each referral.
  const overdue: OverdueReferral[] = [];
  const latest = new Map<string, { row: LogRow; when: number; index: number }>();
  (inputs.logs.referrals ?? []).forEach((row, index) => {
    const studentId = str(row['Student ID']);
    if (!studentId) return;
    const key = str(row['Referral ID']) || `${studentId}|${str(row['Partner']).toLowerCase()}`;
    const when = instantOf(row['Timestamp'], tz) ?? 0;
    const seen = latest.get(key);
    if (!seen || when > seen.when || (when === seen.when && index > seen.index)) latest.set(key, { row, when, index });
  });
  for (const [key, { row, when }] of latest) {
    if (CLOSED.test(str(row['Status']))) continue;
    const studentId = str(row['Student ID']);
    const student = byId.get(studentId);
    const schoolName = student ? student.school.trim() || NOT_RECORDED : str(row['School']);
    const school = perSchool.get(schoolName);
    district.openReferrals++;
    if (school) school.openReferrals++;
    const dueAt = instantOf(row['Next update due'], tz);
    const dueDay = dueAt !== null ? dayNumber(dueAt, tz) : dayNumber(when, tz) + BIWEEKLY_DAYS;
    if (today <= dueDay) continue;
    district.overdue++;
    if (school) school.overdue++;
    overdue.push({
      studentId,
      studentName: student?.name ?? str(row['Student name']),
      school: schoolName,
      referralId: str(row['Referral ID']) || key.split('|')[0],
      partner: str(row['Partner']),
      status: str(row['Status']),
      lastUpdate: when,
      dueDay,
      daysOverdue: today - dueDay,
    });
  }
  overdue.sort((a, b) => a.school.localeCompare(b.school) || b.daysOverdue - a.daysOverdue || a.studentName.localeCompare(b.studentName));
  return { logsFound, bySchool: [...perSchool.values()], district, overdue };
}

export function buildModel(inputs: ReportInputs): ReportModel {
  const { settings, students } = inputs;
  const tz = inputs.tzOffsetMinutes;
  const dateOf = (ms: number) => {
    const d = new Date(dayNumber(ms, tz) * DAY_MS);
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  };
  const minGroup = settings.smallGroupSize;
  const head = headline(students, settings);
  const known = (s: Student) => (GRADES as readonly string[]).includes(s.grade);
  const elementaryCounts = countStudents(students.filter((s) => known(s) && gradeBand(s.grade) === 'Elementary K-8'));
  const highCounts = countStudents(students.filter((s) => known(s) && gradeBand(s.grade) === 'High School 9-12'));
  const bandHidden = suppressGroups([elementaryCounts.students, highCounts.students], minGroup);
  const district = countStudents(students);
  const bySchool = breakdown('school', 'School', students, (s) => s.school, minGroup, 'alpha');
  return {
    generatedAt: inputs.now,
    tzOffsetMinutes: tz,
    dateLabel: dateOf(inputs.now),
    minGroup,
    chronicShare: settings.rules.chronicShare,
    tierStarts: settings.rules.tierStarts,
    headline: head,
    district,
    elementary: { label: 'Elementary K-8', hidden: bandHidden[0], ...elementaryCounts },
    high: { label: 'High School 9-12', hidden: bandHidden[1], ...highCounts },
    unknownGrade: district.students - elementaryCounts.students - highCounts.students,
    bySchool,
    byGrade: breakdown('grade', 'Grade', students, (s) => s.grade, minGroup, GRADES),
    bySubgroup: SUBGROUPS.map((g) => breakdown(g.key, g.label, students, g.of, minGroup, 'size')),
    trend: trend(inputs, head, dateOf),
    movement: movement(inputs, bySchool),
    warning: warning(inputs, bySchool, dateOf),
    coverage: coverage(inputs, bySchool),
    students,
  };
}

/** The toolkit's label for a tier row: "L2 = 2 to 5 days" (from the rules, so tuned bands read right). */
export function tierLabel(id: TierId, tierStarts?: readonly number[]): string {
  const i = TIER_IDS.indexOf(id);
  const rule = tierRule(id);
  const start = i === 0 ? 0 : (tierStarts?.[i - 1] ?? rule.minDays);
  const nextStart = i < TIER_IDS.length - 1 ? (tierStarts?.[i] ?? tierRule(TIER_IDS[i + 1]).minDays) : null;
  if (i === 0) return `${id} = on Track`;
  if (nextStart === null) return `${id} = ${start} Plus days`;
  return `${id} = ${start} to ${nextStart - 1} days`;
}
