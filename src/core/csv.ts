import Papa from 'papaparse';

/** A table read from a file or a sheet, with the line (or sheet row) where each data row starts. */
export interface RawTable {
  header: string[];
  rows: unknown[][];
  /** 1-based line in the file (or row in the sheet) of each data row; the header is line 1 or later. */
  lines: number[];
  /**
   * The file is semicolon-separated (European Excel), so a comma in a number is its decimal
   * comma: 4,5 days absent is 4.5. Elsewhere "4,5" is not read as a number (it is no day count a
   * comma-separated export writes).
   */
  decimalComma?: boolean;
}

/** A problem with the whole file: nothing is imported and the user is told what to fix. */
export class FileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileProblem';
  }
}

/**
 * PowerSchool quick exports are tab-separated; schools' files are usually comma-separated,
 * sometimes semicolon-separated (European Excel). The header line decides: headers never
 * contain these characters, while names in data rows often contain commas.
 */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (firstLine.includes('\t')) return '\t';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * The file's line break, read off the header line (outside quotes). Papa Parse would guess it by
 * copying and splitting the first megabyte; the header says the same for a fraction of the work.
 * A file that mixes line breaks is read by its first one, as Papa Parse's guess would too.
 */
export function detectLineBreak(text: string): '\r\n' | '\n' | '\r' {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 10) return '\n';
    else if (!quoted && c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

function lineBreaksIn(row: string[]): number {
  let n = 0;
  for (const field of row) {
    if (field.length > 0 && (field.includes('\n') || field.includes('\r'))) {
      n += field.match(LINE_BREAK)?.length ?? 0;
    }
  }
  return n;
}

function isBlank(row: readonly unknown[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v === 'string' ? v !== '' && v.trim() !== '' : v !== null && v !== undefined && String(v).trim() !== '') return false;
  }
  return true;
}

/**
 * True when a line break of another kind than the file's own stands outside quoted values: lines
 * joined from two systems (a Windows header over Unix rows). A quote mark toggles "inside a value";
 * doubled quotes toggle twice, so the count of quote marks before a break says where it stands.
 */
function hasForeignBreak(body: string, newline: string): boolean {
  const foreign = newline === '\n' ? /\r/g : newline === '\r' ? /\n/g : /\r(?!\n)|(?<!\r)\n/g;
  let quotes = 0;
  let from = 0;
  for (let m = foreign.exec(body); m; m = foreign.exec(body)) {
    for (let q = body.indexOf('"', from); q >= 0 && q < m.index; q = body.indexOf('"', q + 1)) quotes++;
    from = m.index;
    if (quotes % 2 === 0) return true;
  }
  return false;
}

/** The text's line breaks: how many, of which kinds, and where they stand. */
interface BreakMap {
  /** Line breaks in the text, CRLF, CR or LF each counted as one. */
  lines: number;
  /** Some break is of another kind than the file's own (read off its header line). */
  mixed: boolean;
  /** The line (1-based) each break inside a quoted value ends, in file order; null when the quotes could not be followed (see mapBreaks). */
  insideLines: number[] | null;
  /** A break of another kind than the file's own outside quoted values (see hasForeignBreak); null as above. */
  foreignOutside: boolean | null;
}

/** True when a value starts at `at`: after the delimiter or after the file's own line break (after another kind of break Papa Parse reads on in the same value). */
function startsValue(body: string, at: number, sep: number, newline: string): boolean {
  const before = body.charCodeAt(at - 1);
  if (before === sep) return true;
  if (newline === '\r\n') return before === 10 && at > 1 && body.charCodeAt(at - 2) === 13;
  return before === (newline === '\n' ? 10 : 13);
}

/**
 * One pass over the text's quote marks and line breaks (found with indexOf, not a character at
 * a time): a quote opening a value toggles "inside", a doubled quote inside stays inside. A quote
 * where no value starts (inside an unquoted value, after a space, after a line break of another
 * kind than the file's) is text to Papa Parse, which this pass does not follow: from there on
 * only the breaks are counted, and where they stand is left unknown (the rows are then searched
 * one by one).
 */
function mapBreaks(body: string, delimiter: string, newline: string): BreakMap {
  const sep = delimiter.charCodeAt(0);
  const insideLines: number[] = [];
  let followed = true;
  let foreignOutside = false;
  let mixed = false;
  let inside = false;
  let lines = 0;
  let q = body.indexOf('"');
  let lf = body.indexOf('\n');
  let cr = body.indexOf('\r');
  for (;;) {
    const b = lf < 0 ? cr : cr < 0 ? lf : lf < cr ? lf : cr;
    if (q >= 0 && (b < 0 || q < b)) {
      if (inside) {
        if (body.charCodeAt(q + 1) === 34) {
          q = body.indexOf('"', q + 2);
          continue;
        }
        inside = false;
      } else {
        if (q > 0 && !startsValue(body, q, sep, newline)) {
          followed = false;
          q = -1;
          continue;
        }
        inside = true;
      }
      q = body.indexOf('"', q + 1);
      continue;
    }
    if (b < 0) break;
    const crlf = body.charCodeAt(b) === 13 && body.charCodeAt(b + 1) === 10;
    const foreign = crlf ? newline !== '\r\n' : body.charCodeAt(b) === 13 ? newline !== '\r' : newline !== '\n';
    if (foreign) mixed = true;
    lines++;
    if (inside) insideLines.push(lines);
    else if (foreign) foreignOutside = true;
    const next = b + (crlf ? 2 : 1);
    if (lf >= 0 && lf < next) lf = body.indexOf('\n', next);
    if (cr >= 0 && cr < next) cr = body.indexOf('\r', next);
  }
  return { lines, mixed, insideLines: followed ? insideLines : null, foreignOutside: followed ? foreignOutside : null };
}

/** Lines each row spans, from the lines where breaks inside values stand (rows given in file order). */
function spanFromBreaks(insideLines: readonly number[]): (row: string[]) => number {
  let start = 1;
  let j = 0;
  return () => {
    let extra = 0;
    while (j < insideLines.length && insideLines[j] <= start + extra) {
      extra++;
      j++;
    }
    start += 1 + extra;
    return 1 + extra;
  };
}

/** The table, marked as read with a decimal comma when its values were separated by semicolons. */
function separatedBy(delimiter: string, table: RawTable): RawTable {
  if (delimiter === ';') table.decimalComma = true;
  return table;
}

/** Parse the text of a CSV (or tab-separated) export. Quoted fields may hold commas, quotes and line breaks. */
export function parseCsv(text: string): RawTable {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new FileProblem('The file is empty. Export the attendance report again and choose the new file.');
  const newline = detectLineBreak(body);
  const delimiter = detectDelimiter(body);
  let breaks = mapBreaks(body, delimiter, newline);
  let parsed = Papa.parse<string[]>(body, { delimiter, newline, skipEmptyLines: false });
  // A line break of another kind than the file's is fine inside quoted cells (Excel puts bare
  // ones in a Windows file). Outside quotes it is either a row break (lines joined from two
  // systems) or a break inside an unquoted value (tab exports do not quote): read both ways, keep
  // the reading whose rows fit the header better, with fewer quoting errors.
  if (breaks.mixed && (breaks.foreignOutside ?? hasForeignBreak(body, newline))) {
    const joined = body.replace(/\r\n?/g, '\n');
    const again = Papa.parse<string[]>(joined, { delimiter, newline: '\n', skipEmptyLines: false });
    const score = (p: Papa.ParseResult<string[]>) => misfits(p.data) + p.errors.length;
    if (score(again) < score(parsed)) {
      body = joined;
      parsed = again;
      breaks = mapBreaks(body, delimiter, '\n');
    }
  }
  // A quote inside a quoted value that is not doubled: Papa Parse reads on to the next quote,
  // taking the following rows into this value. Nothing is guessed: the file is refused.
  // Papa Parse also flags a stray quote in a value that still ends on its line ("Ana "Nana" Rivera"):
  // that row reads right. Refused only where the value ran on past a line break or the row does not fit.
  const width = headerWidth(parsed.data);
  const stray = parsed.errors.find((e) => {
    if (e.code !== 'InvalidQuotes') return false;
    const row = parsed.data[e.row ?? 0] ?? [];
    return row.length !== width || row.some((v) => v.includes('\n') || v.includes('\r'));
  });
  if (stray) {
    const line = lineOfRow(parsed.data, stray.row ?? 0);
    throw new FileProblem(
      `Line ${line} has a " character inside a value that is not written as two quotes (""), so where that value ends, and where the next row starts, cannot be told. ` +
        'Open the file, write the quote as "" or remove it, and import again.',
    );
  }
  const unclosed = parsed.errors.find((e) => e.code === 'MissingQuotes');
  if (unclosed) {
    const line = lineOfRow(parsed.data, unclosed.row ?? 0);
    throw new FileProblem(
      `A quoted value that starts on line ${line} is never closed, so the rest of the file cannot be read reliably. ` +
        'Open the file, close the quote (or remove the stray " character) and import again.',
    );
  }
  // Rows span one line each except where a quoted value holds line breaks. The breaks inside
  // values are the file's breaks less the rows' own, so the search for them stops once all are found.
  let inside = breaks.lines + 1 - parsed.data.length;
  if (inside <= 0) return separatedBy(delimiter, tableFromRows(parsed.data));
  // Where the breaks inside values stand is known from the pass over the text when Papa Parse
  // read every quote as a value's own (no quoting errors) and the pass found as many breaks
  // inside values as the rows leave over; otherwise each row's values are searched for them.
  if (breaks.insideLines && parsed.errors.length === 0 && breaks.insideLines.length === inside) {
    return separatedBy(delimiter, tableFromRows(parsed.data, spanFromBreaks(breaks.insideLines)));
  }
  const span = (row: string[]) => {
    if (inside <= 0) return 1;
    const n = lineBreaksIn(row);
    inside -= n;
    return 1 + n;
  };
  return separatedBy(delimiter, tableFromRows(parsed.data, span));
}

/** Values in the first non-blank row (the header). */
function headerWidth(rows: readonly string[][]): number {
  return rows.find((r) => !isBlank(r))?.length ?? 0;
}

/** Rows (not blank) whose number of values differs from the header's. */
function misfits(rows: readonly string[][]): number {
  const width = headerWidth(rows);
  let n = 0;
  for (const r of rows) if (r.length !== width && !isBlank(r)) n++;
  return n;
}

function lineOfRow(rows: string[][], index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < rows.length; i++) line += 1 + lineBreaksIn(rows[i]);
  return line;
}

/**
 * Turn parsed rows into a header and data rows, skipping blank lines (they are not errors)
 * and remembering where each row starts. `span` says how many lines a row takes.
 */
export function tableFromRows(rows: unknown[][], span: (row: string[]) => number = () => 1): RawTable {
  let line = 1;
  let headerIndex = -1;
  const lines: number[] = [];
  const data: unknown[][] = [];
  let header: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const here = line;
    line += span(row as string[]);
    if (isBlank(row)) continue;
    if (headerIndex < 0) {
      headerIndex = i;
      header = row.map((h) => String(h ?? '').trim());
      continue;
    }
    data.push(row);
    lines.push(here);
  }
  if (headerIndex < 0)
    throw new FileProblem('The file has no header row. The first line should name the columns, such as Student_Number and Days_Absent.');
  return { header, rows: data, lines };
}
