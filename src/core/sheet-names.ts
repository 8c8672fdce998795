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
} as const;

/** Sheets an import rewrites from the export. Everything else belongs to people. */
export const IMPORT_OWNED_SHEETS: readonly string[] = [SHEETS.roster, SHEETS.rejected];

/** Every sheet the toolkit makes (never offered as an export to import). */
export const TOOLKIT_SHEETS: readonly string[] = [
  ...IMPORT_OWNED_SHEETS,
  SHEETS.settings,
  SHEETS.partners,
  ...Object.values(LOGS).map((l) => l.sheet),
];
