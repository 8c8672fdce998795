/**
 * How the report rounds and dates, in one place, so the sheet, report.html and the principal
 * emails show the same figures.
 *
 * Rounding rule (the toolkit's): every percentage is the exact share rounded half up to one
 * decimal, each row on its own, computed in whole numbers so 26.75 never becomes 26.7 by a
 * floating-point accident. A frequency table's Total row is the total's share of itself, 100.0,
 * exactly as the toolkit's own tables print it. Rows rounded on their own can add to 99.9 or
 * 100.1 (the toolkit's district table adds to 99.9: 26.7 + 39.2 + 20.5 + 5.9 + 2.2 + 5.4); the
 * frequencies always add to the total. We keep this rather than force the column to 100.0 by
 * largest remainders, because forcing would change the toolkit's published figures (district L5
 * 2.2 -> 2.3, K-8 L6 2.7 -> 2.8, 9-12 L1 21.9 -> 22.0) and make a row's percent depend on the
 * other rows.
 */

/** count/total as a percentage rounded half up to one decimal (26.7); null when total is 0. */
export function pct1(count: number, total: number): number | null {
  if (!(total > 0)) return null;
  // Half-tenths in whole numbers: floor((2000 * count + total) / (2 * total)) tenths.
  // Counts can be half days (days missed), so scale to whole numbers first.
  const scale = Number.isInteger(count) && Number.isInteger(total) ? 1 : 2;
  const c = Math.round(count * scale);
  const t = Math.round(total * scale);
  return Math.floor((2000 * c + t) / (2 * t)) / 10;
}

/** A share (0..1) as a percentage to one decimal (0.3 -> 30). */
export function sharePct(share: number): number {
  return Math.round(share * 1000) / 10;
}

/** Difference of two one-decimal percentages, kept to one decimal. */
export function points(a: number, b: number): number {
  return Math.round((a - b) * 10) / 10;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since 1970-01-01 of an instant, in a time zone given by its offset from UTC in minutes. */
export function dayNumber(ms: number, tzOffsetMinutes: number): number {
  return Math.floor((ms + tzOffsetMinutes * 60000) / DAY_MS);
}

/** yyyy-mm-dd of an instant in the spreadsheet's time zone. */
export function dayLabel(ms: number, tzOffsetMinutes: number): string {
  return dayNumberLabel(dayNumber(ms, tzOffsetMinutes));
}

export function dayNumberLabel(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The day number of a yyyy-mm-dd date. */
export function isoDayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS) : null;
}

/**
 * A cell that holds a moment: a Date (as Sheets returns date cells), an ISO timestamp, or a date
 * typed as 2026-11-23 or 11/23/2026 (read as the start of that day in the spreadsheet's zone).
 * Null when the cell holds no date.
 */
export function instantOf(value: unknown, tzOffsetMinutes: number): number | null {
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    const t = (value as Date).getTime();
    return isNaN(t) ? null : t;
  }
  if (typeof value !== 'string') return null;
  const t = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) {
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (us) m = [us[0], us[3], us[1], us[2]] as unknown as RegExpExecArray;
  }
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - tzOffsetMinutes * 60000;
  if (/^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const ms = Date.parse(t);
    return isNaN(ms) ? null : ms;
  }
  return null;
}

/** "17,679" */
export function thousands(n: number): string {
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '-' : '') + grouped + (frac ? '.' + frac : '');
}
