import { normalizeGrade } from './grades';
import { TIER_IDS, TierId, TIERS, tierRule } from './rules';
import { Grade, Student } from './student';

/** The roster column with links to a student's letters and call sheets. */
export const OUTREACH_DOCUMENTS = 'Outreach documents';

/** How a roster column is written: text is always kept literal; numbers and rates are numbers. */
export type ColumnKind = 'text' | 'number' | 'percent' | 'yesno';

export interface RosterColumn {
  header: string;
  kind: ColumnKind;
  get: (s: Student) => string | number | boolean | null;
}

/**
 * The Roster sheet, left to right. Other features find columns by these headers, not by
 * position, so a team may reorder columns or add its own to the right.
 */
export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { header: 'Student ID', kind: 'text', get: (s) => s.id },
  { header: 'Student name', kind: 'text', get: (s) => s.name },
  { header: 'Last name', kind: 'text', get: (s) => s.lastName },
  { header: 'First name', kind: 'text', get: (s) => s.firstName },
  { header: 'Grade', kind: 'text', get: (s) => s.grade },
  { header: 'School', kind: 'text', get: (s) => s.school },
  { header: 'School ID', kind: 'text', get: (s) => s.schoolId },
  { header: 'Guardian', kind: 'text', get: (s) => s.guardian },
  { header: 'Home phone', kind: 'text', get: (s) => s.homePhone },
  { header: 'Guardian email', kind: 'text', get: (s) => s.guardianEmail },
  { header: 'Home language', kind: 'text', get: (s) => s.homeLanguage },
  { header: 'Ethnicity', kind: 'text', get: (s) => s.ethnicity },
  { header: 'Gender', kind: 'text', get: (s) => s.gender },
  { header: 'English learner', kind: 'text', get: (s) => s.englishLearner },
  { header: 'Special education', kind: 'text', get: (s) => s.specialEducation },
  { header: 'Case owner', kind: 'text', get: (s) => s.caseOwner },
  { header: 'Days enrolled', kind: 'number', get: (s) => s.daysEnrolled },
  { header: 'Days absent', kind: 'number', get: (s) => s.daysAbsent },
  { header: 'Attendance rate', kind: 'percent', get: (s) => s.attendanceRate },
  { header: 'Tier', kind: 'text', get: (s) => s.tier ?? '' },
  { header: 'Tier name', kind: 'text', get: (s) => (s.tier ? tierRule(s.tier).name : 'No attendance reported') },
  { header: 'Chronically absent', kind: 'yesno', get: (s) => s.chronic },
  // Links to the student's outreach documents, rebuilt from the Outreach log (so a re-import keeps them).
  { header: OUTREACH_DOCUMENTS, kind: 'text', get: () => '' },
];

export const ROSTER_HEADERS: readonly string[] = ROSTER_COLUMNS.map((c) => c.header);

/** Positions (0-based) of the Roster's text columns: all but the day counts and the rate. They are formatted as plain text. */
export const ROSTER_TEXT_COLUMNS: readonly number[] = ROSTER_COLUMNS.flatMap((c, i) =>
  c.kind === 'text' || c.kind === 'yesno' ? [i] : [],
);

const TIER_NAMES = new Map(TIERS.map((t) => [t.id, t.name]));

/**
 * A roster row as cell values; null means an empty cell. Yes/no columns are written as "Yes"/"No".
 * The cells of ROSTER_COLUMNS, left to right, written out: this runs for every student of a
 * district import, where calling each column's getter costs more than the rest of the row
 * (a test holds the two to the same cells).
 */
export function rosterRow(s: Student): (string | number | null)[] {
  return [
    s.id,
    s.name,
    s.lastName,
    s.firstName,
    s.grade,
    s.school,
    s.schoolId,
    s.guardian,
    s.homePhone,
    s.guardianEmail,
    s.homeLanguage,
    s.ethnicity,
    s.gender,
    s.englishLearner,
    s.specialEducation,
    s.caseOwner,
    s.daysEnrolled,
    s.daysAbsent,
    s.attendanceRate,
    s.tier ?? '',
    s.tier ? (TIER_NAMES.get(s.tier) ?? tierRule(s.tier).name) : 'No attendance reported',
    s.chronic ? 'Yes' : 'No',
    '',
  ];
}

function num(v: unknown): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : null;
}

/** Reads single roster rows by header: a team's own extra columns or a different order do not matter. */
export function rosterRowReader(header: readonly unknown[]): (row: readonly unknown[]) => Student | null {
  const names = header.map((h) => String(h).trim());
  const idx = Object.fromEntries(ROSTER_HEADERS.map((h) => [h, names.indexOf(h)])) as Record<string, number>;
  const get = (row: readonly unknown[], h: string): unknown => (idx[h] >= 0 ? row[idx[h]] : '');
  const str = (row: readonly unknown[], h: string): string => {
    const v = get(row, h);
    return v === null || v === undefined ? '' : String(v);
  };
  return (row) => {
    const id = str(row, 'Student ID').trim();
    if (!id) return null;
    const tierText = str(row, 'Tier').trim();
    const tier = (TIER_IDS as readonly string[]).includes(tierText) ? (tierText as TierId) : null;
    return {
      id,
      name: str(row, 'Student name'),
      lastName: str(row, 'Last name'),
      firstName: str(row, 'First name'),
      // A grade a person typed over is kept as typed rather than guessed.
      grade: normalizeGrade(get(row, 'Grade')) ?? (str(row, 'Grade') as Grade),
      school: str(row, 'School'),
      schoolId: str(row, 'School ID'),
      guardian: str(row, 'Guardian'),
      homePhone: str(row, 'Home phone'),
      guardianEmail: str(row, 'Guardian email'),
      homeLanguage: str(row, 'Home language'),
      ethnicity: str(row, 'Ethnicity'),
      gender: str(row, 'Gender'),
      englishLearner: str(row, 'English learner'),
      specialEducation: str(row, 'Special education'),
      caseOwner: str(row, 'Case owner'),
      daysEnrolled: num(get(row, 'Days enrolled')),
      daysAbsent: num(get(row, 'Days absent')),
      attendanceRate: num(get(row, 'Attendance rate')),
      tier,
      chronic: str(row, 'Chronically absent').trim().toLowerCase() === 'yes',
    };
  };
}

/**
 * Read students back from the Roster sheet's values (first row is the header). Columns are found
 * by header, so a team's own extra columns or a different order do not matter. Rows without an
 * ID (a team's notes below the table, say) are skipped.
 */
export function studentsFromRoster(values: readonly unknown[][]): Student[] {
  if (values.length === 0) return [];
  const read = rosterRowReader(values[0]);
  const students: Student[] = [];
  for (let r = 1; r < values.length; r++) {
    const s = read(values[r]);
    if (s) students.push(s);
  }
  return students;
}
