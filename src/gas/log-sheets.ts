/**
 * The append-only log sheets (Contacts, Home visits, Referrals, Success plans): made on first
 * use, protected, and written one whole entry at a time.
 *
 * Protection. Apps Script runs the sidebar's saves as the person saving, so a sheet protected
 * against staff would also refuse their own saves (Sheets applies protections to scripts too).
 * An add-on cannot own the sheet or run as someone else, so each log gets:
 *   - the header row fully protected: only the spreadsheet's owner and the schools' attendance
 *     leads (Settings) can change the columns every report and save relies on; saves never
 *     write there;
 *   - the whole sheet protected with a warning: anyone editing a past entry by hand is warned
 *     that it is the record, while the sidebar's saves (also the user's edits) go through.
 * This is the "warning-only protection where the add-on cannot own the sheet" the design
 * allows; an owner who wants a hard lock can turn the warning off for leads-only editing once
 * every saver is a lead.
 */
import { DAY_COLUMNS } from '../core/dates';
import { LogName, LogRow, LOGS } from '../core/logs';
import { appendRows, Cell, insertSheetOfWidth } from './sheet-io';
import { withTypedDays } from './zone';
import { UserError } from './user-errors';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const LOG_PROTECTION_NOTE =
  'Attendance Toolkit log: add entries from Attendance Toolkit > Open student panel. Past entries are the record the toolkit reports on; change them only to correct a mistake.';
export const HEADER_PROTECTION_NOTE = 'Attendance Toolkit log columns: only the attendance leads and the owner can change them.';

/** A sheet's values in one read ([] when the sheet does not exist or is empty). */
export function readSheet(ss: Spreadsheet, name: string): Cell[][] {
  const sheet = ss.getSheetByName(name);
  if (!sheet) return [];
  const values = sheet.getDataRange().getValues() as Cell[][];
  return values.length === 1 && values[0].every((v) => v === '') ? [] : values;
}

/** A log sheet's values with the days people typed (Next update due ...) as yyyy-mm-dd in the spreadsheet's zone. */
export function readLogValues(ss: Spreadsheet, name: string): Cell[][] {
  return withTypedDays(ss, readSheet(ss, name), DAY_COLUMNS);
}

/** Make a log sheet with its header, frozen and bold, and its protections. Call under the document lock. */
export function createLogSheet(ss: Spreadsheet, log: LogName, leads: readonly string[]): Sheet {
  const columns = LOGS[log].columns as readonly string[];
  // The Outreach log is one of the big sheets the toolkit writes (a row per page, draft and event):
  // made with only its columns, as outreach makes it. The logs people write in keep Sheets' 26.
  const sheet = log === 'outreach' ? insertSheetOfWidth(ss, LOGS[log].sheet, columns.length) : ss.insertSheet(LOGS[log].sheet);
  const header = sheet.getRange(1, 1, 1, columns.length);
  header.setValues([columns.slice()]);
  header.setFontWeight('bold');
  header.setBackground('#e8eaed');
  sheet.setFrozenRows(1);
  try {
    protectLogSheet(sheet, columns.length, leads);
  } catch (e) {
    // A domain policy may stop this user from setting protections: the log still works, and
    // the owner can protect it by hand. Only the error's type is logged, never data.
    console.warn(`The ${LOGS[log].sheet} log could not be protected (${(e as Error)?.name ?? 'Error'}).`);
  }
  return sheet;
}

/** The protections described at the top of this file. */
export function protectLogSheet(sheet: Sheet, width: number, leads: readonly string[]): void {
  sheet.protect().setDescription(LOG_PROTECTION_NOTE).setWarningOnly(true);
  const header = sheet.getRange(1, 1, 1, width).protect().setDescription(HEADER_PROTECTION_NOTE);
  if (leads.length) header.addEditors(leads.slice());
  // Whoever made the protection is one of its editors; keep them only if they are a lead.
  const me = Session.getEffectiveUser().getEmail().toLowerCase();
  if (me && !leads.includes(me)) {
    try {
      header.removeEditors([me]);
    } catch {
      // The owner (or a domain policy) keeps edit rights; the protection still stands for everyone else.
    }
  }
  if (header.canDomainEdit()) header.setDomainEdit(false);
}

/**
 * Attendance leads named in Settings after a log was made get edit rights to its header row.
 * Editors are only ever added: taking rights away from someone is the owner's decision.
 * Returns a plain-language problem when this user may not change the protection.
 */
export function addLeadsToHeader(sheet: Sheet, leads: readonly string[]): string {
  if (leads.length === 0) return '';
  const header = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).find((p) => p.getDescription() === HEADER_PROTECTION_NOTE);
  if (!header) return '';
  const editors = new Set(header.getEditors().map((u) => u.getEmail().toLowerCase()));
  const missing = leads.filter((l) => !editors.has(l.toLowerCase()));
  if (missing.length === 0) return '';
  try {
    header.addEditors(missing.slice());
    return '';
  } catch {
    return `The attendance leads added in Settings could not be given edit rights to the ${sheet.getName()} columns; ask the spreadsheet owner to run Set up once.`;
  }
}

/**
 * Append one entry to a log, placed by header (a team may reorder columns or add its own to the
 * right). Creates the log sheet on first use. One write of one row: an entry lands whole or not
 * at all. Must run under the document lock. Returns the row written.
 */
export function appendEntry(ss: Spreadsheet, log: LogName, entry: LogRow, leads: readonly string[]): number {
  const name = LOGS[log].sheet;
  const sheet = ss.getSheetByName(name) ?? createLogSheet(ss, log, leads);
  const width = sheet.getLastColumn();
  const header =
    width > 0
      ? sheet
          .getRange(1, 1, 1, width)
          .getValues()[0]
          .map((h) => String(h).trim())
      : [];
  const missing = Object.keys(entry).filter((k) => !header.includes(k));
  if (missing.length) {
    throw new UserError(
      `The ${name} sheet has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length > 1 ? 's' : ''}, so nothing was saved. ` +
        `Ask an attendance lead to put the column header${missing.length > 1 ? 's' : ''} back in row 1, then save again.`,
    );
  }
  const row: Cell[] = header.map((h) => (h in entry ? (entry[h] as Cell) : ''));
  return appendRows(sheet, [row], header.length);
}
