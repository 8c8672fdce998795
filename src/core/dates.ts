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
 * A log cell that holds a day, as yyyy-mm-dd: the toolkit writes ISO text; a date a person typed
 * into the sheet comes back as a Date, read in the script's time zone (which the toolkit keeps
 * equal to the spreadsheet's). Anything else is returned as its text.
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
