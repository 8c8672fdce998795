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
import { atCurrentLevel, LevelStart, logDay, schoolYearStartDay, tierSinceDay } from '../level-work';
import { isClosedStatus, LogRow } from '../logs';
import { TIER_IDS, TierId, tierRule } from '../rules';
import { Settings } from '../settings';
import { Grade, GRADES, gradeBand, Student } from '../student';
import { hasAttendance, ImportRecord, Snapshot } from './history';
import { dayNumber, instantOf, pct1, points, round1, sharePct } from './numbers';
import { LinkedEntry, LinkedLine, suppressLinked } from './suppression';

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

/** One group of the roster: on it, enrolled (days enrolled > 0), and enrolled with no absence figure. */
export interface EnrollmentRow {
  label: string;
  roster: number;
  enrolled: number;
  noAttendance: number;
  hidden: boolean;
}

/** The strategic plan's % enrolled and % no attendance reported, by the groups of one breakdown. */
export interface Enrollment {
  key: string;
  label: string;
  rows: EnrollmentRow[];
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
  /**
   * The goal is met: the exact rate is under it. Decided on the counts, not the rounded rate: 86
   * of 287 (29.97%) shows as 30.0% and a distance of 0.0, yet is under 30%.
   */
  goalMet: boolean | null;
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
  /**
   * An earlier import of this school year gives the recent pace. Without one, every pace is the
   * year-to-date rate, which cannot cross the line: no one can be projected yet, and the report
   * says so rather than "0 projected".
   */
  measured: boolean;
  /** School days so far (see schoolDaysSoFar). */
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
  /** The day of the last update in the spreadsheet's time zone (at that date's own offset); null when unreadable. */
  lastUpdateDay: number | null;
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
  /**
   * The district itself has fewer than minGroup students with attendance: every district figure
   * that splits them (tiers, bands, chronic, movement, coverage) would be a small group's, and
   * with one school the very figures its hidden row holds. Only the district's student counts
   * are shown (see reportDocument).
   */
  districtHidden: boolean;
  elementary: Group;
  high: Group;
  /** With attendance but a grade the toolkit does not recognize (counted in the district table only). */
  unknownGrade: number;
  /** That count is a small group's (or would let one be worked out): shown as "n<10". */
  unknownGradeHidden: boolean;
  bySchool: Breakdown;
  byGrade: Breakdown;
  bySubgroup: Breakdown[];
  /** Enrollment and attendance reported by school, by grade and by each student group (see enrollmentOf). */
  enrollment: Enrollment[];
  /** Each school's own tables (grade, then each of SUBGROUPS) for its principal, suppressed with the district's. */
  schoolBreakdowns: ReadonlyMap<string, Breakdown[]>;
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
  /**
   * The spreadsheet's offset from UTC at an instant, in minutes: a date typed in October (summer
   * time) is midnight at that day's offset, not today's. Log dates are read with it; without it,
   * tzOffsetMinutes is used for every date.
   */
  tzOffsetAt?: (ms: number) => number;
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

/** The key a student is grouped by: the value as written, or "Not recorded" when blank. */
function keyOf(of: (s: Student) => string): (s: Student) => string {
  return (s) => of(s).trim() || NOT_RECORDED;
}

/** Students with attendance grouped by a key and counted, in the given order; nothing hidden yet. */
function groupsOf(students: readonly Student[], key: (s: Student) => string, order: 'alpha' | 'size' | readonly string[]): Group[] {
  const members = new Map<string, Student[]>();
  for (const s of students) {
    if (!hasAttendance(s)) continue;
    const k = key(s);
    let list = members.get(k);
    if (!list) members.set(k, (list = []));
    list.push(s);
  }
  const groups: Group[] = [...members].map(([k, list]) => ({ label: k, hidden: false, ...countStudents(list) }));
  if (order === 'alpha') return groups.sort((a, b) => a.label.localeCompare(b.label));
  if (order === 'size') return groups.sort((a, b) => b.students - a.students || a.label.localeCompare(b.label));
  const rank = (g: Group) => (order.indexOf(g.label) < 0 ? order.length : order.indexOf(g.label));
  return groups.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}

export const SUBGROUPS: readonly { key: string; label: string; of: (s: Student) => string }[] = [
  { key: 'ethnicity', label: 'Ethnicity', of: (s) => s.ethnicity },
  { key: 'gender', label: 'Gender', of: (s) => s.gender },
  { key: 'englishLearner', label: 'English learner', of: (s) => s.englishLearner },
  { key: 'specialEducation', label: 'Special education', of: (s) => s.specialEducation },
  { key: 'homeLanguage', label: 'Home language', of: (s) => s.homeLanguage },
];

/** The tables a school's students are split by: grade, then each student group. */
const DIMENSIONS: readonly { key: string; label: string; of: (s: Student) => string; order: 'size' | readonly string[] }[] = [
  { key: 'grade', label: 'Grade', of: (s) => s.grade, order: GRADES },
  ...SUBGROUPS.map((g) => ({ ...g, order: 'size' as const })),
];

const ELEMENTARY = 'Elementary K-8';
const HIGH = 'High School 9-12';

function bandOfGrade(grade: string): string | null {
  return (GRADES as readonly string[]).includes(grade) ? gradeBand(grade as Grade) : null;
}

/**
 * What it costs a reader when a figure is hidden, so complements are taken where they cost least:
 * a cell of one school's own table (seen in one email), then a row of a district table, then a
 * band's two toolkit tables; a whole school (its row in four tables, and its email) only when
 * nothing else will do.
 */
const COST = { cell: 0, group: 1, band: 2, school: 10 };

interface GroupTables {
  bySchool: Breakdown;
  byGrade: Breakdown;
  bySubgroup: Breakdown[];
  elementary: Group;
  high: Group;
  unknownGrade: number;
  unknownGradeHidden: boolean;
  schoolBreakdowns: Map<string, Breakdown[]>;
}

/**
 * Every table of groups in the report and in the principals' emails, with small groups hidden
 * across all of them at once (see suppression.ts). The lines that link them:
 * - district = the schools;
 * - district = Elementary K-8 + High School 9-12 + unrecognized grades; each band = its grades;
 * - district = the groups of each student group (ethnicity, gender, ...);
 * - for each school and each of these tables: the school = its own groups (its email), and each
 *   district group = that group's cells in every school.
 */
function groupTables(students: readonly Student[], minGroup: number): GroupTables {
  const entries: LinkedEntry[] = [];
  const lines: LinkedLine[] = [];
  const add = (size: number, cost: number, shownWith?: number) => entries.push({ size, cost, shownWith }) - 1;
  const flagged: { group: Group; entry: number }[] = [];
  const track = (group: Group, entry: number) => flagged.push({ group, entry });

  const district = countStudents(students);
  const total = add(district.students, Infinity);
  const schoolOf = keyOf((s) => s.school);
  const schoolGroups = groupsOf(students, schoolOf, 'alpha');
  const schoolEntry = new Map<string, number>();
  for (const g of schoolGroups) {
    schoolEntry.set(g.label, add(g.students, COST.school));
    track(g, schoolEntry.get(g.label) as number);
  }
  lines.push({ total, parts: [...schoolEntry.values()] });
  const studentsOf = new Map<string, Student[]>(schoolGroups.map((g) => [g.label, []]));
  for (const s of students) if (hasAttendance(s)) studentsOf.get(schoolOf(s))?.push(s);

  const schoolBreakdowns = new Map<string, Breakdown[]>(schoolGroups.map((g) => [g.label, []]));
  const districtBreakdowns: Breakdown[] = [];
  let bands: { elementary: Group; high: Group; unknownGrade: number; unknownEntry: number } | null = null;
  for (const dim of DIMENSIONS) {
    const key = keyOf(dim.of);
    const groups = groupsOf(students, key, dim.order);
    districtBreakdowns.push({ key: dim.key, label: dim.label, groups });
    const margin = new Map<string, number>();
    for (const g of groups) {
      margin.set(g.label, add(g.students, COST.group));
      track(g, margin.get(g.label) as number);
    }
    const cells = new Map<string, number[]>(groups.map((g) => [g.label, []]));
    for (const [school, list] of studentsOf) {
      const own = groupsOf(list, key, dim.order);
      const schoolIdx = schoolEntry.get(school) as number;
      const parts = own.map((g) => {
        const i = add(g.students, COST.cell, schoolIdx);
        track(g, i);
        cells.get(g.label)?.push(i);
        return i;
      });
      lines.push({ total: schoolIdx, parts });
      (schoolBreakdowns.get(school) as Breakdown[]).push({ key: dim.key, label: dim.label, groups: own });
    }
    for (const [label, parts] of cells) lines.push({ total: margin.get(label) as number, parts });
    if (dim.key !== 'grade') {
      lines.push({ total, parts: [...margin.values()] });
      continue;
    }
    const inBand = (band: string | null) => groups.filter((g) => bandOfGrade(g.label) === band).map((g) => margin.get(g.label) as number);
    const of = (band: string) => countStudents(students.filter((s) => bandOfGrade(s.grade.trim()) === band));
    const elementary: Group = { label: ELEMENTARY, hidden: false, ...of(ELEMENTARY) };
    const high: Group = { label: HIGH, hidden: false, ...of(HIGH) };
    const unknownGrade = district.students - elementary.students - high.students;
    const e = add(elementary.students, COST.band);
    const h = add(high.students, COST.band);
    const u = add(unknownGrade, COST.band);
    track(elementary, e);
    track(high, h);
    lines.push({ total, parts: [e, h, u] }, { total: e, parts: inBand(ELEMENTARY) }, { total: h, parts: inBand(HIGH) });
    lines.push({ total: u, parts: inBand(null) });
    bands = { elementary, high, unknownGrade, unknownEntry: u };
  }

  const hidden = suppressLinked(entries, lines, minGroup);
  for (const { group, entry } of flagged) group.hidden = hidden[entry];
  const b = bands as NonNullable<typeof bands>;
  return {
    bySchool: { key: 'school', label: 'School', groups: schoolGroups },
    byGrade: districtBreakdowns[0],
    bySubgroup: districtBreakdowns.slice(1),
    elementary: b.elementary,
    high: b.high,
    unknownGrade: b.unknownGrade,
    unknownGradeHidden: hidden[b.unknownEntry],
    schoolBreakdowns,
  };
}

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
    // Of the enrolled, as its label says: a student not enrolled yet has no attendance to report.
    noAttendancePct: pct1(noAttendance, enrolled),
    withAttendancePct: pct1(withAttendance, roster),
    chronicPct,
    goalPct,
    distance: chronicPct === null ? null : points(chronicPct, goalPct),
    // In tenths of a percent, whole numbers: chronic / withAttendance < goal, without float error.
    goalMet: withAttendance > 0 ? chronic * 1000 < Math.round(goalPct * 10) * withAttendance : null,
  };
}

function tierIndex(t: TierId): number {
  return TIER_IDS.indexOf(t);
}

function inSchoolYear(r: ImportRecord, settings: Settings, tz: number): boolean {
  return dayNumber(r.importedAt, tz) >= schoolYearStartDay(settings.schoolYearStart);
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
 * School days so far in the year, for the early warning's days left. Days enrolled counts a
 * student's school days so far, so the students enrolled since the first day share the right
 * figure and everyone else has fewer; but the import accepts up to 366 days, so one wrong figure
 * must not set it (the most days enrolled of any student would: one student at 200 days would
 * leave no days in the year, and no warning for anyone). The figure is the 90th percentile of the
 * days enrolled of the enrolled students (nearest rank: a tenth of them can be wrong without
 * moving it), and never more than the weekdays from the Settings' school year start to the
 * roster's import date, nor the Settings' days in the school year.
 */
export function schoolDaysSoFar(
  inputs: Pick<ReportInputs, 'students' | 'settings' | 'imports' | 'currentImportId' | 'now' | 'tzOffsetMinutes'>,
): number {
  const days = inputs.students
    .map((s) => s.daysEnrolled ?? 0)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  if (days.length === 0) return 0;
  let soFar = days[Math.ceil(0.9 * days.length) - 1];
  const last = inputs.imports[inputs.imports.length - 1];
  const asOf = last && last.importId === inputs.currentImportId ? last.importedAt : inputs.now;
  const weekdays = weekdaysBetween(schoolYearStartDay(inputs.settings.schoolYearStart), dayNumber(asOf, inputs.tzOffsetMinutes));
  if (weekdays > 0) soFar = Math.min(soFar, weekdays);
  return Math.min(soFar, inputs.settings.daysInSchoolYear);
}

/** Monday to Friday days from one day number to another, both included (0 when the first is later). */
function weekdaysBetween(first: number, last: number): number {
  if (!Number.isFinite(first) || last < first) return 0;
  // Day 0 (1970-01-01) was a Thursday: weekday index (day + 3) % 7 is 0 on Mondays.
  const weeks = Math.floor((last - first + 1) / 7);
  let n = weeks * 5;
  for (let d = first + weeks * 7; d <= last; d++) if ((d + 3) % 7 < 5) n++;
  return n;
}

/**
 * Early warning: students not yet chronically absent who, at their current pace, would miss at
 * least the chronic share (10%) of their enrolled days by the end of the school year.
 *
 * Current pace: absences per enrolled day since the previous import (when the student was in it
 * and has enrolled days since); otherwise the year-to-date rate. Days left: days in the school
 * year (Settings) minus the school days so far (schoolDaysSoFar).
 * Projected days missed by June = days absent so far + pace x days left; the student is listed
 * when that reaches the chronic share of (days enrolled + days left). A student whose pace is
 * their year-to-date rate cannot cross (their share stays the same), so the list fills once the
 * History has a previous import to measure the recent pace against.
 */
function warning(inputs: ReportInputs, schools: Breakdown, dateOf: (ms: number) => string): Warning {
  const { settings } = inputs;
  const share = settings.rules.chronicShare;
  const daysSoFar = schoolDaysSoFar(inputs);
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
      rows.push({ student: s, rate, basis, projectedDays: round1(projected), projectedPct: projectedPct(projected, e + daysLeft, share) });
    }
  }
  rows.sort(
    (x, y) =>
      x.student.school.localeCompare(y.student.school) || y.projectedDays - x.projectedDays || x.student.name.localeCompare(y.student.name),
  );
  const measured = previous !== null && inputs.previous !== null;
  return { measured, daysSoFar, daysLeft, daysInYear, rows, bySchool: [...perSchool.values()] };
}

/**
 * A projection's share of the days, as a percentage to one decimal, from the exact projection:
 * pct1 rounds a fractional count to the nearest half day first (17.68 of 176 days would read 9.9
 * for 10.05%). A listed student reached the chronic share, so never shows under it (at most a
 * hair under, by floating point, before rounding).
 */
export function projectedPct(projected: number, days: number, share: number): number {
  const pct = Math.floor((1000 * projected) / days + 0.5 + 1e-9) / 10;
  const floor = Math.ceil(share * 1000 - 1e-9) / 10;
  return projected + 1e-9 >= share * days ? Math.max(pct, floor) : pct;
}

const BIWEEKLY_DAYS = 14;

function str(v: unknown): string {
  return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim();
}

/**
 * Outreach coverage. A student in L2-L6 counts as reached when the Contacts, Home visits or
 * Referrals log has an entry for them that is work at their current level: dated since they
 * reached it, in this school year, by History's "In tier since" or, when History cannot tell, by
 * the entry's "Tier at the time" (the rule, shared with the student panel's checklist, is in
 * src/core/level-work.ts). So a contact from last school year, from an earlier level, or from an
 * earlier spell in the same tier, does not count.
 *
 * A referral's bi-weekly update is overdue when its latest entry (by Referral ID) is not closed
 * and its "Next update due" (or, if blank, 14 days after that entry) is before today.
 */
function coverage(inputs: ReportInputs, schools: Breakdown): Coverage {
  const tz = inputs.tzOffsetMinutes;
  const offsetAt = inputs.tzOffsetAt ?? (() => tz);
  const dayOf = (v: unknown) => logDay(v, offsetAt);
  const today = dayNumber(inputs.now, tz);
  const yearStart = schoolYearStartDay(inputs.settings.schoolYearStart);
  const oldestDay = inputs.imports.length ? dayNumber(inputs.imports[0].importedAt, tz) : null;
  const logsFound: string[] = [];
  const entries = new Map<string, { day: number | null; tier: unknown }[]>();
  const add = (rows: readonly LogRow[] | undefined, name: string) => {
    if (!rows) return;
    logsFound.push(name);
    for (const r of rows) {
      const id = str(r['Student ID']);
      if (!id) continue;
      let list = entries.get(id);
      if (!list) entries.set(id, (list = []));
      list.push({ day: dayOf(r['Timestamp']), tier: r['Tier at the time'] });
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
    const level: LevelStart = { tier: s.tier!, yearStart, since: tierSinceDay(s.tier!, inputs.latest?.get(s.id), oldestDay, tz) };
    const reached = (entries.get(s.id) ?? []).some((e) => atCurrentLevel(level, e.day, e.tier));
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
    if (isClosedStatus(row['Status'])) continue;
    const studentId = str(row['Student ID']);
    const student = byId.get(studentId);
    // A student no longer on the roster has left the school: the referral is not the school's to chase.
    if (!student) continue;
    const schoolName = student.school.trim() || NOT_RECORDED;
    const school = perSchool.get(schoolName);
    district.openReferrals++;
    if (school) school.openReferrals++;
    const lastUpdateDay = dayOf(row['Timestamp']);
    const dueDay = dayOf(row['Next update due']) ?? (lastUpdateDay ?? dayNumber(when, tz)) + BIWEEKLY_DAYS;
    if (today <= dueDay) continue;
    district.overdue++;
    if (school) school.overdue++;
    overdue.push({
      studentId,
      studentName: student.name,
      school: schoolName,
      referralId: str(row['Referral ID']) || key.split('|')[0],
      partner: str(row['Partner']),
      status: str(row['Status']),
      lastUpdate: when,
      lastUpdateDay,
      dueDay,
      daysOverdue: today - dueDay,
    });
  }
  overdue.sort((a, b) => a.school.localeCompare(b.school) || b.daysOverdue - a.daysOverdue || a.studentName.localeCompare(b.studentName));
  return { logsFound, bySchool: [...perSchool.values()], district, overdue };
}

/**
 * Enrollment and attendance reported by the groups of a breakdown. A group's students with
 * attendance are its enrolled less those with no attendance reported, so a group hidden in the
 * breakdown is hidden here too, or these two figures would give its count. A group nobody's
 * attendance is reported for yet (no row there: not enrolled yet, or none reported) is hidden when
 * fewer students than the smallest group are on the roster in it; and the hidden rows are none or
 * at least two holding the smallest group together, or the district's totals less the rows shown
 * would give them.
 */
function enrollmentOf(
  students: readonly Student[],
  b: Breakdown,
  of: (s: Student) => string,
  minGroup: number,
  hideAll: boolean,
  order: 'alpha' | 'size' | readonly string[],
): Enrollment {
  const key = keyOf(of);
  const counts = new Map<string, EnrollmentRow>();
  for (const s of students) {
    const k = key(s);
    let row = counts.get(k);
    if (!row) counts.set(k, (row = { label: k, roster: 0, enrolled: 0, noAttendance: 0, hidden: false }));
    row.roster++;
    if ((s.daysEnrolled ?? 0) > 0) {
      row.enrolled++;
      if (s.daysAbsent === null) row.noAttendance++;
    }
  }
  const hiddenThere = new Map(b.groups.map((g) => [g.label, g.hidden]));
  const rows = [
    ...b.groups.map((g) => counts.get(g.label)).filter((r): r is EnrollmentRow => r !== undefined),
    ...[...counts.values()].filter((r) => !hiddenThere.has(r.label)).sort((x, y) => x.label.localeCompare(y.label)),
  ];
  // A group with nobody's attendance reported is in its place among the others (grade 4 between 3
  // and 5, a school in alphabetical order), not after them; groups by size keep the table's order.
  if (order === 'alpha') rows.sort((x, y) => x.label.localeCompare(y.label));
  else if (order !== 'size') {
    const rank = (r: EnrollmentRow) => (order.indexOf(r.label) < 0 ? order.length : order.indexOf(r.label));
    rows.sort((x, y) => rank(x) - rank(y) || x.label.localeCompare(y.label));
  }
  for (const r of rows) r.hidden = hideAll || (hiddenThere.get(r.label) ?? r.roster < minGroup);
  for (;;) {
    const hidden = rows.filter((r) => r.hidden);
    const held = hidden.reduce((n, r) => n + r.roster, 0);
    if (hidden.length === 0 || (hidden.length > 1 && held >= minGroup)) break;
    const next = rows.filter((r) => !r.hidden).sort((x, y) => x.roster - y.roster)[0];
    if (!next) break;
    next.hidden = true;
  }
  return { key: b.key, label: b.label, rows };
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
  const district = countStudents(students);
  const groups = groupTables(students, minGroup);
  const districtHidden = district.students > 0 && district.students < minGroup;
  const enrollment = [
    enrollmentOf(students, groups.bySchool, (s) => s.school, minGroup, districtHidden, 'alpha'),
    ...DIMENSIONS.map((d, i) =>
      enrollmentOf(students, i === 0 ? groups.byGrade : groups.bySubgroup[i - 1], d.of, minGroup, districtHidden, d.order),
    ),
  ];
  return {
    generatedAt: inputs.now,
    tzOffsetMinutes: tz,
    dateLabel: dateOf(inputs.now),
    minGroup,
    chronicShare: settings.rules.chronicShare,
    tierStarts: settings.rules.tierStarts,
    headline: head,
    district,
    districtHidden,
    ...groups,
    enrollment,
    trend: trend(inputs, head, dateOf),
    movement: movement(inputs, groups.bySchool),
    warning: warning(inputs, groups.bySchool, dateOf),
    coverage: coverage(inputs, groups.bySchool),
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
