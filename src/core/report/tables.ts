/**
 * The report as tables: every section of the Report sheet, report.html and the principals'
 * emails, with small groups already shown as "n<10". The renderers only lay these tables out.
 */
import { DISTRICT_GOAL, TIER_IDS } from '../rules';
import { Student } from '../student';
import { BANDS, Breakdown, Counts, Enrollment, EnrollmentRow, Group, ReportModel, tierLabel } from './model';
import { dayNumberLabel, dayLabel, pct1, round1 } from './numbers';
import { suppressedText } from './suppression';
import { plural } from '../words';

/** How a column's values are shown: pct and points to one decimal, counts with thousands separators. */
export type Kind = 'text' | 'count' | 'pct' | 'days' | 'points';

export interface Column {
  header: string;
  kind: Kind;
}

/** A cell: a number, text, or '' for blank. Hidden figures are the text "n<10". */
export type Value = string | number;

export interface Table {
  id: string;
  title: string;
  columns: Column[];
  rows: Value[][];
  /** The last row is a total (shown bold). */
  totalRow?: boolean;
  note?: string;
  /** Shown when there are no rows. */
  empty?: string;
}

export interface ChartSpec {
  id: string;
  type: 'bar' | 'line';
  title: string;
  /** The table it draws, its category column and its series columns. */
  table: string;
  category: number;
  series: number[];
  stacked?: boolean;
  colors: string[];
  yTitle?: string;
}

export interface Section {
  id: string;
  title: string;
  intro?: string;
  /** Tables shown side by side. */
  tables: Table[];
  /** Tables shown below, full width. */
  below?: Table[];
  charts: ChartSpec[];
}

export interface ReportDoc {
  title: string;
  subtitle: string;
  sections: Section[];
}

/** Tier colors: the Roster's, darkened enough to read as chart bars. */
export const TIER_CHART_COLORS = ['#34a853', '#fbbc04', '#f29900', '#e8710a', '#d93025', '#a50e0e'];

function blank(v: number | null): Value {
  return v === null ? '' : v;
}

function toolkitTable(id: string, title: string, counts: Counts, tierStarts: readonly number[], hidden: boolean, minGroup: number): Table {
  const total = counts.students;
  const rows: Value[][] = TIER_IDS.map((t) => [tierLabel(t, tierStarts), counts.tiers[t], blank(pct1(counts.tiers[t], total))]);
  rows.push(['Total', total, total > 0 ? 100 : '']);
  return {
    id,
    title,
    columns: [
      { header: 'Category', kind: 'text' },
      { header: 'Frequency', kind: 'count' },
      { header: 'Percent', kind: 'pct' },
    ],
    rows: hidden ? rows.map((r) => [r[0], suppressedText(minGroup), suppressedText(minGroup)]) : rows,
    totalRow: true,
  };
}

function bandTable(id: string, title: string, counts: Counts, hidden: boolean, minGroup: number): Table {
  const total = counts.students;
  const rows: Value[][] = BANDS.map((b, i) => [b.label, counts.bands[i], blank(pct1(counts.bands[i], total))]);
  rows.push(['Total', total, total > 0 ? 100 : '']);
  return {
    id,
    title,
    columns: [
      { header: 'Share of enrolled days missed', kind: 'text' },
      { header: 'Frequency', kind: 'count' },
      { header: 'Percent', kind: 'pct' },
    ],
    rows: hidden ? rows.map((r) => [r[0], suppressedText(minGroup), suppressedText(minGroup)]) : rows,
    totalRow: true,
  };
}

const TIER_PCT_COLUMNS: Column[] = TIER_IDS.map((t) => ({ header: `% ${t}`, kind: 'pct' as const }));

function groupRow(g: Group, minGroup: number): Value[] {
  if (g.hidden) return [g.label, ...new Array(3 + TIER_IDS.length).fill(suppressedText(minGroup))];
  return [g.label, g.students, g.chronic, blank(pct1(g.chronic, g.students)), ...TIER_IDS.map((t) => blank(pct1(g.tiers[t], g.students)))];
}

export function breakdownTable(b: Breakdown, minGroup: number, title?: string): Table {
  return {
    id: `by-${b.key}`,
    title: title ?? `By ${b.label.toLowerCase()}`,
    columns: [
      { header: b.label, kind: 'text' },
      // Students with attendance reported (whom the percentages are of), not the roster: the
      // enrollment table beside it counts those "On the roster".
      { header: 'With attendance reported', kind: 'count' },
      { header: 'Chronically absent', kind: 'count' },
      { header: '% chronically absent', kind: 'pct' },
      ...TIER_PCT_COLUMNS,
    ],
    rows: b.groups.map((g) => groupRow(g, minGroup)),
    empty: 'No students with attendance.',
  };
}

/** % enrolled and % no attendance reported (of the enrolled) by the groups of one breakdown. */
export function enrollmentTable(e: Enrollment, minGroup: number): Table {
  const hide = suppressedText(minGroup);
  return {
    id: `enrollment-by-${e.key}`,
    title: `Enrolled and attendance reported, by ${e.label.toLowerCase()}`,
    columns: [
      { header: e.label, kind: 'text' },
      { header: 'On the roster', kind: 'count' },
      { header: 'Enrolled', kind: 'count' },
      { header: '% enrolled', kind: 'pct' },
      { header: 'No attendance reported', kind: 'count' },
      { header: '% of enrolled', kind: 'pct' },
    ],
    rows: e.rows.map((r) =>
      r.hidden
        ? [r.label, hide, hide, hide, hide, hide]
        : [r.label, r.roster, r.enrolled, blank(pct1(r.enrolled, r.roster)), r.noAttendance, blank(pct1(r.noAttendance, r.enrolled))],
    ),
    empty: 'No students on the roster.',
  };
}

/**
 * The one plain line said wherever district figures are withheld because the district itself is
 * a small group (ReportModel.districtHidden).
 */
export function districtHiddenText(minGroup: number): string {
  return `Fewer than ${minGroup} students in the whole district have attendance reported, so only their number is shown: every other district figure would describe a group of fewer than ${minGroup} students.`;
}

function headlineTable(m: ReportModel): Table {
  const h = m.headline;
  const n = (x: number) => x.toLocaleString('en-US');
  const c = m.coverage.district;
  const rows: Value[][] = headlineRows(m, h, c, n);
  return {
    id: 'headline',
    title: 'District headline',
    columns: [
      { header: 'Measure', kind: 'text' },
      { header: 'Students', kind: 'count' },
      { header: '%', kind: 'pct' },
      { header: 'Of', kind: 'text' },
    ],
    rows: m.districtHidden ? rows.map((r, i) => (DISTRICT_COUNT_ROWS.includes(i) ? r : hideHeadlineRow(r, i, m.minGroup))) : rows,
  };
}

/**
 * Rows of the headline that stay shown when the district itself is a small group: the students
 * on the roster and those with attendance reported. A count of the whole district says how many
 * students the report covers and nothing about anyone's attendance (enrollment is public); it is
 * not a breakdown of the students into groups. (The share with attendance follows from these two
 * counts, so it is shown with them.) Every other row splits those students (enrolled or not,
 * chronic or not, reached or not) and is hidden.
 */
const DISTRICT_COUNT_ROWS = [0, 3, 5];

/** A hidden headline row; its "Of" text goes too when it would tell something (under the goal, students in L2-L6). */
function hideHeadlineRow(r: Value[], index: number, minGroup: number): Value[] {
  const of = [1, 2, 4].includes(index) ? r[3] : '';
  return [r[0], r[1] === '' ? '' : suppressedText(minGroup), r[2] === '' ? '' : suppressedText(minGroup), of];
}

/** "under the goal: met", "above the goal", or, when the rounded distance is 0.0, which side of it the exact rate is on. */
export function goalVerdict(h: ReportModel['headline']): string {
  if (h.goalMet === null || h.distance === null) return '';
  if (h.goalMet) return h.distance < 0 ? 'under the goal: met' : 'under the goal by less than 0.1 point: met';
  return h.distance > 0 ? 'above the goal' : 'not under the goal yet';
}

function headlineRows(
  m: ReportModel,
  h: ReportModel['headline'],
  c: ReportModel['coverage']['district'],
  n: (x: number) => string,
): Value[][] {
  return [
    ['Students on the roster', h.roster, '', ''],
    ['Enrolled (days enrolled > 0)', h.enrolled, blank(h.enrolledPct), `of ${n(h.roster)} on the roster`],
    ['No attendance reported (enrolled, no absence figure)', h.noAttendance, blank(h.noAttendancePct), `of ${n(h.enrolled)} enrolled`],
    ['With attendance reported', h.withAttendance, blank(h.withAttendancePct), `of ${n(h.roster)} on the roster`],
    [
      `Chronically absent (missed ${round1(m.chronicShare * 100)}% or more of enrolled days)`,
      h.chronic,
      blank(h.chronicPct),
      `of ${n(h.withAttendance)} with attendance reported`,
    ],
    [
      'District goal: chronic absence under',
      '',
      h.goalPct,
      `from Settings; the strategic plan's path: ${Math.round(DISTRICT_GOAL.baseline.rate * 100)}% (${DISTRICT_GOAL.baseline.label}), ${Math.round(DISTRICT_GOAL.midpoint.rate * 100)}% (${DISTRICT_GOAL.midpoint.label}), under ${Math.round(DISTRICT_GOAL.target.rate * 100)}% (${DISTRICT_GOAL.target.label})`,
    ],
    ['Distance to the goal (percentage points)', '', blank(h.distance), goalVerdict(h)],
    [
      'L2-L6 students reached since entering their tier',
      c.covered,
      blank(pct1(c.covered, c.inTiers)),
      `of ${n(c.inTiers)} students in L2-L6`,
    ],
  ];
}

function trendTable(m: ReportModel): Table {
  return {
    id: 'trend',
    title: 'Chronic absence across imports',
    columns: [
      { header: 'Import', kind: 'text' },
      { header: '% chronically absent', kind: 'pct' },
      { header: 'Goal (under)', kind: 'pct' },
    ],
    // An import of fewer than minGroup students (the current roster too: districtHidden) is a small group itself.
    rows: m.trend.map((p) => [
      p.label,
      p.withAttendance > 0 && p.withAttendance < m.minGroup ? suppressedText(m.minGroup) : blank(p.chronicPct),
      m.headline.goalPct,
    ]),
    note: 'Each import as it was imported (the Imports sheet), this school year.',
    // Only when the roster's own import is dated before the Settings' school year start.
    empty:
      'No import in this school year yet: the roster was imported before the school year start in Settings, so the figures above are from before it. Check the school year start in Settings.',
  };
}

function hide(row: Value[], hidden: boolean, minGroup: number): Value[] {
  return hidden ? [row[0], ...row.slice(1).map(() => suppressedText(minGroup))] : row;
}

/**
 * Said above each list of named students (movement, early warning, overdue referrals). Those lists
 * are the attendance team's working lists: they name every student concerned, including students
 * of schools and groups whose figures are hidden, so they are not suppressed, and counting their
 * rows can give a hidden count. The principals' emails (schoolDocument) hold no such list.
 */
export const STAFF_LIST_TEXT =
  'The list below names students, including those of schools and groups shown as "n<10": it is a working list for the attendance team, not for sharing. Principals\' emails name no student.';

function studentCells(s: Student): Value[] {
  return [s.school, s.id, s.name, s.grade];
}

function movementSection(m: ReportModel): Section {
  const mv = m.movement;
  const min = m.minGroup;
  if (!mv.previous) {
    return {
      id: 'movement',
      title: 'Tier movement since the previous import',
      intro:
        'There is no earlier import in this school year to compare with yet. Each import is kept in the Attendance history sheet, so the next import will show who moved between tiers.',
      tables: [],
      charts: [],
    };
  }
  const since = dayLabel(mv.previous.importedAt, m.tzOffsetMinutes);
  const bySchool: Table = {
    id: 'movement-by-school',
    title: `Movement by school since ${since}`,
    columns: [
      { header: 'School', kind: 'text' },
      { header: 'Students', kind: 'count' },
      { header: 'Moved up a tier or more', kind: 'count' },
      { header: 'Moved down', kind: 'count' },
      { header: 'Same tier', kind: 'count' },
      { header: 'New since then', kind: 'count' },
    ],
    rows: [
      ...mv.bySchool.map((s) => hide([s.school, s.students, s.up, s.down, s.same, s.added], s.hidden, min)),
      hide(['District', m.headline.withAttendance, mv.totals.up, mv.totals.down, mv.totals.same, mv.totals.added], m.districtHidden, min),
    ],
    totalRow: true,
    note: m.districtHidden
      ? districtHiddenText(min)
      : `${plural(mv.totals.left, 'student')} in the ${since} import ${mv.totals.left === 1 ? 'is' : 'are'} no longer on the roster.`,
  };
  const matrix: Table = {
    id: 'movement-matrix',
    title: 'Tier then (rows) and now (columns)',
    columns: [{ header: `Tier on ${since}`, kind: 'text' }, ...TIER_IDS.map((t) => ({ header: `Now ${t}`, kind: 'count' as const }))],
    rows: TIER_IDS.map((t, i) => hide([t, ...mv.matrix[i]], m.districtHidden, min)),
  };
  const list: Table = {
    id: 'movement-list',
    title: 'Students who moved between tiers',
    columns: [
      { header: 'School', kind: 'text' },
      { header: 'Student ID', kind: 'text' },
      { header: 'Student', kind: 'text' },
      { header: 'Grade', kind: 'text' },
      { header: 'Tier then', kind: 'text' },
      { header: 'Tier now', kind: 'text' },
      { header: 'Days absent then', kind: 'days' },
      { header: 'Days absent now', kind: 'days' },
      { header: 'Moved', kind: 'text' },
    ],
    rows: mv.rows.map((r) => [
      ...studentCells(r.student),
      r.before.tier ?? '',
      r.student.tier ?? '',
      blank(r.before.daysAbsent),
      blank(r.student.daysAbsent),
      r.direction === 'up' ? 'Up' : 'Down',
    ]),
    empty: 'No student changed tier.',
  };
  return {
    id: 'movement',
    title: `Tier movement since the previous import (${since})`,
    intro: `Up means more days absent: a higher tier of the toolkit. Each import is kept in the Attendance history sheet. ${STAFF_LIST_TEXT}`,
    tables: [bySchool, matrix],
    below: [list],
    charts: [],
  };
}

/**
 * Said where the early warning would be when there is no earlier import this school year: at the
 * year-to-date rate no one crosses the line, so "0 projected" would read as good news.
 */
export const NOT_MEASURED_TEXT =
  'No projection yet: the pace is measured between two imports, and there is no earlier import in this school year. The next import gives one.';

function warningSection(m: ReportModel): Section {
  const w = m.warning;
  const min = m.minGroup;
  const bySchool: Table = {
    id: 'warning-by-school',
    title: 'Early warning by school',
    columns: [
      { header: 'School', kind: 'text' },
      { header: 'Not yet chronically absent', kind: 'count' },
      { header: 'Projected chronic by June', kind: 'count' },
      { header: '% of not yet chronic', kind: 'pct' },
    ],
    // Without a recent pace nobody can be projected: blank, not a reassuring 0.
    rows: w.bySchool.map((s) =>
      hide(
        [s.school, s.notChronic, w.measured ? s.projected : '', w.measured ? blank(pct1(s.projected, s.notChronic)) : ''],
        s.hidden,
        min,
      ),
    ),
  };
  const list: Table = {
    id: 'warning-list',
    title: 'Students projected to become chronically absent',
    columns: [
      { header: 'School', kind: 'text' },
      { header: 'Student ID', kind: 'text' },
      { header: 'Student', kind: 'text' },
      { header: 'Grade', kind: 'text' },
      { header: 'Tier', kind: 'text' },
      { header: 'Days absent', kind: 'days' },
      { header: 'Days enrolled', kind: 'days' },
      { header: 'Absences per 10 days', kind: 'days' },
      { header: 'Pace measured', kind: 'text' },
      { header: 'Projected days missed by June', kind: 'days' },
      { header: 'Projected % of enrolled days', kind: 'pct' },
    ],
    rows: w.rows.map((r) => [
      ...studentCells(r.student),
      r.student.tier ?? '',
      blank(r.student.daysAbsent),
      blank(r.student.daysEnrolled),
      round1(r.rate * 10),
      r.basis,
      r.projectedDays,
      r.projectedPct,
    ]),
    empty: w.measured ? 'No student is projected to cross the line at their current pace.' : NOT_MEASURED_TEXT,
  };
  return {
    id: 'warning',
    title: 'Early warning: projected to become chronically absent by June',
    intro:
      `Students not yet chronically absent who, at their current pace (absences per enrolled day since the previous import, ` +
      `or this year's rate when there is no earlier import), would miss ${round1(m.chronicShare * 100)}% or more of their enrolled days by the end of the year. ` +
      `${w.daysSoFar} school days so far (the days enrolled of 9 students in 10 are at most this, so one wrong figure cannot move it), ` +
      `${w.daysLeft} left of ${w.daysInYear} (Settings). ${w.measured ? '' : `${NOT_MEASURED_TEXT} `}${STAFF_LIST_TEXT}`,
    tables: [bySchool],
    below: [list],
    charts: [],
  };
}

function coverageSection(m: ReportModel): Section {
  const c = m.coverage;
  const min = m.minGroup;
  const bySchool: Table = {
    id: 'coverage-by-school',
    title: 'Outreach coverage by school',
    columns: [
      { header: 'School', kind: 'text' },
      { header: 'Students in L2-L6', kind: 'count' },
      { header: 'Reached since entering their tier', kind: 'count' },
      { header: '% reached', kind: 'pct' },
      { header: 'Open referrals', kind: 'count' },
      { header: 'Referral updates overdue', kind: 'count' },
    ],
    rows: [
      ...c.bySchool.map((s) =>
        hide([s.school, s.inTiers, s.covered, blank(pct1(s.covered, s.inTiers)), s.openReferrals, s.overdue], s.hidden, min),
      ),
      hide(
        [
          'District',
          c.district.inTiers,
          c.district.covered,
          blank(pct1(c.district.covered, c.district.inTiers)),
          c.district.openReferrals,
          c.district.overdue,
        ],
        m.districtHidden,
        min,
      ),
    ],
    totalRow: true,
    note:
      c.logsFound.length === 3
        ? 'Reached: a contact, home visit or referral is documented since the student entered their current tier.'
        : `Reached: a contact, home visit or referral is documented since the student entered their current tier. ${
            c.logsFound.length ? `Read: ${c.logsFound.join(', ')}.` : ''
          } Not in this spreadsheet yet: ${['Contacts', 'Home visits', 'Referrals'].filter((l) => !c.logsFound.includes(l)).join(', ')}.`,
  };
  const overdue: Table = {
    id: 'overdue-referrals',
    title: 'Referrals whose bi-weekly update is overdue',
    columns: [
      { header: 'School', kind: 'text' },
      { header: 'Student ID', kind: 'text' },
      { header: 'Student', kind: 'text' },
      { header: 'Referral ID', kind: 'text' },
      { header: 'Partner', kind: 'text' },
      { header: 'Status', kind: 'text' },
      { header: 'Last update', kind: 'text' },
      { header: 'Update was due', kind: 'text' },
      { header: 'Days overdue', kind: 'count' },
    ],
    rows: c.overdue.map((o) => [
      o.school,
      o.studentId,
      o.studentName,
      o.referralId,
      o.partner,
      o.status,
      o.lastUpdateDay !== null ? dayNumberLabel(o.lastUpdateDay) : '',
      dayNumberLabel(o.dueDay),
      o.daysOverdue,
    ]),
    empty: 'No referral update is overdue.',
  };
  return {
    id: 'coverage',
    title: 'Outreach coverage: contacted and engaged',
    intro: `The toolkit's goal: every student at risk of chronic absence, and their family, is contacted and engaged. ${STAFF_LIST_TEXT}`,
    tables: [bySchool],
    below: [overdue],
    charts: [],
  };
}

/** The whole report, section by section. */
export function reportDocument(m: ReportModel): ReportDoc {
  const tierStarts = m.tierStarts;
  const min = m.minGroup;
  const n = (x: number) => x.toLocaleString('en-US');
  const sections: Section[] = [
    {
      id: 'headline',
      title: 'District headline',
      intro:
        `Groups of fewer than ${min} students are shown as "${suppressedText(min)}" throughout, so that no child can be identified.` +
        (m.districtHidden ? ` ${districtHiddenText(min)}` : ''),
      tables: [headlineTable(m), trendTable(m)],
      charts: [
        {
          id: 'trend-chart',
          type: 'line',
          title: 'Chronic absence across imports, against the goal',
          table: 'trend',
          category: 0,
          series: [1, 2],
          colors: ['#d93025', '#1a73e8'],
          yTitle: '% of students',
        },
      ],
    },
    {
      id: 'toolkit',
      title: 'Attendance category (the toolkit tables)',
      intro:
        `Students with attendance reported, by days absent. Percent: each row's share, rounded to one decimal; the Total row is 100.0 (rows may add to 99.9 or 100.1, as in the toolkit).` +
        (m.districtHidden ? ` ${districtHiddenText(min)}` : '') +
        (m.unknownGrade > 0
          ? ` ${m.unknownGradeHidden ? suppressedText(min) : n(m.unknownGrade)} students with a grade the toolkit does not recognize are in the district table only.`
          : ''),
      tables: [
        toolkitTable('tiers-district', 'District', m.district, tierStarts, m.districtHidden, min),
        toolkitTable('tiers-elementary', 'Elementary K-8', m.elementary, tierStarts, m.elementary.hidden, min),
        toolkitTable('tiers-high', 'High School 9-12', m.high, tierStarts, m.high.hidden, min),
      ],
      charts: [],
    },
    {
      id: 'bands',
      title: 'Share of enrolled days missed (Attendance Works bands)',
      intro: "The same students by the share of their enrolled days missed, beside the toolkit's day-count tiers above.",
      tables: [
        bandTable('bands-district', 'District', m.district, m.districtHidden, min),
        bandTable('bands-elementary', 'Elementary K-8', m.elementary, m.elementary.hidden, min),
        bandTable('bands-high', 'High School 9-12', m.high, m.high.hidden, min),
      ],
      charts: [],
    },
    {
      id: 'schools',
      title: 'Chronic absence and tiers by school',
      tables: [breakdownTable(m.bySchool, min), enrollmentTable(enrollmentBy(m, 'school'), min)],
      charts: [
        {
          id: 'schools-chart',
          type: 'bar',
          title: 'Tiers by school (% of students)',
          table: 'by-school',
          category: 0,
          series: TIER_IDS.map((_, i) => 4 + i),
          stacked: true,
          colors: TIER_CHART_COLORS,
        },
      ],
    },
    {
      id: 'grades',
      title: 'Chronic absence and tiers by grade',
      tables: [breakdownTable(m.byGrade, min), enrollmentTable(enrollmentBy(m, 'grade'), min)],
      charts: [],
    },
    {
      id: 'subgroups',
      title: 'Chronic absence and tiers by student group',
      tables: [],
      below: m.bySubgroup.flatMap((b) => [breakdownTable(b, min), enrollmentTable(enrollmentBy(m, b.key), min)]),
      charts: [],
    },
    movementSection(m),
    warningSection(m),
    coverageSection(m),
  ];
  return {
    title: 'Bi-weekly attendance report',
    subtitle: m.districtHidden
      ? `${m.dateLabel}: ${n(m.headline.withAttendance)} students with attendance reported. ${districtHiddenText(min)}`
      : `${m.dateLabel}: ${n(m.headline.withAttendance)} students with attendance reported, ${
          m.headline.chronicPct === null ? '-' : m.headline.chronicPct.toFixed(1)
        }% chronically absent (goal: under ${m.headline.goalPct.toFixed(1)}%${
          // 29.97% shows as 30.0%: say it is under, or "30.0% (goal: under 30.0%)" reads as not met.
          m.headline.goalMet && m.headline.distance === 0 ? ', met by less than 0.1 point' : ''
        })`,
    sections,
  };
}

function enrollmentBy(m: ReportModel, key: string): Enrollment {
  return m.enrollment.find((e) => e.key === key) ?? { key, label: key, rows: [] };
}

/** A school's enrolled and no-attendance lines for its principal, each saying what it is of (none when they are hidden). */
function enrollmentRows(r: EnrollmentRow | undefined): Value[][] {
  if (!r || r.hidden) return [];
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    ['Enrolled', r.enrolled, blank(pct1(r.enrolled, r.roster)), `of ${n(r.roster)} on the roster`],
    ['No attendance reported (of the enrolled)', r.noAttendance, blank(pct1(r.noAttendance, r.enrolled)), `of ${n(r.enrolled)} enrolled`],
  ];
}

/** The columns of a principal's summary: like the district headline's, each % says what it is of. */
const SUMMARY_COLUMNS: Column[] = [
  { header: 'Measure', kind: 'text' },
  { header: 'Students', kind: 'count' },
  { header: '%', kind: 'pct' },
  { header: 'Of', kind: 'text' },
];

/** The district's chronic rate and the goal, as a principal's summary gives them beside the school's. */
function districtRows(m: ReportModel): Value[][] {
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    [
      'District: chronically absent',
      m.headline.chronic,
      blank(m.headline.chronicPct),
      `of ${n(m.headline.withAttendance)} with attendance reported`,
    ],
    ['District goal: chronic absence under', '', m.headline.goalPct, ''],
  ];
}

/** One school's own numbers for its principal: the same tables, for its students only, suppressed. */
export function schoolDocument(m: ReportModel, school: string, link: string): ReportDoc & { hidden: boolean } {
  const min = m.minGroup;
  const n = (x: number) => x.toLocaleString('en-US');
  const group = m.bySchool.groups.find((g) => g.label === school);
  const enrolled = enrollmentBy(m, 'school').rows.find((r) => r.label === school);
  const title = `Attendance report for ${school}`;
  if (!group && enrolled && !enrolled.hidden && !m.districtHidden) {
    // On the roster, but nobody's attendance reported yet: the principal gets the lines the
    // district report shows for the school (enrolled, no attendance reported), which say why.
    return {
      title,
      subtitle: `${m.dateLabel}. No student of ${school} has attendance reported in this import yet, so there is no chronic absence figure for the school. The full report: ${link}`,
      sections: [
        {
          id: 'school',
          title: 'Your school',
          tables: [
            {
              id: 'school-summary',
              title: school,
              columns: SUMMARY_COLUMNS,
              rows: [...enrollmentRows(enrolled), ['Students with attendance reported', 0, '', ''], ...districtRows(m)],
            },
          ],
          charts: [],
        },
      ],
      hidden: false,
    };
  }
  if (!group || group.hidden) {
    const why =
      !group || group.students < min
        ? `Fewer than ${min} students have attendance reported, so no figures are shown, to protect students' privacy.`
        : `No figures are shown: together with the other figures of the report, this school's would let anyone work out a group of fewer than ${min} students.`;
    return { title, subtitle: `${m.dateLabel}. ${why} The full report: ${link}`, sections: [], hidden: true };
  }
  const counts: Counts = group;
  const pct = pct1(counts.chronic, counts.students);
  const mv = m.movement.bySchool.find((s) => s.school === school);
  const w = m.warning.bySchool.find((s) => s.school === school);
  const c = m.coverage.bySchool.find((s) => s.school === school);
  const onBoth = mv ? mv.up + mv.down + mv.same : 0;
  const summary: Table = {
    id: 'school-summary',
    title: school,
    columns: SUMMARY_COLUMNS,
    rows: [
      ...enrollmentRows(enrolled),
      ['Students with attendance reported', counts.students, '', ''],
      ['Chronically absent', counts.chronic, blank(pct), `of ${n(counts.students)} with attendance reported`],
      ...districtRows(m),
      ...(m.movement.previous && mv
        ? // Of the students on both imports: a student new since then cannot have moved.
          ([
            [
              `Moved up a tier since the previous import (${dayLabel(m.movement.previous.importedAt, m.tzOffsetMinutes)})`,
              mv.up,
              blank(pct1(mv.up, onBoth)),
              `of ${n(onBoth)} on both imports`,
            ],
          ] as Value[][])
        : []),
      ...(w && !m.warning.measured
        ? ([
            ['Projected to become chronically absent by June', '', '', 'from the next import: the pace is measured between two imports'],
          ] as Value[][])
        : []),
      ...(w && m.warning.measured
        ? ([
            [
              'Projected to become chronically absent by June',
              w.projected,
              blank(pct1(w.projected, w.notChronic)),
              `of ${n(w.notChronic)} not chronically absent yet`,
            ],
          ] as Value[][])
        : []),
      ...(c
        ? ([
            [
              'L2-L6 students reached since entering their tier',
              c.covered,
              blank(pct1(c.covered, c.inTiers)),
              `of ${n(c.inTiers)} students in L2-L6`,
            ],
            ['Referral updates overdue', c.overdue, '', `of ${n(c.openReferrals)} open referrals`],
          ] as Value[][])
        : []),
    ],
  };
  return {
    title,
    subtitle: `${m.dateLabel}. Groups of fewer than ${min} students are shown as "${suppressedText(min)}". The full report: ${link}`,
    sections: [
      {
        id: 'school',
        title: 'Your school',
        tables: [
          summary,
          toolkitTable('school-tiers', 'Attendance category', counts, m.tierStarts, false, min),
          bandTable('school-bands', 'Share of days missed', counts, false, min),
        ],
        charts: [],
      },
      {
        id: 'school-groups',
        title: 'By grade and student group',
        tables: [],
        below: (m.schoolBreakdowns.get(school) ?? []).map((b) => breakdownTable(b, min)),
        charts: [],
      },
    ],
    hidden: false,
  };
}

/** Display text of a value, as the sheet's number formats show it. */
export function formatValue(v: Value, kind: Kind): string {
  if (typeof v === 'string') return v;
  switch (kind) {
    case 'pct':
    case 'points':
      return v.toFixed(1);
    case 'count':
      return v.toLocaleString('en-US');
    case 'days':
      return String(round1(v));
    default:
      return String(v);
  }
}
