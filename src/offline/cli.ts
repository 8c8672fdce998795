/**
 * npm start [-- FILE.csv] [--out DIR] [--fresh] [--date YYYY-MM-DD]
 *
 * Runs the built toolkit in the emulated Workspace on an export (the bundled synthetic sample
 * by default) and writes DIR (default ./out): workbook.xlsx, summary.json and what later steps add.
 */
import path from 'node:path';
import { pct1 } from '../core/report/numbers';
import { TIERS } from '../core/rules';
import { plural } from '../core/words';
import { Args, HELP, parseArgs } from './args';
import { checkPaths, runOffline } from './run';

const SAMPLE = path.resolve(__dirname, '../../data/sample/powerschool-export.csv');

async function main(): Promise<void> {
  // A wrong command line or path: nothing was done (exit 2), and the message says what to type.
  // npm runs scripts in the project folder: paths typed are read from where they were typed.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2), SAMPLE);
    if (args.help) {
      console.log(HELP);
      return;
    }
    checkPaths(args.file, args.out);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const started = Date.now();
  // The bundled sample comes with three earlier fortnights, so its report shows movement and a trend.
  const sampleHistory = args.file === SAMPLE ? 3 : 0;
  // The sample's schools get synthetic attendance leads and principals, so follow-ups go to school teams.
  const summary = await runOffline({ ...args, sampleHistory, schoolTeams: args.file === SAMPLE, log: (line) => console.log(line) });
  const n = (x: number) => x.toLocaleString('en-US');
  // Shares of the students with attendance reported, rounded as the report rounds them (src/core/report/numbers.ts).
  const tiered = Object.values(summary.tiers).reduce((a, b) => a + b, 0);
  const pct = (x: number) => {
    const p = pct1(x, tiered);
    return p === null ? '-' : p.toFixed(1) + '%';
  };
  console.log('');
  console.log('Tier                    Students   Share');
  for (const t of TIERS) {
    const count = summary.tiers[t.id] ?? 0;
    console.log(`${`${t.id} ${t.name}`.padEnd(22)} ${n(count).padStart(9)}  ${pct(count).padStart(6)}`);
  }
  console.log(`${'Chronically absent'.padEnd(22)} ${n(summary.chronic).padStart(9)}  ${pct(summary.chronic).padStart(6)}`);
  console.log(`${'Rows rejected'.padEnd(22)} ${n(summary.rejected.length).padStart(9)}`);
  console.log(
    `${'Outreach made'.padEnd(22)} ${plural(Number(summary.letters ?? 0), 'letter page')}, ${plural(Number(summary.drafts ?? 0), 'draft')}, ${plural(Number(summary.events ?? 0), 'follow-up event')} (${plural(Number(summary.skipped ?? 0), 'student')} skipped)`,
  );
  console.log('');
  console.log(
    `Wrote ${path.relative(process.cwd(), args.out) || '.'}/: workbook.xlsx, summary.json, report.html, letters/*.docx, drafts/*.eml, followups.ics (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
