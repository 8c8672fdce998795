/**
 * Changing the Settings sheet from the set-up wizard without disturbing it: only the values the
 * user changed are rewritten; every other cell (a coordinator's notes beside a setting, extra
 * rows, the order of schools) stays as it was. Schools are matched by name and never removed by
 * the wizard; new ones are added at the end of the Schools table.
 */
import {
  DEFAULT_SETTINGS,
  isSettingLabel,
  isSettingsTableRow,
  readSettings,
  REASONS_TITLE,
  School,
  SCHOOL_HEADERS,
  isOfficePhoneHeader,
  SCHOOLS_TITLE,
  SETTING_ROWS,
  Settings,
  SETTINGS_HEADERS,
} from './settings';

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

/**
 * Turn the reason rows in [from, to) into `wanted`, moving rows rather than rewriting them so a
 * note beside a reason always stays with it: rows of reasons dropped (or listed a second time)
 * go; a new reason goes right after the reason before it in `wanted`. When the kept reasons are in
 * another order than wanted, their rows are put in the wanted order (blank rows between them go).
 */
function editReasons(rows: SheetCell[][], from: number, to: number, wanted: readonly string[], width: number): void {
  const key = (r: unknown) =>
    String(r ?? '')
      .trim()
      .toLowerCase();
  // A setting's row among the reasons (a section moved) is a setting, not a reason to drop.
  const isReason = (r: readonly SheetCell[]) => key(r[0]) !== '' && !isSettingsTableRow(r);
  const section = rows.slice(from, to);
  const want = new Set(wanted.map(key));
  const rowOf = new Map<string, SheetCell[]>();
  const dropped = new Set<SheetCell[]>();
  for (const r of section) {
    if (!isReason(r)) continue;
    const k = key(r[0]);
    if (want.has(k) && !rowOf.has(k)) rowOf.set(k, r);
    else dropped.add(r);
  }
  const seen = new Set<string>();
  const wantedRows = wanted
    .filter((w) => !seen.has(key(w)) && seen.add(key(w)))
    .map((w) => rowOf.get(key(w)) ?? [w, ...new Array<SheetCell>(width - 1).fill('')]);
  const keptInSheet = section.filter((r) => isReason(r) && !dropped.has(r));
  const keptInWanted = wantedRows.filter((r) => keptInSheet.includes(r));
  let out: SheetCell[][];
  if (keptInSheet.every((r, i) => r === keptInWanted[i])) {
    out = section.filter((r) => !dropped.has(r));
    let previous: SheetCell[] | undefined;
    for (const r of wantedRows) {
      if (!out.includes(r)) {
        const first = out.findIndex((x) => keptInSheet.includes(x));
        out.splice(previous ? out.indexOf(previous) + 1 : Math.max(0, first), 0, r);
      }
      previous = r;
    }
  } else {
    const isBlank = (r: readonly SheetCell[]) => r.every((v) => String(v ?? '').trim() === '');
    out = [...wantedRows, ...section.filter((r) => !isReason(r) && !isBlank(r))];
  }
  rows.splice(from, to - from, ...out);
}

/** The change that names the Office phone column put on an older, four-column Schools table. */
export const OFFICE_PHONE_COLUMN_ADDED = 'Schools: Office phone column';

export interface SettingsEditOptions {
  /**
   * Labels of the settings this edit may change (the set-up wizard's). Other settings rows are
   * left exactly as they are, even a value the toolkit cannot use (that is the team's to fix, and
   * is reported); a missing row is still added. All settings when omitted.
   */
  only?: readonly string[];
  /**
   * Set up: an older, four-column Schools table gets the Office phone header even when no phone is
   * given, so the team sees where to type one, if its fifth column is empty (header and schools
   * alike: a column of the team's notes is never made the phone column). Otherwise the header is
   * added only with the first phone.
   */
  addOfficePhoneColumn?: boolean;
}

export function editSettingsValues(values: readonly unknown[][], next: Settings, options: SettingsEditOptions = {}): SettingsEdit {
  const only = options.only ? new Set(options.only.map((l) => l.toLowerCase())) : null;
  const current = readSettings(values).settings;
  // The Office phone column (the fifth) only when a school has one: a sheet from before it stays as it was.
  const width = Math.max(4, ...values.map((r) => r.length), next.schools.some((s) => s.officePhone) ? SCHOOL_HEADERS.length : 0);
  const fit = (cells: SheetCell[]) => [...cells, ...blankRow(Math.max(0, width - cells.length))].slice(0, Math.max(width, cells.length));
  const rows: SheetCell[][] = values.map((r) => {
    const copy = r.map((v) => (v === null || v === undefined ? '' : (v as SheetCell)));
    while (copy.length < width) copy.push('');
    return copy;
  });
  if (rows.length === 0) rows.push([...SETTINGS_HEADERS.slice(0, 3), ...blankRow(width - 3)]);
  const changes: string[] = [];
  const isBlank = (r: readonly SheetCell[]) => r.every((v) => String(v ?? '').trim() === '');
  const isTitle = (r: number) => [SCHOOLS_TITLE.toLowerCase(), REASONS_TITLE.toLowerCase()].includes(label(rows[r]));
  // Sections are found exactly as readSettings finds them: each title starts a section that runs,
  // blank rows and all, to the next title or the end of the sheet.
  const find = (title: string) => rows.findIndex((r) => label(r) === title.toLowerCase());
  const sectionEnd = (from: number) => {
    let r = from;
    while (r < rows.length && !isTitle(r)) r++;
    return r;
  };
  /** The row after the last non-blank row in [from, to), or `from` when there is none. */
  const afterLast = (from: number, to: number) => {
    let r = to;
    while (r > from && isBlank(rows[r - 1])) r--;
    return r;
  };

  // The settings block: one row per setting, above the first title; a setting's row is found
  // wherever it stands (as readSettings reads it), even below a section moved to the top. When a
  // label appears twice, readSettings uses the last one, so that is the one changed.
  for (const def of SETTING_ROWS) {
    const top = sectionEnd(0);
    let at = -1;
    for (let r = 0; r < rows.length; r++) if (label(rows[r]) === def.label.toLowerCase()) at = r;
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
      // A setting the sheet lacks goes after the others (wherever they stand), never into the
      // Schools table; above the first title when there are none.
      let last = -1;
      for (let r = 0; r < rows.length; r++) if (isSettingLabel(rows[r][0])) last = r;
      rows.splice(last >= 0 ? last + 1 : afterLast(0, top), 0, [def.label, value, def.about, ...blankRow(width - 3)]);
      changes.push(def.label);
    }
  }

  // Schools: update a school's row in place (wherever it is in the section); add new schools
  // after the last one.
  let title = find(SCHOOLS_TITLE);
  if (title < 0) {
    rows.push(blankRow(width), [SCHOOLS_TITLE, ...blankRow(width - 1)], fit([...SCHOOL_HEADERS].slice(0, width)));
    title = rows.length - 2;
  }
  const hasHeader = label(rows[title + 1]) === SCHOOL_HEADERS[0].toLowerCase();
  const first = hasHeader ? title + 2 : title + 1;
  // A sheet from before the Office phone column: its header gets the column's name when a school has one.
  const header = hasHeader ? rows[title + 1] : null;
  const officeCol = SCHOOL_HEADERS.indexOf('Office phone');
  // Under an older, four-column header the fifth column may hold notes: it gets the header when a
  // phone is given, and only the phones given are written there. A column the team named otherwise
  // is theirs: no phone is written in it.
  const phoneColumn = !header || isOfficePhoneHeader(header[officeCol]);
  const freeColumn = !!header && String(header[officeCol] ?? '').trim() === '';
  const emptyColumn = freeColumn && rows.slice(first, sectionEnd(first)).every((r) => String(r[officeCol] ?? '').trim() === '');
  if (freeColumn && (next.schools.some((s) => s.officePhone) || (options.addOfficePhoneColumn && emptyColumn))) {
    header![officeCol] = SCHOOL_HEADERS[officeCol];
    changes.push(OFFICE_PHONE_COLUMN_ADDED);
  }
  for (const school of next.schools) {
    const end = sectionEnd(first);
    let at = -1;
    for (let r = first; r < end; r++) if (label(rows[r]) === school.name.trim().toLowerCase()) at = r;
    const cells: [number, keyof School][] = [
      [1, 'schoolId'],
      [2, 'attendanceLead'],
      [3, 'principal'],
      ...(phoneColumn || (freeColumn && school.officePhone) ? ([[4, 'officePhone']] as [number, keyof School][]) : []),
    ];
    if (at >= 0) {
      const row = rows[at];
      let changed = false;
      for (const [c, key] of cells) {
        // Email addresses are the same in any case (the toolkit keeps them in lower case).
        const equal =
          key === 'schoolId' || key === 'officePhone'
            ? same(row[c], school[key])
            : same(String(row[c] ?? '').toLowerCase(), school[key].toLowerCase());
        if (!equal) {
          row[c] = school[key];
          changed = true;
        }
      }
      if (changed) changes.push(`School: ${school.name}`);
    } else {
      // After the last school (a settings table moved below the schools stays below them).
      let after = first;
      for (let r = first; r < end; r++) if (!isBlank(rows[r]) && !isSettingsTableRow(rows[r])) after = r + 1;
      rows.splice(
        after,
        0,
        fit([school.name, school.schoolId, school.attendanceLead, school.principal, school.officePhone].slice(0, width)),
      );
      changes.push(`School: ${school.name}`);
    }
  }

  // Reasons for absence: the list is the user's. Only its differences are written: a reason
  // removed loses its row, a new one is added after the last, and the rest (with any note a
  // coordinator typed beside them) stay where they are.
  const reasonsTitle = find(REASONS_TITLE);
  const sameReasons =
    current.absenceReasons.length === next.absenceReasons.length && current.absenceReasons.every((r, i) => r === next.absenceReasons[i]);
  if (reasonsTitle < 0) {
    rows.push(blankRow(width), [REASONS_TITLE, ...blankRow(width - 1)], ...next.absenceReasons.map((r) => [r, ...blankRow(width - 1)]));
    changes.push('Reasons for absence');
  } else if (!sameReasons) {
    editReasons(rows, reasonsTitle + 1, sectionEnd(reasonsTitle + 1), next.absenceReasons, width);
    changes.push('Reasons for absence');
  }

  while (rows.length < values.length) rows.push(blankRow(width));
  return { values: rows, changes };
}
