/**
 * Attendance Toolkit > Prepare outreach...
 *
 * The dialog first asks for a preview (nothing is created): how many letters by kind and school,
 * Gmail drafts and Calendar follow-ups would be made, who is skipped and why, which families get
 * English because their language has no template, and a rendered sample of each letter and email.
 * The team may narrow it to some schools and tiers. On confirm, the job starts and the dialog
 * drives it (google.script.run, one call per chunk) while the toolkit clock's "outreach" duty
 * (src/gas/clock.ts) stands by to continue it if the dialog is closed: due an hour after the last
 * chunk while the job runs, at the pause's end after a pause, disarmed when it ends.
 *
 * Every entry point takes the document lock only for moments (see outreach-job.ts): the job's
 * exclusivity is its lease, so contacts saved in the student panel and imports go through while
 * a job runs. An import changes the Roster, not the job: the job makes what its plan (written
 * when the user confirmed) says, and the roster's links are rebuilt by student ID.
 */
import { eventDescriptionLines, eventTitle, followUpStudent } from '../core/outreach/follow-up';
import { fieldKey, mergeText, placeholderSpans, unknownPlaceholders } from '../core/outreach/merge';
import {
  FIELD_NAMES,
  higherLevelNote,
  languageNote,
  OutreachFilters,
  outsideOwnersNote,
  Plan,
  planOutreach,
  PreviewCounts,
} from '../core/outreach/plan';
import { accountKind, JobSize, jobSize, paceNote } from '../core/outreach/pace';
import { DEFAULT_TEMPLATES, templateSheetValues } from '../core/outreach/templates';
import { KIND_LABELS, LETTER_KINDS, OUTREACH, TIER_IDS, TierId } from '../core/rules';
import { armDuty, disarmDuty, DutyRun, registerDuty, SLACK_MS, takeOverLegacyTrigger, updateClock } from './clock';
import { lastImportId } from './import';
import { createSharedTemplateDocs, folderNamed, mergeEmail, rootFolder, Templates } from './outreach-docs';
import {
  activeJob,
  DIALOG_BUDGET_MS,
  ensureNoActiveJob,
  isOver,
  JOB_KEY,
  JobProgress,
  JobState,
  Lease,
  leasedToOther,
  loadJob,
  newLease,
  progressFor,
  progressOf,
  RESUME_HANDLER,
  saveJob,
  settleJob,
  SpreadsheetBusy,
  TRIGGER_BUDGET_MS,
  withJobLock,
  workOnJob,
} from './outreach-job';
import {
  clearPlan,
  planTable,
  readLogSheet,
  readRoster,
  readTemplates,
  startPlan,
  writeNoEmail,
  writePlanRows,
  writeTemplatesSheet,
} from './outreach-sheets';
import { currentUser } from './session';
import { loadSettings } from './settings-sheet';
import { forDialog, Outcome, UserError } from './user-errors';
import { todayIn } from './zone';

const HOUR = 60 * 60 * 1000;
export const OUTREACH_DUTY = 'outreach';
/** Plan rows written per moment under the lock (a district's plan is tens of thousands of rows). */
const PLAN_CHUNK = 5000;
/** How long the dialog waits for another execution working on the job before showing its progress. */
const BUSY_WAIT_MS = 60 * 1000;
const BUSY_POLL_MS = 5 * 1000;
/**
 * How long reading the sheets for a plan waits for the document lock: longer than a district's
 * import holds it (under a minute), so a Create pressed during an import is told the export changed.
 */
const PLAN_READ_WAIT_MS = 90 * 1000;

function cleanFilters(filters: unknown): OutreachFilters {
  const f = (filters ?? {}) as { schools?: unknown; tiers?: unknown };
  const schools = Array.isArray(f.schools) ? f.schools.map(String) : null;
  const tiers = Array.isArray(f.tiers)
    ? (f.tiers.map(String).filter((t) => (TIER_IDS as readonly string[]).includes(t)) as TierId[])
    : null;
  return { schools, tiers };
}

interface Prepared {
  plan: Plan;
  templates: Templates;
  problems: string[];
  fieldNames: string[];
  today: string;
  runner: string;
  schools: { school: string; students: number }[];
  templatesExist: boolean;
  /** Settings' "Outreach: one document per student". */
  perStudent: boolean;
}

/** The sheets a plan is made from, and the import the Roster is from (its ID, '' before any). */
interface PlanInputs {
  settings: ReturnType<typeof loadSettings>['settings'];
  roster: ReturnType<typeof readRoster>;
  tpl: ReturnType<typeof readTemplates>;
  log: ReturnType<typeof readLogSheet>;
  basis: string;
}

/**
 * Read what a plan is made from, one read per sheet, under the document lock for that moment: an
 * import (or Set up) holds it while it rewrites the Roster (or Settings), so the plan never mixes
 * a half-written Roster's rows (the new export's over the old one's, the old tail not cleared yet)
 * nor a Roster with the import ID of the one before it. An import holds the lock for under a
 * minute: the read waits for it (then Create's check says the export changed). A spreadsheet that
 * stays busy longer throws SpreadsheetBusy ("Another job is already running ..."): nothing is planned.
 */
function readPlanInputs(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, check: () => void = () => {}): PlanInputs {
  return withJobLock(() => {
    check();
    return {
      settings: loadSettings(ss).settings,
      roster: readRoster(ss),
      tpl: readTemplates(ss),
      log: readLogSheet(ss),
      basis: rosterBasis(),
    };
  }, PLAN_READ_WAIT_MS);
}

/** Everything the preview and the job need (the sheets read by readPlanInputs). */
function prepare(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, filters: OutreachFilters, runner: string, inputs: PlanInputs): Prepared {
  const { settings, roster, tpl, log } = inputs;
  const today = todayIn(ss);
  const plan = planOutreach({
    students: roster.students,
    settings,
    options: settings.outreach,
    templates: tpl.rows,
    done: log.keys,
    filters,
    today,
    runner,
  });
  const problems = [...tpl.problems.map((p) => p.message), ...plan.problems];
  const templates = new Templates();
  // Besides the templates' placeholders: what follow-ups and the Phone or mail follow-up list need.
  const fieldSet = new Set<string>(['days absent', 'row link', 'to name', 'home phone']);
  const seen = new Set<string>();
  for (const it of plan.items) {
    if (it.kind === 'follow-up') continue;
    const id = `${it.templateId}|${it.tier}|${it.kind}|${it.language}`;
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      const t = templates.get(it.templateId, it.tier, it.kind, it.language);
      for (const s of placeholderSpans(t.text)) fieldSet.add(fieldKey(s.name));
      const unknown = unknownPlaceholders(t.text, FIELD_NAMES);
      if (unknown.length) {
        problems.push(
          `The ${it.tier} ${KIND_LABELS[it.kind]} template (${it.language}) uses ${unknown.map((u) => `{{${u}}}`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a roster column. Fix the template or the name.`,
        );
      }
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const bySchool = new Map<string, number>();
  for (const s of roster.students) if (s.tier && settings.outreachByTier[s.tier]) bySchool.set(s.school, (bySchool.get(s.school) ?? 0) + 1);
  return {
    plan,
    templates,
    problems,
    fieldNames: [...fieldSet].sort(),
    today,
    runner,
    schools: [...bySchool].sort((a, b) => a[0].localeCompare(b[0])).map(([school, students]) => ({ school, students })),
    templatesExist: tpl.exists,
    perStudent: settings.outreach.perStudentFiles,
  };
}

export interface Sample {
  title: string;
  language: string;
  text: string;
}

export interface OutreachPreview {
  counts: PreviewCounts;
  schools: { school: string; students: number }[];
  tiers: { tier: string; label: string }[];
  problems: string[];
  samples: Sample[];
  notes: string[];
  job: JobProgress | null;
  /** The import the preview was counted from: Create sends it back (see outreachStart). */
  basis: string;
}

/** The last import's ID ('' before any): what a preview was counted from. */
function rosterBasis(): string {
  try {
    return String(lastImportId() ?? '');
  } catch {
    return '';
  }
}

function samplesOf(p: Prepared): Sample[] {
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const it of p.plan.items) {
    const id = it.kind === 'follow-up' ? 'follow-up' : `${it.kind}|${it.language}`;
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      if (it.kind === 'follow-up') {
        const group = p.plan.items.filter((x) => x.group === it.group).map(followUpStudent);
        samples.push({
          title: `Calendar follow-up for ${it.owner} on ${it.due}`,
          language: '',
          text: `${eventTitle(group)}\n\n${eventDescriptionLines(group, '(Outreach log)').join('\n')}`,
        });
        continue;
      }
      const t = p.templates.get(it.templateId, it.tier, it.kind, it.language);
      if (it.kind === 'email') {
        const m = mergeEmail(t, it.fields);
        samples.push({
          title: `Gmail draft (${it.tier})`,
          language: it.language,
          text: `To: ${it.to.join(', ')}\nSubject: ${m.subject}\n\n${m.body}`,
        });
      } else {
        samples.push({
          title: `${KIND_LABELS[it.kind]} (${it.tier}, ${it.school})`,
          language: it.language,
          text: mergeText(t.text, it.fields),
        });
      }
    } catch {
      // The problem is listed in problems.
    }
  }
  const order = (s: Sample) => ['Calendar', ...LETTER_KINDS.map((k) => KIND_LABELS[k]), 'Gmail'].findIndex((x) => s.title.startsWith(x));
  return samples.sort((a, b) => order(a) - order(b) || a.language.localeCompare(b.language));
}

/** What the job makes, for its pace (the template documents are made first when they do not exist yet). */
function sizeOf(p: Prepared): JobSize {
  return jobSize({ counts: p.plan.counts, perStudent: p.perStudent, templateDocuments: p.templatesExist ? 0 : DEFAULT_TEMPLATES.length });
}

/** Called by the dialog: what a job would make, and samples. Creates nothing. */
export function outreachPreview(filters?: unknown): Outcome<OutreachPreview> {
  return forDialog('preparing the preview', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const inputs = readPlanInputs(ss);
    const p = prepare(ss, cleanFilters(filters), currentUser(), inputs);
    const notes: string[] = [];
    // How long it takes at the daily quotas of the user's account: a district's first outreach is days, not minutes.
    const pace = paceNote(sizeOf(p), accountKind(p.runner));
    if (pace) notes.push(pace);
    for (const l of p.plan.counts.languages) notes.push(languageNote(l));
    // The Case owners the job would not invite (the same plan decides for the job): by address, never by student.
    if (p.plan.outsideOwners.length) notes.push(outsideOwnersNote(p.plan.outsideOwners));
    if (!p.templatesExist) {
      notes.push(
        'The toolkit\'s templates (English and Spanish) will be made as Google Docs in your Drive folder "Attendance Toolkit/Templates" and listed on a new Templates sheet, where your team can edit them.',
      );
    }
    const job = loadJob();
    return {
      counts: p.plan.counts,
      schools: p.schools,
      tiers: TIER_IDS.filter((t) => OUTREACH[t]).map((t) => ({ tier: t, label: `${t}` })),
      problems: p.problems,
      samples: samplesOf(p),
      notes,
      job: job ? progressFor(job, currentUser()) : null,
      // The import the counts were made from, read with the Roster.
      basis: inputs.basis,
    };
  });
}

/**
 * Give back a start that did not finish: the record as it was before (or, if the job was stopped
 * meanwhile, stopped and without its lease), and no plan on the sheet. A spreadsheet that stays
 * busy leaves the record "starting" until its lease expires; the next run then marks it failed.
 */
function abandonStart(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, lease: Lease, previous: string | null): void {
  try {
    withJobLock(() => {
      const job = loadJob();
      if (!job || job.lease?.owner !== lease.owner) return;
      const props = PropertiesService.getDocumentProperties();
      if (job.status !== 'starting') {
        job.lease = null;
        saveJob(job);
      } else if (previous) props.setProperty(JOB_KEY, previous);
      else props.deleteProperty(JOB_KEY);
      clearPlan(ss);
    });
  } catch (e) {
    if (!(e instanceof SpreadsheetBusy)) throw e;
  }
}

/** Under the lock: still this execution's start? */
function stillStarting(lease: Lease): JobState {
  const job = loadJob();
  if (!job || job.status !== 'starting' || job.lease?.owner !== lease.owner) {
    throw new UserError('The outreach job was stopped while it was being prepared. Nothing was made.');
  }
  return job;
}

/**
 * Called by the dialog on confirm: plan the job, save it, and work on it until this call's time is
 * spent. The job is reserved first (a record "starting", under this execution's lease), so a
 * second start is refused at once; the templates, folders and plan are made without the lock.
 */
export function outreachStart(filters?: unknown): Outcome<JobProgress> {
  const startedAt = Date.now();
  return forDialog('preparing outreach', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const by = currentUser();
    const f = cleanFilters(filters);
    // Create makes what the preview showed: after a new import the counts are not those any more.
    // Checked now and again as the Roster is read for the plan, under the lock (an import may land in between).
    const basis = (filters as { basis?: unknown } | undefined)?.basis;
    const sameRoster = () => {
      if (typeof basis === 'string' && basis !== rosterBasis()) {
        throw new UserError(
          'Nothing was created: a new attendance export was imported after this preview, so what would be made has changed. Update the preview, check it, then create.',
        );
      }
    };
    sameRoster();
    const lease = newLease(startedAt);
    // A job stopped while a batch was in flight (its execution was cut off) is settled first: what it made is logged.
    const unsettled = withJobLock(() => {
      ensureNoActiveJob();
      const job = loadJob();
      if (!job || !isOver(job) || !job.inflight) return null;
      job.lease = lease;
      saveJob(job);
      return job;
    });
    if (unsettled) settleJob(ss, unsettled, by);
    const id = `job-${Math.floor(Date.now()).toString(36)}`;
    const previous = withJobLock(() => {
      ensureNoActiveJob();
      const raw = PropertiesService.getDocumentProperties().getProperty(JOB_KEY);
      const state: JobState = {
        id,
        status: 'starting',
        runDate: '',
        importId: '',
        startedBy: by,
        startedAt: new Date().toISOString(),
        filters: f,
        perStudent: false,
        total: 0,
        next: 0,
        inflight: null,
        made: { letters: 0, drafts: 0, events: 0, followUps: 0, documents: 0 },
        failed: 0,
        folderId: '',
        currentDoc: null,
        message: 'Preparing the job...',
        resumeAt: null,
        executions: 1,
        lease,
        attempts: 0,
      };
      saveJob(state);
      return raw;
    });
    let state: JobState;
    try {
      if (!readTemplates(ss).exists) {
        const values = templateSheetValues(createSharedTemplateDocs().ids);
        withJobLock(() => {
          stillStarting(lease);
          if (!readTemplates(ss).exists) writeTemplatesSheet(ss, values);
        });
      }
      // Read under the lock with the import they are from: the same Roster as the preview's, whole.
      const inputs = readPlanInputs(ss, () => {
        stillStarting(lease);
        sameRoster();
      });
      const p = prepare(ss, f, by, inputs);
      if (p.problems.length) throw new UserError(`Nothing was created. ${p.problems.join(' ')}`);
      const folder = p.plan.items.some((i) => i.kind !== 'follow-up' && i.kind !== 'email')
        ? folderNamed(folderNamed(rootFolder(), 'Outreach'), `Outreach ${p.today} (${id})`)
        : rootFolder();
      // The plan, in moments under the lock: the header, then a few thousand rows at a time.
      const rows = planTable(p.plan.items, p.fieldNames);
      let emailNow = 0;
      withJobLock(() => {
        stillStarting(lease);
        startPlan(ss, rows[0], rows.length);
        emailNow = writeNoEmail(ss, p.plan.noEmail, {
          drafts: p.plan.items
            .filter((i) => i.kind === 'email')
            .map((i) => ({ studentId: i.studentId, tier: i.tier, email: i.to.join(', ') })),
          on: p.today,
        });
      });
      for (let at = 1; at < rows.length; at += PLAN_CHUNK) {
        withJobLock(() => {
          stillStarting(lease);
          writePlanRows(ss, at + 1, rows.slice(at, at + PLAN_CHUNK));
        });
      }
      state = withJobLock(() => {
        const job = stillStarting(lease);
        Object.assign(job, {
          status: 'running',
          runDate: p.today,
          importId: inputs.basis,
          perStudent: p.perStudent,
          total: p.plan.items.length,
          folderId: folder,
          message: '',
          uninvited: outsideOwnersNote(p.plan.outsideOwners),
          lowered: higherLevelNote(p.plan.counts.skipped.find((x) => x.reason === 'had-higher-level')?.count ?? 0, p.plan.higherLevels),
          emailNow,
          planned: sizeOf(p),
          account: accountKind(by),
        });
        saveJob(job);
        // If the dialog is closed (or this execution is cut off), the clock continues the job.
        updateClock((duties) => duties.arm(OUTREACH_DUTY, Date.now() + HOUR));
        return job;
      });
    } catch (e) {
      abandonStart(ss, lease, previous);
      throw e;
    }
    const worked = workOnJob(ss, state, startedAt + DIALOG_BUDGET_MS, by);
    return progressOf(endWork(worked, lease, Date.now(), false) ?? worked);
  });
}

/**
 * The outreach duty after a chunk of work (under the lock): due an hour after `from` while the
 * job runs, when its pause ends while it is paused, disarmed when it is done, stopped or failed.
 * True when the clock trigger is to change.
 */
function keepDuty(state: JobState | null, from: number): boolean {
  if (state?.status === 'running' || state?.status === 'starting') return armDuty(OUTREACH_DUTY, from + HOUR);
  if (state?.status === 'paused') return armDuty(OUTREACH_DUTY, Math.max(state.resumeAt ?? 0, from + HOUR));
  return disarmDuty(OUTREACH_DUTY);
}

/**
 * After working (or finding the job busy): under the lock, give the lease back and put the
 * outreach duty in step. Returns the job as stored. A spreadsheet that stays busy leaves the lease
 * to expire by itself. From the dialog, the duty is then as it was (armed an hour ahead). From the
 * clock, the busy error is thrown: a duty that returns without re-arming itself is disarmed, one
 * that throws is tried again an hour later.
 */
function endWork(state: JobState | null, lease: Lease | null, from: number, fromClock: boolean): JobState | null {
  try {
    return withJobLock(() => {
      const stored = loadJob();
      if (stored && lease && stored.lease?.owner === lease.owner) {
        stored.lease = null;
        saveJob(stored);
      }
      if (keepDuty(stored, from) && !fromClock) updateClock();
      return stored;
    });
  } catch (e) {
    if (e instanceof SpreadsheetBusy && !fromClock) return state;
    throw e;
  }
}

type Claim = { job: JobState | null; mine: boolean };

/** Under the lock: take the job's lease if it runs (or may resume) and no live execution holds it. */
function claim(lease: Lease, fromClock: DutyRun | null, ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Claim {
  return withJobLock(() => {
    const job = loadJob();
    if (!job) return { job: null, mine: false };
    const now = Date.now();
    if (leasedToOther(job, lease.owner, now)) return { job, mine: false };
    if (job.status === 'starting') {
      // Its start was cut off before the job was ready: nothing of it was made.
      job.status = 'failed';
      job.message = 'The last outreach job was interrupted while it was being prepared; nothing of it was made. Start it again.';
      job.lease = null;
      saveJob(job);
      clearPlan(ss);
      return { job, mine: false };
    }
    // A paused job waits for its time when the clock runs it (within the clock's margin); the dialog resumes it at once.
    if (job.status === 'paused' && !(fromClock && job.resumeAt && now < job.resumeAt - SLACK_MS)) {
      job.status = 'running';
      job.message = '';
      job.resumeAt = null;
    }
    if (job.status !== 'running') return { job, mine: false };
    job.lease = lease;
    job.executions++;
    saveJob(job);
    return { job, mine: true };
  });
}

/** From the dialog (`fromClock` null) or the clock: work until the budget from `startedAt` is spent. */
function continueJob(startedAt: number, budget: number, fromClock: DutyRun | null): JobProgress | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  // Another person's dialog watches their job and never works on it (see progressFor).
  if (!fromClock) {
    const current = loadJob();
    const watched = current ? progressFor(current, currentUser()) : null;
    if (watched?.watchOnly) return watched;
  }
  const lease = newLease(startedAt);
  let c = claim(lease, fromClock, ss);
  // Another execution is working on it (the clock, or a dialog in another tab): the dialog waits a
  // little for it, then shows its progress. The clock does not wait: it comes back in an hour.
  let waited = 0;
  while (
    !fromClock &&
    c.job &&
    !c.mine &&
    c.job.status === 'running' &&
    leasedToOther(c.job, lease.owner, Date.now()) &&
    waited < BUSY_WAIT_MS
  ) {
    Utilities.sleep(BUSY_POLL_MS);
    waited += BUSY_POLL_MS;
    const job = loadJob();
    if (!job || !leasedToOther(job, lease.owner, Date.now())) c = claim(lease, fromClock, ss);
    else c = { job, mine: false };
  }
  let state = c.job;
  if (state && c.mine) state = workOnJob(ss, state, startedAt + waited + budget, currentUser());
  // From the dialog, the next hour counts from now; from the clock, from its tick (the next one).
  const after = endWork(state, c.mine ? lease : null, fromClock ? fromClock.tickStart : Date.now(), !!fromClock);
  return after ? progressOf(after) : null;
}

// The clock continues the job when no dialog drives it. A busy spreadsheet throws: the clock tries again in an hour.
registerDuty(OUTREACH_DUTY, (run) => continueJob(run.tickStart, TRIGGER_BUDGET_MS, run), {
  handler: RESUME_HANDLER,
  adopt: () => {
    const job = activeJob();
    if (!job) return null;
    return job.status === 'paused' && job.resumeAt ? job.resumeAt : Date.now();
  },
});

/** Called by the dialog, again and again, while a job runs. */
export function outreachContinue(): Outcome<JobProgress | null> {
  const startedAt = Date.now();
  return forDialog('preparing outreach', () => continueJob(startedAt, DIALOG_BUDGET_MS, null));
}

/** The job's progress, or null when there has been none. */
export function outreachStatus(): Outcome<JobProgress | null> {
  return forDialog('reading the outreach job', () => {
    const job = loadJob();
    return job ? progressFor(job, currentUser()) : null;
  });
}

/**
 * Stop the job. What was made stays (and is in the Outreach log); a new job skips it. The plan
 * sheet is cleared: at once when no batch is in flight; when one is, by the execution making it
 * (it logs what it made, sees the job stopped, and clears it), or, if that execution was cut off
 * (its lease expired), here, after finding what its batch made. (If its lease has not expired
 * yet, the next start does that first.)
 */
export function outreachStop(): Outcome<JobProgress | null> {
  const startedAt = Date.now();
  return forDialog('stopping the outreach job', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const lease = newLease(startedAt);
    const job = withJobLock(() => {
      let j: JobState | null;
      try {
        j = loadJob();
      } catch {
        // A record that cannot be read (edited by hand): stopping removes it, so the toolkit can start afresh.
        PropertiesService.getDocumentProperties().deleteProperty(JOB_KEY);
        clearPlan(ss);
        j = null;
      }
      if (!j) {
        updateClock((duties) => duties.disarm(OUTREACH_DUTY));
        return null;
      }
      if (!isOver(j) || j.status === 'failed') {
        j.status = 'stopped';
        j.message = `Stopped. Everything made so far is kept and listed in the Outreach log.${j.uninvited ? ` ${j.uninvited}` : ''}`;
        j.resumeAt = null;
      }
      const busy = leasedToOther(j, lease.owner, Date.now());
      if (!j.inflight) {
        // Nothing in flight: the work list can go now (an execution still working sees the job stopped at its next step).
        clearPlan(ss);
        if (!busy) j.lease = null;
      } else if (!busy) j.lease = lease;
      saveJob(j);
      updateClock((duties) => duties.disarm(OUTREACH_DUTY));
      return j;
    });
    if (!job) return null;
    if (job.lease?.owner === lease.owner) return progressOf(settleJob(ss, job, currentUser()));
    return progressOf(job);
  });
}

/**
 * The one-off trigger older versions made to continue a job. Kept so such a trigger still works:
 * the outreach duty takes it over (the old trigger is deleted) and the clock runs now.
 */
export function outreachResume(_e?: unknown): void {
  takeOverLegacyTrigger();
}

/** Menu: open the dialog. */
export function showOutreachDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('OutreachDialog').setWidth(760).setHeight(620);
  SpreadsheetApp.getUi().showModalDialog(html, 'Prepare outreach');
}
