/**
 * Prepare outreach for a district-size roster (the bundled sample: ~17,700 students, ~12,900 in
 * L2-L6) in the emulated Workspace, through the built bundle, the way a team would: the dialog
 * drives the job for a while, then is closed, and the toolkit clock (one hourly trigger) finishes
 * it across as many executions (and days, if a quota is reached) as it takes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LoadedBundle } from '../../src/emulator/bundle';
import { CalendarPlugin } from '../../src/emulator/calendar';
import { DrivePlugin, MIME } from '../../src/emulator/drive';
import { GmailPlugin } from '../../src/emulator/gmail';
import { defaultPlugins, pluginOf } from '../../src/emulator/plugins';
import { QUOTAS } from '../../src/emulator/runtime';
import { Workspace } from '../../src/emulator/workspace';
import { BenchSection, timed } from './harness';

type Outcome<T> = { ok: boolean; message: string; result?: T };
interface Progress {
  status: string;
  done: number;
  total: number;
  made: { letters: number; drafts: number; events: number; followUps: number; documents: number };
}

const HOUR = 60 * 60 * 1000;

export interface DistrictRun {
  bundle: LoadedBundle;
  preview: { counts: { students: number; drafts: number; documents: number; events: number; letters: { total: number }[] } };
  final: Progress;
  dialogCalls: number;
  /** Clock ticks that moved the job forward. */
  triggerRuns: number;
  /** Every tick of the clock's hourly trigger while the job was unfinished (idle ones included: a quota pause waits a day). */
  clockTicks: number;
  executions: number;
  executionMinutes: number;
  elapsedHours: number;
  serviceCalls: number;
  callsByService: Record<string, number>;
  docsCreated: number;
  maxDocsCreatedInADay: number;
  eventsCreated: number;
  drafts: number;
  duplicateKeys: number;
  /** The longest the document lock was held at once (what a sidebar save or an import could have to wait for). */
  longestLockMs: number;
}

/** Watch the document lock: the longest it is held at once, in emulated time. */
function watchLocks(ws: Workspace): () => number {
  const { locks, rt } = ws;
  let longest = 0;
  const since = new Map<string, number>();
  const acquire = locks.acquire.bind(locks);
  const release = locks.release.bind(locks);
  const releaseAll = locks.releaseAll.bind(locks);
  const letGo = (key: string) => {
    const t = since.get(key);
    if (t === undefined || locks.holder(key)) return;
    longest = Math.max(longest, rt.now - t);
    since.delete(key);
  };
  locks.acquire = (key, id) => {
    if (!since.has(key)) since.set(key, rt.now);
    acquire(key, id);
  };
  locks.release = (key, id) => {
    release(key, id);
    letGo(key);
  };
  locks.releaseAll = (id) => {
    releaseAll(id);
    for (const key of [...since.keys()]) letGo(key);
  };
  return () => longest;
}

/** Give every school an attendance lead in Settings, as a district would, so follow-ups go to the school teams. */
function setLeads(ws: Workspace): void {
  const s = ws.sheet('Settings')!;
  const values = ws.values('Settings');
  let inSchools = false;
  values.forEach((row, r) => {
    if (row[0] === 'School') inSchools = true;
    else if (inSchools && row[0] === '') inSchools = false;
    else if (inSchools) s.values.set(r, 2, `lead.${r}@district.example.org`);
  });
}

export function runDistrictOutreach(dialogCalls = 30): DistrictRun {
  const text = readFileSync(path.resolve(__dirname, '../../data/sample/powerschool-export.csv'), 'utf8');
  const ws = new Workspace({ plugins: defaultPlugins() });
  const bundle = new LoadedBundle(ws);
  const imported = bundle.scriptRun<Outcome<unknown>>('importUploadedFile', 'export.csv', text);
  if (!imported.ok) throw new Error(imported.message);
  setLeads(ws);
  const rt = ws.rt;
  rt.resetCounts();
  const longestLock = watchLocks(ws);
  const t0 = rt.now;
  // Count executions and their emulated time.
  let executions = 0;
  let executionMs = 0;
  const run = bundle.run.bind(bundle);
  bundle.run = ((name: string, args?: unknown[], options?: object) => {
    const start = rt.now;
    executions++;
    try {
      return run(name, args, options);
    } finally {
      executionMs += rt.now - start;
    }
  }) as typeof bundle.run;
  // Documents created per day (the quota resets 24 h after the first use).
  const drive = pluginOf(ws.plugins, DrivePlugin);
  const preview = bundle.scriptRun<Outcome<DistrictRun['preview']>>('outreachPreview', {});
  if (!preview.ok) throw new Error(preview.message);
  let out = bundle.scriptRun<Outcome<Progress>>('outreachStart', {});
  let calls = 1;
  while (out.ok && out.result!.status === 'running' && calls < dialogCalls) {
    out = bundle.scriptRun<Outcome<Progress>>('outreachContinue');
    calls++;
  }
  if (!out.ok) throw new Error(out.message);
  // The dialog is closed: the clock resumes the job, hourly, for as long as it takes.
  let triggerRuns = 0;
  let clockTicks = 0;
  let previous: Progress | null = null;
  for (let h = 0; h < 24 * 14; h++) {
    const status = bundle.scriptRun<Outcome<Progress>>('outreachStatus').result!;
    if (previous && (status.done !== previous.done || status.status !== previous.status)) triggerRuns++;
    previous = status;
    if (status.status !== 'running' && status.status !== 'paused') break;
    const before = bundle.failures.length;
    clockTicks += ws.triggers.filter((t) => t.nextAt !== null && t.nextAt <= rt.now + HOUR).length;
    bundle.advance(HOUR);
    if (bundle.failures.length > before) throw new Error(bundle.failures[bundle.failures.length - 1].message);
  }
  const final = bundle.scriptRun<Outcome<Progress>>('outreachStatus').result!;
  const docs = drive.filesOf(ws.user, MIME.document);
  const byDay = new Map<number, number>();
  for (const f of docs)
    byDay.set(Math.floor((f.created - t0) / (24 * HOUR)), (byDay.get(Math.floor((f.created - t0) / (24 * HOUR))) ?? 0) + 1);
  const log = ws.values('Outreach log');
  const keyCol = log[0].indexOf('Key');
  const keys = log.slice(1).map((r) => String(r[keyCol]));
  const callsByService: Record<string, number> = {};
  for (const [k, v] of rt.calls) callsByService[k.split('.')[0]] = (callsByService[k.split('.')[0]] ?? 0) + v;
  return {
    bundle,
    preview: preview.result!,
    final,
    dialogCalls: calls,
    triggerRuns,
    clockTicks,
    executions,
    executionMinutes: executionMs / 60000,
    elapsedHours: (rt.now - t0) / HOUR,
    serviceCalls: rt.count(),
    callsByService,
    docsCreated: docs.length,
    maxDocsCreatedInADay: Math.max(...byDay.values()),
    eventsCreated: pluginOf(ws.plugins, CalendarPlugin).state.events.length,
    drafts: pluginOf(ws.plugins, GmailPlugin).state.drafts.length,
    duplicateKeys: keys.length - new Set(keys).size,
    longestLockMs: longestLock(),
  };
}

export const outreachBench: BenchSection = {
  name: 'outreach',
  run(log) {
    const t = timed(() => runDistrictOutreach());
    const r = t.value;
    const c = r.preview.counts;
    const letters = c.letters.reduce((n, l) => n + l.total, 0);
    log(`outreach: ${c.students.toLocaleString('en-US')} students in L2-L6 of the bundled district sample`);
    log(
      `  plan (preview)               ${letters.toLocaleString('en-US')} letter pages in ${c.documents} documents, ${c.drafts.toLocaleString('en-US')} drafts, ${c.events} follow-up events`,
    );
    log(
      `  final state                  ${r.final.status}: ${r.final.made.letters.toLocaleString('en-US')} pages, ${r.final.made.drafts.toLocaleString('en-US')} drafts, ${r.final.made.events} events, duplicates ${r.duplicateKeys}`,
    );
    log(
      `  executions                   ${r.executions} (${r.dialogCalls} from the dialog, ${r.clockTicks} ticks of the hourly clock, ${r.triggerRuns} of them working on the job)`,
    );
    log(`  emulated Apps Script time    ${r.executionMinutes.toFixed(1)} min of execution over ${r.elapsedHours.toFixed(1)} h of clock`);
    log(`  document lock held at most   ${(r.longestLockMs / 1000).toFixed(1)} s at a time (a sidebar save waits up to 10 s)`);
    log(
      `  service calls                ${r.serviceCalls.toLocaleString('en-US')} (${Object.entries(r.callsByService)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ')})`,
    );
    log(
      `  documents created            ${r.docsCreated} (most in one day ${r.maxDocsCreatedInADay}; consumer quota ${QUOTAS.consumer.documentsCreated}/day)`,
    );
    log(`  calendar events created      ${r.eventsCreated} (consumer quota ${QUOTAS.consumer.calendarEventsCreated}/day)`);
    log(`  wall time                    ${(t.ms / 1000).toFixed(1)} s`);
    return {
      outreach_students: c.students,
      outreach_letter_pages: r.final.made.letters,
      outreach_documents: r.docsCreated,
      outreach_drafts: r.drafts,
      outreach_events: r.eventsCreated,
      outreach_duplicates: r.duplicateKeys,
      outreach_executions: r.executions,
      outreach_service_calls: r.serviceCalls,
      outreach_emulated_min: Math.round(r.executionMinutes * 10) / 10,
      outreach_elapsed_h: Math.round(r.elapsedHours * 10) / 10,
      outreach_longest_lock_s: Math.round(r.longestLockMs / 100) / 10,
      outreach_wall_s: Math.round(t.ms / 100) / 10,
    };
  },
};
