/**
 * Writes the emulated spreadsheet as an .xlsx file: the same sheets a user would see in Sheets,
 * with values, number formats, colours, bold headers, frozen rows and filters. Text is written
 * as text cells (literal text stays literal); only real formulas are written as formulas.
 */
import ExcelJS from 'exceljs';
import { columnLetter } from '../emulator/a1';
import { SheetState, SpreadsheetState } from '../emulator/spreadsheet';

function argb(color: string): string {
  const hex = color.replace('#', '');
  return (
    'FF' +
    (hex.length === 3
      ? hex
          .split('')
          .map((c) => c + c)
          .join('')
      : hex
    ).toUpperCase()
  );
}

function excelFormat(format: string): string {
  // Sheets' "0.#" shows integers without a trailing point; Excel needs "General" for that.
  return format === '0.#' ? 'General' : format;
}

function lastRow(s: SheetState): number {
  return Math.max(
    s.values.lastRow((v) => v !== ''),
    s.formulas.lastRow(),
    s.backgrounds.lastRow(),
  );
}

function lastCol(s: SheetState): number {
  return Math.max(
    s.values.lastCol((v) => v !== ''),
    s.formulas.lastCol(),
  );
}

export async function writeXlsx(spreadsheet: SpreadsheetState, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
  wb.creator = 'Attendance Support Toolkit (offline run)';
  for (const s of spreadsheet.sheets) {
    const rows = lastRow(s);
    const cols = Math.max(1, lastCol(s));
    const ws = wb.addWorksheet(s.name, {
      views: s.frozenRows > 0 ? [{ state: 'frozen', ySplit: s.frozenRows, xSplit: s.frozenCols }] : undefined,
      state: s.hidden ? 'hidden' : 'visible',
    });
    if (s.tabColor) ws.properties.tabColor = { argb: argb(s.tabColor) };
    ws.columns = Array.from({ length: cols }, (_, c) => ({ width: (s.columnWidths[c + 1] ?? 110) / 7 }));
    if (s.filter) {
      const f = s.filter;
      ws.autoFilter = `${columnLetter(f.col)}${f.row}:${columnLetter(f.col + f.numCols - 1)}${f.row + f.numRows - 1}`;
    }
    for (const rule of s.conditionalRules) {
      const ref = rule.ranges
        .map((r) => `${columnLetter(r.col)}${r.row}:${columnLetter(r.col + r.numCols - 1)}${r.row + r.numRows - 1}`)
        .join(' ');
      const style: Partial<ExcelJS.Style> = {};
      if (rule.background) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.background) } };
      if (rule.fontColor || rule.bold) style.font = { color: rule.fontColor ? { argb: argb(rule.fontColor) } : undefined, bold: rule.bold };
      const formula = rule.formula
        ? rule.formula.replace(/^=/, '')
        : `${columnLetter(rule.ranges[0].col)}${rule.ranges[0].row}="${rule.textEqualTo}"`;
      ws.addConditionalFormatting({ ref, rules: [{ type: 'expression', priority: 1, formulae: [formula], style }] });
    }
    const fills = new Map<string, ExcelJS.Fill>();
    const fillFor = (color: string): ExcelJS.Fill => {
      let f = fills.get(color);
      if (!f) fills.set(color, (f = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(color) } }));
      return f;
    };
    for (let r = 0; r < rows; r++) {
      const values = s.values.rows[r];
      const formulas = s.formulas.rows[r];
      const row = ws.getRow(r + 1);
      for (let c = 0; c < cols; c++) {
        const v = values?.[c];
        const formula = formulas?.[c];
        const bg = s.backgrounds.get(r, c);
        const fmt = s.numberFormats.get(r, c);
        const bold = s.fontWeights.get(r, c) === 'bold';
        if (v === undefined && formula === undefined && !bg) continue;
        const cell = row.getCell(c + 1);
        if (formula !== undefined)
          cell.value = {
            formula: formula.slice(1),
            result: v === undefined ? undefined : (v as ExcelJS.CellValue),
          } as ExcelJS.CellFormulaValue;
        else if (v !== undefined && v !== '') cell.value = v as ExcelJS.CellValue;
        if (bg && bg !== '#ffffff') cell.fill = fillFor(bg);
        if (fmt && fmt !== '@') cell.numFmt = excelFormat(fmt);
        if (bold) cell.font = { bold: true };
        const note = s.notes.get(r, c);
        if (note) cell.note = note;
      }
      row.commit();
    }
    ws.commit();
  }
  await wb.commit();
}
