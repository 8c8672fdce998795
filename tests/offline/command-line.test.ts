/** npm start's command line, wrong paths, and what it says about the files in --out. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HELP, parseArgs, USAGE } from '../../src/offline/args';
import { checkPaths, offlineSteps, plainFileError, runOffline } from '../../src/offline/run';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'toolkit-cli-'));
const SAMPLE = '/repo/data/sample/powerschool-export.csv';
const HEADER = 'Student ID,Student Name,Grade,School,Days Enrolled,Days Absent,Parent Email\n';

describe('the command line', () => {
  test('reads a file, --out DIR or --out=DIR, --fresh and --date, paths from where they were typed', () => {
    expect(parseArgs([], SAMPLE, '/home/ana')).toEqual({ file: SAMPLE, out: '/home/ana/out', fresh: false, help: false });
    expect(parseArgs(['nov.csv', '--out=district', '--fresh', '--date', '2026-12-07'], SAMPLE, '/home/ana')).toEqual({
      file: '/home/ana/nov.csv',
      out: '/home/ana/district',
      fresh: true,
      date: '2026-12-07',
      help: false,
    });
    expect(parseArgs(['--help'], SAMPLE).help).toBe(true);
  });

  test('an option without its value, a second file or an unknown option is refused, not silently ignored', () => {
    // Before, "--out" alone wrote to out/, "--out --fresh" wrote to a folder named --fresh, and "--date" alone was ignored.
    expect(() => parseArgs(['a.csv', '--out'], SAMPLE)).toThrow(`--out needs a value: --out some/folder. ${USAGE}`);
    expect(() => parseArgs(['a.csv', '--out', '--fresh'], SAMPLE)).toThrow(/^--out needs a value/);
    expect(() => parseArgs(['a.csv', '--date'], SAMPLE)).toThrow(/^--date needs a value: --date 2026-12-07/);
    expect(() => parseArgs(['--out=', 'a.csv'], SAMPLE)).toThrow(/^--out needs a value/);
    // Before, the last file given was run and the first silently dropped.
    expect(() => parseArgs(['nov.csv', 'dec.csv'], SAMPLE)).toThrow(/^Give one export file at a time: nov.csv and dec.csv were both given/);
    expect(() => parseArgs(['--outt', 'x'], SAMPLE)).toThrow(/^Unknown option --outt\. Usage: .* \(--help says more\)$/);
  });

  test('--help explains each option the README gives, and how to pass them through npm', () => {
    for (const option of ['FILE.csv', '--out DIR', '--fresh', '--date YYYY-MM-DD', '--help']) expect(HELP).toContain(option);
    expect(HELP).toMatch(/only after "--": npm start -- /);
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const run = readme.slice(
      readme.indexOf('Run it on your own export'),
      readme.indexOf('```bash', readme.indexOf('Run it on your own export')),
    );
    const options = [...new Set(run.match(/--[a-z]+/g))];
    expect(options).toEqual(['--out', '--fresh', '--date']);
    for (const o of options) expect(HELP).toContain(`  ${o}`);
    // The day a new folder runs on, as the README gives it.
    expect(run).toContain('a new folder runs on 2026-11-23');
    expect(HELP).toContain('a new folder runs on 2026-11-23');
  });
});

describe('wrong paths are said plainly, before anything is made', () => {
  const dir = tmp();
  const file = path.join(dir, 'export.csv');
  writeFileSync(file, HEADER + '1,"Ana, B",3,Elm,50,2,a@example.com\n');
  const aFile = path.join(dir, 'notes.txt');
  writeFileSync(aFile, 'notes');

  test('a folder given as the export', async () => {
    // Before: "EISDIR: illegal operation on a directory, read".
    await expect(runOffline({ file: dir, out: path.join(dir, 'out') })).rejects.toThrow(
      /is a folder, not an export file\. Give the export file itself, such as .*export\.csv\.$/,
    );
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('--out naming a file, or a folder inside a file', async () => {
    // Before: "ENOTDIR: not a directory, mkdir '.../notes.txt/.toolkit'".
    await expect(runOffline({ file, out: aFile })).rejects.toThrow(/notes\.txt is a file, not a folder\. Give --out a folder/);
    expect(() => checkPaths(file, path.join(aFile, 'run'))).toThrow(/cannot be made: .*notes\.txt is a file, not a folder/);
    expect(readFileSync(aFile, 'utf8')).toBe('notes');
  });

  test('a file that is not there', () => {
    expect(() => checkPaths(path.join(dir, 'nope.csv'), dir)).toThrow(/^There is no file at .*nope\.csv\. Check the name and folder/);
  });

  test("a file system's refusal (a read-only folder) is said in words, with what to do", () => {
    const eacces = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/out/.toolkit'"), {
      code: 'EACCES',
      path: '/srv/out/.toolkit',
    });
    expect(plainFileError(eacces, '/srv/out').message).toMatch(
      /^Could not write .*srv\/out\/\.toolkit: no permission, or a read-only disk\. Give --out a folder you can write in/,
    );
    const other = new Error('The file is empty.');
    expect(plainFileError(other, '/srv/out')).toBe(other);
  });

  test('an export that cannot be imported leaves no out folder behind', async () => {
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    // Before, the empty out/.toolkit/ folder was made before the import was tried.
    await expect(runOffline({ file: empty, out: path.join(dir, 'out-empty') })).rejects.toThrow(/^The file is empty/);
    expect(existsSync(path.join(dir, 'out-empty'))).toBe(false);
  });
});

describe('a second run into the same --out with another file', () => {
  test("says that letters/ and drafts/ still hold the earlier runs' outreach", async () => {
    const dir = tmp();
    const out = path.join(dir, 'out');
    const steps = offlineSteps().filter((s) => s.name !== 'sample history' && s.name !== 'report');
    const write = (name: string, rows: string[]) => {
      writeFileSync(path.join(dir, name), HEADER + rows.join('\n') + '\n');
      return path.join(dir, name);
    };
    const first = write(
      'north.csv',
      Array.from({ length: 6 }, (_, i) => `${100 + i},"North, P${i}",3,North School,50,${8 + i},p${i}@example.com`),
    );
    const lines: string[] = [];
    const one = await runOffline({ file: first, out, log: (l) => lines.push(l) }, steps);
    expect(lines.join('\n')).not.toMatch(/also holds/);
    const second = write('south.csv', [`900,"South, Q",4,South School,50,9,q@example.com`]);
    const again: string[] = [];
    const two = await runOffline({ file: second, out, log: (l) => again.push(l) }, steps);
    const files = (two.outreach as { files: { letters: number; drafts: number } }).files;
    expect(files.letters).toBe(readdirSync(path.join(out, 'letters')).length);
    expect(files.drafts).toBe(readdirSync(path.join(out, 'drafts')).length);
    const earlierLetters = (one.outreach as { letter_documents: number }).letter_documents;
    expect(earlierLetters).toBeGreaterThan(0);
    expect(again).toContain(
      `${path.relative(process.cwd(), out)}/ also holds what earlier runs into it made: ${earlierLetters} letter documents in letters/ and ${one.drafts} drafts in drafts/ ` +
        "(summary.json's outreach.files counts them all). To start over with only this file's outreach, run again with --fresh or another --out folder.",
    );
    // --fresh starts over: only the new file's outreach is in the folder.
    const fresh = await runOffline({ file: second, out, fresh: true }, steps);
    expect(readdirSync(path.join(out, 'letters')).length).toBe((fresh.outreach as { letter_documents: number }).letter_documents);
    expect(readdirSync(path.join(out, 'drafts')).length).toBe(fresh.drafts);
  });
});

describe('a semicolon-separated file from a European Excel', () => {
  test('reads its decimal commas (4,5 days) as numbers, not as rejected rows', async () => {
    const dir = tmp();
    const file = path.join(dir, 'europe.csv');
    writeFileSync(
      file,
      'Student ID;Student Name;Grade;School;Days Enrolled;Days Absent\r\n' +
        '1;"Núñez, María";3;Elm;50,0;4,5\r\n2;"Peña, José";3;Elm;50;12\r\n3;"Ruiz, Ana";3;Elm;50;abc\r\n',
    );
    const steps = offlineSteps().filter((s) => s.name === 'import');
    const summary = await runOffline({ file, out: path.join(dir, 'out') }, steps);
    expect(summary.students).toBe(2);
    expect(summary.rejected).toEqual([{ row: 4, reason: 'Days absent is "abc", which is not a number of days.' }]);
    // 4.5 of 50 days is 9%: L2 Alert (2-5 days), not chronic; 12 days is L4 and chronic.
    expect(summary.tiers).toMatchObject({ L2: 1, L4: 1 });
    expect(summary.chronic).toBe(1);
  });
});

describe('rejected rows, offline', () => {
  test('the run says where the Rejected rows sheet the import message names is: in workbook.xlsx, and in summary.json', async () => {
    const dir = tmp();
    const out = path.join(dir, 'out');
    const steps = offlineSteps().filter((s) => s.name === 'import');
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, HEADER + '1,"Ana, B",3,Elm,50,2,a@example.com\n,"No, Id",3,Elm,50,2,\n2,"Neg, Days",3,Elm,50,-2,\n');
    const lines: string[] = [];
    const summary = await runOffline({ file, out, log: (l) => lines.push(l) }, steps);
    expect(summary.rejected.map((r) => r.row)).toEqual([3, 4]);
    expect(lines).toContain(
      `The rows not imported, each with its line and reason, are on the Rejected rows sheet of ${path.relative(process.cwd(), out)}/workbook.xlsx and under "rejected" in ${path.relative(process.cwd(), out)}/summary.json.`,
    );
    // A later import with every row good says nothing of it.
    writeFileSync(file, HEADER + '1,"Ana, B",3,Elm,50,2,a@example.com\n');
    const again: string[] = [];
    expect((await runOffline({ file, out, log: (l) => again.push(l) }, steps)).rejected).toEqual([]);
    expect(again.join('\n')).not.toMatch(/Rejected rows sheet/);
  });
});
