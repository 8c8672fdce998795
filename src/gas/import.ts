/**
 * Attendance Toolkit > Import attendance export...
 *
 * The dialog reads the chosen file in the browser and sends its text here (or names a tab that
 * was brought in with File > Import). The import validates every row in the core, then rewrites
 * only the sheets it owns (Roster, Rejected rows) in one write each. Sheets people write in are
 * never touched.
 */
import { FileProblem, parseCsv, RawTable, tableFromRows } from '../core/csv';
import { importTable, ImportResult } from '../core/importer';
import { idsThatLostZeros, lostZerosMessage } from '../core/lost-zeros';
import { LogRow, LOGS } from '../core/logs';
import { documentLinksByStudent, readOutreachLog, studentsWithDrafts } from '../core/outreach/log';
import { OUTREACH_DOCUMENTS, ROSTER_COLUMNS, ROSTER_HEADERS, ROSTER_TEXT_COLUMNS, rosterRow } from '../core/roster';
import { TIERS } from '../core/rules';
import { isToolkitSheet, SHEETS } from '../core/sheet-names';
import { DEFAULT_SETTINGS, findSchool, readSettings, School, Settings, settingsWarning } from '../core/settings';
import { editSettingsValues } from '../core/settings-edit';
import { describeImport, ImportSummary, oldAddressWarning, summarizeImport, unreadableTextWarning } from '../core/summary';
import { recordImportHistory } from './history';
import { createSettingsSheet, loadSettings } from './settings-sheet';
import { applySheetEdit } from './setup';
import { Cell, columnsByHeader, getOrCreateSheet, insertSheetOfWidth, readTable, replaceSheetContents, styleAsTable } from './sheet-io';
import { forDialog, fromMenu, Outcome, UserError, withDocumentLock } from './user-errors';

const LAST_IMPORT_KEY = 'toolkit.lastImport';

/** The last import's ID (stored with its summary under LAST_IMPORT_KEY), or null before the first import. */
export function lastImportId(): string | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(LAST_IMPORT_KEY);
  return raw ? ((JSON.parse(raw) as { importId?: string }).importId ?? null) : null;
}
/** At most this many rejected rows are listed in the dialog and summary; all are on the sheet. */
const LIST_LIMIT = 200;

const NO_DATA_COLOR = '#f1f3f4';

function progress(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, message: string): void {
  ss.toast(message, 'Attendance Toolkit', 5);
}

/**
 * Rows are colored by tier with conditional-format rules on the Tier column, not by painting
 * every cell: one call whatever the roster's size, and the color follows a tier someone edits
 * or a sort.
 */
function tierColorRules(sheet: GoogleAppsScript.Spreadsheet.Sheet, numStudents: number, width: number) {
  const tierCol = ROSTER_HEADERS.indexOf('Tier') + 1;
  const letter = String.fromCharCode(64 + tierCol);
  const range = sheet.getRange(2, 1, Math.max(numStudents, 1), width);
  const rules = TIERS.map((t) =>
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(`=$${letter}2="${t.id}"`)
      .setBackground(t.color)
      .setRanges([range])
      .build(),
  );
  rules.push(
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(`=AND($A2<>"",$${letter}2="")`)
      .setBackground(NO_DATA_COLOR)
      .setRanges([range])
      .build(),
  );
  sheet.setConditionalFormatRules(rules);
}

function writeRoster(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, result: ImportResult, outreachLog: LogRow[] | null): void {
  const { sheet } = getOrCreateSheet(ss, SHEETS.roster, ROSTER_HEADERS.length);
  const rows: Cell[][] = new Array<Cell[]>(result.students.length + 1);
  rows[0] = ROSTER_HEADERS.slice();
  for (let i = 0; i < result.students.length; i++) rows[i + 1] = rosterRow(result.students[i]);
  // Links to outreach documents come from the Outreach log, so a re-import keeps them.
  if (outreachLog) {
    const links = documentLinksByStudent(outreachLog);
    const at = ROSTER_HEADERS.indexOf(OUTREACH_DOCUMENTS);
    if (links.size > 0) result.students.forEach((s, i) => (rows[i + 1][at] = links.get(s.id) ?? ''));
  }
  replaceSheetContents(sheet, rows, ROSTER_TEXT_COLUMNS);
  const n = result.students.length;
  const width = ROSTER_HEADERS.length;
  if (n > 0) {
    ROSTER_COLUMNS.forEach((c, i) => {
      if (c.kind === 'percent') sheet.getRange(2, i + 1, n, 1).setNumberFormat('0.0%');
      if (c.kind === 'number') sheet.getRange(2, i + 1, n, 1).setNumberFormat('0.#');
    });
  }
  tierColorRules(sheet, n, width);
  styleAsTable(sheet, n + 1, width);
}

function writeRejected(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, result: ImportResult): void {
  const existing = ss.getSheetByName(SHEETS.rejected);
  if (result.rejected.length === 0 && !existing) return;
  // Only the columns the toolkit uses are shown again: a column it ignores (a date of birth, a
  // medical note) is never written anywhere, not even here.
  const used = result.usedColumns;
  const header: Cell[] = ['Line in file', 'Why it was not imported', ...used.map((c) => result.header[c] ?? '')];
  const rows: Cell[][] = [header, ...result.rejected.map((r) => [r.line, r.message, ...used.map((c) => r.values[c] ?? '')] as Cell[])];
  if (result.rejected.length === 0) rows.push(['', 'Every row of the last import was imported.']);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 2);
  const sheet = existing ?? insertSheetOfWidth(ss, SHEETS.rejected, width);
  replaceSheetContents(sheet, rows);
  styleAsTable(sheet, rows.length, width);
}

/**
 * What is remembered of an import in the document properties (9 KB a value): the counts, never
 * the rejection messages (they quote student IDs; the Rejected rows sheet has them), and a capped
 * list of ignored columns and warnings, so that even a 300-column export fits.
 */
export function storedSummary(summary: ImportSummary): ImportSummary {
  const cap = (xs: string[], n: number) => (xs.length > n ? [...xs.slice(0, n), `and ${xs.length - n} more`] : xs);
  return {
    ...summary,
    rejected: [],
    ignoredColumns: cap(summary.ignoredColumns, 20),
    warnings: cap(summary.warnings, 10).map((w) => w.slice(0, 300)),
  };
}

/** The roster's schools that the Settings sheet does not list yet (by name or school ID), by name. */
function rosterSchools(result: ImportResult, settings: Settings): School[] {
  const schools = new Map<string, string>();
  // A district has thousands of students and a few dozen schools: each school is looked up once.
  const checked = new Map<string, Set<string>>();
  for (const s of result.students) {
    let ids = checked.get(s.school);
    if (!ids) checked.set(s.school, (ids = new Set()));
    if (ids.has(s.schoolId)) continue;
    ids.add(s.schoolId);
    if (!schools.has(s.school) && !findSchool(settings, s.school, s.schoolId)) schools.set(s.school, s.schoolId);
  }
  return [...schools]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, schoolId]) => ({ name, schoolId, attendanceLead: '', principal: '', officePhone: '' }));
}

/**
 * Schools new to the Settings sheet go at the end of its Schools table (whether Set up ran
 * before the first import or a school joined later), with the wizard's minimal edit: no other
 * cell changes. Returns how many were added.
 */
function addMissingSchools(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, result: ImportResult, settings: Settings): number {
  const missing = rosterSchools(result, settings);
  if (missing.length === 0) return 0;
  const sheet = ss.getSheetByName(SHEETS.settings);
  if (!sheet) return 0;
  const values = readTable(sheet);
  // Only the new schools are passed: the rows already there are the team's and stay as typed.
  const edit = editSettingsValues(values, { ...readSettings(values).settings, schools: missing }, { only: [] });
  applySheetEdit(sheet, values, edit.values);
  return missing.length;
}

const emailOf = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toLowerCase();

const idOf = (v: unknown) => (typeof v === 'string' ? v.trim() : String(v).trim());

/**
 * The Roster as it is before this import: its Student IDs (two reads: the header, the ID column;
 * [] before the first import), and on demand the guardian emails of some of them (one read more).
 */
function currentRoster(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): {
  ids: string[];
  emailsOf(wanted: ReadonlySet<string>): Map<string, string>;
} {
  const sheet = ss.getSheetByName(SHEETS.roster);
  const columns = sheet ? columnsByHeader(sheet) : null;
  const cells = columns?.column('Student ID') ?? [];
  const ids = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) ids[i] = idOf(cells[i]);
  return {
    ids,
    emailsOf(wanted) {
      const emails = new Map<string, string>();
      const mails = wanted.size > 0 ? columns?.column('Guardian email') : null;
      if (mails) for (let i = 0; i < ids.length; i++) if (wanted.has(ids[i])) emails.set(ids[i], emailOf(mails[i]));
      return emails;
    },
  };
}

/**
 * Students whose guardian email is not the one on the Roster before this import, and for whom
 * outreach already made a Gmail draft: outreach drafts once per student and level, so a draft not
 * sent yet still goes to the address the family no longer gives. "Name (ID)" of each. The old
 * emails are read only when the log has drafts, and kept only for those students.
 */
function draftsToAnOldAddress(
  before: ReturnType<typeof currentRoster>,
  students: ImportResult['students'],
  outreachLog: LogRow[] | null,
): string[] {
  const was = before.emailsOf(studentsWithDrafts(outreachLog ?? []));
  if (was.size === 0) return [];
  const named: string[] = [];
  for (const s of students) {
    const old = was.get(s.id);
    if (old && old !== emailOf(s.guardianEmail)) named.push(`${s.name} (${s.id})`);
  }
  return named;
}

/**
 * Import a parsed table: validate, write the owned sheets, remember the import. `from` says where
 * the table came from (a CSV file, or a tab of the spreadsheet), for the messages that tell the user what to do.
 */
export function importRawTable(table: RawTable, source: string, from: 'file' | 'tab' = 'file'): ImportSummary {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock('the import', () => {
    const { settings, problems, exists } = loadSettings(ss);
    const big = table.rows.length > 2000;
    if (big) progress(ss, `Checking ${table.rows.length.toLocaleString('en-US')} rows...`);
    const result = importTable(table, { rules: settings.rules });
    if (result.rowsRead === 0) {
      throw new UserError(
        'There are column names but no student rows below them, so the roster was left as it was. Export the report again with its students, and import that.',
      );
    }
    if (result.students.length === 0) {
      const none = result.rowsRead === 1 ? 'The one row could not' : `None of the ${result.rowsRead.toLocaleString('en-US')} rows could`;
      throw new UserError(
        `${none} be imported, so the roster was left as it was. ` +
          (result.rejected[0]
            ? `The first problem, on line ${result.rejected[0].line}: ${result.rejected[0].message}`
            : 'The file has no data rows.'),
      );
    }
    const before = currentRoster(ss);
    const lost = idsThatLostZeros(
      result.students.map((s) => s.id),
      before.ids,
    );
    if (lost.length > 0) throw new UserError(lostZerosMessage(lost, from));
    if (big) progress(ss, `Writing ${result.students.length.toLocaleString('en-US')} students to the Roster...`);
    const logSheet = ss.getSheetByName(LOGS.outreach.sheet);
    const outreachLog = logSheet ? readOutreachLog(readTable(logSheet)).entries : null;
    const oldAddresses = draftsToAnOldAddress(before, result.students, outreachLog);
    const named = oldAddresses.length > 0 ? oldAddressWarning(oldAddresses) : null;
    writeRoster(ss, result, outreachLog);
    writeRejected(ss, result);
    const schoolsAdded = exists ? addMissingSchools(ss, result, settings) : 0;
    if (!exists) createSettingsSheet(ss, { ...DEFAULT_SETTINGS, schools: rosterSchools(result, DEFAULT_SETTINGS) });
    const now = new Date();
    const summary = summarizeImport(
      result,
      {
        importId: `import-${now.getTime().toString(36)}`,
        source,
        importedAt: now.toISOString(),
        warnings: [
          ...problems.map(settingsWarning),
          ...[unreadableTextWarning(result.students)].filter((w): w is string => w !== null),
          // A tab brought in with File > Import: Sheets read the IDs as numbers, dropping any leading zeros.
          ...(result.numericIds > 0
            ? [
                `The student IDs in this tab are numbers, so any zeros they started with (000123) were dropped when the file was brought into Sheets. If your district's IDs start with zeros, import the CSV file itself instead (Import attendance export..., then choose the file).`,
              ]
            : []),
          ...(named ? [named] : []),
          ...(schoolsAdded > 0
            ? [
                `${schoolsAdded === 1 ? 'One school' : `${schoolsAdded} schools`} on the roster ${schoolsAdded === 1 ? 'was' : 'were'} added to the Schools table on the Settings sheet: add ${schoolsAdded === 1 ? 'its' : "each one's"} attendance lead and principal there.`,
              ]
            : []),
        ],
      },
      LIST_LIMIT,
    );
    // The report's History: a compact snapshot of this import (see src/gas/history.ts).
    recordImportHistory(ss, summary, result.students);
    const kept =
      oldAddresses.length > 0
        ? { ...summary, warnings: summary.warnings.map((w) => (w === named ? oldAddressWarning(oldAddresses, false) : w)) }
        : summary;
    PropertiesService.getDocumentProperties().setProperty(LAST_IMPORT_KEY, JSON.stringify(storedSummary(kept)));
    ss.getSheetByName(SHEETS.roster)?.activate();
    if (big) progress(ss, describeImport(summary));
    return summary;
  });
}

export interface ImportChoice {
  name: string;
  rows: number;
}

/** Tabs a user could import from (anything that is not one of the toolkit's own sheets). */
export function listImportableSheets(): Outcome<ImportChoice[]> {
  return forDialog('listing the tabs', () =>
    SpreadsheetApp.getActiveSpreadsheet()
      .getSheets()
      .filter((s) => !isToolkitSheet(s.getName()))
      .map((s) => ({ name: s.getName(), rows: Math.max(0, s.getLastRow() - 1) }))
      .filter((c) => c.rows > 0),
  );
}

/** Called by the import dialog with the text of the chosen file. */
export function importUploadedFile(fileName: string, text: string): Outcome<ImportSummary & { message: string }> {
  return forDialog('importing the file', () => {
    if (typeof text !== 'string') throw new UserError('The file could not be read. Choose it again.');
    const summary = importRawTable(parseCsv(text), String(fileName || 'the uploaded file'));
    return { ...summary, message: describeImport(summary) };
  });
}

/** Called by the import dialog with the name of a tab already in the spreadsheet. */
export function importFromSheet(sheetName: string): Outcome<ImportSummary & { message: string }> {
  return forDialog('importing the sheet', () => {
    const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(String(sheetName));
    if (!sheet) throw new UserError(`There is no sheet named "${sheetName}" any more. Choose another one.`);
    const values = readTable(sheet);
    if (values.length === 0) throw new FileProblem(`The sheet "${sheetName}" is empty.`);
    const summary = importRawTable(tableFromRows(values as unknown[][]), `the sheet "${sheetName}"`, 'tab');
    return { ...summary, message: describeImport(summary) };
  });
}

/** Menu: open the import dialog. */
export function showImportDialog(): void {
  fromMenu('opening the import', () => {
    const html = HtmlService.createHtmlOutputFromFile('ImportDialog').setWidth(520).setHeight(460);
    SpreadsheetApp.getUi().showModalDialog(html, 'Import attendance export');
  });
}

/** The last import's summary, or null before the first import. */
export function lastImport(): Outcome<ImportSummary | null> {
  return forDialog('reading the last import', () => {
    const raw = PropertiesService.getDocumentProperties().getProperty(LAST_IMPORT_KEY);
    return raw ? (JSON.parse(raw) as ImportSummary) : null;
  });
}
