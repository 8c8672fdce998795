/**
 * Attendance Toolkit > Open student panel: the sidebar where the team documents its work.
 *
 * Reading: a constant number of reads whatever the number of students or entries, never a call
 * per row: from the Roster its header, its Student ID column and the student's row; Settings,
 * Partners and each of the five logs in one getValues each; for a student in L2-L6, the Imports
 * sheet and their one History row, to count the work since they reached their level as the report
 * does (src/gas/level-start.ts). A student not on the Roster with an open referral (they left the
 * district) is shown from the logs already read; the search reads the Referrals log once to find them.
 * Every value sent to the page is plain data; timestamps are ISO strings (google.script.run
 * cannot carry a Date).
 *
 * Writing: the server checks every field again (the page's checks are only a convenience),
 * then, holding the document lock, appends the whole entry in one write and flushes before
 * letting go. Two people saving at the same instant both land, one after the other. Nothing is
 * logged about the student: errors go to the execution log as a code and function names only.
 */
import { dayText } from '../core/dates';
import { rosterRowReader } from '../core/roster';
import { checkInHolder, FollowUp, successPlanFollowUp } from '../core/follow-ups';
import {
  Checked,
  checkContact,
  checkHomeVisit,
  checkReferral,
  checkSuccessPlan,
  contactEntry,
  EntryStamp,
  FieldProblem,
  FormContext,
  FormOptions,
  formOptions,
  homeVisitEntry,
  latestByKey,
  newEntryId,
  referralEntry,
  successPlanEntry,
} from '../core/forms';
import { LogName, LogRow, LOGS } from '../core/logs';
import { buildLoggedPanel, buildPanel, hasOpenReferral, loggedStudent, logRowsFor, openReferralsOffRoster, PanelView } from '../core/panel';
import { findSave, readSaves, SavedKey, saveKeyOf, withSave } from '../core/save-once';
import { Searchable, SearchHit, SearchResult, searchStudents } from '../core/search';
import { SHEETS } from '../core/sheet-names';
import { Settings, settingsWarning } from '../core/settings';
import { LoggedStudent, Student } from '../core/student';
import { scheduleFollowUp } from './follow-ups';
import { historyTierSince } from './level-start';
import { appendEntry, readLogValues, readSheet } from './log-sheets';
import { createPartnersSheet, loadPartners } from './partners-sheet';
import { loadSettings } from './settings-sheet';
import { currentUser } from './session';
import { Cell } from './sheet-io';
import { offsetsByDay, todayIn } from './zone';
import { describeForUser, forDialog, fromMenu, Outcome, UserError, withDocumentLock } from './user-errors';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** How long a save waits for someone else's save to finish before giving up. */
const SAVE_WAIT_MS = 10000;

function spreadsheet(): Spreadsheet {
  return SpreadsheetApp.getActiveSpreadsheet();
}

/** Today in the spreadsheet's time zone, yyyy-mm-dd. */
function attendanceLeads(settings: Settings): string[] {
  return [...new Set(settings.schools.map((s) => s.attendanceLead).filter(Boolean))];
}

interface Logs {
  contacts: Cell[][];
  homeVisits: Cell[][];
  referrals: Cell[][];
  successPlans: Cell[][];
  outreach: Cell[][];
}

function readLogs(ss: Spreadsheet): Logs {
  return {
    contacts: readLogValues(ss, LOGS.contacts.sheet),
    homeVisits: readLogValues(ss, LOGS.homeVisits.sheet),
    referrals: readLogValues(ss, LOGS.referrals.sheet),
    successPlans: readLogValues(ss, LOGS.successPlans.sheet),
    outreach: readLogValues(ss, LOGS.outreach.sheet),
  };
}

/** A student on the Roster, and their row's index below the header (0 for the first student). */
interface OnRoster {
  student: Student;
  index: number;
}

function panelFor(ss: Spreadsheet, on: OnRoster, logs: Logs, today: string, settings: Settings): PanelView {
  const { student } = on;
  return buildPanel(
    student,
    logsOf(logs, student.id),
    today,
    // Each entry's day in the spreadsheet's zone, as the team's calendar has it (not UTC's); the
    // checklist counts the work since the student reached their level, as the report does.
    { start: settings.schoolYearStart, offsetAt: offsetsByDay(ss), tierSince: historyTierSince(ss, student, on.index) },
  );
}

function logsOf(logs: Logs, studentId: string) {
  const rows = (values: Cell[][]) => logRowsFor(values, studentId);
  return {
    contacts: rows(logs.contacts),
    homeVisits: rows(logs.homeVisits),
    referrals: rows(logs.referrals),
    successPlans: rows(logs.successPlans),
    outreach: rows(logs.outreach),
  };
}

/**
 * A student not on the Roster (they left the district) with an open referral on the Referrals
 * log, from the logs already read: found so the team can record the partner's news and close it.
 */
function loggedWithOpenReferral(logs: Logs, studentId: string): LoggedStudent | null {
  const id = String(studentId ?? '').trim();
  if (!id) return null;
  const referrals = logRowsFor(logs.referrals, id);
  return hasOpenReferral(referrals) ? loggedStudent(id, referrals) : null;
}

/** The panel of a student not on the Roster: what the logs know (no History or Settings read). */
function loggedPanel(student: LoggedStudent, logs: Logs, today: string): PanelView {
  return buildLoggedPanel(student, logsOf(logs, student.id), today);
}

/**
 * One student from the Roster in three reads whatever its size: the header, the Student ID column
 * and that student's row (a district roster is 17,000 rows by 22 columns; reading it all to show
 * one student would cost seconds).
 */
function rosterStudent(ss: Spreadsheet, studentId: string): OnRoster | null {
  const id = String(studentId ?? '').trim();
  const sheet = ss.getSheetByName(SHEETS.roster);
  if (!id || !sheet) return null;
  const lastRow = sheet.getLastRow();
  const lastCol = sheet.getLastColumn();
  if (lastRow < 2 || lastCol < 1) return null;
  const header = sheet.getRange(1, 1, 1, lastCol).getValues()[0];
  const idCol = header.map((h) => String(h).trim()).indexOf('Student ID');
  if (idCol < 0) return null;
  const ids = sheet.getRange(2, idCol + 1, lastRow - 1, 1).getValues();
  const at = ids.findIndex((r) => r[0] !== null && r[0] !== undefined && String(r[0]).trim() === id);
  if (at < 0) return null;
  const student = rosterRowReader(header)(sheet.getRange(at + 2, 1, 1, lastCol).getValues()[0]);
  return student ? { student, index: at } : null;
}

/** The student on one Roster row (header and that row: two reads). */
function rosterStudentAt(sheet: GoogleAppsScript.Spreadsheet.Sheet, row: number): OnRoster | null {
  const lastCol = sheet.getLastColumn();
  if (row < 2 || row > sheet.getLastRow() || lastCol < 1) return null;
  const header = sheet.getRange(1, 1, 1, lastCol).getValues()[0];
  const student = rosterRowReader(header)(sheet.getRange(row, 1, 1, lastCol).getValues()[0]);
  return student ? { student, index: row - 2 } : null;
}

function notOnRoster(id: string): UserError {
  return new UserError(
    `There is no student with ID "${id}" on the Roster. Search for the student again (the roster may have been re-imported).`,
  );
}

/**
 * The panel for one student: the Roster, Settings and the five logs, one read each. A student not
 * on the Roster who has an open referral on the log gets the logs' panel; anyone else, null.
 */
function openStudent(ss: Spreadsheet, id: string, today: string, settings: () => Settings): PanelView | null {
  const student = rosterStudent(ss, id);
  const logs = readLogs(ss);
  if (student) return panelFor(ss, student, logs, today, settings());
  const logged = loggedWithOpenReferral(logs, id);
  return logged ? loggedPanel(logged, logs, today) : null;
}

/** The panel for one student, on the Roster or, with an open referral, on the Referrals log only. */
export function studentPanel(studentId: string): Outcome<PanelView> {
  return forDialog('opening the student', () => {
    const ss = spreadsheet();
    const id = String(studentId ?? '');
    const panel = openStudent(ss, id, todayIn(ss), () => loadSettings(ss).settings);
    if (!panel) throw notOnRoster(id);
    return panel;
  });
}

/** The Roster student on the selected row, if the selection is on the Roster below its header. */
function selectedStudent(ss: Spreadsheet): OnRoster | null {
  const range = ss.getActiveRange();
  if (!range) return null;
  const sheet = range.getSheet();
  if (sheet.getName() !== SHEETS.roster) return null;
  return rosterStudentAt(sheet, range.getRow());
}

export interface PanelStart {
  user: string;
  timeZone: string;
  today: string;
  options: FormOptions;
  panel: PanelView | null;
  /** Why no student is shown (nothing selected, ID not found ...), or ''. */
  notice: string;
  /** Values on the Settings sheet the toolkit cannot use, each naming its cell (the toolkit's value is used meanwhile). */
  settingsWarnings: string[];
  /** What on the Partners sheet cannot be read (a missing header, an Active that is neither Yes nor No), and what the toolkit does meanwhile. */
  partnersWarnings: string[];
}

const EMPTY_ROSTER = 'The Roster is empty. Import an attendance export first (Attendance Toolkit > Import attendance export).';

/** What the sidebar needs when it opens: the forms' choices and, if a student is given or selected, their panel. */
export function panelStart(initialId?: string): Outcome<PanelStart> {
  return forDialog('opening the student panel', () => {
    const ss = spreadsheet();
    const { settings, problems } = loadSettings(ss);
    const today = todayIn(ss);
    const user = currentUser();
    const partners = loadPartners(ss);
    const options = formOptions(today, settings.absenceReasons, partners.partners, user);
    const id = String(initialId ?? '').trim();
    let panel: PanelView | null = null;
    let notice = '';
    if (id) {
      panel = openStudent(ss, id, today, () => settings);
      if (!panel) notice = notOnRoster(id).message;
    } else {
      // Said on opening, not after a first search finds nothing.
      const roster = ss.getSheetByName(SHEETS.roster);
      if (!roster || roster.getLastRow() < 2) notice = EMPTY_ROSTER;
    }
    const settingsWarnings = problems.map(settingsWarning);
    return {
      user,
      timeZone: ss.getSpreadsheetTimeZone(),
      today,
      options,
      panel,
      notice,
      settingsWarnings,
      partnersWarnings: partners.problems,
    };
  });
}

/**
 * Refresh: the student on the selected Roster row, if a Roster row is selected (the panel follows
 * the user around the Roster); otherwise the student already shown, read again.
 */
export function panelRefresh(currentId?: string): Outcome<PanelView> {
  return forDialog('refreshing the student panel', () => {
    const ss = spreadsheet();
    const id = String(currentId ?? '').trim();
    const selected = selectedStudent(ss);
    if (selected) return panelFor(ss, selected, readLogs(ss), todayIn(ss), loadSettings(ss).settings);
    if (!id) throw new UserError('Select a student\u2019s row on the Roster sheet, then press Refresh.');
    const panel = openStudent(ss, id, todayIn(ss), () => loadSettings(ss).settings);
    if (!panel) throw notOnRoster(id);
    return panel;
  });
}

/**
 * Search the Roster by name or ID (accents and case ignored), and the students not on it who have
 * an open referral on the Referrals log (one read more): the best matches and how many more there are.
 */
export function findStudents(query: string): Outcome<SearchResult> {
  return forDialog('searching', () => {
    const ss = spreadsheet();
    const roster = readSheet(ss, SHEETS.roster);
    if (roster.length < 2) throw new UserError(EMPTY_ROSTER);
    const header = roster[0].map((h) => String(h).trim());
    const col = (h: string) => header.indexOf(h);
    const [idCol, nameCol, schoolCol, gradeCol, tierCol] = ['Student ID', 'Student name', 'School', 'Grade', 'Tier'].map(col);
    const text = (row: Cell[], c: number) => (c >= 0 && row[c] !== null && row[c] !== undefined ? String(row[c]) : '');
    const people: Searchable[] = [];
    for (let r = 1; r < roster.length; r++) {
      const row = roster[r];
      const id = text(row, idCol).trim();
      if (!id) continue;
      const tier = text(row, tierCol).trim();
      people.push({
        id,
        name: text(row, nameCol),
        school: text(row, schoolCol),
        grade: text(row, gradeCol),
        tier: (/^L[1-6]$/.test(tier) ? tier : '') as SearchHit['tier'],
      });
    }
    const onRoster = new Set(people.map((p) => p.id.trim()));
    people.push(...openReferralsOffRoster(readLogValues(ss, LOGS.referrals.sheet), (id) => onRoster.has(id)));
    return searchStudents(people, String(query ?? ''));
  });
}

/** Menu: open the sidebar (on the selected Roster row's student, if any). */
export function showStudentPanel(): void {
  fromMenu('opening the student panel', () => {
    const ss = spreadsheet();
    if (!ss.getSheetByName(SHEETS.partners)) {
      try {
        withDocumentLock('setting up the Partners sheet', () => createPartnersSheet(ss), 5000);
      } catch {
        // Someone who cannot add sheets still gets the toolkit's partner list from the seed.
      }
    }
    let initialId = '';
    const range = ss.getActiveRange();
    if (range && range.getSheet().getName() === SHEETS.roster && range.getRow() > 1) {
      const sheet = range.getSheet();
      const header = sheet
        .getRange(1, 1, 1, Math.max(1, sheet.getLastColumn()))
        .getValues()[0]
        .map((h) => String(h).trim());
      const idCol = header.indexOf('Student ID');
      if (idCol >= 0) initialId = String(sheet.getRange(range.getRow(), idCol + 1).getValue()).trim();
    }
    const template = HtmlService.createTemplateFromFile('StudentPanel');
    // Printed with <?= ?> inside a script: Apps Script writes it as an escaped JavaScript string.
    template.initialId = initialId;
    SpreadsheetApp.getUi().showSidebar(template.evaluate().setTitle('Student panel'));
  });
}

/* ------------------------------------------------------------------ saving ---------- */

export interface SaveResult {
  /** The student's panel after the save, so the history shows the new entry (null if it could not be read). */
  panel: PanelView | null;
  /** ISO time of the entry. */
  savedAt: string;
  /** The referral or plan the entry belongs to ('' for contacts and home visits). */
  entryId: string;
  followUp: FollowUp | null;
}

export type SaveOutcome = Outcome<SaveResult> & { problems?: FieldProblem[] };

interface SaveSpec<F> {
  doing: string;
  what: string;
  log: LogName;
  check: (raw: unknown, ctx: FormContext) => Checked<F>;
  /** Which logs of the student the check needs (referral and plan updates). */
  needs?: 'referrals' | 'successPlans';
  entry: (form: F, stamp: EntryStamp) => { row: LogRow; entryId: string };
  followUp?: (form: F, entryId: string, student: Student, ctx: FormContext) => FollowUp | null;
}

/** The user property holding this person's recent saves in this spreadsheet (src/core/save-once.ts). */
function savesProperty(ss: Spreadsheet): string {
  return `attendanceToolkit.panelSaves.${ss.getId()}`;
}

function recentSaves(ss: Spreadsheet): SavedKey[] {
  return readSaves(PropertiesService.getUserProperties().getProperty(savesProperty(ss)));
}

function rememberSave(ss: Spreadsheet, saved: SavedKey): void {
  PropertiesService.getUserProperties().setProperty(
    savesProperty(ss),
    JSON.stringify(withSave(recentSaves(ss), saved, Date.parse(saved.at))),
  );
}

/** The answer to a save sent again after its first answer was lost: the entry is there once. */
function alreadySaved(ss: Spreadsheet, what: string, saved: SavedKey, student: OnRoster | null, logged: LoggedStudent | null): SaveOutcome {
  const time = Utilities.formatDate(new Date(saved.at), ss.getSpreadsheetTimeZone(), 'h:mm a');
  let panel: PanelView | null = null;
  try {
    if (student) panel = panelFor(ss, student, readLogs(ss), todayIn(ss), loadSettings(ss).settings);
    else if (logged) panel = loggedPanel(logged, readLogs(ss), todayIn(ss));
  } catch {
    // The entry is saved; the panel shows it on the next Refresh.
  }
  return {
    ok: true,
    message: `Saved. This ${what} was already saved at ${time}, when the answer did not reach the panel; it is logged once.`,
    result: { panel, savedAt: saved.at, entryId: saved.entryId, followUp: null },
  };
}

function problemsMessage(what: string, problems: FieldProblem[]): string {
  const n = problems.length;
  return `Not saved: ${n === 1 ? 'one thing needs' : `${n} things need`} fixing in the ${what} form. ${problems.map((p) => p.message).join(' ')}`;
}

function save<F extends { studentId: string }>(spec: SaveSpec<F>, raw: unknown): SaveOutcome {
  try {
    const ss = spreadsheet();
    const rawId = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).studentId : '';
    const onRoster = typeof rawId === 'string' ? rosterStudent(ss, rawId) : null;
    const student = onRoster?.student ?? null;
    // Not on the Roster: a student who left, as the Referrals log knows them (one read more), for
    // an update of a referral left open; any other form is refused for them.
    const loggedId = !onRoster && typeof rawId === 'string' ? rawId.trim() : '';
    const logged = loggedId ? loggedStudent(loggedId, logRowsFor(readLogValues(ss, LOGS.referrals.sheet), loggedId)) : null;
    const subject = student ?? logged;
    // Checked before the form: a referral update that closed the referral is not refused as closed when sent again.
    const key = saveKeyOf(raw);
    const earlier = key ? findSave(recentSaves(ss), key) : null;
    if (earlier) return alreadySaved(ss, spec.what, earlier, onRoster, logged);
    const { settings } = loadSettings(ss);
    const today = todayIn(ss);
    const own = (log: LogName) => (subject ? logRowsFor(readLogValues(ss, LOGS[log].sheet), subject.id) : []);
    const ctx: FormContext = {
      today,
      student,
      logged,
      reasons: settings.absenceReasons,
      partners: spec.log === 'referrals' ? loadPartners(ss).partners : [],
      referrals: spec.needs === 'referrals' ? own('referrals') : [],
      plans: spec.needs === 'successPlans' ? own('successPlans') : [],
    };
    const checked = spec.check(raw, ctx);
    if (!checked.ok) return { ok: false, message: problemsMessage(spec.what, checked.problems), problems: checked.problems };
    let form = checked.value;
    const who = currentUser();
    const leads = attendanceLeads(settings);
    let saved = { entryId: '', at: '' };
    let late: FieldProblem[] | null = null;
    let twice: SavedKey | null = null;
    withDocumentLock(
      spec.doing,
      () => {
        // The first send may have landed while this one waited for the lock.
        twice = key ? findSave(recentSaves(ss), key) : null;
        if (twice) return;
        if (spec.needs) {
          // A referral or plan update is checked again under the lock: someone may have closed
          // that referral since the form was checked, and a closed one must stay closed.
          const recheck = spec.check(raw, {
            ...ctx,
            referrals: spec.needs === 'referrals' ? own('referrals') : [],
            plans: spec.needs === 'successPlans' ? own('successPlans') : [],
          });
          if (!recheck.ok) {
            late = recheck.problems;
            return;
          }
          form = recheck.value;
        }
        // The time is taken under the lock, so entries are in time order down the sheet.
        const stamp: EntryStamp = { timestamp: new Date(), enteredBy: who, student: subject! };
        const { row, entryId } = spec.entry(form, stamp);
        appendEntry(ss, spec.log, row, leads);
        saved = { entryId, at: stamp.timestamp.toISOString() };
        try {
          if (key) rememberSave(ss, { key, at: saved.at, entryId });
        } catch {
          // The entry is written: not remembering its key must not turn "Saved" into an error.
        }
      },
      SAVE_WAIT_MS,
      `Someone else is saving in this spreadsheet right now, so your ${spec.what} was not saved yet. Your text is still in the form: press Save again in a moment.`,
    );
    if (twice) return alreadySaved(ss, spec.what, twice, onRoster, logged);
    if (late) return { ok: false, message: problemsMessage(spec.what, late), problems: late };
    // The entry is written: whatever happens next, the answer is "Saved", or the user would
    // save it a second time.
    let followUp: FollowUp | null = null;
    let scheduled = '';
    let panel: PanelView | null = null;
    try {
      followUp = spec.followUp ? spec.followUp(form, saved.entryId, student!, ctx) : null;
      scheduled = scheduleFollowUp(followUp).message;
      panel = onRoster ? panelFor(ss, onRoster, readLogs(ss), today, settings) : loggedPanel(logged!, readLogs(ss), today);
    } catch (e) {
      scheduled =
        `${scheduled} The panel could not show it yet (${describeForUser(e, 'refreshing the panel')}) Reopen the panel to see it.`.trim();
    }
    return {
      ok: true,
      message: ['Saved.', scheduled].filter(Boolean).join(' '),
      result: { panel, savedAt: saved.at, entryId: saved.entryId, followUp },
    };
  } catch (e) {
    return { ok: false, message: describeForUser(e, `saving the ${spec.what}`) };
  }
}

const newId = (prefix: 'R' | 'P', stamp: EntryStamp) => newEntryId(prefix, stamp.timestamp.getTime(), Math.random);

/** Save a Contact (method, outcome, reason for absence, notes). */
export function saveContact(form: unknown): SaveOutcome {
  return save(
    {
      doing: 'saving the contact',
      what: 'contact',
      log: 'contacts',
      check: checkContact,
      entry: (f, s) => ({ row: contactEntry(f, s), entryId: '' }),
    },
    form,
  );
}

/** Save a Home visit with the toolkit's six fields. */
export function saveHomeVisit(form: unknown): SaveOutcome {
  return save(
    {
      doing: 'saving the home visit',
      what: 'home visit',
      log: 'homeVisits',
      check: checkHomeVisit,
      entry: (f, s) => ({ row: homeVisitEntry(f, s), entryId: '' }),
    },
    form,
  );
}

/** Save a new Referral, or a status update of one (a new row with the same Referral ID). */
export function saveReferral(form: unknown): SaveOutcome {
  return save(
    {
      doing: 'saving the referral',
      what: 'referral',
      log: 'referrals',
      check: checkReferral,
      needs: 'referrals',
      entry: (f, s) => {
        const entryId = f.referralId || newId('R', s);
        return { row: referralEntry(f, entryId, s), entryId };
      },
    },
    form,
  );
}

/** Save a Success plan, or an update of one (a new dated row with the same Plan ID). */
export function saveSuccessPlan(form: unknown): SaveOutcome {
  return save(
    {
      doing: 'saving the success plan',
      what: 'success plan',
      log: 'successPlans',
      check: checkSuccessPlan,
      needs: 'successPlans',
      entry: (f, s) => {
        const entryId = f.planId || newId('P', s);
        return { row: successPlanEntry(f, entryId, s), entryId };
      },
      // A plan update that moves its check-in takes the earlier day's event off the calendar.
      followUp: (f, planId, student, ctx) => {
        const before = latestByKey(ctx.plans, 'Plan ID').find((p) => String(p['Plan ID'] ?? '').trim() === planId);
        // Calendar event IDs are unique per calendar only: a check-in another staff member's save
        // put on their calendar is left there, or the mentor would be invited twice.
        const rows = ctx.plans.filter((p) => String(p['Plan ID'] ?? '').trim() === planId);
        const earlier = before ? dayText(before['Next check-in']) : '';
        const me = currentUser().toLowerCase();
        const other = (holder: string) => (holder.toLowerCase() === me ? '' : holder);
        return successPlanFollowUp(f, planId, student, earlier, ctx.today, {
          now: other(checkInHolder(rows, f.nextCheckIn)),
          earlier: other(checkInHolder(rows, earlier)),
        });
      },
    },
    form,
  );
}
