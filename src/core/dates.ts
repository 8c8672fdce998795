/**
 * Calendar dates as the logs keep them: ISO text (yyyy-mm-dd), which sorts, filters and reads the
 * same in every locale and never shifts with a time zone. Timestamps are real Dates in the
 * sheet and ISO date-times (with Z) when sent to the sidebar.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written yyyy-mm-dd (2026-02-30 is not one). */
export function isIsoDay(text: string): boolean {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The day `days` after an ISO day (negative goes back). */
export function addDays(isoDay: string, days: number): string {
  const m = ISO_DAY.exec(isoDay);
  if (!m) throw new Error(`Not an ISO day: ${isoDay}`);
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days));
  return d.toISOString().slice(0, 10);
}

export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}

/**
 * A log cell that holds a day, as yyyy-mm-dd: the toolkit writes ISO text. A date a person typed
 * into the sheet comes back as a Date, which the Apps Script side turns into its day in the
 * spreadsheet's zone when it reads the sheet (typedDaysAsText); a Date still here is read in the
 * local zone. Anything else is returned as its text.
 */
export function dayText(v: unknown): string {
  if (isDate(v)) {
    const y = v.getFullYear();
    const m = String(v.getMonth() + 1).padStart(2, '0');
    const d = String(v.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return v === null || v === undefined ? '' : String(v).trim();
}

/** A timestamp cell as an ISO date-time for the sidebar (google.script.run cannot carry a Date). */
export function timestampText(v: unknown): string {
  if (isDate(v)) return v.toISOString();
  return v === null || v === undefined ? '' : String(v);
}

/** Milliseconds of a timestamp cell for sorting; NaN sorts last. */
export function timestampMs(v: unknown): number {
  if (isDate(v)) return v.getTime();
  const t = Date.parse(String(v ?? ''));
  return isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** The log columns that hold a day a person may type over (Sheets then keeps a date, not text). */
export const DAY_COLUMNS: readonly string[] = ['Next update due', 'Next check-in', 'Due date'];

/** The calendar day of an instant at a zone's offset from UTC (minutes; -300 for New York in winter). */
export function dayAtOffset(instant: Date, offsetMinutes: number): string {
  return new Date(instant.getTime() + offsetMinutes * 60000).toISOString().slice(0, 10);
}

/**
 * A sheet's values (header first) with the Date cells of the named columns (all columns when
 * none are named) as their day, yyyy-mm-dd, in the spreadsheet's zone. Sheets gives a typed date
 * as midnight in the spreadsheet's zone, but a Date's own getters read it in the script's zone
 * (the manifest's, New York): for a spreadsheet east of it (Puerto Rico, Guam, Europe) that is the
 * day before. `offsetAt` gives the spreadsheet's offset at an instant. The values are not changed.
 */
export function typedDaysAsText(
  values: readonly (readonly unknown[])[],
  offsetAt: (ms: number) => number,
  columns?: readonly string[],
): unknown[][] {
  if (values.length === 0) return [];
  const header = values[0].map((h) => String(h ?? '').trim());
  const wanted = columns ? header.map((h) => columns.includes(h)) : header.map(() => true);
  return values.map((row, r) =>
    r === 0 || !row.some((v, c) => wanted[c] && isDate(v))
      ? row.slice()
      : row.map((v, c) => (wanted[c] && isDate(v) ? dayAtOffset(v, offsetAt(v.getTime())) : v)),
  );
}
