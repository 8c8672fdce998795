/**
 * The toolkit's sheets. The import replaces only the sheets it owns; the sheets people write
 * in (logs, settings, templates, partners) are never touched by an import.
 */
export const SHEETS = {
  roster: 'Roster',
  rejected: 'Rejected rows',
  settings: 'Settings',
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

/** Sheets the toolkit writes itself (never offered as an export to import). */
export function isToolkitSheet(name: string): boolean {
  return (
    (IMPORT_OWNED_SHEETS as readonly string[]).includes(name) ||
    name === SHEETS.settings ||
    (Object.values(REPORT_SHEETS) as string[]).includes(name) ||
    REPORT_COPY_PATTERN.test(name)
  );
}
