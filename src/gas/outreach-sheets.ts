/**
 * The sheets outreach reads and writes, each in one read and one write: the Roster (students
 * and their "Outreach documents" links), the Templates sheet, the Outreach log, the hidden job
 * sheet with the plan, and the "Phone or mail follow-up" list.
 */
import { DAY_COLUMNS } from '../core/dates';
import { LOGS } from '../core/logs';
import { documentLinksByStudent, OUTREACH_LOG_COLUMNS, readOutreachLog, ReadOutreachLog } from '../core/outreach/log';
import { PlanItem } from '../core/outreach/plan';
import { NoEmailRow } from '../core/outreach/plan';
import { readTemplateRows, TemplateRow, TemplateSheetProblem, TEMPLATES_SHEET, builtInTemplateRows } from '../core/outreach/templates';
import { OUTREACH_DOCUMENTS, studentsFromRoster } from '../core/roster';
import { TierId } from '../core/rules';
import { SHEETS } from '../core/sheet-names';
import { Student } from '../core/student';
import {
  appendRows,
  Cell,
  ensureSize,
  getOrCreateSheet,
  formatAsText,
  literalTable,
  markLiteral,
  readTable,
  replaceSheetContents,
  shrinkToContent,
  styleAsTable,
} from './sheet-io';
import { UserError } from './user-errors';
import { withTypedDays } from './zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface RosterRead {
  students: Student[];
}

/** The Roster's students, in one read. */
export function readRoster(ss: Spreadsheet): RosterRead {
  const sheet = ss.getSheetByName(SHEETS.roster);
  if (!sheet)
    throw new UserError('There is no Roster yet. Import an attendance export first (Attendance Toolkit > Import attendance export...).');
  return { students: studentsFromRoster(readTable(sheet)) };
}

/** The Templates sheet's rows, or the toolkit's built-in wording when there is no sheet yet. */
export function readTemplates(ss: Spreadsheet): { rows: TemplateRow[]; problems: TemplateSheetProblem[]; exists: boolean } {
  const sheet = ss.getSheetByName(TEMPLATES_SHEET);
  if (!sheet) return { rows: builtInTemplateRows(), problems: [], exists: false };
  return { ...readTemplateRows(readTable(sheet)), exists: true };
}

export function writeTemplatesSheet(ss: Spreadsheet, values: string[][]): void {
  // People keep notes beside their templates: Sheets' spare columns stay (the sheet is small).
  const { sheet } = getOrCreateSheet(ss, TEMPLATES_SHEET);
  replaceSheetContents(sheet, values);
  styleAsTable(sheet, values.length, values[0].length);
  sheet.setColumnWidth(4, 300);
  sheet.setColumnWidth(5, 420);
}

/** The Outreach log (created with its header when missing). */
export function outreachLogSheet(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const { sheet, created } = getOrCreateSheet(ss, LOGS.outreach.sheet, OUTREACH_LOG_COLUMNS.length);
  if (created) {
    replaceSheetContents(sheet, [[...OUTREACH_LOG_COLUMNS]]);
    const header = sheet.getRange(1, 1, 1, OUTREACH_LOG_COLUMNS.length);
    header.setFontWeight('bold');
    header.setBackground('#e8eaed');
    sheet.setFrozenRows(1);
  }
  return sheet;
}

export function readLogSheet(ss: Spreadsheet): ReadOutreachLog {
  const sheet = ss.getSheetByName(LOGS.outreach.sheet);
  return readOutreachLog(sheet ? withTypedDays(ss, readTable(sheet), DAY_COLUMNS) : []);
}

/** Append log rows in one write, in the sheet's own column order (found by header). */
export function appendLog(ss: Spreadsheet, rows: (string | Date)[][]): void {
  if (rows.length === 0) return;
  const sheet = outreachLogSheet(ss);
  const header = sheet
    .getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1))
    .getValues()[0]
    .map((h) => String(h).trim());
  const width = Math.max(header.length, OUTREACH_LOG_COLUMNS.length);
  const at = OUTREACH_LOG_COLUMNS.map((h) => header.indexOf(h));
  const table: Cell[][] = rows.map((r) => {
    const out: Cell[] = new Array<Cell>(width).fill('');
    r.forEach((v, i) => {
      if (at[i] >= 0) out[at[i]] = v;
    });
    return out;
  });
  appendRows(sheet, table, width);
}

const PLAN_HEADER = [
  'Key',
  'Kind',
  'Group',
  'Student ID',
  'Student name',
  'Tier',
  'School',
  'Language',
  'Template ID',
  'Owner',
  'Due',
  'To',
];

/**
 * The job's work list, on a hidden sheet the toolkit owns (far too big for a property): one row
 * per item, then one column per merge field the templates use (by canonical name). Header first.
 */
export function planTable(items: readonly PlanItem[], fieldNames: readonly string[]): Cell[][] {
  const rows: Cell[][] = [[...PLAN_HEADER, ...fieldNames]];
  for (const it of items) {
    rows.push([
      it.key,
      it.kind,
      it.group,
      it.studentId,
      it.studentName,
      it.tier,
      it.school,
      it.language,
      it.templateId,
      it.owner,
      it.due,
      it.to.join(','),
      ...fieldNames.map((f) => it.fields[f] ?? ''),
    ]);
  }
  return rows;
}

/**
 * Start the plan sheet: cleared, hidden, sized for `rows` rows (header included) and the header's
 * columns (a larger earlier plan's grid is deleted first), the header written.
 */
export function startPlan(ss: Spreadsheet, header: Cell[], rows: number): void {
  const { sheet } = getOrCreateSheet(ss, SHEETS.outreachPlan, header.length);
  replaceSheetContents(sheet, [header]);
  shrinkToContent(sheet);
  ensureSize(sheet, Math.max(rows, 1), header.length);
  if (!sheet.isSheetHidden()) sheet.hideSheet();
}

/** Write plan rows starting at sheet row `at` (1-based; the header is row 1), in one write. */
export function writePlanRows(ss: Spreadsheet, at: number, rows: Cell[][]): void {
  const sheet = ss.getSheetByName(SHEETS.outreachPlan);
  if (!sheet || rows.length === 0) return;
  sheet.getRange(at, 1, rows.length, rows[0].length).setValues(literalTable(rows));
}

/** Rows [from, from + count) of the plan (0-based item indexes), in one read. */
export function readPlanRows(ss: Spreadsheet, from: number, count: number): PlanItem[] {
  const sheet = ss.getSheetByName(SHEETS.outreachPlan);
  if (!sheet || count <= 0) return [];
  const width = sheet.getLastColumn();
  const header = sheet
    .getRange(1, 1, 1, width)
    .getValues()[0]
    .map((h) => String(h));
  // A plan cleared meanwhile (the job was stopped) has no plan header: nothing to read.
  if (header[0] !== PLAN_HEADER[0] || sheet.getLastRow() < 1 + from + count) return [];
  const values = sheet.getRange(2 + from, 1, count, width).getValues();
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return values.map((r) => {
    // Every field the templates use, empty ones too: an empty value merges as empty (and a
    // withheld field's sentence is left out), never as the {{placeholder}} itself.
    const fields: Record<string, string> = {};
    for (let c = PLAN_HEADER.length; c < width; c++) fields[header[c]] = s(r[c]);
    return {
      key: s(r[0]),
      kind: s(r[1]) as PlanItem['kind'],
      group: s(r[2]),
      studentId: s(r[3]),
      studentName: s(r[4]),
      tier: s(r[5]) as TierId,
      school: s(r[6]),
      language: s(r[7]),
      templateId: s(r[8]),
      owner: s(r[9]),
      due: s(r[10]),
      to: s(r[11]) ? s(r[11]).split(',') : [],
      fields,
    };
  });
}

/**
 * Empty the plan sheet when its job is over (done, stopped or failed for good, with no batch in
 * flight): it holds every merge field of every student (guardian, phone, email ...), which no one
 * needs once the job cannot continue. Its grid goes too, down to the note's one cell: a district's
 * plan is over a million cells, which count toward the spreadsheet's 10 million even when empty.
 */
export function clearPlan(ss: Spreadsheet, note = 'The last outreach job is over; its work list was cleared.'): void {
  const sheet = ss.getSheetByName(SHEETS.outreachPlan);
  if (!sheet) return;
  replaceSheetContents(sheet, [[note]]);
  shrinkToContent(sheet);
}

/** Rebuild the roster's "Outreach documents" column from the log: one read of the IDs, one write of the column. */
export function writeRosterLinks(ss: Spreadsheet, log: ReadOutreachLog): void {
  const sheet = ss.getSheetByName(SHEETS.roster);
  if (!sheet || sheet.getLastRow() < 2) return;
  const lastCol = sheet.getLastColumn();
  const header = sheet
    .getRange(1, 1, 1, lastCol)
    .getValues()[0]
    .map((h) => String(h).trim());
  const idCol = header.indexOf('Student ID') + 1;
  if (idCol === 0) return;
  let linkCol = header.indexOf(OUTREACH_DOCUMENTS) + 1;
  if (linkCol === 0) {
    linkCol = lastCol + 1;
    if (sheet.getMaxColumns() < linkCol) sheet.insertColumnsAfter(sheet.getMaxColumns(), 1);
    sheet.getRange(1, linkCol).setValue(OUTREACH_DOCUMENTS);
  }
  const n = sheet.getLastRow() - 1;
  const ids = sheet.getRange(2, idCol, n, 1).getValues();
  const links = documentLinksByStudent(log.entries);
  // Links are URLs, in a column of plain text as the import formats it (see sheet-io).
  const column: Cell[][] = ids.map(([id]) => [links.get(String(id).trim()) ?? '']);
  const range = sheet.getRange(2, linkCol, n, 1);
  if (markLiteral(column, [0]).length > 0) formatAsText(sheet, 2, n, [linkCol - 1]);
  else range.clearFormat();
  range.setValues(column);
}

const NO_EMAIL_HEADER = [
  'Student ID',
  'Student name',
  'School',
  'Tier',
  'Guardian',
  'Home phone',
  'Guardian email as given',
  'Why no draft',
];

/** A row's key on the Phone or mail follow-up sheet, which lists a student once per tier. */
const listingKey = (studentId: unknown, tier: unknown) => `${String(studentId ?? '').trim()}|${String(tier ?? '').trim()}`;

function noEmailRow(r: NoEmailRow): Cell[] {
  const why =
    r.reason === 'no-email'
      ? 'No guardian email'
      : r.reason === 'invalid-email'
        ? 'Not a valid email address'
        : `Gmail refused the address${r.detail ? ` (${r.detail})` : ''}`;
  return [r.studentId, r.studentName, r.school, r.tier, r.guardian, r.homePhone, r.email, why];
}

/** A draft a new job plans for a student and tier, which an earlier job may have listed as one to phone or mail. */
export interface PlannedDraft {
  studentId: string;
  tier: string;
  email: string;
}

/**
 * The students the toolkit could not email, for a phone call or a letter by mail, merged into the
 * sheet by student and tier: a job adds its students and refreshes the toolkit's columns of those
 * already listed; the rows of earlier jobs stay, and so do columns staff added (notes beside a
 * student). A student an earlier job listed who gets a draft now (an email was added to the
 * roster) keeps the row and its notes, marked as having an email now, so nobody phones a family
 * that was just emailed thinking it cannot be (markDraftsMade says so once the draft is made). One
 * read and one write, none when nothing changes. Returns how many listed students are marked so.
 */
export function writeNoEmail(
  ss: Spreadsheet,
  rows: readonly NoEmailRow[],
  planned: { drafts: readonly PlannedDraft[]; on: string } = { drafts: [], on: '' },
): number {
  const existing = ss.getSheetByName(SHEETS.noEmail);
  if (rows.length === 0 && (!existing || planned.drafts.length === 0)) return 0;
  const sheet = existing ?? ss.insertSheet(SHEETS.noEmail);
  const table: Cell[][] = existing ? readTable(existing) : [];
  if (table.length === 0) table.push([...NO_EMAIL_HEADER]);
  const header = table[0].map((h) => String(h ?? '').trim());
  // The toolkit's columns, where they are now (staff may have moved them); one missing is added at the end.
  const at = NO_EMAIL_HEADER.map((h) => {
    let c = header.indexOf(h);
    if (c < 0) {
      c = header.length;
      header.push(h);
      table[0][c] = h;
    }
    return c;
  });
  const width = header.length;
  const key = (row: readonly Cell[]) => listingKey(row[at[0]], row[at[3]]);
  const byKey = new Map<string, number>();
  for (let r = 1; r < table.length; r++) byKey.set(key(table[r]), r);
  for (const r of rows) {
    const values = noEmailRow(r);
    const k = listingKey(r.studentId, r.tier);
    let index = byKey.get(k);
    if (index === undefined) {
      index = table.length;
      table.push(new Array<Cell>(width).fill(''));
      byKey.set(k, index);
    }
    const row = table[index];
    while (row.length < width) row.push('');
    values.forEach((v, i) => (row[at[i]] = v));
  }
  let changed = rows.length > 0;
  const listedNow = new Set(rows.map((r) => listingKey(r.studentId, r.tier)));
  const hasEmail = draftPlanned(planned.on);
  let marked = 0;
  for (const d of planned.drafts) {
    const k = listingKey(d.studentId, d.tier);
    const index = byKey.get(k);
    if (index === undefined || listedNow.has(k)) continue;
    marked++;
    const row = table[index];
    while (row.length < width) row.push('');
    if (String(row[at[6]] ?? '') === d.email && String(row[at[7]] ?? '') === hasEmail) continue;
    row[at[6]] = d.email;
    row[at[7]] = hasEmail;
    changed = true;
  }
  if (!changed) return marked;
  for (const row of table) while (row.length < width) row.push('');
  const filter = sheet.getFilter();
  if (filter) filter.remove();
  ensureSize(sheet, table.length, width);
  sheet.getRange(1, 1, table.length, width).setValues(literalTable(table));
  styleAsTable(sheet, table.length, width);
  return marked;
}

/** "Why no draft" of a listed student the job is to email: the draft is planned, not made yet. */
const draftPlanned = (on: string) => `Has an email now: a draft was planned on ${on}`;

/**
 * Students listed for a phone call whose Gmail draft the job has now made (writeNoEmail marked them
 * as planned): their "Why no draft" says it was made, and on which day (`madeOn`, yyyy-mm-dd). One
 * read; one write of the "Why no draft" cells from the first to the last changed, none when nothing
 * changes. Returns how many rows still say a draft was planned on `plannedOn`, so the job stops
 * looking when none do.
 */
export function markDraftsMade(
  ss: Spreadsheet,
  made: readonly { studentId: string; tier: string; madeOn: string }[],
  plannedOn: string,
): number {
  const sheet = ss.getSheetByName(SHEETS.noEmail);
  if (!sheet) return 0;
  const table = readTable(sheet);
  if (table.length < 2) return 0;
  const header = table[0].map((h) => String(h ?? '').trim());
  const id = header.indexOf(NO_EMAIL_HEADER[0]);
  const tier = header.indexOf(NO_EMAIL_HEADER[3]);
  const why = header.indexOf(NO_EMAIL_HEADER[7]);
  if (id < 0 || tier < 0 || why < 0) return 0;
  const planned = draftPlanned(plannedOn);
  const madeOn = new Map(made.map((m) => [listingKey(m.studentId, m.tier), m.madeOn]));
  let first = -1;
  let last = -1;
  let left = 0;
  for (let r = 1; r < table.length; r++) {
    if (String(table[r][why] ?? '') !== planned) continue;
    const on = madeOn.get(listingKey(table[r][id], table[r][tier]));
    if (on !== undefined) {
      table[r][why] = `Has an email now: a Gmail draft was made on ${on}`;
      if (first < 0) first = r;
      last = r;
    } else left++;
  }
  if (first >= 0) {
    const cells = table.slice(first, last + 1).map((row) => [row[why] ?? '']);
    sheet.getRange(first + 1, why + 1, cells.length, 1).setValues(literalTable(cells));
  }
  return left;
}

/**
 * Add students whose draft Gmail refused while the job ran, merged like writeNoEmail: a student
 * already listed for the tier is refreshed in place, never listed twice (a batch retried after an
 * interruption meets the same refusal). Returns how many students Gmail refused.
 */
export function appendNoEmail(ss: Spreadsheet, rows: readonly NoEmailRow[]): number {
  if (rows.length === 0) return 0;
  writeNoEmail(ss, rows);
  return new Set(rows.map((r) => `${r.studentId}|${r.tier}`)).size;
}
