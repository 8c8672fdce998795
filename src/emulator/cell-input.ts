/**
 * How Sheets reads what a script writes with setValue / setValues / appendRow.
 *
 * Apps Script writes values as if a person typed them (the Sheets API's USER_ENTERED):
 *  - a string starting with "=" becomes a formula; "+..." or "-..." that is not a number is
 *    parsed as a formula too (and shows an error);
 *  - a leading apostrophe forces literal text and is not part of the value;
 *  - number-, percent-, currency-, boolean- and date-looking strings become numbers, booleans, dates
 *    ("00123" becomes 123, "TRUE" becomes true, "1/2/2026" a date);
 *  - cells formatted as plain text ("@") keep strings as they are, except that "=" still starts
 *    a formula. (Google does not document whether "@" stops formulas from setValues; the
 *    emulator assumes the worse case, so the toolkit never relies on it.)
 * Numbers, booleans and Dates are stored as they are; null and undefined write an empty cell.
 */

export type CellValue = string | number | boolean | Date;

export interface Entered {
  value: CellValue;
  formula?: string;
}

const BOOL_WORD = /^\s*(true|false)\s*$/i;

/**
 * Words (a letter first, no digit) are stored as typed, except TRUE and FALSE. Checked a
 * character at a time: every text cell of every bulk write passes here.
 */
export function isPlainWords(s: string): boolean {
  const first = s.charCodeAt(0);
  const letter = (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || (first >= 0xc0 && first <= 0x24f) || first >= 0x370;
  if (!letter) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return false;
  }
  // Only a word starting with t or f can read as TRUE or FALSE.
  return !((first | 32) === 116 || (first | 32) === 102) || !BOOL_WORD.test(s);
}
const NUMBER = /^[+-]?(\d+(,\d{3})*(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const CURRENCY = /^[+-]?\$\s?(\d+(,\d{3})*(\.\d+)?|\.\d+)$/;
const PERCENT = /^[+-]?(\d+(\.\d*)?|\.\d+)\s?%$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/;
/** A time of day after a date, as people type it: 14:30, 14:30:05, 2:30 PM. */
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/;

/** Evaluate the few formulas the emulator understands; others keep their formula and show #N/A. */
export function evaluateFormula(formula: string): CellValue {
  const link = /^=HYPERLINK\(\s*"((?:[^"]|"")*)"\s*[,;]\s*"((?:[^"]|"")*)"\s*\)$/i.exec(formula);
  if (link) return link[2].replace(/""/g, '"');
  const bare = /^=HYPERLINK\(\s*"((?:[^"]|"")*)"\s*\)$/i.exec(formula);
  if (bare) return bare[1].replace(/""/g, '"');
  const n = /^=\s*(-?\d+(\.\d+)?)\s*$/.exec(formula);
  if (n) return Number(n[1]);
  const s = /^=\s*"((?:[^"]|"")*)"\s*$/.exec(formula);
  if (s) return s[1].replace(/""/g, '"');
  if (/^=[+-]?[A-Za-z(]/.test(formula) || /^=[^\w]/.test(formula)) return '#ERROR!';
  return '#N/A';
}

/** Offset of a time zone from UTC at an instant, in ms (New York in winter: -5 h). */
function zoneOffset(ms: number, timeZone: string): number {
  const p = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string) => Number(p.find((x) => x.type === t)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
}

function isCalendarDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The instant of a wall-clock time (`wall`: ms as if the zone were UTC) in a time zone, at the offset that time has. */
function zonedWallTime(wall: number, timeZone: string): number {
  const first = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(first, timeZone);
}

/** A typed date is midnight of that day in the spreadsheet's time zone, as Sheets reads it. */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  return zonedWallTime(Date.UTC(y, m, d), timeZone);
}

/** Milliseconds into the day of a typed time (2:30 PM is 14.5 hours); null when it is not a time. */
function typedTime(text: string): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  let hour = +m[1];
  const minute = +m[2];
  const second = m[3] === undefined ? 0 : +m[3];
  if (m[4] !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4].toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return ((hour * 60 + minute) * 60 + second) * 1000;
}

/**
 * A typed date (2026-11-16, 11/16/2026, 11/16), with a time of day or not (11/16/2026 14:30,
 * 2026-11-16 2:30 PM), as the instant Sheets keeps: that wall-clock time in the spreadsheet's
 * time zone. Null for anything else; a day that is not on the calendar (2026-02-30) stays text,
 * as Sheets leaves it.
 */
function typedDate(text: string, timeZone: string): number | null {
  const space = text.indexOf(' ');
  const day = space < 0 ? text : text.slice(0, space);
  const time = space < 0 ? 0 : typedTime(text.slice(space + 1).trim());
  if (time === null) return null;
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(day);
  const us = iso ? null : US_DATE.exec(day);
  if (iso) [y, m, d] = [+iso[1], +iso[2], +iso[3]];
  else if (us) [y, m, d] = [us[3] === undefined ? 2026 : us[3].length === 2 ? 2000 + +us[3] : +us[3], +us[1], +us[2]];
  else return null;
  return isCalendarDay(y, m, d) ? zonedWallTime(Date.UTC(y, m - 1, d) + time, timeZone) : null;
}

export function enterValue(input: unknown, numberFormat: string | undefined, makeDate: (ms: number) => Date, timeZone = 'UTC'): Entered {
  if (input === null || input === undefined) return { value: '' };
  if (typeof input === 'number') return { value: input };
  if (typeof input === 'boolean') return { value: input };
  if (typeof input !== 'string' && (input instanceof Date || Object.prototype.toString.call(input) === '[object Date]')) {
    return { value: makeDate((input as Date).getTime()) };
  }
  const s = String(input);
  if (s === '') return { value: '' };
  if (s.startsWith("'")) return { value: s.slice(1) };
  // Words (a letter first, no digit) are text, except TRUE and FALSE.
  if (isPlainWords(s)) return { value: s };
  if (s.startsWith('=') && s.length > 1) return { formula: s, value: evaluateFormula(s) };
  if (numberFormat === '@') return { value: s };
  const t = s.trim();
  if (NUMBER.test(t)) return { value: Number(t.replace(/,/g, '')) };
  if (CURRENCY.test(t)) return { value: Number(t.replace(/[$,\s]/g, '')) };
  if (PERCENT.test(t)) return { value: Number(t.replace(/[%\s]/g, '')) / 100 };
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  const typed = typedDate(t, timeZone);
  if (typed !== null) return { value: makeDate(typed) };
  if ((t.startsWith('+') || t.startsWith('-')) && t.length > 1) return { formula: '=' + t.slice(1), value: '#ERROR!' };
  return { value: s };
}

/** Text as Sheets displays it (getDisplayValues), for the number formats the toolkit uses. */
export function displayValue(value: CellValue, numberFormat: string | undefined, timeZone: string): string {
  if (value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    return formatDateForDisplay(value as Date, numberFormat, timeZone);
  }
  if (typeof value === 'number') return formatNumber(value, numberFormat);
  return String(value);
}

function formatNumber(n: number, format: string | undefined): string {
  if (!format || format === 'General' || format === '@') {
    return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(10)));
  }
  const pct = /^0(\.(0+))?%$/.exec(format);
  if (pct) return (n * 100).toFixed(pct[2]?.length ?? 0) + '%';
  const fixed = /^(#,##)?0(\.(0+))?$/.exec(format);
  if (fixed) {
    const s = n.toFixed(fixed[3]?.length ?? 0);
    return fixed[1] ? Number(s).toLocaleString('en-US', { minimumFractionDigits: fixed[3]?.length ?? 0 }) : s;
  }
  return String(n);
}

function formatDateForDisplay(d: Date, format: string | undefined, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const y = get('year');
  const m = get('month');
  const day = get('day');
  if (format === 'yyyy-mm-dd' || format === 'yyyy-MM-dd') return `${y}-${m.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (format && /h|H/.test(format)) return `${m}/${day}/${y} ${get('hour').replace(/^24$/, '0')}:${get('minute')}:${get('second')}`;
  return `${m}/${day}/${y}`;
}
