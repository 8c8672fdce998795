/**
 * The report as one self-contained HTML page (out/report.html): no scripts, no network, charts as
 * inline SVG drawn from the same tables as the Report sheet, print CSS for paper. Every value is
 * escaped, so a name like <img onerror=...> is shown as text.
 */
import { ChartSpec, formatValue, ReportDoc, Section, Table, Value } from './tables';

export function escapeHtml(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const CSS = `
:root { --ink: #202124; --muted: #5f6368; --rule: #dadce0; --head: #e8eaed; }
* { box-sizing: border-box; }
body { font: 13px/1.45 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 6px; padding-top: 8px; border-top: 2px solid var(--ink); }
h3 { font-size: 13px; margin: 12px 0 4px; }
p.sub, p.intro, p.note { color: var(--muted); margin: 4px 0 8px; max-width: 70em; }
.row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; margin: 4px 0 12px; }
th, td { border: 1px solid var(--rule); padding: 3px 7px; vertical-align: top; }
th { background: var(--head); text-align: left; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; }
td.hidden { color: var(--muted); font-style: italic; }
figure { margin: 4px 0 12px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 11px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
@media print {
  body { margin: 0; font-size: 10px; }
  h2 { break-after: avoid; }
  table, figure { break-inside: auto; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  @page { size: letter landscape; margin: 12mm; }
}`;

function isNumber(v: Value): v is number {
  return typeof v === 'number';
}

export function tableHtml(t: Table, inline = false): string {
  const st = (css: string) => (inline ? ` style="${css}"` : '');
  const cell = 'border:1px solid #dadce0;padding:3px 7px;';
  const head = t.columns.map((c) => `<th${st(cell + 'background:#e8eaed;text-align:left')}>${escapeHtml(c.header)}</th>`).join('');
  const body = t.rows
    .map((r, i) => {
      const total = t.totalRow && i === t.rows.length - 1;
      const cells = r
        .map((v, j) => {
          const kind = t.columns[j]?.kind ?? 'text';
          const numeric = kind !== 'text';
          const cls = [numeric ? 'num' : '', numeric && !isNumber(v) && v !== '' ? 'hidden' : ''].filter(Boolean).join(' ');
          const style = cell + (numeric ? 'text-align:right;' : '') + (total ? 'font-weight:700;' : '');
          return `<td${cls && !inline ? ` class="${cls}"` : ''}${st(style)}>${escapeHtml(formatValue(v, kind))}</td>`;
        })
        .join('');
      return `<tr${total && !inline ? ' class="total"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  const empty = t.rows.length === 0 && t.empty ? `<p class="note"${st('color:#5f6368')}>${escapeHtml(t.empty)}</p>` : '';
  const note = t.note ? `<p class="note"${st('color:#5f6368')}>${escapeHtml(t.note)}</p>` : '';
  return (
    `<div class="table" id="${escapeHtml(t.id)}"><h3${st('font-size:13px;margin:12px 0 4px')}>${escapeHtml(t.title)}</h3>` +
    `<table${st('border-collapse:collapse;margin:4px 0 12px')}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${empty}${note}</div>`
  );
}

function lineChartSvg(spec: ChartSpec, t: Table): string {
  const rows = t.rows;
  const W = 560;
  const H = 260;
  const L = 44;
  const R = 16;
  /** Room inside the plot so the first and last points' labels are not cut. */
  const PAD = 40;
  const T = 16;
  const B = 40;
  const values = rows.flatMap((r) => spec.series.map((s) => r[s])).filter(isNumber);
  const top = Math.min(100, Math.max(10, Math.ceil((Math.max(0, ...values) + 5) / 10) * 10));
  const x = (i: number) => L + PAD + (rows.length <= 1 ? (W - L - R - 2 * PAD) / 2 : (i * (W - L - R - 2 * PAD)) / (rows.length - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / top);
  const parts: string[] = [];
  for (let g = 0; g <= top; g += 10) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(g)}" y2="${y(g)}" stroke="#eee"/>`);
    parts.push(`<text x="${L - 6}" y="${y(g) + 4}" text-anchor="end">${g}%</text>`);
  }
  rows.forEach((r, i) =>
    parts.push(`<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle">${escapeHtml(formatValue(r[spec.category], 'text'))}</text>`),
  );
  spec.series.forEach((s, k) => {
    const color = spec.colors[k] ?? '#1a73e8';
    const pts = rows.map((r, i) => (isNumber(r[s]) ? `${x(i).toFixed(1)},${y(r[s] as number).toFixed(1)}` : null)).filter(Boolean);
    const dash = k === 0 ? '' : ' stroke-dasharray="6 4"';
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2.5"${dash} points="${pts.join(' ')}"/>`);
    if (k === 0) {
      rows.forEach((r, i) => {
        if (!isNumber(r[s])) return;
        parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(r[s] as number).toFixed(1)}" r="4" fill="${color}"/>`);
        parts.push(
          `<text x="${x(i).toFixed(1)}" y="${(y(r[s] as number) - 8).toFixed(1)}" text-anchor="middle">${(r[s] as number).toFixed(1)}</text>`,
        );
      });
    } else if (pts.length === 1) {
      parts.push(
        `<line x1="${L}" x2="${W - R}" y1="${pts[0]!.split(',')[1]}" y2="${pts[0]!.split(',')[1]}" stroke="${color}" stroke-width="2.5"${dash}/>`,
      );
    }
  });
  const legend = spec.series
    .map((s, k) => {
      const lx = L + k * 200;
      return `<rect x="${lx}" y="${H - 14}" width="12" height="4" fill="${spec.colors[k]}"/><text x="${lx + 16}" y="${H - 9}">${escapeHtml(t.columns[s].header)}</text>`;
    })
    .join('');
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(spec.title)}">${parts.join('')}${legend}</svg>`;
}

function barChartSvg(spec: ChartSpec, t: Table): string {
  const rows = t.rows;
  const bar = 16;
  const gap = 5;
  const labelW = 200;
  const plotW = 420;
  const T = 8;
  const H = T + rows.length * (bar + gap) + 44;
  const W = labelW + plotW + 20;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y0 = T + i * (bar + gap);
    parts.push(`<text x="${labelW - 6}" y="${y0 + bar - 4}" text-anchor="end">${escapeHtml(formatValue(r[spec.category], 'text'))}</text>`);
    const vals = spec.series.map((s) => r[s]);
    if (!vals.every(isNumber)) {
      parts.push(
        `<text x="${labelW + 4}" y="${y0 + bar - 4}" fill="#5f6368">${escapeHtml(String(vals.find((v) => !isNumber(v)) ?? ''))}</text>`,
      );
      return;
    }
    const total = (vals as number[]).reduce((a, b) => a + b, 0) || 1;
    let x = labelW;
    vals.forEach((v, k) => {
      const w = ((v as number) / total) * plotW;
      if (w > 0)
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y0}" width="${w.toFixed(1)}" height="${bar}" fill="${spec.colors[k]}"><title>${escapeHtml(t.columns[spec.series[k]].header)}: ${(v as number).toFixed(1)}</title></rect>`,
        );
      x += w;
    });
  });
  const ly = T + rows.length * (bar + gap) + 14;
  for (let g = 0; g <= 100; g += 25) {
    parts.push(`<text x="${labelW + (g / 100) * plotW}" y="${ly}" text-anchor="middle">${g}%</text>`);
  }
  const legend = spec.series
    .map(
      (s, k) =>
        `<rect x="${labelW + k * 70}" y="${ly + 12}" width="12" height="12" fill="${spec.colors[k]}"/><text x="${labelW + k * 70 + 16}" y="${ly + 22}">${escapeHtml(t.columns[s].header.replace('% ', ''))}</text>`,
    )
    .join('');
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(spec.title)}">${parts.join('')}${legend}</svg>`;
}

export function chartSvg(spec: ChartSpec, tables: readonly Table[]): string {
  const t = tables.find((x) => x.id === spec.table);
  if (!t) return '';
  return spec.type === 'line' ? lineChartSvg(spec, t) : barChartSvg(spec, t);
}

function sectionHtml(s: Section): string {
  const all = [...s.tables, ...(s.below ?? [])];
  const charts = s.charts
    .map((c) => `<figure id="${escapeHtml(c.id)}"><figcaption>${escapeHtml(c.title)}</figcaption>${chartSvg(c, all)}</figure>`)
    .join('');
  return [
    `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>`,
    s.intro ? `<p class="intro">${escapeHtml(s.intro)}</p>` : '',
    s.tables.length || charts ? `<div class="row">${s.tables.map((t) => tableHtml(t)).join('')}${charts}</div>` : '',
    ...(s.below ?? []).map((t) => tableHtml(t)),
    '</section>',
  ].join('\n');
}

/** The whole report as a printable, self-contained page. */
export function reportHtml(doc: ReportDoc): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    `<title>${escapeHtml(doc.title)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(doc.title)}</h1><p class="sub">${escapeHtml(doc.subtitle)}</p></header>`,
    ...doc.sections.map(sectionHtml),
    '</body></html>',
    '',
  ].join('\n');
}

/** A school's email body as HTML (inline styles: mail clients drop style sheets). */
export function emailHtml(doc: ReportDoc, link: string): string {
  const body = doc.sections
    .map(
      (s) =>
        `<h2 style="font-size:15px;margin:18px 0 4px">${escapeHtml(s.title)}</h2>` +
        [...s.tables, ...(s.below ?? [])].map((t) => tableHtml(t, true)).join(''),
    )
    .join('');
  return (
    `<div style="font:13px Arial,sans-serif;color:#202124"><h1 style="font-size:18px">${escapeHtml(doc.title)}</h1>` +
    `<p>${escapeHtml(doc.subtitle)}</p>${body}<p><a href="${escapeHtml(link)}">Open the full report</a></p></div>`
  );
}

/** A school's email body as plain text. */
export function emailText(doc: ReportDoc, link: string): string {
  const lines = [doc.title, '', doc.subtitle, ''];
  for (const s of doc.sections) {
    for (const t of [...s.tables, ...(s.below ?? [])]) {
      lines.push(t.title);
      lines.push(t.columns.map((c) => c.header).join(' | '));
      for (const r of t.rows) lines.push(r.map((v, j) => formatValue(v, t.columns[j]?.kind ?? 'text')).join(' | '));
      lines.push('');
    }
  }
  lines.push(`Full report: ${link}`);
  return lines.join('\n');
}
