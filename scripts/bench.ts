/**
 * npm run bench: speed, memory and service-call figures, printed (not asserted in tests).
 * The last line is one JSON object with every figure, for tracking over time.
 * `npm run bench -- import report` runs only the named sections.
 */
import { importBench } from './bench/import';
import { outreachBench } from './bench/outreach';
import { sidebarBench } from './bench/sidebar';
import { BenchSection } from './bench/harness';
import { reportBench } from './bench/report';

const SECTIONS: BenchSection[] = [importBench, outreachBench, sidebarBench, reportBench];

async function main(): Promise<void> {
  const figures: Record<string, number> = {};
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`No bench section named ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  for (const section of SECTIONS.filter((s) => only.length === 0 || only.includes(s.name)))
    Object.assign(figures, await section.run((line) => console.log(line)));
  console.log(JSON.stringify(figures));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
