/**
 * HtmlService, emulated: HtmlOutput and HtmlTemplate with Apps Script's scriptlets.
 *   <? code ?>    runs code in the script's global scope
 *   <?= expr ?>   prints with contextual escaping: HTML-escaped in markup and attributes,
 *                 a JavaScript literal inside <script> (so `var x = <?= x ?>;` is safe)
 *   <?!= expr ?>  prints raw (never with data: it is how injection happens)
 * Template variables (template.foo = ...) are in scope inside scriptlets.
 */
import { LATENCY, Runtime } from './runtime';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A JavaScript literal that cannot close the surrounding <script> element. */
export function scriptLiteral(value: unknown): string {
  const json = JSON.stringify(value === undefined ? null : value) ?? 'null';
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export class EmuHtmlOutput {
  content = '';
  title = '';
  width = 600;
  height = 400;
  sandbox = 'IFRAME';
  constructor(
    private rt: Runtime,
    html = '',
  ) {
    this.content = html;
  }
  private call(m: string) {
    this.rt.call('HtmlService', `HtmlOutput.${m}`, LATENCY.trivial, 'none');
  }
  getContent() {
    this.call('getContent');
    return this.content;
  }
  setContent(html: string) {
    this.call('setContent');
    this.content = String(html);
    return this;
  }
  append(html: string) {
    this.call('append');
    this.content += String(html);
    return this;
  }
  appendUntrusted(text: string) {
    this.call('appendUntrusted');
    this.content += escapeHtml(text);
    return this;
  }
  setTitle(t: string) {
    this.call('setTitle');
    this.title = String(t);
    return this;
  }
  getTitle() {
    this.call('getTitle');
    return this.title;
  }
  setWidth(w: number) {
    this.call('setWidth');
    this.width = w;
    return this;
  }
  getWidth() {
    this.call('getWidth');
    return this.width;
  }
  setHeight(h: number) {
    this.call('setHeight');
    this.height = h;
    return this;
  }
  getHeight() {
    this.call('getHeight');
    return this.height;
  }
  setSandboxMode(mode: string) {
    this.call('setSandboxMode');
    this.sandbox = String(mode);
    return this;
  }
  setXFrameOptionsMode(_mode: string) {
    this.call('setXFrameOptionsMode');
    return this;
  }
  addMetaTag(name: string, content: string) {
    this.call('addMetaTag');
    this.content = `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">` + this.content;
    return this;
  }
  setFaviconUrl(_url: string) {
    this.call('setFaviconUrl');
    return this;
  }
}

type Part = { kind: 'text'; text: string } | { kind: 'code' | 'print' | 'raw'; text: string };

function tokenize(source: string): Part[] {
  const parts: Part[] = [];
  const re = /<\?(!=|=)?([\s\S]*?)\?>/g;
  let last = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m.index > last) parts.push({ kind: 'text', text: source.slice(last, m.index) });
    parts.push({ kind: m[1] === '=' ? 'print' : m[1] === '!=' ? 'raw' : 'code', text: m[2] });
    last = re.lastIndex;
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) });
  return parts;
}

/** Compile a template into the source of a function (vars, esc, lit) => html, run in the script's realm. */
export function compileTemplate(source: string): string {
  let code =
    'var __out = [];\nvar output = { append: function (s) { __out.push(String(s)); return output; }, appendUntrusted: function (s) { __out.push(__esc(s)); return output; }, clear: function () { __out.length = 0; return output; } };\n';
  let html = '';
  for (const p of tokenize(source)) {
    if (p.kind === 'text') {
      html += p.text;
      code += `__out.push(${JSON.stringify(p.text)});\n`;
    } else if (p.kind === 'code') {
      code += p.text + '\n';
    } else {
      const inScript = /<script\b[^>]*>(?:(?!<\/script>)[\s\S])*$/i.test(html);
      const expr = `(${p.text})`;
      code +=
        p.kind === 'raw' ? `__out.push(String(${expr}));\n` : inScript ? `__out.push(__lit(${expr}));\n` : `__out.push(__esc(${expr}));\n`;
    }
  }
  code += 'return __out.join("");';
  return `(function (__vars, __esc, __lit) { with (__vars) { ${code} } })`;
}

export interface HtmlHost {
  rt: Runtime;
  /** Files of the project (the .html files pushed with the bundle), by name without extension. */
  files: Map<string, string>;
  /** Evaluate source in the script's global scope (the same realm the bundle runs in). */
  evaluate: (source: string) => unknown;
}

export function createHtmlService(host: HtmlHost) {
  const rt = host.rt;
  const H = 'HtmlService';
  const file = (name: string) => {
    const key = String(name).replace(/\.html$/, '');
    const content = host.files.get(key);
    if (content === undefined) throw rt.error(`No HTML file named ${key} was found.`);
    return content;
  };
  const template = (source: string) => {
    const t: Record<string, unknown> = {};
    Object.defineProperties(t, {
      evaluate: {
        enumerable: false,
        value: () => {
          rt.call(H, 'HtmlTemplate.evaluate', LATENCY.metadata, 'none');
          const vars: Record<string, unknown> = {};
          for (const k of Object.keys(t)) vars[k] = t[k];
          const fn = host.evaluate(compileTemplate(source)) as (v: unknown, e: unknown, l: unknown) => string;
          return new EmuHtmlOutput(rt, fn(vars, escapeHtml, scriptLiteral));
        },
      },
      getRawContent: { enumerable: false, value: () => source },
      getCode: { enumerable: false, value: () => compileTemplate(source) },
    });
    return t;
  };
  return {
    SandboxMode: { IFRAME: 'IFRAME', NATIVE: 'NATIVE', EMULATED: 'EMULATED' },
    XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
    createHtmlOutput(html?: string) {
      rt.call(H, 'createHtmlOutput', LATENCY.trivial, 'none');
      return new EmuHtmlOutput(rt, html === undefined ? '' : String(html));
    },
    createHtmlOutputFromFile(name: string) {
      rt.call(H, 'createHtmlOutputFromFile', LATENCY.metadata, 'none');
      return new EmuHtmlOutput(rt, file(name));
    },
    createTemplate(html: string) {
      rt.call(H, 'createTemplate', LATENCY.trivial, 'none');
      return template(String(html));
    },
    createTemplateFromFile(name: string) {
      rt.call(H, 'createTemplateFromFile', LATENCY.metadata, 'none');
      return template(file(name));
    },
  };
}
