/**
 * When a student reached their current tier, as History says it, for the student panel's
 * checklist: the report's rule (src/core/level-work.ts) with the report's data, read for one
 * student without reading the hidden History sheet whole.
 *
 * The import writes the Roster and its History block from the same list of students, in the same
 * order, so the student on Roster row r is row r - 1 of the current import's block. Reads: the
 * Imports sheet (one row per import kept, 26 at most) and that one History row, checked to be the
 * student's in the current import. When it is not (someone sorted the Roster), the block's Student
 * ID column, then the row; when History itself was sorted or edited (the next import puts it
 * back), its Student ID column, then the rows from the student's first to their last.
 */
import { dayNumber } from '../core/report/numbers';
import {
  blockStarts,
  currentImport,
  HISTORY_HEADERS,
  HISTORY_SHEET,
  historyLastRow,
  ImportRecord,
  IMPORTS_SHEET,
  readImports,
  readSnapshot,
  Snapshot,
} from '../core/report/history';
import { tierSinceDay } from '../core/level-work';
import { Student } from '../core/student';
import { lastImportId } from './import';
import { readTable } from './sheet-io';
import { tzOffsetMinutes } from './zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** The student's row in the current import's snapshot, or null. `rosterIndex`: their row on the Roster, 0 for the first student. */
function snapshotOf(
  ss: Spreadsheet,
  imports: readonly ImportRecord[],
  current: ImportRecord,
  studentId: string,
  rosterIndex: number | null,
  tz: number,
): Snapshot | null {
  const sheet = ss.getSheetByName(HISTORY_SHEET);
  if (!sheet || current.rows === 0) return null;
  const width = HISTORY_HEADERS.length;
  const start = blockStarts(imports)[imports.indexOf(current)];
  const lastRow = sheet.getLastRow();
  const ours = (row: unknown[]) => text(row[0]) === current.importId && text(row[2]) === studentId;
  const rowAt = (r: number) => (sheet.getRange(r, 1, 1, width).getValues() as unknown[][])[0];
  const found = (row: unknown[]) => readSnapshot([row], current.importId, tz).get(studentId) ?? null;

  // The row the import wrote for the student's Roster row.
  if (rosterIndex !== null && rosterIndex >= 0 && rosterIndex < current.rows && start + rosterIndex <= lastRow) {
    const row = rowAt(start + rosterIndex);
    if (ours(row)) return found(row);
  }
  // The Roster was sorted: the block's Student ID column.
  const expectedLast = historyLastRow(imports);
  if (lastRow === expectedLast) {
    const ids = sheet.getRange(start, 3, current.rows, 1).getValues();
    let at = -1;
    ids.forEach((r, i) => {
      if (text(r[0]) === studentId) at = i;
    });
    if (at >= 0) {
      const row = rowAt(start + at);
      if (ours(row)) return found(row);
    }
  }
  // History was sorted or edited: the student's rows, wherever they are (the last one of the current import, as the report reads it).
  if (lastRow < 2) return null;
  const ids = sheet.getRange(2, 3, lastRow - 1, 1).getValues();
  let first = -1;
  let last = -1;
  ids.forEach((r, i) => {
    if (text(r[0]) !== studentId) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) return null;
  const rows = sheet.getRange(first + 2, 1, last - first + 1, width).getValues() as unknown[][];
  return readSnapshot(rows, current.importId, tz).get(studentId) ?? null;
}

/**
 * The day History says the student reached their current tier, or null when it cannot tell (the
 * entries' "Tier at the time" decides then, as in the report). Nothing is read for a student in L1
 * or without attendance: their checklist is empty.
 */
export function historyTierSince(ss: Spreadsheet, student: Student, rosterIndex: number | null): number | null {
  if (!student.tier || student.tier === 'L1') return null;
  const index = ss.getSheetByName(IMPORTS_SHEET);
  if (!index) return null;
  const tz = tzOffsetMinutes(ss, new Date());
  const imports = readImports(readTable(index) as unknown[][], tz);
  const current = currentImport(imports, lastImportId());
  if (!current) return null;
  const snapshot = snapshotOf(ss, imports, current, student.id, rosterIndex, tz);
  return tierSinceDay(student.tier, snapshot, dayNumber(imports[0].importedAt, tz), tz);
}
