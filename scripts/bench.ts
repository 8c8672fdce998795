/**
 * npm run bench: speed, memory and service-call figures, printed (not asserted in tests).
 * The last line is one JSON object with every figure, for tracking over time.
 */
import { importBench } from './bench/import';
import { outreachBench } from './bench/outreach';
import { sidebarBench } from './bench/sidebar';
import { BenchSection } from './bench/harness';
import { reportBench } from './bench/report';

const SECTIONS: BenchSection[] = [importBench, outreachBench, sidebarBench, reportBench];

async function main(): Promise<void> {
  const figures: Record<string, number> = {};
  for (const section of SECTIONS) Object.assign(figures, await section.run((line) => console.log(line)));
  console.log(JSON.stringify(figures));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
