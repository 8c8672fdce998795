/**
 * The bi-weekly report for the district-size sample: the core's time for the whole report (model,
 * tables, sheet layout, HTML), the whole Build report through the built bundle, and the
 * Spreadsheet calls it makes (each sheet read once, the report written in one call).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildModel,
  HISTORY_HEADERS,
  layoutReport,
  previousImport,
  readImports,
  readSnapshot,
  reportDocument,
  reportHtml,
} from '../../src/core/report';
import { studentsFromRoster } from '../../src/core/roster';
import { readSettings } from '../../src/core/settings';
import { LoadedBundle } from '../../src/emulator/bundle';
import { defaultPlugins } from '../../src/emulator/plugins';
import { Workspace } from '../../src/emulator/workspace';
import { earlierExport } from '../../src/offline/sample-history';
import { BenchSection, collect, median, timed } from './harness';

export const reportBench: BenchSection = {
  name: 'report',
  run(log) {
    const text = readFileSync(path.resolve(__dirname, '../../data/sample/powerschool-export.csv'), 'utf8');
    const ws = new Workspace({ plugins: defaultPlugins() });
    const bundle = new LoadedBundle(ws);
    const start = ws.rt.now;
    ws.rt.now = start - 14 * 86400000;
    const importOk = (t: string) => {
      const r = bundle.scriptRun<{ ok: boolean; message: string }>('importUploadedFile', 'export.csv', t);
      if (!r.ok) throw new Error(r.message);
    };
    importOk(earlierExport(text, 10));
    bundle.advance(14 * 86400000);
    importOk(text);

    // The core alone, on the same inputs the bundle reads.
    const students = studentsFromRoster(ws.values('Roster'));
    const { settings } = readSettings(ws.values('Settings'));
    const tz = -300;
    const imports = readImports(ws.values('Imports'), tz);
    const history = ws.values('Attendance history').slice(1);
    const currentImportId = imports[imports.length - 1].importId;
    const base = { imports, currentImportId, settings, tzOffsetMinutes: tz };
    const prev = previousImport(base);
    const inputs = {
      ...base,
      students,
      previous: prev ? readSnapshot(history, prev.importId, tz) : null,
      latest: readSnapshot(history, currentImportId, tz),
      logs: {},
      now: ws.rt.now,
    };
    let htmlKb = 0;
    const core = () => {
      const model = buildModel(inputs);
      const doc = reportDocument(model);
      layoutReport(doc);
      htmlKb = reportHtml(doc).length / 1024;
    };
    core();
    const coreMs = median(Array.from({ length: 7 }, () => (collect(), timed(core).ms)));

    // The whole Build report through the bundle.
    let calls = new Map<string, number>();
    let virtualMs = 0;
    const whole = () => {
      ws.rt.resetCounts();
      const t0 = ws.rt.now;
      collect();
      const t = timed(() => bundle.scriptRun<{ ok: boolean; message: string }>('buildReport'));
      if (!t.value.ok) throw new Error(t.value.message);
      virtualMs = ws.rt.now - t0;
      calls = new Map(ws.rt.calls);
      return t.ms;
    };
    whole();
    const wholeMs = median(Array.from({ length: 3 }, whole));
    const sheetCalls = [...calls].filter(([k]) => k.startsWith('SpreadsheetApp.')).reduce((n, [, v]) => n + v, 0);
    const reads = calls.get('SpreadsheetApp.Range.getValues') ?? 0;
    const writes = calls.get('SpreadsheetApp.Range.setValues') ?? 0;
    const historyCells = (history.length + 1) * HISTORY_HEADERS.length;

    log(
      `report: ${students.length.toLocaleString('en-US')} students, History of ${imports.length} imports (${historyCells.toLocaleString('en-US')} cells)`,
    );
    log(`  core: model, tables, sheet layout and HTML  ${coreMs.toFixed(1)} ms   (report.html ${htmlKb.toFixed(0)} KB)`);
    log(`  whole Build report (built bundle)          ${wholeMs.toFixed(1)} ms`);
    log(
      `  Spreadsheet service calls                  ${sheetCalls}   (${reads} reads: Roster, Settings, Imports, one History block; ${writes} write of values)`,
    );
    log(`  emulated Apps Script time                  ${(virtualMs / 1000).toFixed(1)} s of service latency (limit 360 s)`);
    return {
      report_core_ms: round(coreMs),
      report_ms: round(wholeMs),
      report_sheet_calls: sheetCalls,
      report_reads: reads,
      report_writes: writes,
      report_emulated_s: round(virtualMs / 1000),
      history_cells_per_import: (students.length + 0) * HISTORY_HEADERS.length,
    };
  },
};

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
