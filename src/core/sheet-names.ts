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

/** Every sheet the toolkit makes (never offered as an export to import). */
export const TOOLKIT_SHEETS: readonly string[] = [...Object.values(SHEETS), ...Object.values(LOGS).map((l) => l.sheet)];
