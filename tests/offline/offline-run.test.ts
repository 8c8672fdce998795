/** npm start: the built toolkit in the emulated Workspace on an export, writing out/. */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSample, SEED_COUNTS } from '../../scripts/generate-sample';
import { decodeExport, EXCEL_WORKBOOK } from '../../src/offline/decode';
import { offlineSteps, runOffline, schoolSlug } from '../../src/offline/run';

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'toolkit-out-'));
}

describe('the offline run', () => {
  const dir = tmp();
  const file = path.join(dir, 'export.csv');
  writeFileSync(file, generateSample({ scale: 0.05 }));
  const out = path.join(dir, 'out');
  let summary: Awaited<ReturnType<typeof runOffline>>;
  const lines: string[] = [];

  beforeAll(async () => {
    summary = await runOffline({ file, out, schoolTeams: true, log: (l) => lines.push(l) });
  });

  test('writes summary.json with students, tiers, chronic and every rejected row', () => {
    const json = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['students', 'tiers', 'chronic', 'rejected']));
    expect(Object.keys(json.tiers)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    const expected = (t: keyof typeof SEED_COUNTS.elementary) =>
      Math.round(SEED_COUNTS.elementary[t] * 0.05) + Math.round(SEED_COUNTS.high[t] * 0.05);
    expect(json.tiers.L6).toBe(expected('L6'));
    expect(json.rejected.length).toBeGreaterThanOrEqual(9);
    expect(json.rejected[0]).toEqual({ row: expect.any(Number), reason: expect.any(String) });
    expect(json).toEqual(summary);
  });

  test('prints what it is doing and the import message', () => {
    expect(lines[0]).toMatch(/^Reading export.csv \(\d+ KB, UTF-8\)$/);
    expect(lines.join('\n')).toMatch(/Imported [\d,]+ students from export.csv/);
  });

  test('writes the workbook as .xlsx with the same sheets, literal text kept literal', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'workbook.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Roster', 'Rejected rows', 'Settings']));
    const roster = wb.getWorksheet('Roster')!;
    expect(roster.getRow(1).getCell(1).value).toBe('Student ID');
    expect(roster.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const names: unknown[] = [];
    roster.eachRow((row) => names.push(row.getCell(4).value));
    expect(names).toContain('=HYPERLINK("http://example.com/x","click me")');
    expect(names).toContain('<img src=x onerror=alert(1)>');
    let formulas = 0;
    roster.eachRow((row) => row.eachCell((c) => void (c.formula ? formulas++ : 0)));
    expect(formulas).toBe(0);
  });

  test('prepares outreach: letters as .docx, drafts as .eml, follow-ups as .ics, and their counts in summary.json', async () => {
    const json = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(json.letters).toBeGreaterThan(0);
    expect(json.drafts).toBeGreaterThan(0);
    expect(json.events).toBeGreaterThan(0);
    expect(json.skipped).toBe(json.skipped_by_reason['no-email'] + json.skipped_by_reason['invalid-email']);
    const letters = readdirSync(path.join(out, 'letters'));
    expect(letters.length).toBe(json.outreach.letter_documents);
    expect(letters[0]).toMatch(/\.docx$/);
    // A .docx is a zip whose document.xml holds the merged text.
    const zip = await JSZip.loadAsync(
      readFileSync(
        path.join(
          out,
          'letters',
          letters.find((l) => l.startsWith('Phone call sheets'))!,
        ),
      ),
    );
    expect(await zip.file('word/document.xml')!.async('string')).toMatch(/We are calling to check in/);
    const drafts = readdirSync(path.join(out, 'drafts'));
    expect(drafts.length).toBe(json.drafts);
    const eml = readFileSync(path.join(out, 'drafts', drafts[0]), 'utf8');
    expect(eml).toMatch(/^To: .*@example\.(com|org|net)>?\r\nSubject: /);
    const ics = readFileSync(path.join(out, 'followups.ics'), 'utf8');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(json.events);
    expect(ics).toMatch(/BEGIN:VALARM/);
    // Calendar keeps descriptions as HTML; the .ics holds their text.
    expect(ics).toMatch(/^DESCRIPTION:Follow-ups from the Attendance Support Toolkit/m);
    expect(ics).not.toMatch(/<br>|&nbsp;/);
  });

  test("runs Set up... with the sample schools' teams, so follow-ups go to each school's attendance lead", async () => {
    const setup = summary.setup as { changes: string[]; checklist: { status: string; item: string }[] };
    expect(setup.changes.length).toBeGreaterThan(0);
    expect(setup.changes.every((c) => c.startsWith('School: '))).toBe(true);
    expect(lines).toContain(`Set up: ${setup.changes.length} changes to Settings.`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'workbook.xlsx'));
    const schools: string[][] = [];
    let inSchools = false;
    wb.getWorksheet('Settings')!.eachRow((row) => {
      const first = String(row.getCell(1).value ?? '');
      if (first === 'Schools' || first === 'Reasons for absence') inSchools = first === 'Schools';
      else if (inSchools && first !== 'School') schools.push([1, 3, 4, 5].map((c) => String(row.getCell(c).value ?? '')));
    });
    expect(schools.length).toBe(setup.changes.length);
    for (const [name, lead, principal, phone] of schools) {
      expect(lead).toBe(`lead.${schoolSlug(name)}@district.example.org`);
      expect(principal).toBe(`principal.${schoolSlug(name)}@district.example.org`);
      expect(phone).toMatch(/^\(203\) 555-01\d\d$/);
    }
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Partners', 'Templates', 'Contacts', 'Outreach log']));
    // Every follow-up event invites a school's attendance lead.
    const ics = readFileSync(path.join(out, 'followups.ics'), 'utf8').replace(/\r\n[ \t]/g, '');
    const attendees = [...ics.matchAll(/ATTENDEE[^\r\n]*mailto:([^\r\n]+)/g)].map((m) => m[1]);
    expect(attendees.length).toBe(summary.events);
    const leads = new Set(schools.map((s) => s[1]));
    expect(attendees.every((a) => leads.has(a))).toBe(true);
    expect(new Set(attendees).size).toBeGreaterThan(1);
  });

  test('a second run on the same out dir continues from the saved workbook and creates 0 new items', async () => {
    const first = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const again: string[] = [];
    const second = await runOffline({ file, out, schoolTeams: true, log: (l) => again.push(l) });
    expect(again[0]).toMatch(/^Continuing from the workbook saved in/);
    expect(existsSync(path.join(out, '.toolkit', 'workspace.json'))).toBe(true);
    expect([second.letters, second.drafts, second.events]).toEqual([0, 0, 0]);
    // The set-up, run again with the same answers, changes nothing.
    expect((second.setup as { changes: string[] }).changes).toEqual([]);
    expect(again).toContain('Set up: nothing to change.');
    expect(second.skipped_by_reason).toMatchObject({ 'already-contacted': expect.any(Number) });
    // The files still hold everything made so far, and no more.
    expect(readdirSync(path.join(out, 'drafts')).length).toBe(first.drafts);
    expect(readdirSync(path.join(out, 'letters')).length).toBe(first.outreach.letter_documents);
  });
});

describe('exports in the encodings schools produce', () => {
  test('UTF-8, UTF-16 with BOM and Windows-1252 all read as the same text', () => {
    const text = 'LastFirst\nNúñez, María\n';
    expect(decodeExport(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeExport(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ text, encoding: 'UTF-16LE' });
    expect(decodeExport(Buffer.from(text, 'latin1'))).toEqual({ text, encoding: 'Windows-1252' });
  });

  // Windows-1252 bytes of a string (Buffer's latin1 cannot write ’ “ ” € – ...).
  const cp1252 = (text: string) =>
    Buffer.from(
      [...text].map((c) => ('’“”–€'.includes(c) ? { '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '€': 0x80 }[c]! : c.charCodeAt(0))),
    );

  test("Windows-1252's bytes 0x80-0x9F read as its characters (curly quotes, dashes, €), not as control characters", () => {
    for (const text of ['O’Brien, Seán', 'Smith “Smitty”', '€5 – ok'])
      expect(decodeExport(cp1252(text))).toEqual({ text, encoding: 'Windows-1252' });
    // The bytes Windows-1252 leaves unassigned stay as the WHATWG decoder keeps them.
    expect(decodeExport(Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d])).text).toBe('\u0081\u008d\u008f\u0090\u009d');
  });

  const HEADER = 'Student ID,Student Name,Grade,School,Days Enrolled,Days Absent\n';

  test('a UTF-8 file with a line in Windows-1252 keeps its UTF-8 lines and says which lines were read as Windows-1252', () => {
    const bytes = Buffer.concat([Buffer.from(HEADER + '1,"Pérez, José",3,Elm,50,6\n'), cp1252('2,"Müller, Jörg",3,Elm,50,6\n')]);
    expect(decodeExport(bytes)).toEqual({
      text: HEADER + '1,"Pérez, José",3,Elm,50,6\n2,"Müller, Jörg",3,Elm,50,6\n',
      encoding: 'UTF-8, 1 line Windows-1252',
      warning:
        'Line 3 was not saved as UTF-8 and was read as Windows-1252 (Western): check the names on that line, or save the file again as CSV UTF-8.',
    });
    // Lines are numbered as the import numbers them, whatever the line breaks (CRLF, CR).
    const lines = ['Student ID\r\n', 'Núñez\r\n', 'Müller\r\n', 'Ana\r', 'O’Brien\r\n', 'Zoë'];
    const mixed = Buffer.concat(lines.map((l, i) => (i === 2 || i === 4 ? cp1252(l) : Buffer.from(l))));
    expect(decodeExport(mixed)).toMatchObject({
      text: lines.join(''),
      warning: expect.stringMatching(
        /^Lines 3 and 5 were not saved as UTF-8 and were read as Windows-1252 \(Western\): check the names on those lines/,
      ),
    });
  });

  test('the offline run prints which lines were read as Windows-1252, and their names and the UTF-8 ones reach the Roster right', async () => {
    const dir = tmp();
    const file = path.join(dir, 'mixed.csv');
    writeFileSync(file, Buffer.concat([Buffer.from(HEADER + '1,"Pérez, José",3,Elm,50,6\n'), cp1252('2,"O’Brien, Jörg",3,Elm,50,6\n')]));
    const lines: string[] = [];
    const steps = offlineSteps().filter((s) => s.name === 'import');
    const summary = await runOffline({ file, out: path.join(dir, 'out'), log: (l) => lines.push(l) }, steps);
    expect(summary.students).toBe(2);
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^Reading mixed\.csv \(\d+ bytes, UTF-8, 1 line Windows-1252\)$/),
      'Line 3 was not saved as UTF-8 and was read as Windows-1252 (Western): check the names on that line, or save the file again as CSV UTF-8.',
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out', 'workbook.xlsx'));
    const cells: unknown[] = [];
    wb.getWorksheet('Roster')!.eachRow((row) => row.eachCell((c) => void cells.push(c.value)));
    expect(cells).toEqual(expect.arrayContaining(['José Pérez', 'Jörg O’Brien']));
  });

  test('--date: a newer export imported two weeks later is a new fortnight of the report, with its movement', async () => {
    const dir = tmp();
    const out = path.join(dir, 'out');
    const steps = offlineSteps().filter((s) => s.name === 'import' || s.name === 'report');
    const write = (name: string, absent: number[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, HEADER + absent.map((a, i) => `${100 + i},"Pupil, P${i}",3,Elm,${absent.length > 12 ? 60 : 50},${a}\n`).join(''));
      return file;
    };
    const days = Array.from({ length: 12 }, (_, i) => i % 4);
    await runOffline({ file: write('november.csv', days), out }, steps);
    // Two weeks later every student has missed two more days: those on 0-1 days move up to L2.
    const later = write(
      'december.csv',
      days.map((d) => d + 2),
    );
    const second = await runOffline({ file: later, out, date: '2026-12-07' }, steps);
    const report = second.report as Record<string, number>;
    expect(report.moved_up).toBe(6);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'workbook.xlsx'));
    expect(wb.getWorksheet('Imports')!.rowCount).toBe(3);
    // Not back in time: the saved workbook's History would be out of order.
    await expect(runOffline({ file: later, out, date: '2026-12-01' }, steps)).rejects.toThrow(
      "--date 2026-12-01 is before the saved workbook's last run (2026-12-07). Give a later day, or --fresh to start over.",
    );
    await expect(runOffline({ file: later, out, date: '12/21/2026' }, steps)).rejects.toThrow(/is not a day written as yyyy-mm-dd/);
    // A new workbook may start on any day, earlier ones included.
    const fresh = await runOffline({ file: later, out: path.join(dir, 'september'), date: '2026-09-01' }, steps);
    expect(fresh.students).toBe(12);
  });

  test('an Excel workbook (.xlsx or .xls) is refused with a plain message, not read as a CSV', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('\x14\x00\x06\x00 [Content_Types].xml "x"\n')]);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x22, 0x0a]);
    expect(() => decodeExport(xlsx)).toThrow(EXCEL_WORKBOOK);
    expect(() => decodeExport(xls)).toThrow(EXCEL_WORKBOOK);
    expect(EXCEL_WORKBOOK).toBe(
      'This file is an Excel workbook, not a CSV file. In Excel, choose File > Save As > CSV UTF-8 (Comma delimited), or in Sheets File > Import it, and import that.',
    );
    const dir = tmp();
    const file = path.join(dir, 'export.xlsx');
    writeFileSync(file, xlsx);
    await expect(runOffline({ file, out: path.join(dir, 'out') })).rejects.toThrow(EXCEL_WORKBOOK);
  });
});
