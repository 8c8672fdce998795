/**
 * Every error a user sees is a sentence a clerk understands, with what to do next. The technical
 * detail goes to the execution log, without student data: only the error's type and the stack's
 * function names, never its message (messages can quote a student's name or ID).
 */

/** An error meant for the user: its message is already plain language. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export interface Outcome<T> {
  ok: boolean;
  message: string;
  result?: T;
}

/** Problems the core reports in plain language (bad file, bad settings) are shown as they are. */
function isPlain(e: unknown): e is Error {
  const name = (e as Error)?.name;
  return name === 'UserError' || name === 'FileProblem';
}

function stackFrames(e: unknown): string {
  const stack = String((e as Error)?.stack ?? '');
  return stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at '))
    .slice(0, 6)
    .join(' | ');
}

/** The message for the user, after logging what a developer needs. */
export function describeForUser(e: unknown, doing: string): string {
  if (isPlain(e)) return (e as Error).message;
  const message = String((e as Error)?.message ?? e);
  // Six letters and digits the user can read out; the same code starts the log line.
  const code = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')
    .toUpperCase();
  console.error(`[${code}] ${doing} failed: ${(e as Error)?.name ?? 'Error'} ${stackFrames(e)}`);
  if (/too many times for one day/i.test(message)) {
    return `Google's daily limit was reached while ${doing}. What was made before it is kept; try again tomorrow.`;
  }
  if (/protected cell or object/i.test(message)) {
    return `A protected sheet stopped the toolkit while ${doing}. Ask the spreadsheet owner to give you edit access to that sheet, then try again.`;
  }
  if (/Lock timeout|lock/i.test(message) && /timeout/i.test(message)) {
    return `Someone else is working in the toolkit right now. Wait a minute and try again.`;
  }
  return `Something went wrong while ${doing}. Nothing was lost. Try again; if it happens again, give your toolkit administrator this code: ${code}.`;
}

/** Run work for a dialog (google.script.run): errors come back as a plain message, never thrown. */
export function forDialog<T>(doing: string, work: () => T): Outcome<T> {
  try {
    return { ok: true, message: '', result: work() };
  } catch (e) {
    return { ok: false, message: describeForUser(e, doing) };
  }
}

/** Run work from a menu: errors are shown in an alert. */
export function fromMenu(doing: string, work: () => void): void {
  try {
    work();
  } catch (e) {
    SpreadsheetApp.getUi().alert('Attendance Toolkit', describeForUser(e, doing), SpreadsheetApp.getUi().ButtonSet.OK);
  }
}

/**
 * Hold the spreadsheet's lock while working, so two people (or a person and a trigger) never
 * write the same sheets at once. Pending writes are flushed before the lock is released.
 * `busyMessage` replaces the default words when the lock stays busy for `waitMs`.
 */
export function withDocumentLock<T>(what: string, work: () => T, waitMs = 20000, busyMessage?: string): T {
  const lock = LockService.getDocumentLock();
  if (!lock || !lock.tryLock(waitMs)) {
    throw new UserError(
      busyMessage ??
        `Another job is already running in this spreadsheet, so ${what} did not start. Wait for it to finish (a minute or two) and try again.`,
    );
  }
  try {
    return work();
  } finally {
    SpreadsheetApp.flush();
    lock.releaseLock();
  }
}
