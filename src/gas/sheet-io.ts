/**
 * Reading and writing whole tables: one getValues per read, one setValues per write, never a
 * call per row or cell.
 *
 * Text is always written as literal text. Apps Script's setValues reads strings as a person's
 * typing: "=..." becomes a formula, "00123" becomes 123, "1/2" a date. Any text Sheets could
 * read as something else is written with a leading apostrophe, Sheets' own "this is text"
 * mark, which is not part of the value (getValues returns the text without it). So a student
 * named =HYPERLINK("http://x") lands as that text, never as a formula or link.
 *
 * Only plain words need no mark: letters, spaces and the punctuation of names (. , ' ’ - &),
 * starting with a letter, cannot be a formula, number, date, percentage or link; TRUE and
 * FALSE are the exceptions and are marked. (Leaving most names unmarked keeps the formula
 * bar clean and a district import fast.)
 *
 * The big tables (Roster, History) format their text columns as plain text ("@") before the
 * write: Sheets keeps such a cell's text as given, so IDs, grades, phones and emails need no
 * mark (a district roster has over a hundred thousand such cells). A column holding any text
 * that starts with "=" or an apostrophe is not formatted so and keeps the apostrophe mark:
 * Google does not say whether "@" stops setValues from reading a formula, nor whether it keeps
 * or drops a leading apostrophe, so the toolkit relies on neither.
 */

const BOOLEAN = /^(true|false)$/i;

export type Cell = string | number | boolean | Date | null;
export type Table = Cell[][];

/** A letter of a name: Latin (with accents), Greek, Cyrillic and the other alphabets up to U+1FFF. */
function isNameLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x1fff);
}

/** The punctuation of names: space . , ' ’ & - */
function isNamePunctuation(c: number): boolean {
  return c === 32 || c === 46 || c === 44 || c === 39 || c === 0x2019 || c === 38 || c === 45;
}

/**
 * Plain words (see above), checked a character at a time: this runs on every text cell of a
 * district's roster, where a regular expression per cell costs more than the rest of the write.
 */
function isPlainWords(value: string): boolean {
  if (!isNameLetter(value.charCodeAt(0))) return false;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isNameLetter(c) && !isNamePunctuation(c)) return false;
  }
  return !BOOLEAN.test(value);
}

/** Mark text as literal for setValues. Numbers, booleans, dates and empty cells pass through. */
export function literal(value: Cell): Cell {
  if (typeof value !== 'string' || value === '') return value === null ? '' : value;
  return isPlainWords(value) ? value : "'" + value;
}

/** All text cells of a table marked literal (see above), in place: tables handed to the writers are made for the write. */
export function literalTable(rows: Table): Table {
  markLiteral(rows, []);
  return rows;
}

/**
 * Every cell of a table marked literal in place (a district's roster is too large to copy twice),
 * and of the `candidates` columns (0-based), those that can be formatted as plain text: none of
 * their values starts with "=" or an apostrophe (see above). Their text needs no mark; the other
 * columns' text gets it. One pass over the cells, a second over a column that needs the mark.
 */
export function markLiteral(rows: Table, candidates: readonly number[]): number[] {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const candidate = new Uint8Array(width);
  for (const c of candidates) if (c >= 0 && c < width) candidate[c] = 1;
  const open = new Uint8Array(width);
  let anyOpen = false;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (candidate[c] === 0) row[c] = literal(v);
      else if (v === null) row[c] = '';
      else if (typeof v === 'string') {
        const first = v.charCodeAt(0);
        if (first === 61 || first === 39) {
          open[c] = 1;
          anyOpen = true;
        }
      }
    }
  }
  if (anyOpen) {
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let c = 0; c < row.length; c++) if (open[c] === 1) row[c] = literal(row[c]);
    }
  }
  return [...new Set(candidates)].filter((c) => c >= 0 && c < width && open[c] === 0);
}

/** Format columns (0-based, of a block starting at column 1) as plain text, one call per run of adjacent columns. */
export function formatAsText(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  firstRow: number,
  numRows: number,
  textColumns: readonly number[],
): void {
  if (numRows < 1) return;
  const cols = [...new Set(textColumns)].sort((a, b) => a - b);
  for (let i = 0; i < cols.length;) {
    let j = i;
    while (j + 1 < cols.length && cols[j + 1] === cols[j] + 1) j++;
    sheet.getRange(firstRow, cols[i] + 1, numRows, cols[j] - cols[i] + 1).setNumberFormat('@');
    i = j + 1;
  }
}

/**
 * A new sheet with only `width` columns. Sheets makes a new sheet 1000 rows by 26 columns, and every
 * cell of a sheet's grid, empty or not, counts toward the spreadsheet's limit of 10 million cells:
 * a log of 14 columns left 26 wide wastes 12 cells a row. Rows grow as tables are written (ensureSize).
 * Only for the big sheets the toolkit writes (Roster, Rejected rows, Outreach log, the job's work
 * list, History): the sheets people write in keep Sheets' spare columns for their own notes.
 */
export function insertSheetOfWidth(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  width: number,
): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(name);
  const keep = Math.max(width, 1);
  const extra = sheet.getMaxColumns() - keep;
  if (extra > 0) sheet.deleteColumns(keep + 1, extra);
  return sheet;
}

/** The sheet called `name`; when missing, made with only `width` columns if given (see insertSheetOfWidth). */
export function getOrCreateSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  width?: number,
): { sheet: GoogleAppsScript.Spreadsheet.Sheet; created: boolean } {
  const existing = ss.getSheetByName(name);
  if (existing) return { sheet: existing, created: false };
  return { sheet: width === undefined ? ss.insertSheet(name) : insertSheetOfWidth(ss, name, width), created: true };
}

/**
 * Delete the empty grid below and to the right of a sheet's content (what a large table leaves once
 * cleared: its rows and columns still count toward the 10 million cells). A row or column with
 * anything in it stays, and so does what Sheets requires: a row below the frozen rows and a column
 * right of the frozen columns. A constant number of reads and at most two deletions, whatever the size.
 */
export function shrinkToContent(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
  const keepRows = Math.max(sheet.getLastRow(), sheet.getFrozenRows() + 1, 1);
  const maxRows = sheet.getMaxRows();
  if (maxRows > keepRows) sheet.deleteRows(keepRows + 1, maxRows - keepRows);
  deleteEmptyColumns(sheet);
}

/**
 * Delete the empty columns right of a sheet's last column with anything in it (a header, a value a
 * person typed, a note), keeping at least `width` columns and one right of the frozen columns. At
 * most five reads and one deletion, whatever the size. Returns how many columns were deleted.
 */
export function deleteEmptyColumns(sheet: GoogleAppsScript.Spreadsheet.Sheet, width = 1): number {
  const withValues = Math.max(sheet.getLastColumn(), sheet.getFrozenColumns() + 1, width, 1);
  const maxCols = sheet.getMaxColumns();
  if (maxCols <= withValues) return 0;
  // A note a person left on an empty cell is theirs too (the last column counts only values): its column stays.
  let keep = withValues;
  const notes = sheet.getRange(1, withValues + 1, sheet.getMaxRows(), maxCols - withValues).getNotes();
  for (const row of notes) {
    let c = row.length - 1;
    while (c >= 0 && row[c] === '') c--;
    keep = Math.max(keep, withValues + c + 1);
  }
  const extra = maxCols - keep;
  if (extra <= 0) return 0;
  sheet.deleteColumns(keep + 1, extra);
  return extra;
}

/** Make sure the sheet has at least this many rows and columns (writing past the edge is an error). */
export function ensureSize(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: number, cols: number): void {
  const maxRows = sheet.getMaxRows();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxCols = sheet.getMaxColumns();
  if (maxCols < cols) sheet.insertColumnsAfter(maxCols, cols - maxCols);
}

/** Rows padded to one width, so setValues gets the rectangle it requires. */
export function rectangular(rows: Table, width: number): Table {
  return rows.map((r) =>
    r.length === width ? r : r.length > width ? r.slice(0, width) : [...r, ...new Array<Cell>(width - r.length).fill('')],
  );
}

/**
 * Replace a sheet's contents with a table (header first) in one write: the filter is removed,
 * old formats cleared, the sheet grown if needed, `textColumns` (0-based) formatted as plain text
 * where they can be (see above). Returns the written range. The rows are marked literal in place.
 *
 * The new table is written over the old one, and only then is what the old one had beyond it
 * cleared: a write that fails (Sheets timing out on a district's roster, a protected range) leaves
 * the old table as it was, never an empty sheet under a message that nothing was lost.
 */
export function replaceSheetContents(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  rows: Table,
  textColumns: readonly number[] = [],
): GoogleAppsScript.Spreadsheet.Range {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 1);
  const filter = sheet.getFilter();
  if (filter) filter.remove();
  sheet.clearFormats();
  const height = Math.max(rows.length, 1);
  ensureSize(sheet, height, width);
  const range = sheet.getRange(1, 1, height, width);
  if (rows.length === 0) range.setValues([new Array<Cell>(width).fill('')]);
  else {
    const table = rectangular(rows, width);
    formatAsText(sheet, 1, table.length, markLiteral(table, textColumns));
    range.setValues(table);
  }
  clearBeyond(sheet, height, width);
  return range;
}

/** Clear the contents below and to the right of a table of `rows` x `cols` at A1 (what an older, larger one left). */
function clearBeyond(sheet: GoogleAppsScript.Spreadsheet.Sheet, rows: number, cols: number): void {
  const lastRow = sheet.getLastRow();
  const lastCol = sheet.getLastColumn();
  if (lastRow > rows) sheet.getRange(rows + 1, 1, lastRow - rows, Math.max(lastCol, 1)).clearContent();
  if (lastCol > cols) sheet.getRange(1, cols + 1, Math.min(lastRow, rows), lastCol - cols).clearContent();
}

/**
 * Append rows below the last row with content, in one write (rows marked literal in place, the
 * new rows' `textColumns` formatted as plain text where they can be). Returns the first row written.
 */
export function appendRows(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  rows: Table,
  width: number,
  textColumns: readonly number[] = [],
): number {
  const first = sheet.getLastRow() + 1;
  if (rows.length === 0) return first;
  ensureSize(sheet, first + rows.length - 1, width);
  const table = rectangular(rows, width);
  formatAsText(sheet, first, table.length, markLiteral(table, textColumns));
  sheet.getRange(first, 1, table.length, width).setValues(table);
  return first;
}

/** A sheet's whole table in one read; [] for an empty sheet. */
export function readTable(sheet: GoogleAppsScript.Spreadsheet.Sheet): Table {
  const lastRow = sheet.getLastRow();
  const lastCol = sheet.getLastColumn();
  if (lastRow === 0 || lastCol === 0) return [];
  return sheet.getRange(1, 1, lastRow, lastCol).getValues() as Table;
}

/**
 * A table's columns found by their header, read one at a time: one read for the header row, one
 * per column asked for (a district roster is too large to read whole for one or two columns).
 * `rows` counts the rows below the header; `column` gives null for a header the sheet lacks.
 */
export function columnsByHeader(sheet: GoogleAppsScript.Spreadsheet.Sheet): { rows: number; column(name: string): unknown[] | null } {
  const lastRow = sheet.getLastRow();
  const lastCol = sheet.getLastColumn();
  if (lastRow < 2 || lastCol < 1) return { rows: 0, column: () => null };
  const header = sheet
    .getRange(1, 1, 1, lastCol)
    .getValues()[0]
    .map((h) => String(h).trim());
  return {
    rows: lastRow - 1,
    column: (name) => {
      const c = header.indexOf(name);
      if (c < 0) return null;
      const cells = sheet.getRange(2, c + 1, lastRow - 1, 1).getValues();
      // An indexed loop: destructuring each one-cell row would step an iterator per student.
      const values = new Array<unknown>(cells.length);
      for (let i = 0; i < cells.length; i++) values[i] = cells[i][0];
      return values;
    },
  };
}

/** Bold, shaded header row, frozen, with a filter over the table so every column can be filtered. */
export function styleAsTable(sheet: GoogleAppsScript.Spreadsheet.Sheet, numRows: number, numCols: number): void {
  const header = sheet.getRange(1, 1, 1, numCols);
  header.setFontWeight('bold');
  header.setBackground('#e8eaed');
  sheet.setFrozenRows(1);
  sheet.getRange(1, 1, Math.max(numRows, 2), numCols).createFilter();
}
