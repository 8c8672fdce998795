/**
 * The offline run's command line: npm start [-- FILE.csv] [--out DIR] [--fresh] [--date YYYY-MM-DD].
 * Kept apart from cli.ts (which runs on import) so the tests can read it.
 */
import path from 'node:path';

export interface Args {
  file: string;
  out: string;
  fresh: boolean;
  date?: string;
  help: boolean;
}

/** A command line that cannot be run: the message says what was wrong and what to type. */
export class UsageError extends Error {}

export const USAGE = 'Usage: npm start [-- FILE.csv] [--out DIR] [--fresh] [--date YYYY-MM-DD]';

export const HELP = `${USAGE}

Runs the toolkit on an attendance export (the bundled synthetic sample when no FILE is given):
set-up, import, outreach and the report, as the add-on's menus would in Sheets, and writes DIR:
workbook.xlsx, summary.json, report.html, letters/*.docx, drafts/*.eml and followups.ics.

  FILE.csv            the export: comma, tab or semicolon separated; UTF-8, UTF-16 or Windows-1252
  --out DIR           the folder to write (default: out). A second run on the same folder continues
                      from the workbook saved there and makes nothing twice; letters/ and drafts/
                      keep what earlier runs made.
  --fresh             start over from an empty workbook, even if DIR holds a saved one
  --date YYYY-MM-DD   the day the run happens on (a new folder runs on 2026-11-23); not earlier
                      than the folder's last run
  --help              show this text

npm passes options to the toolkit only after "--": npm start -- december.csv --out district --date 2026-12-07`;

/** Reads the arguments after "npm start --". `--out DIR` and `--out=DIR` both work. */
export function parseArgs(argv: string[], defaultFile: string, cwd = process.cwd()): Args {
  const args: Args = { file: defaultFile, out: path.resolve(cwd, 'out'), fresh: false, help: false };
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [a, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) {
        throw new UsageError(`${a} needs a value: ${a === '--out' ? '--out some/folder' : '--date 2026-12-07'}. ${USAGE}`);
      }
      return v;
    };
    if (a === '--out') args.out = path.resolve(cwd, value());
    else if (a === '--date') args.date = value();
    else if (a === '--fresh' && inline === undefined) args.fresh = true;
    else if ((a === '--help' || a === '-h') && inline === undefined) args.help = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`Unknown option ${argv[i]}. ${USAGE} (--help says more)`);
    else if (file !== undefined) {
      throw new UsageError(`Give one export file at a time: ${file} and ${a} were both given. ${USAGE}`);
    } else file = a;
  }
  if (file !== undefined) args.file = path.resolve(cwd, file);
  return args;
}
