import { isValidEmail } from './outreach/email';
import {
  AttendanceRules,
  CHRONIC_SHARE,
  DEFAULT_OUTREACH_BY_TIER,
  DEFAULT_RULES,
  DISTRICT_GOAL,
  KIND_LABELS,
  LETTER_KINDS,
  LetterKind,
  TIERS,
  TierId,
  TierOutreachChoice,
} from './rules';

/**
 * The Settings sheet: what a district may tune, with the toolkit's values as defaults.
 *
 * Layout (one sheet, readable by a coordinator):
 *   row 1        Setting | Value | About
 *   rows 2..     one setting per row
 *   (blank row)
 *   "Schools"    School | School ID | Attendance lead email | Principal email
 *   (blank row)
 *   "Reasons for absence"   one reason per row
 *
 * Every value is validated where it is used; a wrong value gets a message naming its cell.
 */

export interface School {
  name: string;
  schoolId: string;
  attendanceLead: string;
  principal: string;
  /** The number families call (letters and emails give it); may be empty. */
  officePhone: string;
}

/** The longest office phone kept: a number and an extension, not a note. */
export const MAX_OFFICE_PHONE = 40;

/** True for the Schools table's fifth header, "Office phone" (any case). */
export function isOfficePhoneHeader(v: unknown): boolean {
  return (
    String(v ?? '')
      .trim()
      .toLowerCase() === 'office phone'
  );
}

/** Why a school's office phone cannot go in letters (the end of a sentence), or null when it can. */
export function officePhoneProblem(phone: string): string | null {
  if (phone === '') return null;
  if (phone.length > MAX_OFFICE_PHONE)
    return `is longer than ${MAX_OFFICE_PHONE} characters: give the number families call, such as (203) 555-0100.`;
  // Seven digits at least: a local number (555-0100), not an extension alone.
  if (!/\d{7}/.test(phone.replace(/\D/g, '')))
    return `"${phone}" is not a phone number: give the number families call, such as (203) 555-0100.`;
  return null;
}

export interface OutreachOptions {
  letters: boolean;
  drafts: boolean;
  followUps: boolean;
  /** One document per student instead of one per school and kind. */
  perStudentFiles: boolean;
  superintendent: string;
}

export const DEFAULT_OUTREACH_OPTIONS: OutreachOptions = {
  letters: true,
  drafts: true,
  followUps: true,
  perStudentFiles: false,
  superintendent: 'The Superintendent of Schools',
};

export interface Settings {
  /** ISO date (yyyy-mm-dd) of the first school day. */
  schoolYearStart: string;
  daysInSchoolYear: number;
  /** Chronic absence rate the district aims to be under (0..1). */
  districtGoal: number;
  rules: AttendanceRules;
  /** Groups smaller than this are shown as "n<10" in reports. */
  smallGroupSize: number;
  /** The scheduled report emails principals directly; otherwise it leaves Gmail drafts to review. */
  emailPrincipals: boolean;
  schools: School[];
  absenceReasons: string[];
  /** What Prepare outreach makes (the toolkit's defaults: everything, letters merged per school). */
  outreach: OutreachOptions;
  /** Which level gets which outreach, and its follow-up rhythm (the toolkit's: OUTREACH in rules.ts). */
  outreachByTier: Record<TierId, TierOutreachChoice | null>;
}

export const DEFAULT_ABSENCE_REASONS: readonly string[] = [
  'Illness',
  'Medical or dental appointment',
  'Transportation',
  'Housing',
  'Family responsibilities',
  'Caring for a family member',
  'School climate or bullying',
  'Mental health',
  'Suspension',
  'Family travel',
  'Work',
  'Unknown',
  'Other',
];

export const DEFAULT_SETTINGS: Settings = {
  schoolYearStart: '2026-08-27',
  daysInSchoolYear: 180,
  districtGoal: DISTRICT_GOAL.target.rate,
  rules: DEFAULT_RULES,
  smallGroupSize: 10,
  emailPrincipals: false,
  schools: [],
  absenceReasons: [...DEFAULT_ABSENCE_REASONS],
  outreach: DEFAULT_OUTREACH_OPTIONS,
  outreachByTier: { ...DEFAULT_OUTREACH_BY_TIER },
};

export const SETTINGS_SHEET = 'Settings';
export const SCHOOLS_TITLE = 'Schools';
export const REASONS_TITLE = 'Reasons for absence';
export const SCHOOL_HEADERS = ['School', 'School ID', 'Attendance lead email', 'Principal email', 'Office phone'] as const;

/** A wrong value in the Settings sheet, with its cell, in words a coordinator can act on. */
export interface SettingsProblem {
  cell: string;
  message: string;
  /** The setting's label ("Days in school year"), or "School: <name>" for a school's email. */
  label: string;
}

type Cell = string | number | boolean | Date;

interface SettingRow {
  label: string;
  about: string;
  write: (s: Settings) => Cell;
  read: (value: unknown, into: Settings) => string | null;
}

/** Shares are written as "30%" so the sheet reads as a coordinator would type it. */
function percentText(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const t = String(value ?? '')
    .trim()
    .replace(/%$/, '');
  if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return String(value).trim().endsWith('%') ? Number(t) / 100 : Number(t);
}

function share(value: unknown): number | null {
  const n = asNumber(value);
  if (n === null) return null;
  // "30%" is read as 0.3 already (and "150%" as 1.5, too much); "30" means 30 percent; 0.3 is already a share.
  if (typeof value === 'string' && value.trim().endsWith('%')) return n;
  return n > 1 ? n / 100 : n;
}

function wholeNumber(min: number, max: number, set: (s: Settings, n: number) => void, what: string) {
  return (value: unknown, into: Settings): string | null => {
    const n = asNumber(value);
    if (n === null || !Number.isInteger(n) || n < min || n > max) {
      return `${what} must be a whole number from ${min} to ${max}; it says "${String(value ?? '')}".`;
    }
    set(into, n);
    return null;
  };
}

/** A day that exists on the calendar (no February 30th), as yyyy-mm-dd. */
function calendarDay(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A date typed as 2026-08-27 or 8/27/2026, or a date cell; null when it is not a real day. The
 * Apps Script side hands a typed date over as its day in the spreadsheet's zone (typedDaysAsText);
 * a Date still here is read in the local zone.
 */
export function isoDate(value: unknown): string | null {
  if (value instanceof Date && !isNaN(value.getTime())) {
    return calendarDay(value.getFullYear(), value.getMonth() + 1, value.getDate());
  }
  const t = String(value ?? '').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return calendarDay(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

const TIER_LABELS = [
  'L2 Alert starts at (days absent)',
  'L3 Moderate starts at',
  'L4 Serious starts at',
  'L5 Severe starts at',
  'L6 Extreme starts at',
];

/** The words a coordinator types for each kind of outreach, in the order they are written. */
const DRAFT_WORDS = 'Gmail draft';
const OUTREACH_WORDS: readonly [string, LetterKind | 'email'][] = [
  ...LETTER_KINDS.map((k): [string, LetterKind] => [KIND_LABELS[k], k]),
  [DRAFT_WORDS, 'email'],
];

export const SETTING_ROWS: readonly SettingRow[] = [
  {
    label: 'School year start',
    about:
      "First day of this school year (yyyy-mm-dd). Update it every year: outreach records, the report's trend and early warning, and the panel's checklist all count from this day.",
    write: (s) => s.schoolYearStart,
    read: (v, into) => {
      const d = isoDate(v);
      if (!d) return `School year start must be a date such as 2026-08-27; it says "${String(v ?? '')}".`;
      into.schoolYearStart = d;
      return null;
    },
  },
  {
    label: 'Days in school year',
    about: 'School days in the whole year (usually 180).',
    write: (s) => s.daysInSchoolYear,
    read: wholeNumber(100, 250, (s, n) => (s.daysInSchoolYear = n), 'Days in school year'),
  },
  {
    label: 'District goal (chronic absence under)',
    about: 'The strategic plan: from 58% (June 2022) and 42% (Nov 2022) to under 30% (June 2023).',
    write: (s) => percentText(s.districtGoal),
    read: (v, into) => {
      const n = share(v);
      if (n === null || n <= 0 || n >= 1)
        return `District goal must be a percentage between 1% and 99%, such as 30%; it says "${String(v ?? '')}".`;
      into.districtGoal = n;
      return null;
    },
  },
  {
    label: 'Chronic absence threshold',
    about: 'Share of enrolled days missed that makes a student chronically absent (10% nationally).',
    write: (s) => percentText(s.rules.chronicShare),
    read: (v, into) => {
      const n = share(v);
      if (n === null || n <= 0 || n >= 1)
        return `Chronic absence threshold must be a percentage such as 10%; it says "${String(v ?? '')}".`;
      into.rules = { ...into.rules, chronicShare: n };
      return null;
    },
  },
  ...TIER_LABELS.map((label, i): SettingRow => ({
    label,
    about: i === 0 ? "Days absent that start each level; the toolkit's bands are 2, 6, 11, 15 and 18." : '',
    write: (s) => s.rules.tierStarts[i],
    read: (v, into) => {
      const n = asNumber(v);
      if (n === null || n < 1 || n > 200)
        return `${label.replace(' (days absent)', '')} must be a number of days from 1 to 200; it says "${String(v ?? '')}".`;
      const starts = [...into.rules.tierStarts] as [number, number, number, number, number];
      starts[i] = n;
      into.rules = { ...into.rules, tierStarts: starts };
      return null;
    },
  })),
  {
    label: 'Smallest group shown in reports',
    about: 'Groups with fewer students are shown as "n<10" so that no child can be identified.',
    write: (s) => s.smallGroupSize,
    read: wholeNumber(1, 100, (s, n) => (s.smallGroupSize = n), 'Smallest group shown in reports'),
  },
  yesNo('Outreach: merge letters and call sheets', 'letters', 'Prepare outreach makes the call sheets and letters in Google Docs.'),
  yesNo('Outreach: Gmail drafts to families', 'drafts', 'Prepare outreach writes Gmail drafts (never sends them).'),
  yesNo('Outreach: Calendar follow-ups', 'followUps', "Prepare outreach puts the toolkit's follow-ups on case owners' calendars."),
  yesNo(
    'Outreach: one document per student',
    'perStudentFiles',
    'No (the default) merges letters into one document per school and kind, far inside the daily documents quota.',
  ),
  {
    label: 'Superintendent name (signs the L4 letter)',
    about: 'Printed at the end of the Superintendent letter, as {{Superintendent}}.',
    write: (s) => s.outreach.superintendent,
    read: (v, into) => {
      const t = String(v ?? '').trim();
      if (t) into.outreach = { ...into.outreach, superintendent: t };
      return null;
    },
  },
  {
    label: 'Email principals directly',
    about: 'No: the bi-weekly report leaves a Gmail draft to each principal for you to review and send. Yes: it sends the email itself.',
    write: (s) => (s.emailPrincipals ? 'Yes' : 'No'),
    read: (v, into) => {
      const t = String(v ?? '')
        .trim()
        .toLowerCase();
      if (v === true || ['yes', 'y', 'true'].includes(t)) into.emailPrincipals = true;
      else if (v === false || ['no', 'n', 'false', ''].includes(t)) into.emailPrincipals = false;
      else return `Email principals directly must be Yes or No; it says "${String(v ?? '')}".`;
      return null;
    },
  },
  ...TIERS.filter((t) => DEFAULT_OUTREACH_BY_TIER[t.id]).flatMap((t) => tierOutreachRows(t.id, `${t.id} ${t.name}`)),
];

function choiceOf(s: Settings, tier: TierId): TierOutreachChoice {
  return s.outreachByTier[tier] ?? { letters: [], email: false, followUpDays: null };
}

/**
 * Two rows per level: what it gets ("Phone call sheet, Superintendent letter, Gmail draft", or
 * None) and after how many days its Calendar follow-up is due (0 for none). The toolkit's choices
 * are the defaults; the wording of letters and emails is on the Templates sheet.
 */
function tierOutreachRows(tier: TierId, name: string): SettingRow[] {
  const kinds = OUTREACH_WORDS.map(([w]) => w).join(', ');
  return [
    {
      label: `${name}: outreach`,
      about: tier === 'L2' ? `What Prepare outreach makes for each level: any of ${kinds}; or None.` : '',
      write: (s) => {
        const c = choiceOf(s, tier);
        const words = OUTREACH_WORDS.filter(([, k]) => (k === 'email' ? c.email : c.letters.includes(k))).map(([w]) => w);
        return words.length ? words.join(', ') : 'None';
      },
      read: (v, into) => {
        const text = String(v ?? '').trim();
        if (text === '') return `${name}: outreach is empty; write what the level gets (${kinds}) or None.`;
        const current = choiceOf(into, tier);
        if (text.toLowerCase() === 'none') {
          into.outreachByTier = { ...into.outreachByTier, [tier]: { ...current, letters: [], email: false } };
          return null;
        }
        const letters: LetterKind[] = [];
        let email = false;
        for (const part of text
          .split(/[,;]/)
          .map((x) => x.trim())
          .filter(Boolean)) {
          // Plurals are fine: "Letters of attendance", "Gmail drafts".
          const plain = (w: string) => w.toLowerCase().replace(/s\b/g, '');
          const typed = plain(part);
          const found = OUTREACH_WORDS.find(
            ([w]) => plain(w) === typed || (w === DRAFT_WORDS && ['email', 'draft', 'gmail'].includes(typed)),
          );
          if (!found) return `${name}: outreach lists "${part}", which is not one of: ${kinds} (or None).`;
          if (found[1] === 'email') email = true;
          else if (!letters.includes(found[1])) letters.push(found[1]);
        }
        into.outreachByTier = { ...into.outreachByTier, [tier]: { ...current, letters, email } };
        return null;
      },
    },
    {
      label: `${name}: follow-up after (days)`,
      about:
        tier === 'L2'
          ? "Days until the case owner's Calendar follow-up; 0 for none. The toolkit: a week for L2-L3, two weeks for L4-L6."
          : '',
      write: (s) => choiceOf(s, tier).followUpDays ?? 0,
      read: (v, into) => {
        const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(String(v ?? '')) ? Number(v) : NaN;
        if (!Number.isInteger(n) || n < 0 || n > 60) {
          return `${name}: follow-up after must be a whole number of days from 0 to 60 (0 for none); it says "${String(v ?? '')}".`;
        }
        into.outreachByTier = { ...into.outreachByTier, [tier]: { ...choiceOf(into, tier), followUpDays: n === 0 ? null : n } };
        return null;
      },
    },
  ];
}

function yesNo(label: string, key: 'letters' | 'drafts' | 'followUps' | 'perStudentFiles', about: string): SettingRow {
  return {
    label,
    about,
    write: (s) => (s.outreach[key] ? 'Yes' : 'No'),
    read: (v, into) => {
      const t = String(v ?? '')
        .trim()
        .toLowerCase();
      // Blank is not "the toolkit's choice": a team that said No must not get it back by clearing a cell.
      if (t === '') return `${label} is empty; write Yes or No.`;
      const yes = ['yes', 'y', 'true', 'on', 'si', 'sí'].includes(t) || v === true;
      const no = ['no', 'n', 'false', 'off'].includes(t) || v === false;
      if (!yes && !no) return `${label} must be Yes or No; it says "${String(v)}".`;
      into.outreach = { ...into.outreach, [key]: yes };
      return null;
    },
  };
}

/** The header of the settings table, above its rows. */
export const SETTINGS_HEADERS = ['Setting', 'Value', 'About', ''] as const;

/** The settings table's header row ("Setting", "Value", ...): a reason or school called "Setting" has no "Value" beside it. */
export function isSettingsHeader(row: readonly unknown[] | undefined): boolean {
  const cell = (c: number) =>
    String(row?.[c] ?? '')
      .trim()
      .toLowerCase();
  return cell(0) === SETTINGS_HEADERS[0].toLowerCase() && cell(1) === SETTINGS_HEADERS[1].toLowerCase();
}

/** The settings' labels, lower-cased. */
const SETTING_LABELS = new Set(SETTING_ROWS.map((s) => s.label.toLowerCase()));

/** True when a first cell is a setting's label (any case, padded or not). */
export function isSettingLabel(label: unknown): boolean {
  return SETTING_LABELS.has(
    String(label ?? '')
      .trim()
      .toLowerCase(),
  );
}

/** A row of the settings table (a setting or the table's header), wherever it stands on the sheet. */
export function isSettingsTableRow(row: readonly unknown[] | undefined): boolean {
  return isSettingsHeader(row) || isSettingLabel(row?.[0]);
}

/** The Settings sheet as it is first written: defaults, the schools seen on the roster, the reasons list. */
export function settingsSheetValues(settings: Settings = DEFAULT_SETTINGS): Cell[][] {
  const rows: Cell[][] = [[...SETTINGS_HEADERS]];
  for (const r of SETTING_ROWS) rows.push([r.label, r.write(settings), r.about, '']);
  rows.push(['', '', '', '']);
  rows.push([SCHOOLS_TITLE, '', '', '']);
  rows.push([...SCHOOL_HEADERS]);
  for (const s of settings.schools) rows.push([s.name, s.schoolId, s.attendanceLead, s.principal, s.officePhone]);
  rows.push(['', '', '', '']);
  rows.push([REASONS_TITLE, '', '', '']);
  for (const r of settings.absenceReasons) rows.push([r, '', '', '']);
  // Rectangular, as Sheets keeps it: as wide as the Schools table.
  return rows.map((r) => [...r, ...new Array<Cell>(SCHOOL_HEADERS.length - r.length).fill('')]);
}

function a1(row: number, col: number): string {
  return `${SETTINGS_SHEET}!${String.fromCharCode(64 + col)}${row}`;
}

/** An email address as the Schools table needs it (one address, no name or brackets). */
export function isEmail(text: string): boolean {
  return isValidEmail(text);
}

export interface ReadSettings {
  settings: Settings;
  problems: SettingsProblem[];
  /** The Schools table as typed (an email the toolkit cannot use is kept here, blanked in settings). */
  typedSchools: School[];
}

/**
 * Read the Settings sheet's values. Missing settings keep their defaults; wrong ones are
 * reported with their cell and also keep their defaults, so one typo does not stop the team.
 */
export function readSettings(values: readonly unknown[][]): ReadSettings {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    outreach: { ...DEFAULT_SETTINGS.outreach },
    outreachByTier: { ...DEFAULT_SETTINGS.outreachByTier },
    rules: { ...DEFAULT_SETTINGS.rules },
    schools: [],
    absenceReasons: [],
  };
  const problems: SettingsProblem[] = [];
  const typedSchools: School[] = [];
  const cell = (r: number, c: number) => (values[r] && values[r][c] !== undefined ? values[r][c] : '');
  const label = (r: number) => String(cell(r, 0) ?? '').trim();
  const byLabel = new Map(SETTING_ROWS.map((s) => [s.label.toLowerCase(), s]));
  /** Row (0-based) of each setting read, for messages that concern several settings. */
  const rowOf = new Map<string, number>();

  let section: 'settings' | 'schools' | 'reasons' = 'settings';
  let sawReasons = false;
  // The fifth column is the office phone only under its header: an older, four-column Schools
  // table may hold a coordinator's notes there, which must never reach a family's letter.
  let phoneColumn = false;
  for (let r = 0; r < values.length; r++) {
    const first = label(r);
    if (first.toLowerCase() === SCHOOLS_TITLE.toLowerCase()) {
      section = 'schools';
      continue;
    }
    if (first.toLowerCase() === REASONS_TITLE.toLowerCase()) {
      section = 'reasons';
      sawReasons = true;
      continue;
    }
    // A setting's row is read as that setting wherever it stands: a Schools or Reasons section
    // moved above the settings (cut and pasted to the top) does not turn them into schools.
    const def = byLabel.get(first.toLowerCase());
    if (def) {
      rowOf.set(def.label, r);
      const problem = def.read(cell(r, 1), settings);
      if (problem) problems.push({ cell: a1(r + 1, 2), message: problem, label: def.label });
    } else if (section === 'settings' || isSettingsHeader(values[r])) {
      continue;
    } else if (section === 'schools') {
      if (first === SCHOOL_HEADERS[0]) phoneColumn = isOfficePhoneHeader(cell(r, 4));
      if (first === '' || first === SCHOOL_HEADERS[0]) continue;
      const text = (c: number) => String(cell(r, c) ?? '').trim();
      const school: School = {
        name: first,
        schoolId: text(1),
        attendanceLead: text(2).toLowerCase(),
        principal: text(3).toLowerCase(),
        officePhone: phoneColumn ? text(4) : '',
      };
      // As typed, so Set up shows a wrong one to be fixed rather than saving over it.
      typedSchools.push({ ...school, attendanceLead: text(2), principal: text(3) });
      const phoneProblem = officePhoneProblem(school.officePhone);
      if (phoneProblem) {
        problems.push({ cell: a1(r + 1, 5), message: `${school.name}'s office phone ${phoneProblem}`, label: `School: ${school.name}` });
        school.officePhone = '';
      }
      (['attendanceLead', 'principal'] as const).forEach((k, i) => {
        if (school[k] && !isValidEmail(school[k])) {
          problems.push({
            cell: a1(r + 1, 3 + i),
            message: `"${text(2 + i)}" is not an email address (${school.name}'s ${k === 'attendanceLead' ? 'attendance lead' : 'principal'}).`,
            label: `School: ${school.name}`,
          });
          school[k] = '';
        }
      });
      const twin = settings.schools.find(
        (o) =>
          o.name.toLowerCase() === school.name.toLowerCase() ||
          (school.schoolId !== '' && o.schoolId.toLowerCase() === school.schoolId.toLowerCase()),
      );
      if (twin) {
        // Outreach, the report and Set up would each take a different row: one row per school.
        problems.push({
          cell: a1(r + 1, 1),
          message: `${school.name}${school.schoolId ? ` (ID ${school.schoolId})` : ''} is listed twice in the Schools table; the first row (${twin.name}) is used. Delete the other row.`,
          label: `School: ${school.name}`,
        });
        continue;
      }
      settings.schools.push(school);
    } else if (first !== '') {
      settings.absenceReasons.push(first);
    }
  }

  // A row that stops outreach when wrong stops it when gone too (deleted, or its label retyped):
  // the toolkit's value would otherwise come back without a word. Only a sheet that has settings.
  if (rowOf.size > 0) {
    for (const labelText of OUTREACH_BLOCKING_SETTINGS) {
      if (rowOf.has(labelText)) continue;
      problems.push({
        cell: SETTINGS_SHEET,
        message: `The "${labelText}" row is missing from the Settings sheet (deleted, or its label retyped). Attendance Toolkit > Set up... puts it back.`,
        label: labelText,
      });
    }
  }

  const starts = settings.rules.tierStarts;
  for (let i = 1; i < starts.length; i++) {
    if (starts[i] <= starts[i - 1]) {
      const row = rowOf.get(TIER_LABELS[i]);
      problems.push({
        cell: row === undefined ? SETTINGS_SHEET : a1(row + 1, 2),
        message: `Tier bands must go up: ${TIER_LABELS[i]} (${starts[i]}) must be more than ${TIER_LABELS[i - 1].replace(' (days absent)', '')} (${starts[i - 1]}). The toolkit's bands are used until this is fixed.`,
        label: TIER_LABELS[i],
      });
      settings.rules = { ...settings.rules, tierStarts: DEFAULT_RULES.tierStarts };
      break;
    }
  }
  if (!sawReasons || settings.absenceReasons.length === 0) settings.absenceReasons = [...DEFAULT_ABSENCE_REASONS];
  if (settings.rules.chronicShare === undefined) settings.rules = { ...settings.rules, chronicShare: CHRONIC_SHARE };
  return { settings, problems, typedSchools };
}

/** Days between two yyyy-mm-dd dates. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** "more than a year ago" or "more than four months away" for a school year start that cannot be this year's; null when it can. */
export function staleSchoolYear(start: string, today: string): string | null {
  const age = daysBetween(start, today);
  if (age > 366) return 'more than a year ago';
  if (age < -120) return 'more than four months away';
  return null;
}

/**
 * Last year's Settings: a school year start more than a year before today (or far in the
 * future). Every outreach record's key, the report's comparison window and the panel's checklist
 * count from this day, so a start left over from last year would, for instance, make outreach
 * skip students "already contacted" last year. Reported with its cell; outreach waits for it.
 */
export function schoolYearProblem(values: readonly unknown[][], settings: Settings, today: string): SettingsProblem | null {
  const when = staleSchoolYear(settings.schoolYearStart, today);
  if (!when) return null;
  const row = values.findIndex(
    (r) =>
      String(r?.[0] ?? '')
        .trim()
        .toLowerCase() === 'school year start',
  );
  return {
    cell: row < 0 ? SETTINGS_SHEET : a1(row + 1, 2),
    label: 'School year start',
    message: `School year start is ${settings.schoolYearStart}, ${when}. Set it to this school year's first day (Attendance Toolkit > Set up...); it is still used until this is fixed.`,
  };
}

/** A Settings problem as one line for a dialog, a toast or the import result: "Settings!B3: ...". */
export function describeSettingsProblem(p: SettingsProblem): string {
  return `${p.cell}: ${p.message}`;
}

/** A Settings problem and what the toolkit does meanwhile, for the features that read Settings. */
export function settingsWarning(p: SettingsProblem): string {
  const def = SETTING_ROWS.find((r) => r.label === p.label);
  let meanwhile = '';
  if (p.label.startsWith('School: ')) meanwhile = 'The toolkit leaves that address out until it is fixed.';
  else if (def && !p.message.includes('until this is fixed'))
    meanwhile = `The toolkit's value, ${String(def.write(DEFAULT_SETTINGS))}, is used until it is fixed.`;
  return `${describeSettingsProblem(p)}${meanwhile ? ` ${meanwhile}` : ''}`;
}

/**
 * Settings whose wrong value would make outreach do the wrong thing, so outreach waits until they
 * are fixed: the school year start is part of every outreach record's key (a wrong one would
 * make everything again), and a kind of outreach the district turned off must stay off.
 */
export const OUTREACH_BLOCKING_SETTINGS: readonly string[] = [
  'School year start',
  'Outreach: merge letters and call sheets',
  'Outreach: Gmail drafts to families',
  'Outreach: Calendar follow-ups',
  'Outreach: one document per student',
  // What each level gets and when its follow-up is due: a mistyped "Nothing" must not turn the
  // toolkit's default outreach back on for a level the district switched off.
  ...TIERS.filter((t) => DEFAULT_OUTREACH_BY_TIER[t.id]).flatMap((t) => [
    `${t.id} ${t.name}: outreach`,
    `${t.id} ${t.name}: follow-up after (days)`,
  ]),
];

/** Settings problems as outreach reports them: the ones that stop it, and the others. */
export function outreachSettingsCheck(problems: readonly SettingsProblem[]): { blocking: string[]; notes: string[] } {
  const blocking = problems.filter((p) => OUTREACH_BLOCKING_SETTINGS.includes(p.label));
  const notes = problems.filter((p) => !OUTREACH_BLOCKING_SETTINGS.includes(p.label));
  return {
    blocking: blocking.map((p) => `${describeSettingsProblem(p)} Outreach waits until it is fixed on the Settings sheet.`),
    notes: notes.map(settingsWarning),
  };
}

/** The school's row in Settings, matched by name or school ID, ignoring case. */
export function findSchool(settings: Settings, school: string, schoolId = ''): School | undefined {
  const name = school.trim().toLowerCase();
  const id = schoolId.trim().toLowerCase();
  return settings.schools.find((s) => s.name.toLowerCase() === name || (id !== '' && s.schoolId.toLowerCase() === id));
}
