/**
 * Changing the Settings sheet from the set-up wizard without disturbing it: only the values the
 * user changed are rewritten; every other cell (a coordinator's notes beside a setting, extra
 * rows, the order of schools) stays as it was. Schools are matched by name and never removed by
 * the wizard; new ones are added at the end of the Schools table.
 */
import { DEFAULT_SETTINGS, readSettings, REASONS_TITLE, School, SCHOOL_HEADERS, SCHOOLS_TITLE, SETTING_ROWS, Settings } from './settings';

export type SheetCell = string | number | boolean | Date;

export interface SettingsEdit {
  /** The sheet's new values: at least as many rows as before (shorter content is padded with blanks). */
  values: SheetCell[][];
  /** What changed, in words ("Days in school year", "School: Oak Street School", ...). */
  changes: string[];
}

const blankRow = (width: number): SheetCell[] => new Array<SheetCell>(width).fill('');

function label(row: readonly unknown[] | undefined): string {
  return String(row?.[0] ?? '')
    .trim()
    .toLowerCase();
}

function same(a: unknown, b: unknown): boolean {
  return String(a ?? '').trim() === String(b ?? '').trim();
}

/** End (exclusive) of the block of non-blank rows starting at `from`. */
function blockEnd(rows: readonly SheetCell[][], from: number): number {
  let r = from;
  while (r < rows.length && rows[r].some((v) => String(v ?? '').trim() !== '')) r++;
  return r;
}

export interface SettingsEditOptions {
  /**
   * Labels of the settings this edit may change (the set-up wizard's). Other settings rows are
   * left exactly as they are, even a value the toolkit cannot use (that is the team's to fix, and
   * is reported); a missing row is still added. All settings when omitted.
   */
  only?: readonly string[];
}

export function editSettingsValues(values: readonly unknown[][], next: Settings, options: SettingsEditOptions = {}): SettingsEdit {
  const only = options.only ? new Set(options.only.map((l) => l.toLowerCase())) : null;
  const current = readSettings(values).settings;
  const width = Math.max(4, ...values.map((r) => r.length));
  const rows: SheetCell[][] = values.map((r) => {
    const copy = r.map((v) => (v === null || v === undefined ? '' : (v as SheetCell)));
    while (copy.length < width) copy.push('');
    return copy;
  });
  if (rows.length === 0) rows.push(['Setting', 'Value', 'About', ...blankRow(width - 3)]);
  const changes: string[] = [];
  const find = (title: string) => rows.findIndex((r) => label(r) === title.toLowerCase());

  // The settings block: one row per setting, under the header row.
  for (const def of SETTING_ROWS) {
    const at = find(def.label);
    const value = def.write(next);
    if (at >= 0 && only && !only.has(def.label.toLowerCase())) continue;
    if (at >= 0) {
      // Compare meanings, not text: a cell holding 0.3 and the wizard's "30%" are the same goal.
      // The cell is read on its own (not with the rest of the sheet), so only its own value counts.
      const inCell: Settings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules }, outreach: { ...DEFAULT_SETTINGS.outreach } };
      const problem = def.read(rows[at][1], inCell);
      if (problem !== null || !same(def.write(inCell), value)) {
        rows[at][1] = value;
        changes.push(def.label);
      }
    } else {
      const end = blockEnd(rows, 0);
      rows.splice(end, 0, [def.label, value, def.about, ...blankRow(width - 3)]);
      changes.push(def.label);
    }
  }

  // Schools: update a school's row in place; add new schools at the end of the table.
  let title = find(SCHOOLS_TITLE);
  if (title < 0) {
    rows.push(blankRow(width), [SCHOOLS_TITLE, ...blankRow(width - 1)], [...SCHOOL_HEADERS, ...blankRow(width - 4)]);
    title = rows.length - 2;
  }
  const first = label(rows[title + 1]) === SCHOOL_HEADERS[0].toLowerCase() ? title + 2 : title + 1;
  let end = blockEnd(rows, first);
  for (const school of next.schools) {
    const at = rows.slice(first, end).findIndex((r) => label(r) === school.name.trim().toLowerCase());
    const cells: [number, keyof School][] = [
      [1, 'schoolId'],
      [2, 'attendanceLead'],
      [3, 'principal'],
    ];
    if (at >= 0) {
      const row = rows[first + at];
      let changed = false;
      for (const [c, key] of cells) {
        // Email addresses are the same in any case (the toolkit keeps them in lower case).
        const equal = key === 'schoolId' ? same(row[c], school[key]) : same(String(row[c] ?? '').toLowerCase(), school[key].toLowerCase());
        if (!equal) {
          row[c] = school[key];
          changed = true;
        }
      }
      if (changed) changes.push(`School: ${school.name}`);
    } else {
      rows.splice(end, 0, [school.name, school.schoolId, school.attendanceLead, school.principal, ...blankRow(width - 4)]);
      end++;
      changes.push(`School: ${school.name}`);
    }
  }

  // Reasons for absence: the list is the user's; rewrite it only if it differs.
  const reasonsTitle = find(REASONS_TITLE);
  const sameReasons =
    current.absenceReasons.length === next.absenceReasons.length && current.absenceReasons.every((r, i) => r === next.absenceReasons[i]);
  if (reasonsTitle < 0) {
    rows.push(blankRow(width), [REASONS_TITLE, ...blankRow(width - 1)], ...next.absenceReasons.map((r) => [r, ...blankRow(width - 1)]));
    changes.push('Reasons for absence');
  } else if (!sameReasons) {
    const start = reasonsTitle + 1;
    const stop = blockEnd(rows, start);
    rows.splice(start, stop - start, ...next.absenceReasons.map((r) => [r, ...blankRow(width - 1)]));
    changes.push('Reasons for absence');
  }

  while (rows.length < values.length) rows.push(blankRow(width));
  return { values: rows, changes };
}
