/** A1 notation, as Sheets reads it. Rows and columns are 1-based. */

export interface A1Range {
  sheet?: string;
  row: number;
  col: number;
  /** Null for an open end ("A:A" runs to the last row). */
  lastRow: number | null;
  lastCol: number | null;
}

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const PART = /^\$?([A-Za-z]*)\$?(\d*)$/;

export function parseA1(notation: string): A1Range | null {
  let text = notation.trim();
  let sheet: string | undefined;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    sheet = text.slice(0, bang);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    text = text.slice(bang + 1);
  }
  const [a, b] = text.split(':');
  const start = PART.exec(a ?? '');
  const end = b === undefined ? start : PART.exec(b);
  if (!start || !end || (!start[1] && !start[2])) return null;
  const col = start[1] ? columnNumber(start[1]) : 1;
  const row = start[2] ? Number(start[2]) : 1;
  const lastCol = end[1] ? columnNumber(end[1]) : b === undefined ? col : null;
  const lastRow = end[2] ? Number(end[2]) : b === undefined ? row : null;
  if (row < 1 || col < 1) return null;
  return { sheet, row, col, lastRow, lastCol };
}

export function toA1(row: number, col: number, numRows = 1, numCols = 1): string {
  const first = `${columnLetter(col)}${row}`;
  if (numRows === 1 && numCols === 1) return first;
  return `${first}:${columnLetter(col + numCols - 1)}${row + numRows - 1}`;
}
