/**
 * The History kept for the report: a compact snapshot of every import, so the report can show
 * tier movement since the previous import, each student's recent pace of absences, how long a
 * student has been in their tier, and the chronic absence rate across imports.
 *
 * Two sheets, both written only by the import:
 *   Attendance history  one row per student per import: Import ID, Imported on, Student ID, Days enrolled,
 *            Days absent, Tier, In tier since (the day the student was first seen in this tier,
 *            carried forward from import to import while the tier is unchanged).
 *   Imports  one row per import kept in History: its totals and how many History rows it has.
 * Snapshots are appended in import order, so each import is one block of rows in History.
 *
 * Retention rule: History keeps the most recent HISTORY_MAX_IMPORTS imports (26: a school year
 * of bi-weekly imports) and never more than HISTORY_MAX_CELLS cells (3.5 million of the
 * workbook's 10 million); the oldest imports are removed first. An import on the same day as the
 * last one replaces it (a corrected file is not a new fortnight).
 */
import { TIER_IDS, TierId } from '../rules';
import { REPORT_SHEETS } from '../sheet-names';
import { Student } from '../student';
import { dayNumber, instantOf } from './numbers';

export const HISTORY_SHEET = REPORT_SHEETS.history;
export const IMPORTS_SHEET = REPORT_SHEETS.imports;
export const HISTORY_HEADERS = ['Import ID', 'Imported on', 'Student ID', 'Days enrolled', 'Days absent', 'Tier', 'In tier since'] as const;
export const IMPORTS_HEADERS = [
  'Import ID',
  'Imported on',
  'Source',
  'Students',
  'With attendance',
  'Chronically absent',
  '% chronically absent',
  'History rows',
] as const;

export const HISTORY_MAX_IMPORTS = 26;
export const HISTORY_MAX_CELLS = 3_500_000;

/** One import as the Imports sheet lists it. */
export interface ImportRecord {
  importId: string;
  /** ms since the epoch. */
  importedAt: number;
  source: string;
  students: number;
  withAttendance: number;
  chronic: number;
  rows: number;
}

/** One student in one import's snapshot. */
export interface Snapshot {
  studentId: string;
  daysEnrolled: number | null;
  daysAbsent: number | null;
  tier: TierId | null;
  /** ms; null when the student has no tier. */
  tierSince: number | null;
}

/** Students counted in the report's rates: an absence figure and enrolled days. */
export function hasAttendance(s: Pick<Student, 'tier' | 'daysAbsent' | 'daysEnrolled'>): boolean {
  return s.tier !== null && s.daysAbsent !== null && (s.daysEnrolled ?? 0) > 0;
}

export function importRecord(meta: { importId: string; importedAt: number; source: string }, students: readonly Student[]): ImportRecord {
  let withAttendance = 0;
  let chronic = 0;
  for (const s of students) {
    if (!hasAttendance(s)) continue;
    withAttendance++;
    if (s.chronic) chronic++;
  }
  return { ...meta, students: students.length, withAttendance, chronic, rows: students.length };
}

type Cell = string | number | Date | null;

/**
 * This import's History rows. "In tier since" carries forward from the previous snapshot while
 * the tier is unchanged; a new tier (or a student not seen before) starts today.
 */
export function snapshotRows(
  record: ImportRecord,
  students: readonly Student[],
  previous: ReadonlyMap<string, Snapshot> | null,
  makeDate: (ms: number) => Date,
): Cell[][] {
  const on = makeDate(record.importedAt);
  // Students who kept their tier share a few start dates: one Date each, not one per student.
  const dates = new Map<number, Date>([[record.importedAt, on]]);
  const dateOf = (ms: number) => {
    let d = dates.get(ms);
    if (!d) dates.set(ms, (d = makeDate(ms)));
    return d;
  };
  return students.map((s) => {
    const before = previous?.get(s.id);
    const since =
      s.tier === null ? null : before && before.tier === s.tier && before.tierSince !== null ? before.tierSince : record.importedAt;
    return [record.importId, on, s.id, s.daysEnrolled, s.daysAbsent, s.tier ?? '', since === null ? '' : dateOf(since)];
  });
}

function num(v: unknown): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** History rows (without header) of one import, by student ID. Rows of other imports are ignored. */
export function readSnapshot(rows: readonly unknown[][], importId: string, tzOffsetMinutes = 0): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  for (const row of rows) {
    if (text(row[0]) !== importId) continue;
    const id = text(row[2]);
    if (!id) continue;
    const tierText = text(row[5]);
    out.set(id, {
      studentId: id,
      daysEnrolled: num(row[3]),
      daysAbsent: num(row[4]),
      tier: (TIER_IDS as readonly string[]).includes(tierText) ? (tierText as TierId) : null,
      tierSince: instantOf(row[6], tzOffsetMinutes),
    });
  }
  return out;
}

/** True when every row of a block read from History belongs to the import (the sheet was not re-sorted). */
export function blockMatches(rows: readonly unknown[][], importId: string): boolean {
  return rows.length > 0 && rows.every((r) => text(r[0]) === importId);
}

/** The Imports sheet's values (header first), oldest import first. Rows that are not imports are skipped. */
export function readImports(values: readonly unknown[][], tzOffsetMinutes = 0): ImportRecord[] {
  const out: ImportRecord[] = [];
  for (let r = 1; r < values.length; r++) {
    const row = values[r];
    const importId = text(row[0]);
    const importedAt = instantOf(row[1], tzOffsetMinutes);
    if (!importId || importedAt === null) continue;
    out.push({
      importId,
      importedAt,
      source: text(row[2]),
      students: num(row[3]) ?? 0,
      withAttendance: num(row[4]) ?? 0,
      chronic: num(row[5]) ?? 0,
      rows: num(row[7]) ?? 0,
    });
  }
  // Oldest first whatever order the sheet was sorted in (the toolkit writes it so, and History's
  // blocks follow that order); imports of the same moment keep their sheet order.
  return out.sort((a, b) => a.importedAt - b.importedAt);
}

/**
 * The import that made the Roster (`currentImportId`, the last import's ID) if it is the last one
 * History keeps, as the report takes it; null otherwise (History was not written for it).
 */
export function currentImport(imports: readonly ImportRecord[], currentImportId: string | null): ImportRecord | null {
  const last = imports[imports.length - 1] ?? null;
  return last && last.importId === currentImportId ? last : null;
}

export function importsRows(records: readonly ImportRecord[], makeDate: (ms: number) => Date): Cell[][] {
  return [
    [...IMPORTS_HEADERS],
    ...records.map((r) => [
      r.importId,
      makeDate(r.importedAt),
      r.source,
      r.students,
      r.withAttendance,
      r.chronic,
      r.withAttendance > 0 ? Math.round((1000 * r.chronic) / r.withAttendance) / 10 : '',
      r.rows,
    ]),
  ];
}

/** First History row (1-based, after the header) of each kept import, in order. */
export function blockStarts(records: readonly ImportRecord[]): number[] {
  const starts: number[] = [];
  let row = 2;
  for (const r of records) {
    starts.push(row);
    row += r.rows;
  }
  return starts;
}

/** History's last row (1-based; the header's when no import has rows) when its blocks are as the imports wrote them. */
export function historyLastRow(records: readonly ImportRecord[]): number {
  return 1 + records.reduce((n, r) => n + r.rows, 0);
}

export interface HistoryPlan {
  /** History rows to delete from the end (a same-day import being replaced). */
  replaceRows: number;
  /** History rows to delete from the top (the oldest imports), after the header. */
  pruneRows: number;
  /** The imports kept, oldest first, including the new one. */
  kept: ImportRecord[];
  /** The import whose snapshot the new one carries "In tier since" from; null for none. */
  carryFrom: ImportRecord | null;
}

/**
 * What the import does to History: replace a same-day import, append the new one, and drop the
 * oldest imports beyond the retention limits.
 */
export function planHistory(
  existing: readonly ImportRecord[],
  next: ImportRecord,
  tzOffsetMinutes: number,
  limits = { maxImports: HISTORY_MAX_IMPORTS, maxCells: HISTORY_MAX_CELLS },
): HistoryPlan {
  let records = [...existing];
  let replaceRows = 0;
  const last = records[records.length - 1];
  if (last && dayNumber(last.importedAt, tzOffsetMinutes) === dayNumber(next.importedAt, tzOffsetMinutes)) {
    replaceRows = last.rows;
    records = records.slice(0, -1);
  }
  const carryFrom = records[records.length - 1] ?? null;
  records.push(next);
  let pruneRows = 0;
  const width = HISTORY_HEADERS.length;
  const cells = () => historyLastRow(records) * width;
  while (records.length > 1 && (records.length > limits.maxImports || cells() > limits.maxCells)) {
    pruneRows += records[0].rows;
    records = records.slice(1);
  }
  return { replaceRows, pruneRows, kept: records, carryFrom };
}
