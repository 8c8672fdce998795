import { PartnersRead, PARTNERS_SHEET, partnersSheetValues, readPartnersSheet } from '../core/partners';
import { readSheet } from './log-sheets';
import { replaceSheetContents, styleAsTable } from './sheet-io';

/**
 * The partners a student can be referred to: the Partners sheet, or the toolkit's list before it
 * exists; with what on the sheet could not be read, for the panel to show.
 */
export function loadPartners(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): PartnersRead {
  return readPartnersSheet(readSheet(ss, PARTNERS_SHEET));
}

/**
 * Write the Partners sheet seeded from the toolkit, unless it exists with anything in it (an
 * empty Partners sheet is seeded). Returns whether it was seeded. Call under the document lock.
 */
export function createPartnersSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  const existing = ss.getSheetByName(PARTNERS_SHEET);
  if (existing && existing.getLastRow() > 0) return false;
  const values = partnersSheetValues();
  const sheet = existing ?? ss.insertSheet(PARTNERS_SHEET);
  replaceSheetContents(sheet, values);
  styleAsTable(sheet, values.length, values[0].length);
  sheet.setColumnWidth(1, 260);
  sheet.setColumnWidth(3, 480);
  return true;
}
