/**
 * The import's History snapshot (see src/core/report/history.ts for the sheets and the retention
 * rule). Called once by the import, inside its lock: one read of the Imports sheet, one read of the
 * previous import's block of History, at most two row deletions, one append, one Imports write.
 */
import {
  blockMatches,
  blockStarts,
  historyLastRow,
  HISTORY_HEADERS,
  HISTORY_SHEET,
  ImportRecord,
  importRecord,
  importsRows,
  IMPORTS_HEADERS,
  IMPORTS_SHEET,
  planHistory,
  readImports,
  readSnapshot,
  Snapshot,
  snapshotRows,
} from '../core/report/history';
import { Student } from '../core/student';
import { ImportSummary } from '../core/summary';
import { appendRows, Cell, getOrCreateSheet, readTable, replaceSheetContents } from './sheet-io';
import { tzOffsetMinutes } from './zone';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** History's text columns (import ID, student ID, tier), written as plain text: see sheet-io. */
const HISTORY_TEXT_COLUMNS = (['Import ID', 'Student ID', 'Tier'] as const).map((h) => HISTORY_HEADERS.indexOf(h));
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A toolkit-owned sheet, made (when missing) with only its header's columns and a bold, frozen header; hidden when asked. */
function ownSheet(ss: Spreadsheet, name: string, header: readonly string[], hidden: boolean): { sheet: Sheet; created: boolean } {
  const own = getOrCreateSheet(ss, name, header.length);
  if (!own.created) return own;
  const { sheet } = own;
  sheet.getRange(1, 1, 1, header.length).setValues([header.slice()]).setFontWeight('bold');
  sheet.setFrozenRows(1);
  if (hidden) sheet.hideSheet();
  return own;
}

/** Append this import's snapshot to History, replacing a same-day import and pruning old ones. */
export function recordImportHistory(ss: Spreadsheet, summary: ImportSummary, students: readonly Student[]): void {
  const importedAt = Date.parse(summary.importedAt);
  const tz = tzOffsetMinutes(ss, new Date(importedAt));
  const index = ownSheet(ss, IMPORTS_SHEET, IMPORTS_HEADERS, false);
  const history = ownSheet(ss, HISTORY_SHEET, HISTORY_HEADERS, true).sheet;
  const existing = index.created ? [] : readImports(readTable(index.sheet), tz);
  const record = importRecord({ importId: summary.importId, importedAt, source: summary.source }, students);
  const plan = planHistory(existing, record, tz);
  const width = HISTORY_HEADERS.length;
  const lastRow = history.getLastRow();
  const expected = historyLastRow(existing);
  const makeDate = (ms: number) => new Date(ms);

  let previous: Map<string, Snapshot> | null = null;
  let kept: ImportRecord[] = plan.kept;
  let rewrite = lastRow !== expected;
  if (!rewrite && plan.carryFrom) {
    const i = existing.indexOf(plan.carryFrom);
    const start = blockStarts(existing)[i];
    const block = plan.carryFrom.rows > 0 ? (history.getRange(start, 1, plan.carryFrom.rows, width).getValues() as unknown[][]) : [];
    if (plan.carryFrom.rows > 0 && !blockMatches(block, plan.carryFrom.importId)) rewrite = true;
    else previous = readSnapshot(block, plan.carryFrom.importId, tz);
  }

  if (!rewrite) {
    const rows = snapshotRows(record, students, previous, makeDate) as Cell[][];
    // The new block goes in before the old ones come out: Sheets refuses to delete every row
    // below the frozen header, which replacing the only import (sized to fit) would otherwise do.
    appendRows(history, rows, width, HISTORY_TEXT_COLUMNS);
    if (plan.replaceRows > 0) history.deleteRows(lastRow - plan.replaceRows + 1, plan.replaceRows);
    if (plan.pruneRows > 0) history.deleteRows(2, plan.pruneRows);
  } else {
    // Someone sorted or edited History: keep what belongs to the imports kept, in one read and one write,
    // grouped by import in the Imports order so each import is one block again.
    const all = readTable(history).slice(1) as Cell[][];
    if (plan.carryFrom) previous = readSnapshot(all, plan.carryFrom.importId, tz);
    const byImport = new Map<string, Cell[][]>(plan.kept.filter((r) => r !== record).map((r) => [r.importId, []]));
    for (const r of all) byImport.get(String(r[0]))?.push(r);
    kept = plan.kept.map((r) => (r === record ? r : { ...r, rows: byImport.get(r.importId)?.length ?? 0 }));
    const fresh = snapshotRows(record, students, previous, makeDate) as Cell[][];
    replaceSheetContents(history, [HISTORY_HEADERS.slice(), ...[...byImport.values()].flat(), ...fresh], HISTORY_TEXT_COLUMNS);
  }
  replaceSheetContents(index.sheet, importsRows(kept, makeDate) as Cell[][]);
  index.sheet.getRange(1, 1, 1, IMPORTS_HEADERS.length).setFontWeight('bold');
}
