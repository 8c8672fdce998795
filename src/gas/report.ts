/**
 * Attendance Toolkit > Build report: the Report sheet (and a dated copy) from the Roster, the
 * History and the log sheets. Each sheet is read once; the report is written as one block of
 * values (one setValues, one call each for number formats, bold and shading), then its charts.
 * No student data goes to the execution log.
 */
import { LOGS, readLog } from '../core/logs';
import {
  blockMatches,
  blockStarts,
  buildModel,
  currentImport,
  districtHiddenText,
  HISTORY_SHEET,
  historyLastRow,
  ImportRecord,
  IMPORTS_SHEET,
  layoutReport,
  pct1,
  previousImport,
  readImports,
  readSnapshot,
  ReportDoc,
  reportDocument,
  reportHtml,
  ReportInputs,
  ReportModel,
  Snapshot,
} from '../core/report';
import { studentsFromRoster } from '../core/roster';
import { Settings, settingsWarning } from '../core/settings';
import { REPORT_COPY_PATTERN, REPORT_SHEETS, SHEETS } from '../core/sheet-names';
import { Student } from '../core/student';
import { studentsTieredByOtherRules } from '../core/tiers';
import { offsetsByDay, tzOffsetMinutes } from './zone';
import { lastImportId } from './import';
import { loadSettings } from './settings-sheet';
import { literalTable, readTable, Table } from './sheet-io';
import { forDialog, fromMenu, Outcome, UserError, withDocumentLock } from './user-errors';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Dated copies kept: about six months of bi-weekly reports. Older copies are deleted. */
export const REPORT_COPIES_KEPT = 12;

export interface BuiltReport {
  settings: Settings;
  /** Values on the Settings sheet the toolkit cannot use (the toolkit's value was used), each naming its cell. */
  settingsWarnings: string[];
  model: ReportModel;
  doc: ReportDoc;
  sheet: Sheet;
  copyName: string;
  /** A link to the Report sheet. */
  link: string;
  /** The roster's name for each school ID (lower case): Settings may call a school by another name. */
  rosterNameOfId: Map<string, string>;
}

/** The snapshots of the previous and the current import, in one read of History's last blocks. */
function readHistoryBlocks(
  ss: Spreadsheet,
  imports: readonly ImportRecord[],
  previous: ImportRecord | null,
  current: ImportRecord | null,
  tz: number,
): { previous: Map<string, Snapshot> | null; latest: Map<string, Snapshot> | null } {
  const sheet = ss.getSheetByName(HISTORY_SHEET);
  const wanted = [previous, current].filter((r): r is ImportRecord => r !== null && r.rows > 0);
  if (!sheet || wanted.length === 0) return { previous: null, latest: null };
  const starts = blockStarts(imports);
  const first = starts[imports.indexOf(wanted[0])];
  const lastRec = wanted[wanted.length - 1];
  const end = starts[imports.indexOf(lastRec)] + lastRec.rows - 1;
  const expectedLast = historyLastRow(imports);
  let rows: unknown[][];
  let offset = first;
  if (sheet.getLastRow() === expectedLast) {
    rows = sheet.getRange(first, 1, end - first + 1, 7).getValues() as unknown[][];
    const ok = wanted.every((r) =>
      blockMatches(rows.slice(starts[imports.indexOf(r)] - first, starts[imports.indexOf(r)] - first + r.rows), r.importId),
    );
    if (!ok) {
      rows = readTable(sheet).slice(1) as unknown[][];
      offset = -1;
    }
  } else {
    rows = readTable(sheet).slice(1) as unknown[][];
    offset = -1;
  }
  const snap = (r: ImportRecord | null) => {
    if (!r || r.rows === 0) return null;
    const block = offset < 0 ? rows : rows.slice(starts[imports.indexOf(r)] - offset, starts[imports.indexOf(r)] - offset + r.rows);
    return readSnapshot(block, r.importId, tz);
  };
  return { previous: snap(previous), latest: snap(current) };
}

function readLogSheet(ss: Spreadsheet, name: string) {
  const sheet = ss.getSheetByName(name);
  return sheet ? readLog(readTable(sheet) as unknown[][]) : undefined;
}

/** Everything the report is computed from, each sheet read once. */
export function loadReportInputs(ss: Spreadsheet, now: Date): ReportInputs & { settingsWarnings: string[] } {
  const roster = ss.getSheetByName(SHEETS.roster);
  const students = roster ? studentsFromRoster(readTable(roster) as unknown[][]) : [];
  if (students.length === 0) {
    throw new UserError(
      'There is no roster to report on yet. Import an attendance export first (Attendance Toolkit > Import attendance export...).',
    );
  }
  const { settings, problems } = loadSettings(ss);
  const tz = tzOffsetMinutes(ss, now);
  const index = ss.getSheetByName(IMPORTS_SHEET);
  const imports = index ? readImports(readTable(index) as unknown[][], tz) : [];
  const currentImportId = lastImportId();
  const base = { imports, currentImportId, settings, tzOffsetMinutes: tz };
  const previous = previousImport(base);
  const current = currentImport(imports, currentImportId);
  const history = readHistoryBlocks(ss, imports, previous, current, tz);
  return {
    ...base,
    students,
    previous: history.previous,
    latest: history.latest,
    logs: {
      contacts: readLogSheet(ss, LOGS.contacts.sheet),
      homeVisits: readLogSheet(ss, LOGS.homeVisits.sheet),
      referrals: readLogSheet(ss, LOGS.referrals.sheet),
    },
    now: now.getTime(),
    tzOffsetAt: offsetsByDay(ss),
    settingsWarnings: [...problems.map(settingsWarning), ...retierWarning(students, settings)],
  };
}

/** The Roster was tiered under other Settings than today's: its counts are not what the labels say. */
function retierWarning(students: readonly Student[], settings: Settings): string[] {
  const n = studentsTieredByOtherRules(students, settings.rules);
  if (n === 0) return [];
  return [
    `The tier bands or the chronic absence threshold were changed after the last import: ${n.toLocaleString('en-US')} ${n === 1 ? "student's" : "students'"} tier or chronic flag on the Roster, and so in this report, still follow${n === 1 ? 's' : ''} the old ones. Import the attendance export again to re-tier them.`,
  ];
}

/** Write the report on its sheet: one block of values, formats, bold and shading; then the charts. */
export function writeReportSheet(ss: Spreadsheet, doc: ReportDoc): Sheet {
  const layout = layoutReport(doc);
  const sheet = ss.getSheetByName(REPORT_SHEETS.report) ?? ss.insertSheet(REPORT_SHEETS.report, 0);
  for (const c of sheet.getCharts()) sheet.removeChart(c);
  sheet.clear();
  // The sheet is sized to the report (what an earlier, longer report left is removed, so the dated
  // copies stay small): the same calls whatever the size, one insert or delete at most per dimension.
  const height = layout.height + 1;
  const width = Math.max(layout.width, layout.chartWidth);
  const maxRows = sheet.getMaxRows();
  const maxCols = sheet.getMaxColumns();
  if (maxRows < height) sheet.insertRowsAfter(maxRows, height - maxRows);
  else if (maxRows > height) sheet.deleteRows(height + 1, maxRows - height);
  if (maxCols < width) sheet.insertColumnsAfter(maxCols, width - maxCols);
  else if (maxCols > width) sheet.deleteColumns(width + 1, maxCols - width);
  const range = sheet.getRange(1, 1, layout.height, layout.width);
  range.setValues(literalTable(layout.values as Table));
  range.setNumberFormats(layout.formats);
  range.setFontWeights(layout.weights);
  range.setBackgrounds(layout.backgrounds);
  sheet.setColumnWidth(1, 280);
  if (layout.width > 1) sheet.setColumnWidths(2, layout.width - 1, 120);
  for (const c of layout.charts) {
    let b = sheet.newChart();
    for (const r of c.ranges) b = b.addRange(sheet.getRange(r.row, r.col, r.numRows, r.numCols));
    b = b
      .setNumHeaders(1)
      .setPosition(c.anchorRow, c.anchorCol, 0, 0)
      .setOption('title', c.spec.title)
      .setOption('colors', c.spec.colors)
      .setOption('legend', { position: 'bottom' });
    if (c.spec.type === 'bar') {
      b = b
        .asBarChart()
        .setOption('isStacked', 'percent')
        .setOption('height', Math.max(240, 26 * c.rows + 90))
        .setOption('width', 640);
    } else {
      b = b
        .asLineChart()
        .setOption('vAxis', { title: c.spec.yTitle ?? '', minValue: 0 })
        .setOption('series', { 1: { lineDashStyle: [6, 4] } })
        .setOption('pointSize', 6)
        .setOption('width', 560);
    }
    sheet.insertChart(b.build());
  }
  return sheet;
}

/** The day's dated copy ("Report 2026-11-23"), replacing one made earlier that day; old copies pruned. */
function keepDatedCopy(ss: Spreadsheet, sheet: Sheet, day: string): string {
  const name = `Report ${day}`;
  const copies = ss.getSheets().filter((s) => REPORT_COPY_PATTERN.test(s.getName()));
  for (const s of copies) if (s.getName() === name) ss.deleteSheet(s);
  sheet.copyTo(ss).setName(name);
  const older = copies.filter((s) => s.getName() !== name).sort((a, b) => (a.getName() < b.getName() ? -1 : 1));
  for (const s of older.slice(0, Math.max(0, older.length + 1 - REPORT_COPIES_KEPT))) ss.deleteSheet(s);
  return name;
}

/** Build the report now: compute the model once, write the Report sheet and the day's copy. Holds the document lock. */
export function buildReportNow(): BuiltReport {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock('building the report', () => {
    const inputs = loadReportInputs(ss, new Date());
    const model = buildModel(inputs);
    const doc = reportDocument(model);
    const sheet = writeReportSheet(ss, doc);
    const copyName = keepDatedCopy(ss, sheet, model.dateLabel);
    const link = `${ss.getUrl()}#gid=${sheet.getSheetId()}`;
    // Each school ID on the roster, with the roster's name for it: Settings may call a school by another name.
    const rosterNameOfId = new Map<string, string>();
    for (const st of inputs.students) if (st.schoolId.trim()) rosterNameOfId.set(st.schoolId.trim().toLowerCase(), st.school.trim());
    return { settings: inputs.settings, settingsWarnings: inputs.settingsWarnings, model, doc, sheet, copyName, link, rosterNameOfId };
  });
}

/**
 * The headline figures as plain numbers (for summary.json and the dialog). When the district is
 * itself a small group (model.districtHidden), only its student counts are given, as in the
 * report; the rest are null.
 */
export function headlineFigures(model: ReportModel) {
  const h = model.headline;
  const shown = <T>(v: T): T | null => (model.districtHidden ? null : v);
  return {
    students: h.roster,
    enrolled: shown(h.enrolled),
    no_attendance: shown(h.noAttendance),
    with_attendance: h.withAttendance,
    chronic: shown(h.chronic),
    chronic_rate: shown(h.chronicPct),
    enrolled_rate: shown(h.enrolledPct),
    no_attendance_rate: shown(h.noAttendancePct),
    goal_rate: h.goalPct,
    distance_to_goal: shown(h.distance),
    moved_up: shown(model.movement.totals.up),
    moved_down: shown(model.movement.totals.down),
    // null, not 0, before a second import of the year gives a pace to project with.
    early_warning: model.warning.measured ? shown(model.warning.rows.length) : null,
    reached_rate: shown(pct1(model.coverage.district.covered, model.coverage.district.inTiers)),
    overdue_referrals: shown(model.coverage.district.overdue),
  };
}

export type ReportFigures = ReturnType<typeof headlineFigures>;

function describe(built: BuiltReport): string {
  const h = built.model.headline;
  return (
    `The Report sheet is up to date (a copy is kept as "${built.copyName}"). ` +
    (built.model.districtHidden
      ? `${h.withAttendance.toLocaleString('en-US')} students have attendance reported. ${districtHiddenText(built.model.minGroup)}`
      : `${h.chronicPct === null ? 'No student has attendance reported yet.' : `${h.chronicPct.toFixed(1)}% of ${h.withAttendance.toLocaleString('en-US')} students are chronically absent`}` +
        `${h.goalMet === null || h.distance === null ? '' : h.goalMet ? `, under the goal of ${h.goalPct.toFixed(1)}%${h.distance < 0 ? '' : ' by less than 0.1 point'}.` : `; the goal is under ${h.goalPct.toFixed(1)}% (${h.distance > 0 ? `${h.distance.toFixed(1)} points to go` : 'not under it yet'}).`}`) +
    built.settingsWarnings.map((w) => `\n\nSettings: ${w}`).join('')
  );
}

/**
 * Build the report (google.script.run and the offline run). With { html: true } the result also
 * carries the same report as a self-contained HTML page.
 */
export function buildReport(options?: {
  html?: boolean;
}): Outcome<{ message: string; sheet: string; copy: string; figures: ReportFigures; settingsWarnings: string[]; html?: string }> {
  return forDialog('building the report', () => {
    const built = buildReportNow();
    return {
      message: describe(built),
      sheet: REPORT_SHEETS.report,
      copy: built.copyName,
      figures: headlineFigures(built.model),
      settingsWarnings: built.settingsWarnings,
      ...(options && options.html ? { html: reportHtml(built.doc) } : {}),
    };
  });
}

/** Menu: Build report. */
export function buildReportMenu(): void {
  fromMenu('building the report', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    ss.toast('Building the report...', 'Attendance Toolkit', 10);
    const built = buildReportNow();
    built.sheet.activate();
    SpreadsheetApp.getUi().alert('Attendance Toolkit', describe(built), SpreadsheetApp.getUi().ButtonSet.OK);
  });
}
