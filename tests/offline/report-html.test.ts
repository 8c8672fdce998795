/**
 * The offline run's out/report.html, rendered in headless Chromium: every section with its charts,
 * no network, printable, and the same numbers as the Report sheet in out/workbook.xlsx.
 * The screenshot and the PDF are saved under test-output/ (gitignored) for a person to look at.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { generateSample } from '../../scripts/generate-sample';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/emulator/chromium';
import { runOffline } from '../../src/offline/run';

const OUTPUT = path.resolve(__dirname, '../../test-output');

describe('out/report.html in a browser', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolkit-report-'));
  const file = path.join(dir, 'export.csv');
  writeFileSync(file, generateSample({ scale: 0.1 }));
  const out = path.join(dir, 'out');
  let browser: Browser;
  let summary: Awaited<ReturnType<typeof runOffline>>;

  beforeAll(async () => {
    summary = await runOffline({ file, out, sampleHistory: 2 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('summary.json gains the headline rates', () => {
    const json = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(json).toMatchObject({
      chronic_rate: expect.any(Number),
      enrolled_rate: expect.any(Number),
      no_attendance_rate: expect.any(Number),
    });
    expect(json.chronic_rate).toBe(summary.chronic_rate);
    const tiered = Object.values(json.tiers as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(json.chronic_rate).toBeCloseTo((100 * json.chronic) / tiered, 1);
  });

  test('renders every section with its charts, loads nothing from the network, and prints', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = `file://${path.join(out, 'report.html')}`;
    await page.goto(url);
    expect(requests).toEqual([url]);
    const sections = await page.$$eval('section', (s) => s.map((x) => x.id));
    expect(sections).toEqual(['headline', 'toolkit', 'bands', 'schools', 'grades', 'subgroups', 'movement', 'warning', 'coverage']);
    // Charts are inline SVG: a line across the imports against the goal, stacked bars per school.
    expect(await page.$$eval('#trend-chart svg polyline', (p) => p.length)).toBe(2);
    expect(await page.$$eval('#schools-chart svg rect', (r) => r.length)).toBeGreaterThan(30);
    expect(await page.$$eval('script, img, link, iframe', (x) => x.length)).toBe(0);
    // Movement and early warning come from the sample's History (two earlier exports).
    expect(await page.$$eval('#movement-list tbody tr', (r) => r.length)).toBeGreaterThan(0);
    expect(await page.$$eval('#warning-list tbody tr', (r) => r.length)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUTPUT, 'report-top.png') });
    await page.screenshot({ path: path.join(OUTPUT, 'report.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: path.join(OUTPUT, 'report.pdf'), format: 'Letter', landscape: true });
    expect(statSync(path.join(OUTPUT, 'report.png')).size).toBeGreaterThan(50_000);
    expect(statSync(path.join(OUTPUT, 'report.pdf')).size).toBeGreaterThan(50_000);
    await page.close();
  });

  test('shows the same numbers as the Report sheet', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${path.join(out, 'report.html')}`);
    const htmlRows = await page.$$eval('#tiers-district tbody tr', (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)),
    );
    const htmlSchools = await page.$$eval('#by-school tbody tr', (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)),
    );
    await page.close();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'workbook.xlsx'));
    const sheet = wb.getWorksheet('Report')!;
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => (rows[n - 1] = (row.values as unknown[]).slice(1)));
    const at = rows.findIndex((r) => r && r[0] === 'L1 = on Track');
    const shown = (v: unknown, decimals: number) =>
      typeof v === 'number' ? v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : String(v);
    const sheetRows = rows.slice(at, at + 7).map((r) => [String(r[0]), shown(r[1], 0), shown(r[2], 1)]);
    expect(sheetRows).toEqual(htmlRows);
    const s = rows.findIndex((r) => r && r[0] === 'School');
    const sheetSchools = rows
      .slice(s + 1, s + 1 + htmlSchools.length)
      .map((r) => [String(r[0]), shown(r[1], 0), shown(r[2], 0), shown(r[3], 1)]);
    expect(sheetSchools).toEqual(htmlSchools.map((r) => r.slice(0, 4)));
  });
});
