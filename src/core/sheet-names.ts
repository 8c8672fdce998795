import { LOGS } from './logs';
import { PARTNERS_SHEET } from './partners';

/**
 * The toolkit's sheets. The import replaces only the sheets it owns; the sheets people write
 * in (logs, settings, templates, partners) are never touched by an import.
 */
export const SHEETS = {
  roster: 'Roster',
  rejected: 'Rejected rows',
  settings: 'Settings',
  partners: PARTNERS_SHEET,
  /** The outreach templates a team may edit (Tier | Kind | Language | Doc ID). */
  templates: 'Templates',
  /** Students in an outreach run the toolkit cannot email: rebuilt after each run. */
  noEmail: 'Phone or mail follow-up',
  /** The running outreach job's work list (hidden; the toolkit's own). */
  outreachPlan: 'Outreach job',
} as const;

/** Sheets an import rewrites from the export. Everything else belongs to people. */
export const IMPORT_OWNED_SHEETS: readonly string[] = [SHEETS.roster, SHEETS.rejected];

/** The report's sheets: the History an import keeps, the Report and its dated copies. */
export const REPORT_SHEETS = {
  // Not "History": Excel reserves that sheet name, so a workbook with it cannot be opened as .xlsx.
  history: 'Attendance history',
  imports: 'Imports',
  report: 'Report',
} as const;

/** "Report 2026-11-23": the copy of a day's report. */
export const REPORT_COPY_PATTERN = /^Report \d{4}-\d{2}-\d{2}$/;

/** Every sheet the toolkit makes. */
export const TOOLKIT_SHEETS: readonly string[] = [
  ...Object.values(SHEETS),
  ...Object.values(LOGS).map((l) => l.sheet),
  ...Object.values(REPORT_SHEETS),
];

/** Sheets the toolkit writes itself (never offered as an export to import). */
export function isToolkitSheet(name: string): boolean {
  return TOOLKIT_SHEETS.includes(name) || REPORT_COPY_PATTERN.test(name);
}
