/**
 * Attendance Toolkit > Set up...: the wizard's server side (the rules are in src/core/setup.ts).
 *
 * The dialog asks one screen at a time and checks each with setupCheck (nothing is written);
 * setupSave checks every screen again, then, under the document lock, makes or repairs the
 * toolkit's sheets without touching data: Settings (only the values that differ), the log
 * sheets, Partners, and the Templates sheet with its Google Docs. A spreadsheet set up by an
 * earlier version is brought up to date the same way: rows and a column header added, never a
 * cell or a document the team may have edited rewritten. It ends with the checklist.
 * Reads are one per sheet; writes touch only the cells that change.
 */
import {
  DEFAULT_TEMPLATES,
  DefaultTemplate,
  lacksSchoolPhone,
  newDefaultTemplates,
  readTemplateRows,
  TEMPLATE_HEADERS,
  templateKey,
  templateSheetRow,
  templateSheetValues,
  TEMPLATES_SHEET,
  TemplateRow,
} from '../core/outreach/templates';
import { PARTNER_HEADERS, PARTNERS_SHEET, readPartnersSheet } from '../core/partners';
import { SettingsProblem, readSettings } from '../core/settings';
import { editSettingsValues } from '../core/settings-edit';
import {
  ChecklistItem,
  checkSetup,
  checkSetupScreen,
  cleanAnswers,
  EditCell,
  headerRepair,
  isSetupScreen,
  LogSheetState,
  planSheetEdit,
  readinessChecklist,
  SCREEN_TITLES,
  SETUP_DONE_KEY,
  SETUP_LABEL_SCREENS,
  SETUP_LABELS,
  SETUP_LOGS,
  SETUP_SCREENS,
  setupAnswersFrom,
  SetupAnswers,
  SetupProblem,
  SetupScreen,
  settingsFromAnswers,
  SetupState,
} from '../core/setup';
import { SHEETS } from '../core/sheet-names';
import { addLeadsToHeader, createLogSheet } from './log-sheets';
import { createDefaultTemplateDocs, createSharedTemplateDocs, reshareTemplates } from './outreach-docs';
import { writeTemplatesSheet } from './outreach-sheets';
import { createPartnersSheet } from './partners-sheet';
import { createSettingsSheet, loadSettings } from './settings-sheet';
import { appendRows, columnsByHeader, deleteEmptyColumns, ensureSize, literal, readTable } from './sheet-io';
import { todayIn, withTypedDays } from './zone';
import { listWords } from '../core/words';
import { describeForUser, forDialog, fromMenu, Outcome, UserError, withDocumentLock } from './user-errors';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Whether Set up... has been saved in this spreadsheet (needs AuthMode.LIMITED or FULL). */
export function isSetUp(): boolean {
  return PropertiesService.getDocumentProperties().getProperty(SETUP_DONE_KEY) !== null;
}

/** The dialog itself (menu, onInstall). */
export function openSetupDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('SetupDialog').setWidth(640).setHeight(620);
  SpreadsheetApp.getUi().showModalDialog(html, 'Set up the Attendance Toolkit');
}

/** Menu: Attendance Toolkit > Set up... */
export function showSetupDialog(): void {
  fromMenu('opening the set-up', openSetupDialog);
}

/** The schools on the Roster (School and School ID columns: three reads whatever its size) and its number of students. */
function rosterSchools(ss: Spreadsheet): { students: number | null; schools: { name: string; schoolId: string }[] } {
  const sheet = ss.getSheetByName(SHEETS.roster);
  if (!sheet) return { students: null, schools: [] };
  const table = columnsByHeader(sheet);
  const names = table.column('School');
  if (!names) return { students: table.rows, schools: [] };
  const ids = table.column('School ID');
  const seen = new Map<string, { name: string; schoolId: string }>();
  let students = 0;
  names.forEach((n, i) => {
    const name = String(n ?? '').trim();
    if (!name) return;
    students++;
    if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), { name, schoolId: ids ? String(ids[i] ?? '').trim() : '' });
  });
  return { students, schools: [...seen.values()] };
}

export interface SetupNotice {
  /** The screen the value belongs to; '' for settings the wizard does not show. */
  screen: SetupScreen | '';
  text: string;
}

export interface SetupStart {
  answers: SetupAnswers;
  screens: { id: SetupScreen; title: string }[];
  /** Values on the Settings sheet the toolkit cannot use, each naming its cell. */
  notices: SetupNotice[];
  firstTime: boolean;
  rosterStudents: number | null;
}

function noticeOf(p: SettingsProblem): SetupNotice {
  const screen = p.label.startsWith('School: ') ? 'schools' : (SETUP_LABEL_SCREENS[p.label] ?? '');
  const fix = screen
    ? 'The wizard shows the value it will save instead.'
    : 'Fix it on the Settings sheet; the toolkit uses its own value until then.';
  return { screen, text: `${p.cell}: ${p.message} ${fix}` };
}

/** Called when the dialog opens: the answers so far (Settings and the Roster's schools) and what Settings holds that cannot be used. */
export function setupStart(): Outcome<SetupStart> {
  return forDialog('starting the set-up', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const loaded = loadSettings(ss);
    const roster = rosterSchools(ss);
    return {
      answers: setupAnswersFrom(loaded.settings, loaded.typedSchools, roster.schools),
      screens: SETUP_SCREENS.map((id) => ({ id, title: SCREEN_TITLES[id] })),
      notices: loaded.problems.map(noticeOf),
      firstTime: !isSetUp(),
      rosterStudents: roster.students,
    };
  });
}

/** Called by Next: the screen's problems (none: it may move on). Writes nothing. */
export function setupCheck(screen: unknown, answers: unknown): Outcome<{ problems: SetupProblem[] }> {
  return forDialog('checking your answers', () => {
    if (!isSetupScreen(screen)) throw new UserError('The set-up does not have that screen. Close the dialog and open Set up... again.');
    return { problems: checkSetupScreen(screen, cleanAnswers(answers), todayIn(SpreadsheetApp.getActiveSpreadsheet())) };
  });
}

/* ------------------------------------------------------------ making and repairing ---------- */

/** Write only what differs between the sheet's values and `after`: rows inserted where rows were added, then the changed cells. */
export function applySheetEdit(sheet: Sheet, before: readonly (readonly unknown[])[], after: EditCell[][]): void {
  const plan = planSheetEdit(before, after);
  for (const op of plan.rows) {
    if ('insertBefore' in op) sheet.insertRowsBefore(op.insertBefore, op.count);
    else sheet.deleteRows(op.deleteAt, op.count);
  }
  if (plan.writes.length === 0) return;
  const rows = Math.max(...plan.writes.map((w) => w.row));
  const cols = Math.max(...plan.writes.map((w) => w.col + w.values.length - 1));
  ensureSize(sheet, rows, cols);
  // Writes to consecutive rows over the same columns (a block of new schools, say) go in one call.
  let i = 0;
  while (i < plan.writes.length) {
    const w = plan.writes[i];
    let j = i + 1;
    while (
      j < plan.writes.length &&
      plan.writes[j].row === w.row + (j - i) &&
      plan.writes[j].col === w.col &&
      plan.writes[j].values.length === w.values.length
    )
      j++;
    const block = plan.writes.slice(i, j).map((x) => x.values.map((v) => literal(v)));
    sheet.getRange(w.row, w.col, block.length, w.values.length).setValues(block);
    i = j;
  }
}

function isProtectedError(e: unknown): boolean {
  return /protected cell or object|permission to modify/i.test(String((e as Error)?.message ?? e));
}

/** Put a sheet's missing column headers back (src/core/setup.ts headerRepair): header cells only. */
function repairHeader(sheet: Sheet, columns: readonly string[]): { restored: string[]; problem: string } {
  const lastCol = sheet.getLastColumn();
  const header = lastCol > 0 ? sheet.getRange(1, 1, 1, lastCol).getValues()[0] : [];
  const repair = headerRepair(header, columns, lastCol);
  if (repair.writes.length === 0) return { restored: [], problem: '' };
  const names = [...repair.restored, ...repair.respelled];
  try {
    ensureSize(sheet, 1, Math.max(...repair.writes.map((w) => w.col)));
    for (const w of repair.writes) sheet.getRange(1, w.col).setValue(literal(w.value));
    return { restored: names, problem: '' };
  } catch (e) {
    if (!isProtectedError(e)) throw e;
    const many = names.length > 1;
    return {
      restored: [],
      problem: `The column header${many ? 's' : ''} ${listWords(names.map((n) => `"${n}"`))} ${many ? 'are' : 'is'} missing from row 1, which is protected. Ask the spreadsheet owner or an attendance lead to run Set up... (or to type ${many ? 'them' : 'it'} back).`,
    };
  }
}

function saveSettings(ss: Spreadsheet, answers: SetupAnswers): { created: boolean; changes: string[] } {
  const sheet = ss.getSheetByName(SHEETS.settings);
  if (!sheet) {
    createSettingsSheet(ss, settingsFromAnswers(readSettings([]).settings, answers));
    return { created: true, changes: [] };
  }
  // Dates typed on the sheet are read as their day in the spreadsheet's zone, by the edit too (a
  // cell holding the same day is not rewritten); only cells that differ are written.
  const values = withTypedDays(ss, readTable(sheet));
  const edit = editSettingsValues(values, settingsFromAnswers(readSettings(values).settings, answers), {
    only: Object.values(SETUP_LABELS),
    addOfficePhoneColumn: true,
  });
  if (edit.changes.length) applySheetEdit(sheet, values, edit.values);
  return { created: false, changes: edit.changes };
}

function saveLogs(ss: Spreadsheet, leads: string[]): LogSheetState[] {
  return SETUP_LOGS.map(({ log, sheet: name, columns }) => {
    const sheet = ss.getSheetByName(name);
    if (!sheet) {
      createLogSheet(ss, log, leads);
      return { name, created: true, entries: 0, restored: [], problem: '', emptyColumnsRemoved: 0 };
    }
    const repaired = repairHeader(sheet, columns);
    const leadsProblem = addLeadsToHeader(sheet, leads);
    return {
      name,
      created: false,
      entries: Math.max(0, sheet.getLastRow() - 1),
      ...repaired,
      problem: [repaired.problem, leadsProblem].filter(Boolean).join(' '),
      emptyColumnsRemoved: log === 'outreach' ? trimOutreachLog(sheet, columns.length) : 0,
    };
  });
}

/**
 * An Outreach log made by an earlier version is 26 columns wide, as Sheets makes a new sheet, for
 * its 14: on a district that is hundreds of thousands of empty cells toward the spreadsheet's 10
 * million. The empty columns right of its last column holding anything (its header, a column a
 * person added) are deleted; never one of its own columns, nor a column with a value. Returns how
 * many were deleted (none when someone protected the sheet against this user: they stay, harmless).
 */
function trimOutreachLog(sheet: Sheet, width: number): number {
  try {
    return deleteEmptyColumns(sheet, width);
  } catch (e) {
    if (!isProtectedError(e)) throw e;
    return 0;
  }
}

function savePartners(ss: Spreadsheet): SetupState['partners'] {
  const created = createPartnersSheet(ss);
  const sheet = ss.getSheetByName(PARTNERS_SHEET)!;
  const repaired = created ? { restored: [], problem: '' } : repairHeader(sheet, PARTNER_HEADERS);
  const { partners, problems } = readPartnersSheet(readTable(sheet));
  return {
    created,
    count: partners.length,
    active: partners.filter((p) => p.active).length,
    restored: repaired.restored,
    problem: [repaired.problem, ...problems].filter(Boolean).join(' '),
  };
}

/**
 * The document property listing the default templates (templateKey) Set up has put on this
 * spreadsheet's Templates sheet, so one the team deletes later is not added back. A sheet
 * without it was made by an earlier version (or by outreach): Set up then adds the kinds of
 * outreach new since and names the documents made before the school's phone was in the wording.
 */
const TEMPLATES_OFFERED_KEY = 'toolkit.templates';

function recordOffered(): void {
  const props = PropertiesService.getDocumentProperties();
  const value = JSON.stringify(DEFAULT_TEMPLATES.map(templateKey));
  if (props.getProperty(TEMPLATES_OFFERED_KEY) !== value) props.setProperty(TEMPLATES_OFFERED_KEY, value);
}

function offeredTemplates(): Set<string> | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(TEMPLATES_OFFERED_KEY);
  if (raw === null) return null;
  try {
    const keys: unknown = JSON.parse(raw);
    return new Set(Array.isArray(keys) ? keys.map(String) : []);
  } catch {
    return new Set();
  }
}

/** The rows whose document lacks the school's phone sentence of the toolkit's wording: one read per document that should have it. */
function documentsWithoutPhone(rows: readonly TemplateRow[]): SetupState['templates']['withoutPhone'] {
  const out: SetupState['templates']['withoutPhone'] = [];
  for (const r of rows) {
    if (!r.docId || !lacksSchoolPhone(r, '')) continue;
    let text: string;
    try {
      text = DocumentApp.openById(r.docId).getBody().getText();
    } catch {
      continue; // Not shared with this person, or deleted: outreach says so when it needs it.
    }
    if (lacksSchoolPhone(r, text)) out.push({ tier: r.tier, kind: r.kind, language: r.language, row: r.row });
  }
  return out;
}

/**
 * An existing Templates sheet brought up to date: the default templates of kinds of outreach new
 * since it was made go at its end, with their documents (found by name first, never made twice).
 * Every row already there stays as it is. Returns what was added.
 */
function addNewTemplates(sheet: Sheet, rows: readonly TemplateRow[], offered: Set<string> | null): TemplatesAdded {
  const toAdd = newDefaultTemplates(rows, offered);
  if (toAdd.length === 0) return { added: [], problem: '' };
  const ids = createDefaultTemplateDocs(toAdd);
  try {
    appendRows(
      sheet,
      toAdd.map((t) => templateSheetRow(t, ids.get(t) ?? '')),
      Math.max(TEMPLATE_HEADERS.length, sheet.getLastColumn()),
    );
  } catch (e) {
    if (!isProtectedError(e)) throw e;
    return {
      added: [],
      problem: `The toolkit's new templates could not be added at the end of the Templates sheet, which is protected. Ask the spreadsheet owner or someone who can edit it to run Set up...`,
    };
  }
  return { added: toAdd, problem: '' };
}

interface TemplatesAdded {
  added: DefaultTemplate[];
  /** Why they could not be added ('' when none). */
  problem: string;
}

function saveTemplates(ss: Spreadsheet): SetupState['templates'] {
  let sheet = ss.getSheetByName(TEMPLATES_SHEET);
  let created = false;
  let repaired = { restored: [] as string[], problem: '' };
  let refused: string[] = [];
  let upgrade: TemplatesAdded = { added: [], problem: '' };
  let upToDate = false;
  let withoutPhone: SetupState['templates']['withoutPhone'] = [];
  if (!sheet || sheet.getLastRow() === 0) {
    // Missing or empty: made as outreach makes it. The documents are found by name in the
    // Templates folder first, so none is ever made twice.
    const made = createSharedTemplateDocs();
    refused = made.refused;
    writeTemplatesSheet(ss, templateSheetValues(made.ids));
    sheet = ss.getSheetByName(TEMPLATES_SHEET)!;
    created = true;
    upToDate = true;
  } else {
    repaired = repairHeader(sheet, TEMPLATE_HEADERS.slice(0, 4));
    const before = readTemplateRows(readTable(sheet));
    const offered = offeredTemplates();
    // The team's documents are read once, on the first Set up since the sheet was made elsewhere.
    if (offered === null) withoutPhone = documentsWithoutPhone(before.rows);
    // Nothing is added under a header the toolkit cannot read (its problem is in the checklist).
    if (!before.problems.some((p) => p.row === 1)) {
      upgrade = addNewTemplates(sheet, before.rows, offered);
      upToDate = !upgrade.problem;
    }
  }
  if (upToDate) recordOffered();
  const read = readTemplateRows(readTable(sheet));
  if (!created) refused = reshareTemplates(read.rows.map((r) => r.docId));
  const notShared = refused.length
    ? [
        `The template documents could not be shared with ${listWords(refused)}: until the person who made them shares the folder "Attendance Toolkit/Templates" with them in Drive, they cannot prepare outreach with the team's templates.`,
      ]
    : [];
  return {
    created,
    rows: read.rows.map((r) => ({ language: r.language, docId: r.docId })),
    problems: [...read.problems.map((p) => p.message), ...[repaired.problem, upgrade.problem].filter(Boolean), ...notShared],
    restored: repaired.restored,
    added: upgrade.added.map((t) => ({ tier: t.tier, kind: t.kind, language: t.language })),
    withoutPhone,
  };
}

function applySetup(ss: Spreadsheet, answers: SetupAnswers): SetupState {
  const settingsSaved = saveSettings(ss, answers);
  const loaded = loadSettings(ss);
  const leads = [...new Set(loaded.settings.schools.map((s) => s.attendanceLead).filter(Boolean))];
  const logs = saveLogs(ss, leads);
  const partners = savePartners(ss);
  const templates = saveTemplates(ss);
  const props = PropertiesService.getDocumentProperties();
  if (props.getProperty(SETUP_DONE_KEY) === null)
    props.setProperty(SETUP_DONE_KEY, JSON.stringify({ version: 1, savedAt: new Date().toISOString() }));
  return {
    rosterStudents: rosterSchools(ss).students,
    settings: loaded.settings,
    settingsProblems: loaded.problems,
    settingsCreated: settingsSaved.created,
    settingsChanges: settingsSaved.changes,
    templates,
    partners,
    logs,
  };
}

export interface SetupSaved {
  message: string;
  /** What changed in Settings, in words ("Days in school year", "School: Oak Street School"). */
  changes: string[];
  checklist: ChecklistItem[];
}

export type SetupSaveOutcome = Outcome<SetupSaved> & { problems?: SetupProblem[]; screen?: SetupScreen };

/**
 * Called by the last screen's Save: every screen is checked again, then the sheets are made or
 * repaired. Running it again with the same answers changes nothing.
 */
export function setupSave(raw: unknown): SetupSaveOutcome {
  try {
    const answers = cleanAnswers(raw);
    const bad = checkSetup(answers, todayIn(SpreadsheetApp.getActiveSpreadsheet()));
    if (bad) {
      return {
        ok: false,
        message: `Nothing was saved: the ${SCREEN_TITLES[bad.screen]} screen needs fixing. ${bad.problems.map((p) => p.message).join(' ')}`,
        problems: bad.problems,
        screen: bad.screen,
      };
    }
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const state = withDocumentLock('the set-up', () => applySetup(ss, answers), 20000);
    const checklist = readinessChecklist(state);
    const todo = checklist.filter((c) => c.status !== 'ready').length;
    const message = `Set-up saved. ${todo === 0 ? 'Everything is ready.' : `${todo} ${todo === 1 ? 'thing needs' : 'things need'} your attention (below).`}`;
    return {
      ok: true,
      message,
      result: { message, changes: state.settingsCreated ? ['Settings sheet made'] : state.settingsChanges, checklist },
    };
  } catch (e) {
    return { ok: false, message: describeForUser(e, 'saving the set-up') };
  }
}
