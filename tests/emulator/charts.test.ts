/** Embedded charts in the emulated SpreadsheetApp behave as Google's reference describes. */
import { Workspace } from '../../src/emulator/workspace';

function setup() {
  const ws = new Workspace();
  const g = ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp; Charts: GoogleAppsScript.Charts.Charts };
  const ss = g.SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.getSheets()[0];
  sheet.getRange(1, 1, 3, 3).setValues([
    ['School', 'L1', 'L2'],
    ['Oak', 10, 5],
    ['Elm', 7, 9],
  ]);
  return { ws, ss, sheet, Charts: g.Charts };
}

describe('embedded charts', () => {
  test('newChart ... build() does not draw the chart; insertChart puts it on the sheet with a spreadsheet-wide id', () => {
    const { ws, sheet } = setup();
    const chart = sheet
      .newChart()
      .addRange(sheet.getRange('A1:C3'))
      .addRange(sheet.getRange('A1:C3'))
      .asBarChart()
      .setStacked()
      .setOption('title', 'Tiers by school')
      .setPosition(5, 2, 0, 0)
      .build();
    expect(chart.getChartId()).toBeNull();
    expect(sheet.getCharts()).toHaveLength(0);
    sheet.insertChart(chart);
    const [stored] = ws.active.sheets[0].charts;
    expect(stored).toMatchObject({
      type: 'BAR',
      ranges: ['A1:C3'], // addRange ignores a range already added
      options: { title: 'Tiers by school', isStacked: true },
      position: { row: 5, col: 2, offsetX: 0, offsetY: 0 },
    });
    const [read] = sheet.getCharts();
    expect(read.getChartId()).toBe(stored.id);
    expect(read.getOptions().get('title')).toBe('Tiers by school');
    expect(read.getRanges()[0].getA1Notation()).toBe('A1:C3');
    expect(read.getContainerInfo().getAnchorRow()).toBe(5);
  });

  test('setChartType takes Charts.ChartType; the typed builders keep earlier settings', () => {
    const { sheet, Charts } = setup();
    const b = sheet.newChart().setOption('title', 'x').setChartType(Charts.ChartType.LINE);
    expect(b.getChartType()).toBe(Charts.ChartType.LINE);
    const c = b.asColumnChart().setPosition(1, 5, 0, 0).build();
    expect(c.modify().getChartType()).toBe('COLUMN');
    expect(c.getOptions().get('title')).toBe('x');
  });

  test('modify() changes nothing until updateChart; removeChart takes the chart off', () => {
    const { ws, sheet } = setup();
    sheet.insertChart(sheet.newChart().asLineChart().addRange(sheet.getRange('A1:B3')).setPosition(1, 5, 0, 0).build());
    const [chart] = sheet.getCharts();
    const changed = chart.modify().setOption('title', 'Updated').setPosition(2, 2, 0, 0).build();
    expect(ws.active.sheets[0].charts[0].options.title).toBeUndefined();
    sheet.updateChart(changed);
    expect(ws.active.sheets[0].charts[0]).toMatchObject({ id: chart.getChartId(), options: { title: 'Updated' }, position: { row: 2 } });
    sheet.removeChart(sheet.getCharts()[0]);
    expect(sheet.getCharts()).toHaveLength(0);
    expect(() => sheet.removeChart(changed)).toThrow();
  });

  test('a chart needs a position to be inserted, and updateChart needs a chart that is on the sheet', () => {
    const { sheet } = setup();
    expect(() => sheet.insertChart(sheet.newChart().asBarChart().addRange(sheet.getRange('A1:C3')).build())).toThrow(/position/);
    const loose = sheet.newChart().asBarChart().setPosition(1, 1, 0, 0).build();
    expect(() => sheet.updateChart(loose)).toThrow(/insertChart/);
  });

  test('a copied sheet keeps its charts as new charts that point at the copy', () => {
    const { ws, ss, sheet } = setup();
    const other = ss.insertSheet('Data');
    sheet.insertChart(
      sheet.newChart().asBarChart().addRange(sheet.getRange('A1:C3')).addRange(other.getRange('A1:A2')).setPosition(1, 5, 0, 0).build(),
    );
    const copy = sheet.copyTo(ss);
    const original = ws.active.sheets[0].charts[0];
    const copied = ws.sheet(copy.getName())!.charts[0];
    expect(copied.id).not.toBe(original.id);
    expect(copied.ranges).toEqual(['A1:C3', "'Data'!A1:A2"]);
    const ranges = copy.getCharts()[0].getRanges();
    expect(ranges[0].getSheet().getName()).toBe(copy.getName());
    expect(ranges[1].getSheet().getName()).toBe('Data');
  });
});
