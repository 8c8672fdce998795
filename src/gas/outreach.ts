/**
 * Attendance Toolkit > Prepare outreach...
 *
 * The dialog first asks for a preview (nothing is created): how many letters by kind and school,
 * Gmail drafts and Calendar follow-ups would be made, who is skipped and why, which families get
 * English because their language has no template, and a rendered sample of each letter and email.
 * The team may narrow it to some schools and tiers. On confirm, the job starts and the dialog
 * drives it (google.script.run, one call per chunk) while the toolkit clock's "outreach" duty
 * (src/gas/clock.ts) stands by to continue it if the dialog is closed: due an hour after the last
 * chunk while the job runs, the next day after a quota pause, disarmed when it ends.
 */
import { eventDescription, eventTitle, followUpStudent } from '../core/outreach/follow-up';
import { fieldKey, mergeText, placeholderSpans, unknownPlaceholders } from '../core/outreach/merge';
import { FIELD_NAMES, OutreachFilters, Plan, planOutreach, PreviewCounts } from '../core/outreach/plan';
import { templateSheetValues } from '../core/outreach/templates';
import { KIND_LABELS, LETTER_KINDS, OUTREACH, TIER_IDS, TierId } from '../core/rules';
import { armDuty, disarmDuty, DutyRun, registerDuty, SLACK_MS, takeOverLegacyTrigger, updateClock } from './clock';
import { LAST_IMPORT_KEY } from './import';
import { createDefaultTemplateDocs, folderNamed, mergeEmail, rootFolder, Templates } from './outreach-docs';
import {
  activeJob,
  DIALOG_BUDGET_MS,
  ensureNoActiveJob,
  JobProgress,
  JobState,
  loadJob,
  progressOf,
  RESUME_HANDLER,
  saveJob,
  TRIGGER_BUDGET_MS,
  workOnJob,
} from './outreach-job';
import { readLogSheet, readRoster, readTemplates, writeNoEmail, writePlan, writeTemplatesSheet } from './outreach-sheets';
import { loadSettings } from './settings-sheet';
import { forDialog, Outcome, UserError, withDocumentLock } from './user-errors';

const HOUR = 60 * 60 * 1000;
export const OUTREACH_DUTY = 'outreach';

function currentUser(): string {
  const email = Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail();
  return String(email || '').toLowerCase();
}

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
}

/** Everything the preview and the job need, read in one read per sheet. */
function prepare(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, filters: OutreachFilters): Prepared {
  const { settings } = loadSettings(ss);
  const roster = readRoster(ss);
  const tpl = readTemplates(ss);
  const log = readLogSheet(ss);
  const runner = currentUser();
  const today = Utilities.formatDate(new Date(), ss.getSpreadsheetTimeZone(), 'yyyy-MM-dd');
  const plan = planOutreach({
    students: roster.students,
    rows: roster.rows,
    settings,
    options: settings.outreach,
    templates: tpl.rows,
    done: log.keys,
    filters,
    today,
    runner,
    rowLink: roster.rowLink,
  });
  const problems = [...tpl.problems.map((p) => p.message), ...plan.problems];
  const templates = new Templates();
  const fieldSet = new Set<string>(['days absent', 'row link', 'to name']);
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
  for (const s of roster.students) if (s.tier && OUTREACH[s.tier]) bySchool.set(s.school, (bySchool.get(s.school) ?? 0) + 1);
  return {
    plan,
    templates,
    problems,
    fieldNames: [...fieldSet].sort(),
    today,
    runner,
    schools: [...bySchool].sort((a, b) => a[0].localeCompare(b[0])).map(([school, students]) => ({ school, students })),
    templatesExist: tpl.exists,
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
          text: `${eventTitle(group)}\n\n${eventDescription(group, '(Outreach log)')}`,
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

/** Called by the dialog: what a job would make, and samples. Creates nothing. */
export function outreachPreview(filters?: unknown): Outcome<OutreachPreview> {
  return forDialog('preparing the preview', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const p = prepare(ss, cleanFilters(filters));
    const notes: string[] = [];
    for (const l of p.plan.counts.languages) {
      notes.push(
        `${l.students.toLocaleString('en-US')} ${l.students === 1 ? 'family' : 'families'} with home language ${l.language} get ${l.uses}: there is no ${l.language} template.`,
      );
    }
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
      job: job ? progressOf(job) : null,
    };
  });
}

/** Called by the dialog on confirm: plan the job, save it, and work on it until this call's time is spent. */
export function outreachStart(filters?: unknown): Outcome<JobProgress> {
  const startedAt = Date.now();
  return forDialog('preparing outreach', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    return withDocumentLock('preparing outreach', () => {
      ensureNoActiveJob();
      const f = cleanFilters(filters);
      if (!readTemplates(ss).exists) writeTemplatesSheet(ss, templateSheetValues(createDefaultTemplateDocs()));
      const p = prepare(ss, f);
      if (p.problems.length) throw new UserError(`Nothing was created. ${p.problems.join(' ')}`);
      const lastImport = PropertiesService.getDocumentProperties().getProperty(LAST_IMPORT_KEY);
      const id = `job-${Math.floor(Date.now()).toString(36)}`;
      const folder = p.plan.items.some((i) => i.kind !== 'follow-up' && i.kind !== 'email')
        ? folderNamed(folderNamed(rootFolder(), 'Outreach'), `Outreach ${p.today} (${id})`)
        : rootFolder();
      writePlan(ss, p.plan.items, p.fieldNames);
      writeNoEmail(ss, p.plan.noEmail);
      const state: JobState = {
        id,
        status: 'running',
        runDate: p.today,
        importId: lastImport ? String(JSON.parse(lastImport).importId ?? '') : '',
        startedBy: p.runner,
        startedAt: new Date().toISOString(),
        filters: f,
        perStudent: loadSettings(ss).settings.outreach.perStudentFiles,
        total: p.plan.items.length,
        next: 0,
        inflight: null,
        made: { letters: 0, drafts: 0, events: 0, followUps: 0, documents: 0 },
        failed: 0,
        folderId: folder.getId(),
        currentDoc: null,
        message: '',
        resumeAt: null,
        executions: 0,
      };
      saveJob(state);
      // If the dialog is closed (or this execution is cut off), the clock continues the job.
      updateClock((duties) => duties.arm(OUTREACH_DUTY, Date.now() + HOUR));
      const worked = workOnJob(ss, state, startedAt, DIALOG_BUDGET_MS, p.runner);
      if (keepDuty(worked, Date.now())) updateClock();
      return progressOf(worked);
    });
  });
}

/**
 * The outreach duty after a chunk of work (under the lock): due an hour after `from` while the
 * job runs, the next day after a quota pause, disarmed when it is done, stopped or failed. True
 * when the clock trigger is to change.
 */
function keepDuty(state: JobState, from: number): boolean {
  if (state.status === 'running') return armDuty(OUTREACH_DUTY, from + HOUR);
  if (state.status === 'paused') return armDuty(OUTREACH_DUTY, Math.max(state.resumeAt ?? 0, from + HOUR));
  return disarmDuty(OUTREACH_DUTY);
}

/** From the dialog (`fromClock` null) or the clock: work until the budget from `startedAt` is spent. */
function continueJob(startedAt: number, budget: number, fromClock: DutyRun | null): JobProgress | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock('preparing outreach', () => {
    let state = loadJob();
    if (!state) {
      if (disarmDuty(OUTREACH_DUTY) && !fromClock) updateClock();
      return null;
    }
    // A paused job waits for its time when the clock runs it (within the clock's margin); the dialog resumes it at once.
    if (state.status === 'paused' && !(fromClock && state.resumeAt && Date.now() < state.resumeAt - SLACK_MS)) {
      state.status = 'running';
      state.message = '';
      state.resumeAt = null;
    }
    if (state.status === 'failed' && !fromClock) {
      state.status = 'running';
      state.message = '';
    }
    if (state.status === 'running') state = workOnJob(ss, state, startedAt, budget, currentUser() || state.startedBy);
    // From the dialog, the next hour counts from now; from the clock, from its tick (the next one).
    const changed = keepDuty(state, fromClock ? fromClock.tickStart : Date.now());
    if (changed && !fromClock) updateClock();
    return progressOf(state);
  });
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
    return job ? progressOf(job) : null;
  });
}

/** Stop the running job. What was made stays (and is in the Outreach log); a new job skips it. */
export function outreachStop(): Outcome<JobProgress | null> {
  return forDialog('stopping the outreach job', () =>
    withDocumentLock('stopping the outreach job', () => {
      const job = activeJob() ?? loadJob();
      if (!job) return null;
      if (job.status === 'running' || job.status === 'paused' || job.status === 'failed') {
        job.status = 'stopped';
        job.message = 'Stopped. Everything made so far is kept and listed in the Outreach log.';
        job.resumeAt = null;
        saveJob(job);
      }
      updateClock((duties) => duties.disarm(OUTREACH_DUTY));
      return progressOf(job);
    }),
  );
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
