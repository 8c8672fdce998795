import { LoadedBundle } from '../src/emulator/bundle';
import { defaultPlugins } from '../src/emulator/plugins';
import { Workspace, WorkspaceOptions } from '../src/emulator/workspace';
import { ImportSummary } from '../src/core/summary';

/** The built toolkit in a fresh emulated Workspace. */
export function toolkit(options: WorkspaceOptions = {}): LoadedBundle {
  return new LoadedBundle(new Workspace({ plugins: defaultPlugins(), ...options }));
}

export const POWERSCHOOL_HEADER = [
  'Student_Number',
  'LastFirst',
  'Grade_Level',
  'School_Name',
  'Home_Phone',
  'Guardianemail',
  'Home_Language',
  'Days_Membership',
  'Days_Absent',
];

function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV export from rows of values (quoted as a spreadsheet program would). */
export function csv(rows: (string | number)[][], header: string[] = POWERSCHOOL_HEADER, eol = '\r\n'): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join(eol) + eol;
}

/** One PowerSchool row: id, "Last, First", grade, school, phone, email, language, enrolled, absent. */
export function psRow(
  id: string,
  name: string,
  absent: number | string,
  extra: Partial<{ grade: string; school: string; email: string; language: string; enrolled: number | string }> = {},
) {
  return [
    id,
    name,
    extra.grade ?? '5',
    extra.school ?? 'Oak Street School',
    '(203) 555-0100',
    extra.email ?? `${id}@example.org`,
    extra.language ?? 'English',
    extra.enrolled ?? 58,
    absent,
  ];
}

export type ImportOutcome = { ok: boolean; message: string; result?: ImportSummary & { message: string } };

export function importCsv(bundle: LoadedBundle, text: string, name = 'export.csv'): ImportOutcome {
  return bundle.scriptRun<ImportOutcome>('importUploadedFile', name, text);
}

/** The toolkit clock's armed duties in the open spreadsheet: name → due time (ms). */
export function duties(bundle: LoadedBundle): Record<string, number> {
  const raw = bundle.ws.documentProperties.get(bundle.ws.activeSpreadsheetId!)?.['toolkit.clock'];
  const entries = raw ? (JSON.parse(raw) as Record<string, { due: number }>) : {};
  return Object.fromEntries(Object.entries(entries).map(([name, a]) => [name, a.due]));
}

/**
 * The open spreadsheet's grid: each sheet's rows and columns, and the workbook's total cells. Sheets
 * counts every cell of every sheet's grid, empty or not, toward its limit of 10 million cells.
 */
export function grid(bundle: LoadedBundle): { total: number; sheets: Record<string, [number, number]> } {
  const ss = bundle.ws.active;
  return { total: ss.cellCount(), sheets: Object.fromEntries(ss.sheets.map((s) => [s.name, [s.maxRows, s.maxCols]])) };
}

/** The handlers of this user's time-based triggers in the open spreadsheet. */
export function timeTriggers(bundle: LoadedBundle): string[] {
  return bundle.ws.triggers
    .filter((t) => t.kind === 'CLOCK' && t.owner === bundle.ws.user && t.sourceId === bundle.ws.activeSpreadsheetId)
    .map((t) => t.handler);
}
