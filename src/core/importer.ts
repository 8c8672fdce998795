import { FIELDS, FieldKey, matchHeaders } from './columns';
import { FileProblem, RawTable } from './csv';
import { normalizeGrade } from './grades';
import { AttendanceRules, DEFAULT_RULES } from './rules';
import { Student } from './student';
import { attendanceRate, isChronic, studentTier } from './tiers';

/** Why a row was not imported. Each has one plain-language message (see `describe`). */
export type RejectReason =
  | 'missing-id'
  | 'shortened-id'
  | 'unreadable-id'
  | 'duplicate-id'
  | 'missing-name'
  | 'missing-grade'
  | 'unknown-grade'
  | 'missing-school'
  | 'not-a-number'
  | 'negative-days'
  | 'too-many-days'
  | 'absent-over-enrolled'
  | 'absent-without-enrolled'
  | 'extra-values'
  | 'missing-values'
  | 'too-long';

export interface Rejection {
  /** Line in the file (or row in the sheet) where the row starts. */
  line: number;
  reason: RejectReason;
  /** A sentence a clerk understands, naming the value that is wrong. */
  message: string;
  /** The row exactly as it was read, for the Rejected rows sheet. */
  values: string[];
}

export interface ImportResult {
  students: Student[];
  rejected: Rejection[];
  /** The file's header, as read. */
  header: string[];
  /** Columns that are not part of the roster (the toolkit keeps only what it needs). */
  ignoredColumns: string[];
  /** Positions (0-based) of the columns the toolkit uses, in file order: the only ones it ever shows again. */
  usedColumns: number[];
  /** Data rows read (blank lines are not counted). */
  rowsRead: number;
  /**
   * Student IDs that came as numbers (from a sheet tab): Sheets reads 000123 as 123 when a file is
   * brought in with File > Import, so zeros may be gone (see the import's warning).
   */
  numericIds: number;
}

export const REASON_SUMMARY: Record<RejectReason, string> = {
  'missing-id': 'no student ID',
  'shortened-id': 'a student ID a spreadsheet program shortened (like 1.23457E+11)',
  'unreadable-id': 'a student ID a spreadsheet program turned into a date or a number too long to keep',
  'duplicate-id': 'student ID already seen earlier in the file',
  'missing-name': 'no student name',
  'missing-grade': 'no grade',
  'unknown-grade': 'grade not recognised',
  'missing-school': 'no school',
  'not-a-number': 'a day count that is not a number',
  'negative-days': 'a negative day count',
  'too-many-days': 'more days than a school year has',
  'absent-over-enrolled': 'more days absent than days enrolled',
  'absent-without-enrolled': 'days absent but no days enrolled',
  'extra-values': 'more values than the header has columns',
  'missing-values': 'fewer values than the header has columns',
  'too-long': 'a value longer than a spreadsheet cell holds',
};

/**
 * A Google Sheets cell holds at most 50,000 characters, and a write with a longer text fails
 * whole. A row with such a value is rejected (it is a broken export, not a student), and the
 * Rejected rows sheet shows such a value cut short (see `cellText`).
 */
export const MAX_CELL_TEXT = 50_000;

/** A rejected row's value as the Rejected rows sheet can hold it: cut short, with room for the literal mark. */
function cellText(value: string): string {
  return value.length <= MAX_CELL_TEXT - 2 ? value : value.slice(0, MAX_CELL_TEXT - 3) + '\u2026';
}

/** Position of each field in a row's cleaned cells. */
const F = Object.fromEntries(FIELDS.map((f, i) => [f.key, i])) as Record<FieldKey, number>;

/** The most days a school year can have; a larger count is a wrong column or a typo, not a student. */
const MAX_SCHOOL_DAYS = 366;

class RowProblem {
  constructor(
    readonly reason: RejectReason,
    readonly message: string,
  ) {}
}

/**
 * Excel's way of keeping text as text in a CSV: ="00123" (a formula giving the text). The value
 * meant is the text inside; it is not a formula for the toolkit to keep.
 */
const EXCEL_TEXT = /^\s*="((?:[^"]|"")*)"\s*$/;

/**
 * Printable ASCII and Latin-1 (the accents of most names: é, ñ, ü), no padding, no doubled
 * spaces: nothing to clean. Latin-1 letters are already in the normal form and no combining
 * accent is let through, so normalising would change nothing.
 */
const PLAIN_TEXT = /^[!-~\u00a1-\u00ff]+(?: [!-~\u00a1-\u00ff]+)*$/;

/**
 * Text of a cell: trimmed, Unicode-normalised (accents typed on a Mac match those typed on Windows),
 * every run of spaces, tabs or line breaks one space. No roster field has lines: a line break
 * inside a quoted name would start a new line in a letter, a call sheet or an event.
 */
export function text(value: unknown): string {
  if (typeof value === 'string') {
    // Fast path, taken by almost every cell: printable words with single spaces between (one
    // native match is cheaper than a loop over the characters of 300,000 cells).
    if (value === '' || (value.charCodeAt(0) !== 61 && PLAIN_TEXT.test(value))) return value;
    if (value.length > 2 && (value.charCodeAt(0) === 61 || value.charCodeAt(0) <= 32)) {
      const excel = EXCEL_TEXT.exec(value);
      if (excel) return text(excel[1].replace(/""/g, '"'));
    }
    return value
      .normalize('NFC')
      .replace(/[\u00a0\u2000-\u200b\u3000]/g, ' ')
      .trim()
      .replace(/\s+/g, ' ');
  }
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return text(String(value));
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** 4,5: a number with a decimal comma, as European Excel writes it in a semicolon-separated file. */
const DECIMAL_COMMA = /^\d+,\d+$/;

/**
 * Parse a day count: blank is "not reported" (null); anything else must be a plain non-negative
 * number (with a decimal comma in a semicolon-separated file, see RawTable.decimalComma).
 */
function dayCount(value: unknown, label: string, decimalComma = false): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RowProblem('not-a-number', `${label} is not a number.`);
    return checkDays(value, String(value), label);
  }
  const s = text(value);
  if (s === '') return null;
  if (isDigits(s)) return checkDays(Number(s), s, label);
  if (decimalComma && DECIMAL_COMMA.test(s)) return checkDays(Number(s.replace(',', '.')), s, label);
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
    throw new RowProblem('not-a-number', `${label} is "${s}", which is not a number of days.`);
  }
  return checkDays(Number(s), s, label);
}

function checkDays(n: number, shown: string, label: string): number {
  if (n < 0) throw new RowProblem('negative-days', `${label} is ${shown}; a day count cannot be negative.`);
  if (n > MAX_SCHOOL_DAYS) throw new RowProblem('too-many-days', `${label} is ${shown}, more days than a school year has.`);
  return n;
}

const YES_NO = new Map<string, string>([
  ...['y', 'yes', 'true', '1', 'lep', 'ell', 'el', 'ml', 'iep', 'sped', 'x'].map((v): [string, string] => [v, 'Yes']),
  ...['n', 'no', 'false', '0'].map((v): [string, string] => [v, 'No']),
]);

/** The same codes as exported, in the three usual cases (Y, y, YES, Yes, yes): found without lower-casing each cell. */
const YES_NO_AS_EXPORTED = new Map<string, string>(
  [...YES_NO].flatMap(([v, meaning]): [string, string][] => [
    [v, meaning],
    [v.toUpperCase(), meaning],
    [v.charAt(0).toUpperCase() + v.slice(1), meaning],
  ]),
);

function yesNo(value: string): string {
  if (value === '') return value;
  return YES_NO_AS_EXPORTED.get(value) ?? YES_NO.get(value.toLowerCase()) ?? value;
}

function joinName(first: string, last: string): string {
  return first && last ? first + ' ' + last : first || last;
}

function splitLastFirst(full: string): { first: string; last: string; name: string } {
  const comma = full.indexOf(',');
  if (comma < 0) return { first: '', last: '', name: full };
  const last = full.slice(0, comma).trim();
  const first = full.slice(comma + 1).trim();
  return { first, last, name: joinName(first, last) };
}

/** True when the text holds a capital A-Z (checked a character at a time: this runs on two cells of every row). */
function hasUpper(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** A number in scientific notation, as Excel writes a long ID it shortened: 1.23457E+11 (1,23457E+11 in Europe). */
const SHORTENED_NUMBER = /^\d([.,]\d+)?E\+\d+$/;

/** A day count from the raw cell (numbers from a sheet tab) or its cleaned text. */
function days(raw: unknown, cleaned: string, label: string, decimalComma: boolean): number | null {
  return typeof raw === 'number' ? dayCount(raw, label) : dayCount(cleaned, label, decimalComma);
}

/** One student from a row's cleaned cells (`c`, by field) and raw cells (for numbers and grades from a sheet). */
function buildStudent(c: readonly string[], raw: (field: number) => unknown, rules: AttendanceRules, decimalComma: boolean): Student {
  const id = c[F.studentId];
  if (id === '') throw new RowProblem('missing-id', 'The student ID is empty.');
  const idCell = raw(F.studentId);
  if (idCell instanceof Date) {
    throw new RowProblem(
      'unreadable-id',
      `The student ID cell holds a date (${id}): a spreadsheet program read the ID as one, so the real ID cannot be read. Import the CSV file itself, or format the ID column as text.`,
    );
  }
  // Sheets keeps 15 significant digits: a longer number may already have lost its last ones.
  if (typeof idCell === 'number' && !(Number.isSafeInteger(idCell) && Math.abs(idCell) < 1e15)) {
    throw new RowProblem(
      'unreadable-id',
      `The student ID ${id} is a number longer than a spreadsheet keeps (15 digits), so its last digits may have changed. Import the CSV file itself, or format the ID column as text.`,
    );
  }
  // Excel shows a long number ID in scientific notation and saves it so: the digits are gone.
  if (id.indexOf('E+') > 0 && SHORTENED_NUMBER.test(id)) {
    throw new RowProblem(
      'shortened-id',
      `The student ID "${id}" was shortened by a spreadsheet program, so the real ID cannot be read. Export the file again without opening it in Excel, or format the ID column as text.`,
    );
  }

  let first = c[F.firstName];
  let last = c[F.lastName];
  let name = joinName(first, last);
  if (!first || !last) {
    const whole = c[F.lastFirst];
    if (whole) ({ first, last, name } = splitLastFirst(whole));
  }
  if (name === '') throw new RowProblem('missing-name', `Student ${id} has no name.`);

  const rawGrade = c[F.grade];
  if (rawGrade === '') throw new RowProblem('missing-grade', `Student ${id} has no grade.`);
  const gradeCell = raw(F.grade);
  const grade = normalizeGrade(typeof gradeCell === 'number' ? gradeCell : rawGrade);
  if (!grade) throw new RowProblem('unknown-grade', `Grade "${rawGrade}" is not a grade from PK, K and 1 to 12.`);

  const schoolName = c[F.schoolName];
  const schoolId = c[F.schoolId];
  if (!schoolName && !schoolId) throw new RowProblem('missing-school', `Student ${id} has no school.`);

  const daysEnrolled = days(raw(F.daysEnrolled), c[F.daysEnrolled], 'Days enrolled', decimalComma);
  const daysAbsent = days(raw(F.daysAbsent), c[F.daysAbsent], 'Days absent', decimalComma);
  if (daysAbsent !== null && daysEnrolled === null) {
    throw new RowProblem('absent-without-enrolled', `Days absent is ${daysAbsent} but days enrolled is empty.`);
  }
  if (daysAbsent !== null && daysEnrolled !== null && daysAbsent > daysEnrolled) {
    throw new RowProblem('absent-over-enrolled', `Days absent (${daysAbsent}) is more than days enrolled (${daysEnrolled}).`);
  }
  const email = c[F.guardianEmail];
  const known = daysAbsent !== null && daysEnrolled !== null;

  return {
    id,
    name,
    firstName: first,
    lastName: last,
    grade,
    school: schoolName || schoolId,
    schoolId,
    guardian: c[F.guardian] || c[F.mother] || c[F.father],
    homePhone: c[F.homePhone],
    guardianEmail: hasUpper(email) ? email.toLowerCase() : email,
    homeLanguage: c[F.homeLanguage],
    ethnicity: c[F.ethnicity],
    gender: c[F.gender],
    englishLearner: yesNo(c[F.englishLearner]),
    specialEducation: yesNo(c[F.specialEducation]),
    caseOwner: c[F.caseOwner],
    daysEnrolled,
    daysAbsent,
    attendanceRate: known ? attendanceRate(daysAbsent, daysEnrolled) : null,
    tier: studentTier(daysAbsent, daysEnrolled, rules),
    chronic: known && isChronic(daysAbsent, daysEnrolled, rules),
  };
}

export interface ImportOptions {
  rules?: AttendanceRules;
  /** Called with the share of rows done (0..1) about every tenth of the file. */
  onProgress?: (done: number) => void;
}

/**
 * Validate an export and build the roster. Bad rows are rejected with a reason, never guessed;
 * a file without the columns the toolkit needs is refused as a whole (FileProblem).
 */
export function importTable(table: RawTable, options: ImportOptions = {}): ImportResult {
  const rules = options.rules ?? DEFAULT_RULES;
  const { columns, ignored, problems } = matchHeaders(table.header);
  if (problems.length > 0) throw new FileProblem(problems.join(' '));

  const students: Student[] = [];
  const rejected: Rejection[] = [];
  const firstLineOf = new Map<string, number>();
  const width = table.header.length;
  // Columns with no header at the right (a spreadsheet's trailing commas) may be missing from a row.
  let needed = width;
  while (needed > 0 && table.header[needed - 1] === '') needed--;
  const step = Math.max(1, Math.ceil(table.rows.length / 10));

  let row: unknown[] = [];
  // Each needed cell is cleaned once per row into `cleaned` (by field); fields the file lacks stay ''.
  const mapped = FIELDS.map((f, i) => ({ field: i, column: columns[f.key] })).filter((m) => m.column !== undefined) as {
    field: number;
    column: number;
  }[];
  const cleaned: string[] = FIELDS.map(() => '');
  const columnOf = FIELDS.map((f) => columns[f.key]);
  const raw = (field: number): unknown => (columnOf[field] === undefined ? '' : row[columnOf[field] as number]);
  const idColumn = columnOf[F.studentId] as number;
  let numericIds = 0;

  for (let i = 0; i < table.rows.length; i++) {
    row = table.rows[i];
    const line = table.lines[i];
    // A value too long for a cell (a damaged export's run-on value, see MAX_CELL_TEXT) is noted on the way.
    let tooLong = -1;
    for (let k = 0; k < mapped.length; k++) {
      const value = (cleaned[mapped[k].field] = text(row[mapped[k].column]));
      if (value.length > MAX_CELL_TEXT && tooLong < 0) tooLong = k;
    }
    if (typeof row[idColumn] === 'number') numericIds++;
    try {
      if (row.length > width && !row.slice(width).every((v) => text(v) === '')) {
        throw new RowProblem(
          'extra-values',
          `The row has ${row.length} values but the header has ${width} columns; a value probably contains an unquoted comma.`,
        );
      }
      if (row.length < needed) {
        // A value left out anywhere shifts every value after it into the wrong column, and which
        // one is missing cannot be known: the row is not guessed at.
        throw new RowProblem(
          'missing-values',
          `The row has ${row.length} value${row.length === 1 ? '' : 's'} but the header has ${needed} columns; a value is missing, so the values cannot be matched to their columns.`,
        );
      }
      if (tooLong >= 0) {
        const length = cleaned[mapped[tooLong].field].length;
        throw new RowProblem(
          'too-long',
          `The ${table.header[mapped[tooLong].column]} value is ${length.toLocaleString('en-US')} characters long; a spreadsheet cell holds at most ${MAX_CELL_TEXT.toLocaleString('en-US')}, so the file is probably damaged there.`,
        );
      }
      const student = buildStudent(cleaned, raw, rules, table.decimalComma === true);
      const key = hasUpper(student.id) ? student.id.toLowerCase() : student.id;
      const first = firstLineOf.get(key);
      if (first !== undefined) {
        throw new RowProblem('duplicate-id', `Student ID ${student.id} already appears on line ${first}; the first one was kept.`);
      }
      firstLineOf.set(key, line);
      students.push(student);
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      rejected.push({
        line,
        reason: e.reason,
        message: e.message,
        // As the cell reads: a date as its day, not the script's long date text.
        values: row.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? text(v) : cellText(String(v)))),
      });
    }
    if (options.onProgress && (i + 1) % step === 0) options.onProgress((i + 1) / table.rows.length);
  }
  const usedColumns = (Object.values(columns) as number[]).sort((a, b) => a - b);
  return { students, rejected, header: table.header, ignoredColumns: ignored, usedColumns, rowsRead: table.rows.length, numericIds };
}

/** "12 with no student ID, 3 with a negative day count": the rejection counts by reason, largest first. */
export function summarizeRejections(rejected: readonly Rejection[]): { reason: RejectReason; count: number; summary: string }[] {
  const counts = new Map<RejectReason, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([reason, count]) => ({ reason, count, summary: REASON_SUMMARY[reason] }));
}
