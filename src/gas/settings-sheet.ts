import { SHEETS } from '../core/sheet-names';
import { ReadSettings, readSettings, schoolYearProblem, Settings, settingsSheetValues } from '../core/settings';
import { readTable, replaceSheetContents } from './sheet-io';
import { todayIn, withTypedDays } from './zone';

export interface LoadedSettings extends ReadSettings {
  exists: boolean;
}

/** The Settings sheet, read in one call. Without the sheet, the toolkit's defaults apply. */
export function loadSettings(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): LoadedSettings {
  const sheet = ss.getSheetByName(SHEETS.settings);
  if (!sheet) return { ...readSettings([]), exists: false };
  // A date typed in the sheet (School year start) is read as its day in the spreadsheet's zone.
  const values = withTypedDays(ss, readTable(sheet));
  const read = readSettings(values);
  const today = todayIn(ss);
  const stale = schoolYearProblem(values, read.settings, today);
  return { ...read, problems: stale ? [...read.problems, stale] : read.problems, exists: true };
}

/** Create the Settings sheet with defaults, listing the schools seen on the roster. Never overwrites one. */
export function createSettingsSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, settings: Settings): void {
  if (ss.getSheetByName(SHEETS.settings)) return;
  const values = settingsSheetValues(settings);
  // Teams write notes beside their schools: Sheets' spare columns stay (the sheet is small).
  const sheet = ss.insertSheet(SHEETS.settings);
  replaceSheetContents(sheet, values);
  const header = sheet.getRange(1, 1, 1, 3);
  header.setFontWeight('bold');
  header.setBackground('#e8eaed');
  sheet.setFrozenRows(1);
  sheet.setColumnWidth(1, 280);
  sheet.setColumnWidth(3, 420);
}
