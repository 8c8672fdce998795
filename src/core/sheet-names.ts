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
