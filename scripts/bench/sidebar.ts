/**
 * The student panel on a district-size workbook (17,721 students, 20,000 log entries): what
 * opening a student costs in Spreadsheet calls (constant: one read per sheet) and time, the
 * search, one save, and 50 saves at the same instant.
 */
import { runConcurrently } from '../../src/emulator/concurrent';
import { LoadedBundle } from '../../src/emulator/bundle';
import { addLogEntries, importedDistrict } from './district';
import { performance } from 'node:perf_hooks';
import { BenchSection, collect, median, timed } from './harness';

const ENTRIES = 20000;

interface Measured {
  calls: number;
  reads: number;
  ms: number;
  emulatedS: number;
}

function measure(bundle: LoadedBundle, fn: string, args: unknown[], runs = 5): Measured {
  const rt = bundle.ws.rt;
  let calls = 0;
  let reads = 0;
  let emulated = 0;
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    rt.resetCounts();
    const before = rt.now;
    collect();
    const t = timed(() => bundle.scriptRun<{ ok: boolean; message: string }>(fn, ...args));
    if (!t.value.ok) throw new Error(`${fn}: ${t.value.message}`);
    if (i > 0) times.push(t.ms); // the first run warms up
    calls = rt.count('SpreadsheetApp');
    reads = rt.calls.get('SpreadsheetApp.Range.getValues') ?? 0;
    emulated = (rt.now - before) / 1000;
  }
  return { calls, reads, ms: median(times), emulatedS: emulated };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export const sidebarBench: BenchSection = {
  name: 'sidebar',
  async run(log) {
    const small = importedDistrict();
    const focusSmall = small.studentIds[0];
    addLogEntries(small.bundle, small.studentIds, 50, focusSmall);
    const smallPanel = measure(small.bundle, 'studentPanel', [focusSmall], 1);

    const { bundle, studentIds } = importedDistrict();
    const focus = studentIds[0];
    addLogEntries(bundle, studentIds, ENTRIES, focus);
    const entries = Object.values(bundle.ws.active.sheets)
      .filter((s) => ['Contacts', 'Home visits', 'Referrals', 'Success plans', 'Outreach log'].includes(s.name))
      .reduce((n, s) => n + s.values.lastRow() - 1, 0);
    log(`sidebar: ${studentIds.length.toLocaleString('en-US')} students, ${entries.toLocaleString('en-US')} log entries`);

    const start = measure(bundle, 'panelStart', [focus]);
    const panel = measure(bundle, 'studentPanel', [focus]);
    const search = measure(bundle, 'findStudents', ['maria'], 5);
    const form = { studentId: focus, method: 'Phone call', outcome: 'Reached', reason: 'Illness', notes: 'Bench' };
    const save = measure(bundle, 'saveContact', [form], 3);

    log(
      `  open the panel (panelStart)   ${start.calls} Spreadsheet calls (${start.reads} getValues), ${start.ms.toFixed(1)} ms, ${start.emulatedS.toFixed(1)} s emulated`,
    );
    log(
      `  open a student (studentPanel) ${panel.calls} Spreadsheet calls (${panel.reads} getValues), ${panel.ms.toFixed(1)} ms, ${panel.emulatedS.toFixed(1)} s emulated` +
        `   (with 50 entries: ${smallPanel.calls} calls: constant)`,
    );
    log(`  search "maria"                ${search.calls} Spreadsheet calls, ${search.ms.toFixed(1)} ms`);
    log(
      `  save a contact (+ refreshed)  ${save.calls} Spreadsheet calls, ${save.ms.toFixed(1)} ms, ${save.emulatedS.toFixed(1)} s emulated`,
    );

    // 50 saves at the same instant, each its own execution (worker thread) on the shared workbook.
    const calls = Array.from({ length: 50 }, (_, i) => ({
      user: `staff${i}@district.example.org`,
      fn: 'saveContact',
      args: [{ ...form, studentId: studentIds[i * 300], notes: `concurrent ${i}` }],
    }));
    const before = bundle.ws.values('Contacts').length;
    const t0 = performance.now();
    const run = await runConcurrently(bundle.ws, calls);
    const concurrentMs = performance.now() - t0;
    const landed = bundle.ws.values('Contacts').length - before;
    const ok = run.results.filter((r) => r.ok && (r.value as { ok: boolean }).ok).length;
    log(
      `  50 saves at the same instant   ${landed} landed, ${ok} said Saved, lock waits ${run.lock.contended} (most waiting at once ${run.lock.maxWaiting}), ${(concurrentMs / 1000).toFixed(1)} s`,
    );

    return {
      sidebar_students: studentIds.length,
      sidebar_log_entries: entries,
      panel_start_sheet_calls: start.calls,
      panel_sheet_calls: panel.calls,
      panel_sheet_calls_50_entries: smallPanel.calls,
      panel_getvalues: panel.reads,
      panel_start_ms: round(start.ms),
      panel_ms: round(panel.ms),
      panel_emulated_s: round(panel.emulatedS),
      search_ms: round(search.ms),
      save_sheet_calls: save.calls,
      save_ms: round(save.ms),
      concurrent_saves_landed: landed,
      concurrent_lock_waits: run.lock.contended,
      concurrent_ms: round(concurrentMs, 0),
    };
  },
};
