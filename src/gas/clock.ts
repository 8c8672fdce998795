/**
 * One toolkit clock: the only time-based trigger the add-on keeps in a spreadsheet.
 *
 * Google allows an Editor add-on one trigger of each type per user per document. The "Triggers
 * for Editor add-ons" page (developers.google.com/workspace/add-ons/concepts/editor-triggers,
 * "Installable triggers in add-ons", Restrictions) says: "Each add-on can only have one trigger of
 * each type, per user, per document. For example, in a given spreadsheet, a given user can only
 * have one edit trigger, although the user could also have a form-submit trigger or a time-driven
 * trigger in the same spreadsheet." and "Time-driven triggers cannot run more frequently than once
 * per hour." A second time-based trigger fails with "This add-on has created too many time-based
 * triggers in this document for this Google user account."
 *
 * So no feature makes its own trigger. A feature arms a named duty with a due time; the duties
 * live in one small document property (under a hundred bytes each, far under the 9 KB per value).
 * One recurring hourly trigger (`toolkitClock`) exists exactly while some duty is armed, and each
 * tick runs the duties that are due. Features register their handler when the bundle loads
 * (registerDuty), so this module imports none of them.
 *
 * Triggers are per user: a duty belongs to the person who armed it (a report drafted in their
 * Gmail, as the trigger of older versions did), and runs from that person's clock. Two people who
 * each arm a duty each have a clock trigger, which the rule allows.
 *
 * - Each tick runs every due duty once, oldest first. While a duty runs it stays armed an hour
 *   later, so an execution cut off at 6 minutes never loses it. A handler may re-arm itself; if it
 *   returns without doing so it is disarmed; if it throws, the error is logged without student
 *   data and the duty is tried again an hour later (one failure never stops the others or the
 *   clock). Then the trigger set is put in step.
 * - armDuty / disarmDuty change the record only and are called under the document lock (by the
 *   duty handlers and the dialogs). updateClock, under the lock too, also puts the trigger set in
 *   step: exactly one clock trigger while a duty is armed, none otherwise; the time-based triggers
 *   of older versions (outreachResume, runScheduledReport) are removed and their duty armed
 *   instead. User actions that arm or disarm call it.
 * - Calls are constant: a lock, a property read and write per duty, one trigger listing per tick.
 * - No UI here: it runs from a trigger.
 */
import { describeForUser, withDocumentLock } from './user-errors';

export const CLOCK_HANDLER = 'toolkitClock';
export const CLOCK_KEY = 'toolkit.clock';
const HOUR = 60 * 60 * 1000;
/** A duty due within this margin runs at this tick (a recurring trigger's time drifts a little). */
export const SLACK_MS = 5 * 60 * 1000;
/** No further duty starts after this much of a tick (an execution stops at 6 minutes). */
const TICK_BUDGET_MS = 2 * 60 * 1000;

interface Armed {
  /** When it is due (ms). */
  due: number;
  /** Who armed it (their email): it runs from their clock trigger. */
  by?: string;
  /** When it was first due, kept while failures retry it (a schedule counts from here). */
  since: number;
  /** Set while a tick runs it: the tick's start. */
  lease?: number;
}

/** What a duty handler is told. */
export interface DutyRun {
  name: string;
  /** When it was first due (ms): the scheduled time, even when this run is a retry. */
  since: number;
  /** When the tick began (ms): work budgets and the next hourly due count from here. */
  tickStart: number;
}

interface Duty {
  run: (run: DutyRun) => void;
  /** The handler of this feature's trigger in older versions, and when its duty is due instead (null: not needed). */
  legacy?: { handler: string; adopt: () => number | null };
}

const registry = new Map<string, Duty>();

/** Called by each feature when the bundle loads. */
export function registerDuty(name: string, run: (run: DutyRun) => void, legacy?: Duty['legacy']): void {
  registry.set(name, { run, legacy });
}

/** The armed duties, as stored, read by one user (`me`). */
export class Duties {
  changed = false;
  constructor(
    readonly entries: Record<string, Armed>,
    readonly me: string,
  ) {}
  due(name: string): number | null {
    return this.entries[name]?.due ?? null;
  }
  isMine(name: string): boolean {
    const by = this.entries[name]?.by;
    return name in this.entries && (!by || by === this.me);
  }
  /** Some duty of mine is armed: my clock trigger is needed. */
  get anyMine(): boolean {
    return Object.keys(this.entries).some((name) => this.isMine(name));
  }
  arm(name: string, due: number, since = due): void {
    this.entries[name] = { due, by: this.me, since };
    this.changed = true;
  }
  disarm(name: string): void {
    if (!(name in this.entries)) return;
    delete this.entries[name];
    this.changed = true;
  }
}

/** Who a duty is recorded for: the effective user, as their clock trigger runs as them. */
export function dutyUser(): string {
  return String(Session.getEffectiveUser().getEmail() || '').toLowerCase();
}

function readDuties(): Duties {
  const raw = PropertiesService.getDocumentProperties().getProperty(CLOCK_KEY);
  let entries: Record<string, Armed> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') entries = parsed as Record<string, Armed>;
  } catch {
    // A damaged record reads as empty: the clock stops rather than fail every hour. The dialog or menu re-arms.
  }
  return new Duties(entries, dutyUser());
}

function saveDuties(duties: Duties): void {
  if (!duties.changed) return;
  const props = PropertiesService.getDocumentProperties();
  if (Object.keys(duties.entries).length > 0) props.setProperty(CLOCK_KEY, JSON.stringify(duties.entries));
  else props.deleteProperty(CLOCK_KEY);
  duties.changed = false;
}

/** When a duty is due (ms), or null when it is not armed. */
export function dutyDue(name: string): number | null {
  return readDuties().due(name);
}

/** Who armed a duty (lower-case email; '' when not recorded) and when it is due; null when it is not armed. */
export function dutyRecord(name: string): { due: number; by: string } | null {
  const entry = readDuties().entries[name];
  return entry ? { due: entry.due, by: entry.by ?? '' } : null;
}

/**
 * Arm a duty for the current user (record only; the caller holds the document lock). Returns true
 * when they had no duty armed before, so their clock trigger is to be made (call updateClock).
 */
export function armDuty(name: string, due: number): boolean {
  const duties = readDuties();
  const wasIdle = !duties.anyMine;
  duties.arm(name, due);
  saveDuties(duties);
  return wasIdle;
}

/**
 * Disarm a duty (record only; under the document lock). Returns true when it was the current
 * user's last one, so their trigger can go (call updateClock).
 */
export function disarmDuty(name: string): boolean {
  const duties = readDuties();
  if (duties.due(name) === null) return false;
  const wasMine = duties.isMine(name);
  duties.disarm(name);
  saveDuties(duties);
  return wasMine && !duties.anyMine;
}

/**
 * Under the document lock: apply `change` to the duties and put the current user's trigger set in
 * step. The time-based triggers of older versions are deleted first (their duty is armed, unless
 * it is or `change` decides otherwise), so the one clock trigger can always be made.
 */
export function updateClock(change?: (duties: Duties) => void, known?: Duties): Duties {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const triggers = userTriggers(ss);
  const duties = known ?? readDuties();
  for (const t of triggers) {
    const handler = t.getHandlerFunction();
    for (const [name, duty] of registry) {
      if (duty.legacy?.handler !== handler) continue;
      if (duties.due(name) === null) {
        const due = duty.legacy.adopt();
        if (due !== null) duties.arm(name, due);
      }
      ScriptApp.deleteTrigger(t);
    }
  }
  if (change) change(duties);
  saveDuties(duties);
  const clocks = triggers.filter((t) => t.getHandlerFunction() === CLOCK_HANDLER);
  const needed = duties.anyMine;
  for (const t of needed ? clocks.slice(1) : clocks) ScriptApp.deleteTrigger(t);
  const remembered = PropertiesService.getUserProperties();
  if (needed && clocks.length === 0) {
    const made = ScriptApp.newTrigger(CLOCK_HANDLER).timeBased().everyHours(1).create();
    remembered.setProperty(clockKey(ss), made.getUniqueId());
  } else if (!needed && clocks.length > 0) remembered.deleteProperty(clockKey(ss));
  return duties;
}

/** The user property remembering the ID of the clock trigger this user made in this spreadsheet. */
function clockKey(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string {
  return `${CLOCK_KEY}.trigger.${ss.getId()}`;
}

/**
 * This user's triggers in this spreadsheet. Google documents getUserTriggers(spreadsheet) as the
 * installable triggers "in the given spreadsheet"; whether a bound script's time-driven trigger
 * (an add-on's belongs to the document it was made in) is among them is not documented. So the
 * clock trigger made here, remembered by its ID, is also looked for among the project's triggers:
 * otherwise each update would make another one, up to the 20 a user may have.
 */
function userTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  const listed = ScriptApp.getUserTriggers(ss);
  const id = PropertiesService.getUserProperties().getProperty(clockKey(ss));
  if (!id || listed.some((t) => t.getUniqueId() === id)) return listed;
  return [...listed, ...ScriptApp.getProjectTriggers().filter((t) => t.getUniqueId() === id)];
}

/** Under the lock; null (logged) when the spreadsheet stays busy: the duties wait for the next tick. */
function locked<T>(work: () => T): T | null {
  try {
    return withDocumentLock('the toolkit clock', work);
  } catch (e) {
    if ((e as Error)?.name !== 'UserError') throw e;
    console.warn('toolkitClock: the spreadsheet is busy; the duties wait for the next tick');
    return null;
  }
}

/** Run one duty's handler; false when it threw (logged by type and stack only, never its message). */
function runDuty(run: DutyRun): boolean {
  const duty = registry.get(run.name);
  if (!duty) {
    console.warn(`toolkitClock: no handler for the duty "${run.name}"; it is dropped`);
    return true;
  }
  try {
    duty.run(run);
    return true;
  } catch (e) {
    describeForUser(e, `running the toolkit's ${run.name} duty`);
    return false;
  }
}

/** The clock's trigger: run this user's duties that are due, then keep exactly one trigger while any is armed. */
export function toolkitClock(_e?: unknown): void {
  const tickStart = Date.now();
  const ran = new Set<string>();
  let last: { run: DutyRun; ok: boolean } | null = null;
  for (;;) {
    const next = locked(() => {
      const duties = readDuties();
      if (last) {
        // Failed: again in an hour (unless someone disarmed it meanwhile). Done and not re-armed: disarmed.
        const entry = duties.entries[last.run.name];
        if (!last.ok && entry) duties.arm(last.run.name, tickStart + HOUR, last.run.since);
        else if (last.ok && entry && entry.lease === tickStart) duties.disarm(last.run.name);
      }
      let run: DutyRun | null = null;
      if (Date.now() - tickStart < TICK_BUDGET_MS) {
        const due = Object.entries(duties.entries)
          .filter(([name, a]) => duties.isMine(name) && !ran.has(name) && a.due <= Date.now() + SLACK_MS)
          .sort((a, b) => a[1].due - b[1].due)[0];
        if (due) {
          const [name, armed] = due;
          run = { name, since: armed.since, tickStart };
          // Leased: armed an hour later while it runs, in case this execution is cut off.
          duties.entries[name] = { due: tickStart + HOUR, by: duties.me, since: armed.since, lease: tickStart };
          duties.changed = true;
        }
      }
      if (run) saveDuties(duties);
      else updateClock(undefined, duties);
      return run;
    });
    if (!next) return;
    ran.add(next.name);
    last = { run: next, ok: runDuty(next) };
  }
}

/**
 * For a time-based trigger made by an older version: its duty takes over (armed due now by
 * `change`, or by the feature's adoption rule), the old trigger goes, and the clock ticks now.
 */
export function takeOverLegacyTrigger(change?: (duties: Duties) => void): void {
  if (locked(() => updateClock(change)) === null) return;
  toolkitClock();
}
