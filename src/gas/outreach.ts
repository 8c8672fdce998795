/**
 * Attendance Toolkit > Prepare outreach...
 *
 * The dialog first asks for a preview (nothing is created): how many letters by kind and school,
 * Gmail drafts and Calendar follow-ups would be made, who is skipped and why, which families get
 * English because their language has no template, and a rendered sample of each letter and email.
 * The team may narrow it to some schools and tiers. On confirm, the job starts and the dialog
 * drives it (google.script.run, one call per chunk) while a time-based trigger stands by to
 * continue it if the dialog is closed.
 */
import { eventDescription, eventTitle, followUpStudent } from '../core/outreach/follow-up';
import { fieldKey, mergeText, placeholderSpans, unknownPlaceholders } from '../core/outreach/merge';
import { FIELD_NAMES, OutreachFilters, Plan, planOutreach, PreviewCounts } from '../core/outreach/plan';
import { templateSheetValues } from '../core/outreach/templates';
import { KIND_LABELS, LETTER_KINDS, OUTREACH, TIER_IDS, TierId } from '../core/rules';
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
  removeResumeTriggers,
  saveJob,
  scheduleResume,
  TRIGGER_BUDGET_MS,
  workOnJob,
} from './outreach-job';
import { readLogSheet, readRoster, readTemplates, writeNoEmail, writePlan, writeTemplatesSheet } from './outreach-sheets';
import { loadSettings } from './settings-sheet';
import { forDialog, Outcome, UserError, withDocumentLock } from './user-errors';

const HOUR = 60 * 60 * 1000;

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
      // If the dialog is closed, this trigger continues the job (add-on triggers: at most hourly).
      scheduleResume(HOUR);
      return progressOf(workOnJob(ss, state, startedAt, DIALOG_BUDGET_MS, p.runner));
    });
  });
}

function continueJob(startedAt: number, budget: number, fromTrigger: boolean): JobProgress | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock('preparing outreach', () => {
    const state = loadJob();
    if (!state) return null;
    if (state.status === 'paused') {
      if (fromTrigger && state.resumeAt && Date.now() < state.resumeAt) return progressOf(state);
      state.status = 'running';
      state.message = '';
      state.resumeAt = null;
    }
    if (state.status === 'failed' && !fromTrigger) {
      state.status = 'running';
      state.message = '';
    }
    if (state.status !== 'running') return progressOf(state);
    return progressOf(workOnJob(ss, state, startedAt, budget, currentUser() || state.startedBy));
  });
}

/** Called by the dialog, again and again, while a job runs. */
export function outreachContinue(): Outcome<JobProgress | null> {
  const startedAt = Date.now();
  return forDialog('preparing outreach', () => continueJob(startedAt, DIALOG_BUDGET_MS, false));
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
      removeResumeTriggers();
      return progressOf(job);
    }),
  );
}

/** Time-based trigger: continue the job when no dialog drives it. Deletes itself; schedules the next run if needed. */
export function outreachResume(e?: { triggerUid?: string }): void {
  const startedAt = Date.now();
  if (e && e.triggerUid) removeResumeTriggers(String(e.triggerUid));
  let progress: JobProgress | null;
  try {
    progress = continueJob(startedAt, TRIGGER_BUDGET_MS, true);
  } catch (err) {
    // Busy (another execution holds the lock): try again in an hour. No student data is logged.
    console.warn(`outreachResume: ${(err as Error)?.name ?? 'Error'}; trying again in an hour`);
    scheduleResume(HOUR);
    return;
  }
  const job = loadJob();
  if (!progress || !job) return;
  if (job.status === 'running') scheduleResume(HOUR);
  else if (job.status === 'paused') scheduleResume(Math.max((job.resumeAt ?? 0) - Date.now(), HOUR));
}

/** Menu: open the dialog. */
export function showOutreachDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('OutreachDialog').setWidth(760).setHeight(620);
  SpreadsheetApp.getUi().showModalDialog(html, 'Prepare outreach');
}
