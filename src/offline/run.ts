/**
 * The offline run: the built toolkit, in the emulated Workspace, on an export file.
 * Each step calls the same global functions the Sheets menus and dialogs call, so what the
 * offline run shows is what the add-on does. The workspace is saved in OUT/.toolkit/ so a
 * second run continues from the saved workbook (jobs resume; nothing is made twice).
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImportSummary } from '../core/summary';
import { plural } from '../core/words';
import { LoadedBundle } from '../emulator/bundle';
import { Workspace, WorkspaceSnapshot } from '../emulator/workspace';
import { defaultPlugins } from '../emulator/plugins';
import { decodeExport } from './decode';
import { writeOutreachFiles } from './outreach-files';
import { earlierExport } from './sample-history';
import { writeXlsx } from './xlsx';

export interface OfflineOptions {
  file: string;
  out: string;
  /** Start from an empty workbook even if OUT holds a saved one. */
  fresh?: boolean;
  /**
   * The day the run happens on (yyyy-mm-dd), after the saved workbook's last run: a newer export
   * imported two weeks later is a new fortnight of the report's History, with its movement. Time
   * between runs passes as in Sheets: the hourly clock trigger runs what is due meanwhile.
   */
  date?: string;
  /** Printed progress and messages; silent when omitted. */
  log?: (line: string) => void;
  /**
   * Before the import, import earlier exports of the same file derived by sample-history.ts (for
   * the bundled synthetic sample only), this many fortnights back, so the report has History.
   */
  sampleHistory?: number;
  /**
   * Give every school in Settings without addresses a synthetic attendance lead and principal
   * (lead.<school>@district.example.org, principal.<school>@district.example.org), for the bundled
   * synthetic sample, so the offline run shows follow-ups going to school teams.
   */
  schoolTeams?: boolean;
}

/** summary.json: the keys promised in the README, plus whatever later steps add. */
export interface OfflineSummary {
  students: number;
  tiers: Record<string, number>;
  chronic: number;
  rejected: { row: number; reason: string }[];
  [key: string]: unknown;
}

export interface OfflineContext {
  bundle: LoadedBundle;
  ws: Workspace;
  options: OfflineOptions;
  summary: OfflineSummary;
  log: (line: string) => void;
  /** The workspace was restored from an earlier run's saved state. */
  continued: boolean;
}

export interface OfflineStep {
  name: string;
  run(ctx: OfflineContext): Promise<void> | void;
}

const STATE_FILE = '.toolkit/workspace.json';

/** A path as the user would type it from here. */
const typed = (p: string) => path.relative(process.cwd(), p) || '.';

function importStep(): OfflineStep {
  return {
    name: 'import',
    run(ctx) {
      const bytes = readFileSync(ctx.options.file);
      const { text, encoding, warning } = decodeExport(bytes);
      const size = bytes.length < 1024 ? plural(bytes.length, 'byte') : `${Math.round(bytes.length / 1024).toLocaleString('en-US')} KB`;
      ctx.log(`Reading ${path.basename(ctx.options.file)} (${size}, ${encoding})`);
      if (warning) ctx.log(warning);
      const outcome = ctx.bundle.scriptRun<{ ok: boolean; message: string; result?: ImportSummary & { message: string } }>(
        'importUploadedFile',
        path.basename(ctx.options.file),
        text,
      );
      if (!outcome.ok || !outcome.result) throw new Error(outcome.message);
      const r = outcome.result;
      // The dialog lists at most 200 rejections; summary.json lists them all, from the Rejected rows sheet.
      const rejectedSheet = ctx.ws.sheet('Rejected rows') ? ctx.ws.values('Rejected rows').slice(1) : [];
      const rejected = rejectedSheet
        .filter((row) => typeof row[0] === 'number')
        .map((row) => ({ row: row[0] as number, reason: String(row[1]) }));
      Object.assign(ctx.summary, {
        students: r.students,
        tiers: r.tiers,
        chronic: r.chronic,
        rejected,
        no_attendance_reported: r.noAttendance,
        not_enrolled: r.notEnrolled,
        import_message: r.message,
      });
      // A large import already showed its result as a toast (printed as progress); say it once.
      if (ctx.ws.active.toasts.at(-1)?.message !== r.message) ctx.log(r.message);
      // The message speaks of the sheet, as in Sheets; offline, the sheet is in the workbook written at the end.
      if (rejected.length > 0) {
        ctx.log(
          `The rows not imported, each with its line and reason, are on the Rejected rows sheet of ${typed(path.join(ctx.options.out, 'workbook.xlsx'))} and under "rejected" in ${typed(path.join(ctx.options.out, 'summary.json'))}.`,
        );
      }
      for (const w of r.warnings) ctx.log(`Settings: ${w}`);
    },
  };
}

type Outcome<T> = { ok: boolean; message: string; result?: T };

/** "Núñez Elementary School" -> "nunez-elementary-school". */
export function schoolSlug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'school'
  );
}

interface SetupAnswers {
  schools: { name: string; attendanceLead: string; principal: string; officePhone: string }[];
  [key: string]: unknown;
}

/**
 * Set up..., through the same entry points as the wizard (start, then Save with the answers it
 * offers). With schoolTeams, a school without addresses gets synthetic ones. On a saved workbook
 * the answers are the same, so nothing changes.
 */
function setupStep(): OfflineStep {
  return {
    name: 'set up',
    run(ctx) {
      const start = ctx.bundle.scriptRun<Outcome<{ answers: SetupAnswers }>>('setupStart');
      if (!start.ok || !start.result) throw new Error(start.message);
      const answers = start.result.answers;
      if (ctx.options.schoolTeams) {
        // Synthetic numbers in the 555-01xx range set aside for fiction.
        answers.schools = answers.schools.map((s, i) => ({
          ...s,
          attendanceLead: s.attendanceLead || `lead.${schoolSlug(s.name)}@district.example.org`,
          principal: s.principal || `principal.${schoolSlug(s.name)}@district.example.org`,
          officePhone: s.officePhone || `(203) 555-01${String(i % 100).padStart(2, '0')}`,
        }));
      }
      const saved = ctx.bundle.scriptRun<Outcome<{ changes: string[]; checklist: { status: string; title: string; text: string }[] }>>(
        'setupSave',
        answers,
      );
      if (!saved.ok || !saved.result) throw new Error(saved.message);
      const { changes, checklist } = saved.result;
      Object.assign(ctx.summary, {
        setup: { changes, checklist: checklist.map((c) => ({ status: c.status, item: `${c.title}: ${c.text}` })) },
      });
      ctx.log(
        changes.length ? `Set up: ${changes.length} change${changes.length === 1 ? '' : 's'} to Settings.` : 'Set up: nothing to change.',
      );
      for (const c of checklist) if (c.status !== 'ready') ctx.log(`  ${c.title}: ${c.text}`);
    },
  };
}
interface JobProgress {
  status: string;
  done: number;
  total: number;
  made: { letters: number; drafts: number; events: number; followUps: number; documents: number };
  message: string;
}

/**
 * Prepare outreach, through the same entry points as the dialog: the preview, then start (or
 * continue a job a previous run left unfinished) and drive it to the end. Writes the letters as
 * .docx, the drafts as .eml and the follow-ups as one .ics. On a saved workbook, everything
 * already made is in the Outreach log, so a second run makes nothing new.
 */
function outreachStep(): OfflineStep {
  return {
    name: 'outreach',
    async run(ctx) {
      const { bundle } = ctx;
      const preview = bundle.scriptRun<
        Outcome<{ counts: { skippedTotal: number; skipped: { reason: string; count: number }[] }; problems: string[] }>
      >('outreachPreview', {});
      if (!preview.ok || !preview.result) throw new Error(preview.message);
      if (preview.result.problems.length) throw new Error(preview.result.problems.join(' '));
      const status = bundle.scriptRun<Outcome<JobProgress | null>>('outreachStatus').result;
      // A job left running or paused is continued; one that ended (done, stopped, failed) is followed by a new one.
      let out =
        status && (status.status === 'running' || status.status === 'paused')
          ? bundle.scriptRun<Outcome<JobProgress | null>>('outreachContinue')
          : bundle.scriptRun<Outcome<JobProgress | null>>('outreachStart', {});
      let shown = -1;
      for (let i = 0; out.ok && out.result && out.result.status === 'running' && i < 5000; i++) {
        const pct = Math.floor((100 * out.result.done) / Math.max(out.result.total, 1) / 10) * 10;
        if (pct !== shown)
          ctx.log(`  ... outreach ${out.result.done.toLocaleString('en-US')} of ${out.result.total.toLocaleString('en-US')}`);
        shown = pct;
        out = bundle.scriptRun<Outcome<JobProgress | null>>('outreachContinue');
      }
      if (!out.ok) throw new Error(out.message);
      const job = out.result;
      const made = job?.made ?? { letters: 0, drafts: 0, events: 0, followUps: 0, documents: 0 };
      const files = await writeOutreachFiles(ctx.ws, ctx.options.out);
      const skipped = preview.result.counts;
      Object.assign(ctx.summary, {
        letters: made.letters,
        drafts: made.drafts,
        events: made.events,
        skipped: skipped.skippedTotal,
        skipped_by_reason: Object.fromEntries(skipped.skipped.map((s) => [s.reason, s.count])),
        outreach: {
          status: job?.status ?? 'none',
          message: job?.message ?? '',
          letter_documents: made.documents,
          students_on_follow_ups: made.followUps,
          files: files,
        },
      });
      ctx.log(job?.message || 'Outreach: nothing to prepare.');
      // The folder holds everything made into this workbook, earlier runs' outreach too (the
      // roster may since have come from another file): say so, beside this run's counts.
      const earlierLetters = Math.max(0, files.letters - made.documents);
      const earlierDrafts = Math.max(0, files.drafts - made.drafts);
      if (earlierLetters + earlierDrafts > 0) {
        ctx.log(
          `${typed(ctx.options.out)}/ also holds what earlier runs into it made: ${plural(earlierLetters, 'letter document')} in letters/ and ${plural(earlierDrafts, 'draft')} in drafts/ ` +
            `(summary.json's outreach.files counts them all). To start over with only this file's outreach, run again with --fresh or another --out folder.`,
        );
      }
    },
  };
}

/** The bundled sample's earlier exports, two weeks (10 school days) apart, imported on their dates. */
function sampleHistoryStep(): OfflineStep {
  return {
    name: 'sample history',
    run(ctx) {
      const fortnights = ctx.options.sampleHistory ?? 0;
      if (fortnights <= 0 || ctx.continued) return;
      const { text } = decodeExport(readFileSync(ctx.options.file));
      const end = ctx.ws.rt.now;
      const twoWeeks = 14 * 24 * 60 * 60 * 1000;
      ctx.ws.rt.now = end - fortnights * twoWeeks;
      ctx.log(`Importing ${fortnights} earlier exports of the sample (two weeks apart) so the report has History`);
      for (let i = fortnights; i >= 1; i--) {
        const outcome = ctx.bundle.scriptRun<{ ok: boolean; message: string }>(
          'importUploadedFile',
          `sample, ${i * 2} weeks earlier`,
          earlierExport(text, i * 10),
        );
        if (!outcome.ok) throw new Error(outcome.message);
        ctx.bundle.advance(twoWeeks);
      }
      ctx.ws.rt.now = Math.max(ctx.ws.rt.now, end);
    },
  };
}

/** Build the report through the same entry point as the menu; write out/report.html and the headline rates. */
function reportStep(): OfflineStep {
  return {
    name: 'report',
    run(ctx) {
      const outcome = ctx.bundle.scriptRun<{
        ok: boolean;
        message: string;
        result?: { message: string; figures: Record<string, number | null>; html?: string };
      }>('buildReport', { html: true });
      if (!outcome.ok || !outcome.result) throw new Error(outcome.message);
      const { figures, html, message } = outcome.result;
      mkdirSync(ctx.options.out, { recursive: true });
      writeFileSync(path.join(ctx.options.out, 'report.html'), html ?? '');
      Object.assign(ctx.summary, {
        chronic_rate: figures.chronic_rate,
        enrolled_rate: figures.enrolled_rate,
        no_attendance_rate: figures.no_attendance_rate,
        report: figures,
      });
      ctx.log(message);
    },
  };
}

/** The steps, in order: history, import, set-up, outreach, report. */
export function offlineSteps(): OfflineStep[] {
  return [sampleHistoryStep(), importStep(), setupStep(), outreachStep(), reportStep()];
}

/** 9 a.m. in New York on `date`: a working morning in the sample district's zone. */
function moveClockTo(bundle: LoadedBundle, ws: Workspace, date: string, continued: boolean): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const at = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], 14) : NaN;
  if (!m || isNaN(at) || new Date(at).toISOString().slice(0, 10) !== date) {
    throw new Error(`--date ${date} is not a day written as yyyy-mm-dd, such as 2026-12-07.`);
  }
  // A new workbook starts on that day; a saved one goes on to it (the same day: from where it was).
  if (!continued) {
    ws.rt.now = at;
    return;
  }
  const last = new Date(ws.rt.now).toISOString().slice(0, 10);
  if (date < last) {
    throw new Error(`--date ${date} is before the saved workbook's last run (${last}). Give a later day, or --fresh to start over.`);
  }
  if (at > ws.rt.now) bundle.advance(at - ws.rt.now);
  ws.rt.now = Math.max(ws.rt.now, at);
}

/**
 * The export must be a file and OUT a folder that is there, or can be made, and written in.
 * Checked before anything runs, so a wrong path is said plainly and nothing is left behind.
 */
export function checkPaths(file: string, out: string): void {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat)
    throw new Error(`There is no file at ${file}. Check the name and folder, or drag the file into the terminal to type its path.`);
  if (stat.isDirectory())
    throw new Error(
      `${typed(file)} is a folder, not an export file. Give the export file itself, such as ${typed(path.join(file, 'export.csv'))}.`,
    );
  // The folder itself, or the nearest folder above it that is there (where it will be made).
  let there = out;
  while (!existsSync(there) && path.dirname(there) !== there) there = path.dirname(there);
  if (!statSync(there).isDirectory()) {
    throw new Error(
      there === out
        ? `--out ${typed(out)} is a file, not a folder. Give --out a folder (a new one is made), such as --out ${typed(out)}-run.`
        : `--out ${typed(out)} cannot be made: ${typed(there)} is a file, not a folder. Give --out another folder.`,
    );
  }
  try {
    accessSync(there, constants.W_OK);
  } catch {
    throw new Error(
      `${there === out ? '' : `--out ${typed(out)} cannot be made: `}${typed(there)} cannot be written in (no permission, or a read-only disk). Give --out a folder you can write in, such as one in your home folder.`,
    );
  }
}

/** Node's file errors (EACCES: permission denied, mkdir '...') in words, with what to do. */
export function plainFileError(e: unknown, out: string): Error {
  const err = e as NodeJS.ErrnoException;
  const where = err.path ? typed(err.path) : typed(out);
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new Error(
        `Could not write ${where}: no permission, or a read-only disk. Give --out a folder you can write in; ${typed(out)} may be incomplete.`,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new Error(`Could not write ${where}: the disk is full. Free some space and run again; ${typed(out)} may be incomplete.`);
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
      return new Error(`Could not write ${where}: a file and a folder of the same name are in the way. Give --out another folder.`);
    case 'EBUSY':
      return new Error(`Could not write ${where}: another program has it open (Excel or Word?). Close it and run again.`);
    default:
      return e instanceof Error ? e : new Error(String(e));
  }
}

export async function runOffline(options: OfflineOptions, steps: OfflineStep[] = offlineSteps()): Promise<OfflineSummary> {
  const log = options.log ?? (() => undefined);
  checkPaths(options.file, options.out);
  const ws = new Workspace({ plugins: defaultPlugins() });
  const bundle = new LoadedBundle(ws);
  const stateFile = path.join(options.out, STATE_FILE);
  const continued = !options.fresh && existsSync(stateFile);
  if (continued) {
    ws.restore(JSON.parse(readFileSync(stateFile, 'utf8')) as WorkspaceSnapshot);
    log(`Continuing from the workbook saved in ${path.relative(process.cwd(), stateFile) || stateFile}`);
  }
  if (options.date) moveClockTo(bundle, ws, options.date, continued);
  // Opening the spreadsheet builds the menu (and, before the set-up, toasts where to find it: the
  // set-up step below answers that, so the toast is not printed as progress).
  bundle.open('FULL');
  ws.rt.listeners.push((e) => {
    if (e.type === 'toast') log(`  ... ${String(e.message)}`);
  });

  const summary: OfflineSummary = { students: 0, tiers: {}, chronic: 0, rejected: [] };
  const ctx: OfflineContext = { bundle, ws, options, summary, log, continued };
  try {
    for (const step of steps) await step.run(ctx);
    mkdirSync(path.join(options.out, '.toolkit'), { recursive: true });
    const workbook = path.join(options.out, 'workbook.xlsx');
    await writeXlsx(ws.active, workbook);
    writeFileSync(path.join(options.out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    writeFileSync(stateFile, JSON.stringify(ws.snapshot()));
  } catch (e) {
    throw plainFileError(e, options.out);
  }
  return summary;
}
