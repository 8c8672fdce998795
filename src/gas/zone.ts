/**
 * The spreadsheet's time zone, for dates people type into the sheets. Sheets returns a typed date
 * as midnight in the spreadsheet's zone; the script reads Dates in its own zone (the manifest's),
 * so every day is taken in the spreadsheet's zone here (see typedDaysAsText).
 */
import { typedDaysAsText } from '../core/dates';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Today in the spreadsheet's zone, yyyy-mm-dd. */
export function todayIn(ss: Spreadsheet): string {
  return Utilities.formatDate(new Date(), ss.getSpreadsheetTimeZone(), 'yyyy-MM-dd');
}

/** The spreadsheet's offset from UTC at an instant, in minutes (-300 for New York in winter). */
export function tzOffsetMinutes(ss: Spreadsheet, at: Date): number {
  return offsetIn(ss.getSpreadsheetTimeZone(), at.getTime());
}

/** Minutes east of UTC of a zone at an instant ("-0500" is -300). */
export function offsetIn(zone: string, ms: number): number {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(Utilities.formatDate(new Date(ms), zone, 'Z'));
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The spreadsheet's offset at any instant, for dates typed in another season than today's. Two
 * look-ups per UTC day (its start and end); only on a day the clocks change is the instant itself
 * looked up.
 */
export function offsetsByDay(ss: Spreadsheet): (ms: number) => number {
  // The zone is asked for at the first date: a sheet without one costs no call.
  let zone = '';
  const days = new Map<number, [number, number]>();
  return (ms) => {
    zone ||= ss.getSpreadsheetTimeZone();
    const day = Math.floor(ms / 86400000);
    let ends = days.get(day);
    if (!ends) {
      ends = [offsetIn(zone, day * 86400000), offsetIn(zone, (day + 1) * 86400000 - 1)];
      days.set(day, ends);
    }
    return ends[0] === ends[1] ? ends[0] : offsetIn(zone, ms);
  };
}

/** A sheet's values with the dates typed in `columns` (all when none are named) as yyyy-mm-dd in the spreadsheet's zone. */
export function withTypedDays<T>(ss: Spreadsheet, values: readonly (readonly T[])[], columns?: readonly string[]): T[][] {
  return typedDaysAsText(values, offsetsByDay(ss), columns) as T[][];
}
