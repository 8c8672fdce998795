/**
 * Earlier exports of the bundled synthetic sample, so `npm start` can show the report's History
 * sections (tier movement, the recent pace behind early warning, the chronic rate across
 * imports) on the sample. Used for the bundled sample only, never for a district's own file.
 *
 * An export N school days earlier has the same students with N fewer days enrolled and without
 * the absences of those N days. Most students were absent in those days at their year-to-date
 * rate; about one in twelve had most of their absences lately (the students early warning is for).
 * A student enrolled for fewer than N days was not on the earlier export. Deterministic.
 */
import Papa from 'papaparse';
import { seededRandom as rng } from './random';

/** The export as it was `days` school days earlier (CSV text in, CSV text out). */
export function earlierExport(text: string, days: number, seed = 7): string {
  const r = rng(seed + days);
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const parsed = Papa.parse<string[]>(bom ? text.slice(1) : text, { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const at = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const enrolledCol = at('days_membership');
  const absentCol = at('days_absent');
  if (enrolledCol < 0 || absentCol < 0) throw new Error('The sample export has no Days_Membership or Days_Absent column.');
  const out: string[][] = [header];
  for (const row of rows) {
    const e = Number(row[enrolledCol]);
    const a = Number(row[absentCol]);
    if (row[enrolledCol] === '' || row[absentCol] === '' || !Number.isFinite(e) || !Number.isFinite(a) || e < 0 || a < 0 || a > e) {
      out.push(row); // rows the import rejects, or with no attendance yet, stay as they are
      continue;
    }
    if (e <= days) continue; // not enrolled yet back then
    const lately = r() < 0.08;
    let k = 0;
    if (lately) k = Math.min(Math.floor(a), Math.round(days * (0.2 + 0.3 * r())));
    else for (let d = 0; d < days; d++) if (r() < a / e) k++;
    // Never more absences than enrolled days back then.
    k = Math.min(Math.max(k, Math.ceil(a - (e - days))), Math.floor(a));
    const copy = row.slice();
    copy[enrolledCol] = String(e - days);
    copy[absentCol] = String(a - k);
    out.push(copy);
  }
  return bom + Papa.unparse(out, { newline: '\r\n' }) + '\r\n';
}
