/**
 * The first-run set-up (Attendance Toolkit > Set up...): the wizard's screens and their checks,
 * what the answers change in Settings, how the toolkit's sheets are repaired without touching
 * data, and the checklist of what is ready. Pure: src/gas/setup.ts reads and writes the sheets.
 *
 * Rules a deployer can rely on:
 *   - Nothing is written until the last screen's Save; every screen is checked again on the
 *     server, with messages that name the field.
 *   - Settings: only the wizard's own settings and the schools it lists are compared, and only a
 *     value that differs is written (editSettingsValues). Notes, extra rows, the order of schools
 *     and every other setting stay as they are; a school is never removed by the wizard.
 *   - Sheets people write in (the logs, Partners, Templates) are made when missing (Partners
 *     and Templates also when empty). When one exists, only a missing column header is put back
 *     (in its usual place if that header cell is blank, else after the last column), so no entry
 *     moves. The template documents are found by name before any is made: never twice.
 *   - A spreadsheet set up by an earlier version is brought up to date without rewriting what
 *     is there: the Templates sheet gains, at its end, the templates of kinds of outreach new
 *     since (the L5 and L6 call sheets), with their documents, once (newDefaultTemplates); an
 *     older, four-column Schools table gains the Office phone header if its fifth column is
 *     empty. A template document made before the wording gave the school's phone is named in the
 *     checklist, never rewritten; so is a level whose Settings do not ask for a template added.
 *   - Partners are seeded only when the sheet is missing or empty. A toolkit partner the team
 *     deleted is not added back: the list is the team's (mark a partner "Active: No" to keep its
 *     name on old referrals).
 */
import { LOGS } from './logs';
import { KIND_LABELS, OutreachKind, TierId, tierRule } from './rules';
import {
  DEFAULT_OUTREACH_OPTIONS,
  DEFAULT_SETTINGS,
  isEmail,
  officePhoneProblem,
  School,
  Settings,
  SETTING_ROWS,
  SettingsProblem,
  settingsWarning,
  staleSchoolYear,
} from './settings';
import { OFFICE_PHONE_COLUMN_ADDED } from './settings-edit';
import { listWords, plural, someNames } from './words';

export type SetupScreen = 'year' | 'goal' | 'schools' | 'reasons' | 'outreach';

export const SETUP_SCREENS: readonly SetupScreen[] = ['year', 'goal', 'schools', 'reasons', 'outreach'];

export const SCREEN_TITLES: Record<SetupScreen, string> = {
  year: 'School year',
  goal: 'District goal',
  schools: 'Schools',
  reasons: 'Reasons for absence',
  outreach: 'Outreach',
};

/** The document property that records a saved set-up (so opening the spreadsheet stops offering it). */
export const SETUP_DONE_KEY = 'toolkit.setup';

export interface SetupSchool {
  name: string;
  schoolId: string;
  attendanceLead: string;
  principal: string;
  officePhone: string;
  /**
   * Already in Settings or on the Roster. Its name is how students are matched to it, so the
   * wizard does not rename it (rename or remove a school on the Settings sheet).
   */
  fixed: boolean;
}

export interface SetupOutreach {
  letters: boolean;
  drafts: boolean;
  followUps: boolean;
  perStudentFiles: boolean;
  superintendent: string;
}

/** Everything the wizard asks, as the dialog sends it (text as typed). */
export interface SetupAnswers {
  /** yyyy-mm-dd. */
  schoolYearStart: string;
  daysInSchoolYear: string;
  /** A percentage, "30" for 30%. */
  districtGoal: string;
  schools: SetupSchool[];
  absenceReasons: string[];
  outreach: SetupOutreach;
}

/** A wrong answer, with the field it belongs to ("daysInSchoolYear", "schools.2.principal"). */
export interface SetupProblem {
  field: string;
  message: string;
}

/** The Settings rows the wizard changes, by label; every other setting is left as it is. */
export const SETUP_LABELS = {
  schoolYearStart: 'School year start',
  daysInSchoolYear: 'Days in school year',
  districtGoal: 'District goal (chronic absence under)',
  letters: 'Outreach: merge letters and call sheets',
  drafts: 'Outreach: Gmail drafts to families',
  followUps: 'Outreach: Calendar follow-ups',
  perStudentFiles: 'Outreach: one document per student',
  superintendent: 'Superintendent name (signs the L4 letter)',
} as const;

/** Which screen shows each of the wizard's settings. */
export const SETUP_LABEL_SCREENS: Record<string, SetupScreen> = {
  [SETUP_LABELS.schoolYearStart]: 'year',
  [SETUP_LABELS.daysInSchoolYear]: 'year',
  [SETUP_LABELS.districtGoal]: 'goal',
  [SETUP_LABELS.letters]: 'outreach',
  [SETUP_LABELS.drafts]: 'outreach',
  [SETUP_LABELS.followUps]: 'outreach',
  [SETUP_LABELS.perStudentFiles]: 'outreach',
  [SETUP_LABELS.superintendent]: 'outreach',
};

const MAX_NAME = 120;
const MAX_REASON = 100;
const MAX_REASONS = 60;
const MAX_SCHOOLS = 500;

function row(label: string) {
  const def = SETTING_ROWS.find((r) => r.label === label);
  if (!def) throw new Error(`No Settings row "${label}"`);
  return def;
}

function scratch(): Settings {
  return { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules }, outreach: { ...DEFAULT_SETTINGS.outreach }, schools: [] };
}

/** A share (0.3) as the wizard shows it: "30". */
function percentNumber(share: number): string {
  return String(Math.round(share * 1000) / 10);
}

const lower = (s: string) => s.trim().toLowerCase();

/**
 * The wizard's first answers: the Settings sheet as it is (a school's email as typed, even one
 * the toolkit cannot use, so the wizard shows it to be fixed) and the schools seen on the Roster
 * that Settings does not list yet (matched by name or school ID).
 */
export function setupAnswersFrom(
  settings: Settings,
  typedSchools: readonly School[],
  rosterSchools: readonly { name: string; schoolId: string }[],
): SetupAnswers {
  const schools: SetupSchool[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const s of typedSchools) {
    if (names.has(lower(s.name))) continue;
    names.add(lower(s.name));
    if (s.schoolId) ids.add(lower(s.schoolId));
    schools.push({ ...s, fixed: true });
  }
  const fromRoster = [...rosterSchools].sort((a, b) => a.name.localeCompare(b.name));
  for (const s of fromRoster) {
    if (!s.name.trim() || names.has(lower(s.name)) || (s.schoolId && ids.has(lower(s.schoolId)))) continue;
    names.add(lower(s.name));
    if (s.schoolId) ids.add(lower(s.schoolId));
    schools.push({ name: s.name.trim(), schoolId: s.schoolId.trim(), attendanceLead: '', principal: '', officePhone: '', fixed: true });
  }
  const o = settings.outreach;
  return {
    schoolYearStart: settings.schoolYearStart,
    daysInSchoolYear: String(settings.daysInSchoolYear),
    districtGoal: percentNumber(settings.districtGoal),
    schools,
    absenceReasons: [...settings.absenceReasons],
    outreach: {
      letters: o.letters,
      drafts: o.drafts,
      followUps: o.followUps,
      perStudentFiles: o.perStudentFiles,
      superintendent: o.superintendent,
    },
  };
}

/** The answers as sent by a page: anything missing or of the wrong type becomes empty, never an error. */
export function cleanAnswers(raw: unknown): SetupAnswers {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const o = (r.outreach && typeof r.outreach === 'object' ? r.outreach : {}) as Record<string, unknown>;
  const schools = Array.isArray(r.schools) ? r.schools.slice(0, MAX_SCHOOLS + 1) : [];
  const reasons = Array.isArray(r.absenceReasons)
    ? r.absenceReasons
    : typeof r.absenceReasons === 'string'
      ? r.absenceReasons.split(/\r?\n/)
      : [];
  return {
    schoolYearStart: text(r.schoolYearStart),
    daysInSchoolYear: text(r.daysInSchoolYear),
    districtGoal: text(r.districtGoal).replace(/\s*%$/, ''),
    schools: schools.map((s) => {
      const x = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
      return {
        name: text(x.name),
        schoolId: text(x.schoolId),
        attendanceLead: text(x.attendanceLead),
        principal: text(x.principal),
        officePhone: text(x.officePhone),
        fixed: x.fixed === true,
      };
    }),
    absenceReasons: reasons.map(text).filter((t) => t !== ''),
    outreach: {
      letters: o.letters === true,
      drafts: o.drafts === true,
      followUps: o.followUps === true,
      perStudentFiles: o.perStudentFiles === true,
      superintendent: text(o.superintendent),
    },
  };
}

function checkYear(a: SetupAnswers, today: string): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (a.schoolYearStart === '') {
    // A date box gives nothing for a date that does not exist (13/45/2026) as for an empty one.
    problems.push({
      field: 'schoolYearStart',
      message: 'School year start is empty or not a real date: enter the first day of school, such as 2026-08-27.',
    });
  } else {
    const s = scratch();
    const p = row(SETUP_LABELS.schoolYearStart).read(a.schoolYearStart, s);
    // Last year's start would make outreach skip students contacted last year: said here, on its screen.
    const when = p || !today ? null : staleSchoolYear(s.schoolYearStart, today);
    if (p) problems.push({ field: 'schoolYearStart', message: p });
    else if (when)
      problems.push({
        field: 'schoolYearStart',
        message: `School year start ${s.schoolYearStart} is ${when}: enter the first day of this school year.`,
      });
  }
  if (a.daysInSchoolYear === '') {
    problems.push({
      field: 'daysInSchoolYear',
      message: 'Days in school year is empty: enter the number of school days in the whole year (usually 180).',
    });
  } else {
    const p = row(SETUP_LABELS.daysInSchoolYear).read(a.daysInSchoolYear, scratch());
    if (p) problems.push({ field: 'daysInSchoolYear', message: p });
  }
  return problems;
}

function checkGoal(a: SetupAnswers): SetupProblem[] {
  const field = 'districtGoal';
  if (a.districtGoal === '') {
    return [{ field, message: 'District goal is empty: enter the chronic absence rate to stay under, such as 30 (%).' }];
  }
  const n = /^\d+(\.\d+)?$/.test(a.districtGoal) ? Number(a.districtGoal) : NaN;
  if (!(n > 0 && n < 100)) {
    return [{ field, message: `District goal must be a percentage above 0 and under 100, such as 30; it says "${a.districtGoal}".` }];
  }
  return [];
}

function checkSchools(a: SetupAnswers): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (a.schools.length > MAX_SCHOOLS) {
    problems.push({ field: 'schools', message: `The toolkit lists at most ${MAX_SCHOOLS} schools.` });
    return problems;
  }
  const seen = new Map<string, number>();
  a.schools.forEach((s, i) => {
    const at = `schools.${i}`;
    const called = s.name || `School ${i + 1}`;
    if (!s.name) {
      problems.push({
        field: `${at}.name`,
        message: `School ${i + 1} has no name: type the school's name as the export writes it, or remove the row.`,
      });
    } else if (s.name.length > MAX_NAME) {
      problems.push({ field: `${at}.name`, message: `School ${i + 1}'s name is longer than ${MAX_NAME} characters.` });
    } else if (seen.has(lower(s.name))) {
      problems.push({
        field: `${at}.name`,
        message: `${s.name} is listed twice. Remove one of the two rows.`,
      });
    } else {
      seen.set(lower(s.name), i);
    }
    if (s.attendanceLead && !isEmail(s.attendanceLead)) {
      problems.push({
        field: `${at}.attendanceLead`,
        message: `"${s.attendanceLead}" is not an email address (${called}'s attendance lead). Type one address, such as lead@district.org.`,
      });
    }
    if (s.principal && !isEmail(s.principal)) {
      problems.push({
        field: `${at}.principal`,
        message: `"${s.principal}" is not an email address (${called}'s principal). Type one address, such as principal@district.org.`,
      });
    }
    const phone = officePhoneProblem(s.officePhone);
    if (phone) problems.push({ field: `${at}.officePhone`, message: `${called}'s office phone ${phone}` });
  });
  return problems;
}

function checkReasons(a: SetupAnswers): SetupProblem[] {
  const field = 'absenceReasons';
  if (a.absenceReasons.length === 0) {
    return [{ field, message: 'Reasons for absence is empty: list at least one reason (the contact form offers them), one per line.' }];
  }
  if (a.absenceReasons.length > MAX_REASONS)
    return [{ field, message: `Reasons for absence: at most ${MAX_REASONS} reasons, one per line.` }];
  const problems: SetupProblem[] = [];
  const seen = new Set<string>();
  for (const r of a.absenceReasons) {
    if (r.length > MAX_REASON)
      problems.push({ field, message: `Reasons for absence: "${r.slice(0, 40)}..." is longer than ${MAX_REASON} characters.` });
    else if (seen.has(lower(r))) problems.push({ field, message: `Reasons for absence: "${r}" is listed twice.` });
    seen.add(lower(r));
  }
  return problems;
}

function checkOutreach(a: SetupAnswers): SetupProblem[] {
  if (a.outreach.superintendent.length > MAX_NAME) {
    return [{ field: 'outreach.superintendent', message: `Superintendent name is longer than ${MAX_NAME} characters.` }];
  }
  return [];
}

const CHECKS: Record<SetupScreen, (a: SetupAnswers, today: string) => SetupProblem[]> = {
  year: checkYear,
  goal: checkGoal,
  schools: checkSchools,
  reasons: checkReasons,
  outreach: checkOutreach,
};

/** The problems on one screen (empty when it may move on). `today` (yyyy-mm-dd) checks the school year start is this year's. */
export function checkSetupScreen(screen: SetupScreen, answers: SetupAnswers, today = ''): SetupProblem[] {
  return CHECKS[screen](answers, today);
}

export function isSetupScreen(v: unknown): v is SetupScreen {
  return typeof v === 'string' && (SETUP_SCREENS as readonly string[]).includes(v);
}

/** Every screen checked, as Save does: the first screen with problems, or null. */
export function checkSetup(answers: SetupAnswers, today = ''): { screen: SetupScreen; problems: SetupProblem[] } | null {
  for (const screen of SETUP_SCREENS) {
    const problems = checkSetupScreen(screen, answers, today);
    if (problems.length) return { screen, problems };
  }
  return null;
}

/** The Settings the answers describe, starting from the current ones (tier bands and the rest are kept). Answers must be checked. */
export function settingsFromAnswers(current: Settings, answers: SetupAnswers): Settings {
  const next: Settings = {
    ...current,
    rules: { ...current.rules },
    outreach: { ...current.outreach },
    schools: answers.schools.map((s) => ({
      name: s.name,
      schoolId: s.schoolId,
      attendanceLead: s.attendanceLead.toLowerCase(),
      principal: s.principal.toLowerCase(),
      officePhone: s.officePhone,
    })),
    absenceReasons: [...answers.absenceReasons],
  };
  const read = (label: string, value: unknown) => {
    const problem = row(label).read(value, next);
    if (problem) throw new Error(`Unchecked set-up answer: ${label}`);
  };
  read(SETUP_LABELS.schoolYearStart, answers.schoolYearStart);
  read(SETUP_LABELS.daysInSchoolYear, answers.daysInSchoolYear);
  read(SETUP_LABELS.districtGoal, `${answers.districtGoal}%`);
  read(SETUP_LABELS.letters, answers.outreach.letters);
  read(SETUP_LABELS.drafts, answers.outreach.drafts);
  read(SETUP_LABELS.followUps, answers.outreach.followUps);
  read(SETUP_LABELS.perStudentFiles, answers.outreach.perStudentFiles);
  next.outreach.superintendent = answers.outreach.superintendent || DEFAULT_OUTREACH_OPTIONS.superintendent;
  return next;
}

/* ------------------------------------------------------------ repairing headers ---------- */

export interface HeaderRepair {
  /** Header cells to write (1-based column), nothing else. */
  writes: { col: number; value: string }[];
  /** Columns whose header was missing and is put back. */
  restored: string[];
  /** Headers typed differently ("notes") that are set to the toolkit's spelling ("Notes"). */
  respelled: string[];
}

const norm = (v: unknown) =>
  String(v ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/**
 * Put a sheet's missing column headers back without moving any data: a header typed in another
 * case or spacing is respelled in place; a missing one goes back to its usual column if that
 * header cell is blank, else after the sheet's last column (`lastColumn`, which counts data
 * without a header too), so it never lands on anything.
 */
export function headerRepair(header: readonly unknown[], columns: readonly string[], lastColumn: number): HeaderRepair {
  const out: HeaderRepair = { writes: [], restored: [], respelled: [] };
  const taken = header.map((h) => String(h ?? '').trim() !== '');
  const exact = new Set(header.map((h) => String(h ?? '').trim()));
  const missing: { name: string; at: number }[] = [];
  columns.forEach((name, at) => {
    if (exact.has(name)) return;
    const c = header.findIndex((h) => norm(h) === norm(name));
    if (c >= 0) {
      out.writes.push({ col: c + 1, value: name });
      out.respelled.push(name);
    } else missing.push({ name, at });
  });
  let next = Math.max(lastColumn, header.length);
  for (const m of missing) {
    let col: number;
    if (!taken[m.at]) {
      col = m.at + 1;
      taken[m.at] = true;
    } else {
      col = ++next;
    }
    out.writes.push({ col, value: m.name });
    out.restored.push(m.name);
  }
  return out;
}

/* ------------------------------------------------------------ minimal sheet edits ---------- */

export type EditCell = string | number | boolean | Date;

export interface SheetEditPlan {
  /** Rows to insert or delete, in this order (bottom to top, so earlier row numbers stay right). */
  rows: ({ insertBefore: number; count: number } | { deleteAt: number; count: number })[];
  /** Then these runs of cells (1-based row and first column, in the sheet after the row changes). */
  writes: { row: number; col: number; values: EditCell[] }[];
}

function sameCell(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return String(a ?? '') === String(b ?? '');
}

function sameRow(a: readonly unknown[], b: readonly unknown[]): boolean {
  const w = Math.max(a.length, b.length);
  for (let c = 0; c < w; c++) if (!sameCell(a[c], b[c])) return false;
  return true;
}

/**
 * How to turn a sheet holding `before` into `after` touching the fewest cells: rows are aligned
 * (a school added in the middle is one inserted row, so the rows below keep their notes and
 * formats), then only the cells that differ are written. An unchanged sheet gives an empty plan.
 */
export function planSheetEdit(before: readonly (readonly unknown[])[], after: readonly EditCell[][]): SheetEditPlan {
  const n = before.length;
  const m = after.length;
  // cost[i][j]: edits to turn before[i..] into after[j..]; a changed row costs 1, an inserted or deleted row 1.
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n) cost[i][j] = m - j;
      else if (j === m) cost[i][j] = n - i;
      else {
        const keep = cost[i + 1][j + 1] + (sameRow(before[i], after[j]) ? 0 : 1);
        cost[i][j] = Math.min(keep, cost[i + 1][j] + 1, cost[i][j + 1] + 1);
      }
    }
  }
  type Op = { kind: 'keep' | 'change'; i: number; j: number } | { kind: 'insert'; i: number; j: number } | { kind: 'delete'; i: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m) {
      const same = sameRow(before[i], after[j]);
      if (cost[i][j] === cost[i + 1][j + 1] + (same ? 0 : 1)) {
        ops.push({ kind: same ? 'keep' : 'change', i, j });
        i++;
        j++;
        continue;
      }
    }
    if (i < n && cost[i][j] === cost[i + 1][j] + 1) {
      ops.push({ kind: 'delete', i });
      i++;
    } else {
      ops.push({ kind: 'insert', i, j });
      j++;
    }
  }

  const plan: SheetEditPlan = { rows: [], writes: [] };
  for (let k = ops.length - 1; k >= 0; k--) {
    const op = ops[k];
    if (op.kind === 'insert' && op.i < n) {
      const last = plan.rows[plan.rows.length - 1];
      if (last && 'insertBefore' in last && last.insertBefore === op.i + 1) last.count++;
      else plan.rows.push({ insertBefore: op.i + 1, count: 1 });
    } else if (op.kind === 'delete') {
      const last = plan.rows[plan.rows.length - 1];
      if (last && 'deleteAt' in last && last.deleteAt === op.i + 2) {
        last.deleteAt--;
        last.count++;
      } else plan.rows.push({ deleteAt: op.i + 1, count: 1 });
    }
  }
  for (const op of ops) {
    if (op.kind !== 'change' && op.kind !== 'insert') continue;
    const next = after[op.j];
    const old = op.kind === 'change' ? before[op.i] : [];
    let run: { row: number; col: number; values: EditCell[] } | null = null;
    for (let c = 0; c < next.length; c++) {
      if (sameCell(old[c], next[c])) {
        run = null;
        continue;
      }
      if (!run) {
        run = { row: op.j + 1, col: c + 1, values: [] };
        plan.writes.push(run);
      }
      run.values.push(next[c]);
    }
  }
  return plan;
}

/* ------------------------------------------------------------ the checklist ---------- */

export type ReadyStatus = 'ready' | 'todo' | 'attention';

export interface ChecklistItem {
  status: ReadyStatus;
  /** "Roster", "Settings", "Schools" ... */
  title: string;
  text: string;
}

export interface LogSheetState {
  name: string;
  created: boolean;
  /** Rows below the header. */
  entries: number;
  restored: string[];
  /** Why a repair could not be made ('' when none). */
  problem: string;
  /** Empty columns deleted right of the log's content (the Outreach log of an earlier version). */
  emptyColumnsRemoved: number;
}

/** What the set-up found and did, gathered by src/gas/setup.ts after Save. */
export interface SetupState {
  /** Students on the Roster; null before the first import. */
  rosterStudents: number | null;
  settings: Settings;
  settingsProblems: SettingsProblem[];
  settingsCreated: boolean;
  settingsChanges: string[];
  templates: {
    created: boolean;
    rows: { language: string; docId: string }[];
    problems: string[];
    restored: string[];
    /** Default templates added to an existing sheet: kinds of outreach new since it was made. */
    added: TemplateId[];
    /** Rows whose document was made before the toolkit's wording gave the school's phone (lacksSchoolPhone). */
    withoutPhone: (TemplateId & { row: number })[];
  };
  partners: { created: boolean; count: number; active: number; restored: string[]; problem: string };
  logs: LogSheetState[];
}

export interface TemplateId {
  tier: TierId;
  kind: OutreachKind;
  language: string;
}

const KIND_PLURALS: Record<OutreachKind, [string, string]> = {
  'call-sheet': ['call sheet', 'call sheets'],
  'superintendent-letter': ['Superintendent letter', 'Superintendent letters'],
  'attendance-letter': ['letter of attendance', 'letters of attendance'],
  email: ['email', 'emails'],
  'follow-up': ['follow-up', 'follow-ups'],
};

/** "L5 and L6 call sheets", "L4 Superintendent letter": the kinds in `ids`, in their order, with their levels. */
function kindsInWords(ids: readonly TemplateId[], withLevels: boolean): string[] {
  const kinds = [...new Set(ids.map((t) => t.kind))];
  return kinds.map((kind) => {
    const tiers = [...new Set(ids.filter((t) => t.kind === kind).map((t) => t.tier))];
    const [one, many] = KIND_PLURALS[kind];
    return withLevels ? `${listWords(tiers)} ${tiers.length === 1 ? one : many}` : many;
  });
}

/** Sheet rows as ranges: "8, 9 and 14 to 23". */
function rowRanges(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]} to ${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return listWords(parts);
}

/** The Settings word for a kind of outreach ("Phone call sheet", "Gmail draft"). */
const settingWord = (kind: OutreachKind) => (kind === 'email' ? 'Gmail draft' : KIND_LABELS[kind]);

/** What the checklist says of templates Set up added to an older Templates sheet, and of its documents without the school's phone. */
function templateUpgradeItems(s: SetupState, add: (status: ReadyStatus, title: string, text: string) => void): void {
  const t = s.templates;
  if (t.added.length) {
    const languages = listWords([...new Set(t.added.map((a) => a.language))]);
    add('ready', 'Templates', `Added the ${listWords(kindsInWords(t.added, true))} to Templates (${languages}).`);
    // Settings from an earlier version may not ask for them: what each level gets is the team's choice.
    const unasked = [...new Set(t.added.map((a) => `${a.tier}|${a.kind}`))]
      .map((k) => k.split('|') as [TierId, OutreachKind])
      .filter(([tier, kind]) => {
        const c = s.settings.outreachByTier[tier];
        return !c || (kind === 'email' ? !c.email : !(c.letters as readonly string[]).includes(kind));
      });
    for (const kind of [...new Set(unasked.map(([, k]) => k))]) {
      const rows = unasked.filter(([, k]) => k === kind).map(([tier]) => `"${tier} ${tierRule(tier).name}: outreach"`);
      add(
        'attention',
        'Templates',
        `Outreach makes them only where Settings asks for them: add "${settingWord(kind)}" to ${listWords(rows)} on the Settings sheet if your team wants them.`,
      );
    }
  }
  if (t.withoutPhone.length) {
    const n = t.withoutPhone.length;
    add(
      'attention',
      'Templates',
      `${plural(n, 'template document')} (the ${listWords(kindsInWords(t.withoutPhone, false))}, Templates ${n === 1 ? 'row' : 'rows'} ${rowRanges(t.withoutPhone.map((w) => w.row))}) ${n === 1 ? 'was' : 'were'} made before the toolkit's wording gave families the school's phone: it now says "The number is {{School phone}}." where it asks them to call. Set up does not change your documents; add the sentence to ${n === 1 ? 'it' : 'them'} if you want it.`,
    );
  }
}

const OUTREACH_WORDS: [keyof SetupOutreach, string][] = [
  ['letters', 'letters and call sheets'],
  ['drafts', 'Gmail drafts to families (never sent)'],
  ['followUps', 'Calendar follow-ups'],
];

/** What is ready after a set-up, in the order a team would work through it. */
export function readinessChecklist(s: SetupState): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const add = (status: ReadyStatus, title: string, text: string) => items.push({ status, title, text });

  if (s.rosterStudents === null || s.rosterStudents === 0) {
    add('todo', 'Roster', 'Not imported yet - use Attendance Toolkit > Import attendance export...');
  } else {
    add('ready', 'Roster', `${plural(s.rosterStudents, 'student')} from the last import.`);
  }

  // The Office phone column added to an older Schools table is said on a line of its own.
  const phoneColumn = s.settingsChanges.includes(OFFICE_PHONE_COLUMN_ADDED);
  const changes = s.settingsChanges.filter((c) => c !== OFFICE_PHONE_COLUMN_ADDED);
  if (s.settingsCreated) add('ready', 'Settings', 'The Settings sheet was made with your answers.');
  else if (changes.length) add('ready', 'Settings', `Saved. Changed: ${someNames(changes, 6)}.`);
  else if (!phoneColumn) add('ready', 'Settings', 'Nothing needed changing.');
  if (phoneColumn) add('ready', 'Settings', 'Added the Office phone column to the Schools table.');
  for (const p of s.settingsProblems.slice(0, 5)) {
    add('attention', 'Settings', settingsWarning(p));
  }
  if (s.settingsProblems.length > 5)
    add('attention', 'Settings', `${plural(s.settingsProblems.length - 5, 'more value')} to fix on the Settings sheet.`);

  const schools = s.settings.schools;
  if (schools.length === 0) {
    add('todo', 'Schools', 'None listed yet: the first import adds the schools on the Roster, or add them in Set up...');
  } else {
    add('ready', 'Schools', `${plural(schools.length, 'school')} in Settings.`);
    const noLead = schools.filter((x) => !x.attendanceLead).map((x) => x.name);
    const noPrincipal = schools.filter((x) => !x.principal).map((x) => x.name);
    const noPhone = schools.filter((x) => !x.officePhone).map((x) => x.name);
    if (noLead.length) {
      add(
        'attention',
        'Schools',
        `${plural(noLead.length, 'school has', 'schools have')} no attendance lead (${someNames(noLead)}): their Calendar follow-ups go to whoever prepares outreach.`,
      );
    }
    if (noPrincipal.length) {
      add(
        'attention',
        'Schools',
        `${plural(noPrincipal.length, 'school has', 'schools have')} no principal email (${someNames(noPrincipal)}): the bi-weekly report leaves ${noPrincipal.length === 1 ? 'it' : 'them'} out.`,
      );
    }
    if (noPhone.length) {
      // Letters and emails leave out the sentence with {{School phone}}: the family gets no number to call.
      add(
        'attention',
        'Schools',
        `${plural(noPhone.length, 'school has', 'schools have')} no office phone (${someNames(noPhone)}): letters and emails to ${noPhone.length === 1 ? 'its' : 'their'} families give no number to call.`,
      );
    }
  }

  const t = s.templates;
  const languages = [...new Set(t.rows.map((r) => r.language))];
  const withDoc = t.rows.filter((r) => r.docId).length;
  if (t.rows.length) {
    const docs =
      withDoc === t.rows.length ? '' : ` (${plural(t.rows.length - withDoc, 'row')} without a document use the toolkit's own wording)`;
    const where = t.created ? ', as Google Docs in your Drive folder "Attendance Toolkit/Templates"' : '';
    add('ready', 'Templates', `${t.rows.length} ${t.created ? 'made' : 'ready'} in ${listWords(languages)}${where}${docs}.`);
  } else {
    add('attention', 'Templates', "The Templates sheet lists no template: outreach uses the toolkit's own wording.");
  }
  if (t.restored.length) add('ready', 'Templates', `Column header${t.restored.length > 1 ? 's' : ''} put back: ${listWords(t.restored)}.`);
  templateUpgradeItems(s, add);
  for (const p of t.problems.slice(0, 5)) add('attention', 'Templates', p);

  const pa = s.partners;
  if (pa.created) add('ready', 'Partners', `${plural(pa.count, 'partner')} from the toolkit's list, ready for referrals.`);
  else add(pa.active ? 'ready' : 'attention', 'Partners', `${plural(pa.count, 'partner')}, ${pa.active.toLocaleString('en-US')} active.`);
  if (pa.restored.length)
    add('ready', 'Partners', `Column header${pa.restored.length > 1 ? 's' : ''} put back: ${listWords(pa.restored)}.`);
  if (pa.problem) add('attention', 'Partners', pa.problem);

  const made = s.logs.filter((l) => l.created).map((l) => l.name);
  const entries = s.logs.reduce((n, l) => n + l.entries, 0);
  const all = listWords(s.logs.map((l) => l.name));
  const kept = entries ? ` ${plural(entries, 'entry', 'entries')} kept as ${entries === 1 ? 'it was' : 'they were'}.` : '';
  const madeText = made.length === s.logs.length ? `${all} made.` : `${all} ready.${made.length ? ` Made now: ${listWords(made)}.` : ''}`;
  add('ready', 'Log sheets', `${madeText}${kept}`);
  for (const l of s.logs) {
    if (l.restored.length) add('ready', l.name, `Column header${l.restored.length > 1 ? 's' : ''} put back: ${listWords(l.restored)}.`);
    if (l.emptyColumnsRemoved) add('ready', l.name, `Removed ${plural(l.emptyColumnsRemoved, 'empty column')} from the ${l.name}.`);
    if (l.problem) add('attention', l.name, l.problem);
  }

  const on = OUTREACH_WORDS.filter(([k]) => s.settings.outreach[k as 'letters' | 'drafts' | 'followUps']).map(([, w]) => w);
  if (on.length === 0) add('attention', 'Outreach', 'Off: Prepare outreach makes nothing until one kind is turned on in Set up...');
  else add('ready', 'Outreach', `Prepare outreach makes ${listWords(on)}.`);

  return items;
}

/** The log sheets the set-up makes or repairs, in the order they are listed. */
export const SETUP_LOGS = (Object.keys(LOGS) as (keyof typeof LOGS)[]).map((k) => ({
  log: k,
  sheet: LOGS[k].sheet,
  columns: LOGS[k].columns,
}));
