/**
 * The browser bridge: HtmlService output from build/ runs in a real browser against the built
 * bundle in the emulated Workspace.
 *
 * A small HTTP server on localhost serves a dialog's or sidebar's HTML (exactly what the script
 * produced: HtmlOutput content, templates already evaluated) with a `google.script` shim added
 * at the top of <head>. The shim's google.script.run POSTs each call to this server, which runs
 * it through LoadedBundle.scriptRun, so google.script.run's rules apply both ways: arguments are
 * checked in the page (a Date, a function or a DOM element other than a form fails the call;
 * undefined in arrays becomes null) and results on the server (a Date in the result fails).
 *
 * The shim follows Google's client API (developers.google.com/apps-script/guides/html/reference/run
 * and .../reference/host):
 *   - google.script.run has one method per top-level server function (private ones, ending in
 *     "_", are not callable), plus withSuccessHandler, withFailureHandler and withUserObject;
 *     each with... returns a new runner with that setting, so runners can be kept and chained;
 *   - handlers run asynchronously with (result, userObject) or (error, userObject); without a
 *     failure handler the failure is written to the console;
 *   - at most 10 calls are in flight at once; later ones wait their turn (queued in order);
 *   - a form element is accepted as the only argument and sent as {name: value} (no files);
 *   - google.script.host.close() closes the dialog, setHeight/setWidth resize it, editor.focus()
 *     returns focus to the editor (recorded).
 * Passing an illegal value throws in the page at the call. (Google documents that the request
 * "fails"; that it fails by throwing at once is the emulator's reading, unconfirmed.)
 *
 * Usage, for any dialog (see tests/browser/*.chromium.test.ts):
 *
 *   const bridge = await new BrowserBridge(bundle).start();
 *   bundle.run('showImportDialog');                 // the script shows a dialog ...
 *   const page = bridge.serveShown();               // ... which the bridge now serves
 *   const { page: tab } = await openInChromium(browser, page);   // src/emulator/chromium.ts
 *   ... drive `tab` with playwright ...
 *   await bridge.stop();
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { LoadedBundle, ScriptRunError } from './bundle';
import { EmuHtmlOutput } from './html';
import { ExecutionTimeout } from './runtime';
import { ShownHtml } from './ui';

export interface BridgePage {
  id: string;
  /** The HTML alone (a browser tab sized like the dialog shows it as Sheets would). */
  url: string;
  /** The HTML inside a Sheets-like frame (title bar, close button), for people trying it. */
  hostUrl: string;
  kind: ShownHtml['kind'];
  title: string;
  /** Sidebars are 300 px wide in Sheets; dialogs take the output's size. */
  width: number;
  height: number;
  /** The person whose session runs the page's calls (Session.getActiveUser); the workspace's user by default. */
  user: string | null;
  closed: boolean;
  /** Sizes the page asked for with google.script.host.setWidth / setHeight. */
  resized: { width?: number; height?: number };
  editorFocused: number;
}

export interface BridgeCall {
  page: string;
  fn: string;
  ok: boolean;
  /** The error message the page received, for failed calls. */
  error?: string;
}

interface Pending {
  page: BridgePage;
  fn: string;
  args: unknown[];
  res: http.ServerResponse;
}

export const SIDEBAR_WIDTH = 300;
const MAX_BODY = 50 * 1024 * 1024;

export class BrowserBridge {
  private server: http.Server | null = null;
  private readonly pages = new Map<string, { page: BridgePage; content: string }>();
  private nextPage = 1;
  private paused = false;
  private readonly held: Pending[] = [];
  private failures: string[] = [];
  private lostAnswers: string[] = [];
  /** Every call that reached the server, in order. */
  readonly calls: BridgeCall[] = [];
  baseUrl = '';

  constructor(
    readonly bundle: LoadedBundle,
    private readonly options: { host?: string; port?: number } = {},
  ) {}

  /** Listen on localhost (a free port unless one is given). Resolves to this bridge. */
  async start(): Promise<this> {
    const host = this.options.host ?? '127.0.0.1';
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const p of this.held.splice(0)) p.res.destroy();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Serve an HtmlOutput (what showModalDialog / showSidebar received). */
  serve(output: EmuHtmlOutput, options: { kind?: ShownHtml['kind']; title?: string; user?: string } = {}): BridgePage {
    if (!this.baseUrl) throw new Error('BrowserBridge: call start() first');
    const id = `p${this.nextPage++}`;
    const kind = options.kind ?? 'modal';
    const page: BridgePage = {
      id,
      url: `${this.baseUrl}/__gas/page/${id}`,
      hostUrl: `${this.baseUrl}/__gas/host/${id}`,
      kind,
      title: options.title ?? output.title,
      width: kind === 'sidebar' ? SIDEBAR_WIDTH : output.width,
      height: kind === 'sidebar' ? 800 : output.height,
      user: options.user ?? null,
      closed: false,
      resized: {},
      editorFocused: 0,
    };
    this.pages.set(id, { page, content: output.content });
    return page;
  }

  /** Serve what the script last showed (or the nth dialog/sidebar it showed). */
  serveShown(index = -1, options: { user?: string } = {}): BridgePage {
    const shown = this.bundle.ws.ui.shown;
    const s = shown[index < 0 ? shown.length + index : index];
    if (!s) throw new Error('BrowserBridge: the script has not shown a dialog or sidebar');
    return this.serve(s.output, { kind: s.kind, title: s.title, user: options.user });
  }

  page(id: string): BridgePage | undefined {
    return this.pages.get(id)?.page;
  }

  /** Hold every google.script.run call at the server until resume(): the page waits, as on a slow network. */
  pause(): void {
    this.paused = true;
  }

  /** Run the held calls in the order they arrived, then answer new calls at once. */
  resume(): void {
    this.paused = false;
    for (const p of this.held.splice(0)) this.execute(p);
  }

  /**
   * Calls waiting at the server while paused. The page keeps at most 10 in flight (see
   * window.__gasBridge in the page); the browser itself sends at most 6 at a time to one host
   * over HTTP/1.1, so fewer than 10 may be waiting here.
   */
  get heldCalls(): number {
    return this.held.length;
  }

  /** The next call fails as if the network or the server did (the page's failure handler gets this message). */
  failNext(message: string): void {
    this.failures.push(message);
  }

  /**
   * The next call runs on the server, but its answer is lost on the way back (the page's failure
   * handler gets this message): the page cannot tell whether the call did its work.
   */
  loseNextAnswer(message: string): void {
    this.lostAnswers.push(message);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/__gas\/(page|host|run|hostcall)\/([\w-]+)$/.exec(url.pathname);
    if (url.pathname === '/' && req.method === 'GET') return this.index(res);
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (!m) return send(res, 404, 'text/plain', 'Not found');
    const entry = this.pages.get(m[2]);
    if (!entry) return send(res, 404, 'text/plain', 'No such page');
    const page = entry.page;
    if (req.method === 'GET' && m[1] === 'page') return send(res, 200, 'text/html; charset=utf-8', this.withShim(entry.content, page));
    if (req.method === 'GET' && m[1] === 'host') return send(res, 200, 'text/html; charset=utf-8', hostPage(page));
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed');
    readBody(req)
      .then((body) => {
        const data = JSON.parse(body) as { fn?: unknown; args?: unknown; action?: unknown; value?: unknown };
        if (m[1] === 'hostcall') {
          if (data.action === 'close') page.closed = true;
          else if (data.action === 'setHeight') page.resized.height = Number(data.value);
          else if (data.action === 'setWidth') page.resized.width = Number(data.value);
          else if (data.action === 'focusEditor') page.editorFocused++;
          return send(res, 200, 'application/json', '{}');
        }
        const pending: Pending = { page, fn: String(data.fn), args: Array.isArray(data.args) ? data.args : [], res };
        if (this.paused) this.held.push(pending);
        else this.execute(pending);
      })
      .catch(() => send(res, 400, 'text/plain', 'Bad request'));
  }

  /** Run one google.script.run call as its own execution, as the page's user. */
  private execute(p: Pending): void {
    const failure = this.failures.shift();
    if (failure !== undefined) {
      this.calls.push({ page: p.page.id, fn: p.fn, ok: false, error: failure });
      return send(p.res, 200, 'application/json', JSON.stringify({ ok: false, error: { name: 'Error', message: failure } }));
    }
    const ws = this.bundle.ws;
    const before = ws.user;
    if (p.page.user) ws.user = p.page.user.toLowerCase();
    let out: { ok: true; result: unknown } | { ok: false; error: { name: string; message: string } };
    try {
      out = { ok: true, result: this.bundle.scriptRun(p.fn, ...p.args) };
    } catch (e) {
      const message =
        e instanceof ScriptRunError
          ? e.message
          : e instanceof ExecutionTimeout
            ? 'Exceeded maximum execution time'
            : `Error: ${(e as Error)?.message ?? String(e)}`;
      out = { ok: false, error: { name: 'Error', message } };
    } finally {
      ws.user = before;
    }
    this.calls.push({ page: p.page.id, fn: p.fn, ok: out.ok, error: out.ok ? undefined : out.error.message });
    const lost = this.lostAnswers.shift();
    if (lost !== undefined) out = { ok: false, error: { name: 'Error', message: lost } };
    send(p.res, 200, 'application/json', JSON.stringify(out));
  }

  private withShim(content: string, page: BridgePage): string {
    const config = {
      page: page.id,
      functions: this.bundle.globalFunctions().sort(),
      origin: this.baseUrl,
    };
    const script = `<script>${SHIM.replace('__CONFIG__', () => safeJson(config))}</script>`;
    const head = /<head[^>]*>/i.exec(content);
    if (head) return content.slice(0, head.index + head[0].length) + script + content.slice(head.index + head[0].length);
    return script + content;
  }

  private index(res: http.ServerResponse): void {
    const items = [...this.pages.values()]
      .map(
        ({ page }) =>
          `<li><a href="${escapeHtml(page.hostUrl)}">${escapeHtml(page.title || page.kind)}</a> (${escapeHtml(page.kind)})</li>`,
      )
      .join('');
    send(
      res,
      200,
      'text/html; charset=utf-8',
      `<!doctype html><meta charset="utf-8"><title>Attendance Toolkit preview</title><ul>${items}</ul>`,
    );
  }
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that is safe inside a <script> element. */
function safeJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** A Sheets-like frame around the page: a sidebar on the right, or a dialog in the middle. */
function hostPage(page: BridgePage): string {
  const sidebar = page.kind === 'sidebar';
  const box = sidebar
    ? `position:fixed;top:0;right:0;bottom:0;width:${page.width}px;border-left:1px solid #dadce0;background:#fff;display:flex;flex-direction:column`
    : `position:fixed;top:50%;left:50%;transform:translate(-50%,-50%);width:${page.width}px;height:${page.height + 48}px;background:#fff;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.3);display:flex;flex-direction:column`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<style>body{margin:0;font-family:Roboto,Arial,sans-serif;background:${sidebar ? '#f8f9fa' : 'rgba(0,0,0,.4)'}}
.bar{display:flex;align-items:center;justify-content:space-between;padding:10px 12px 10px 16px;font-size:16px;color:#202124}
.bar button{border:none;background:none;font-size:20px;cursor:pointer;color:#5f6368}
iframe{border:0;flex:1;width:100%}.note{position:fixed;left:16px;top:16px;color:#5f6368;font-size:13px;max-width:50%}</style></head>
<body><p class="note">Attendance Toolkit preview: an emulated spreadsheet on this computer. Nothing here reaches Google.</p>
<div style="${box}" id="frame"><div class="bar"><span>${escapeHtml(page.title)}</span><button type="button" aria-label="Close" id="x">\u00d7</button></div>
<iframe src="/__gas/page/${page.id}" title="${escapeHtml(page.title)}" sandbox="allow-scripts allow-forms allow-same-origin allow-modals allow-popups allow-downloads"></iframe></div>
<script>function closeFrame(){var f=document.getElementById('frame');if(f)f.parentNode.removeChild(f);}
document.getElementById('x').onclick=closeFrame;window.addEventListener('message',function(e){if(e.data&&e.data.gasClose)closeFrame();});</script></body></html>`;
}

/**
 * The google.script client shim, added to every page the bridge serves. Plain ES5 so it runs in
 * any browser; __CONFIG__ is replaced by {page, functions, origin}.
 */
const SHIM = `
(function (config) {
  'use strict';
  var MAX_IN_FLIGHT = 10;
  var inFlight = 0;
  var queue = [];
  var stats = { calls: 0, maxInFlight: 0, inFlight: 0, queued: 0 };
  window.__gasBridge = stats;

  function illegal(path) {
    throw new TypeError('Failed due to illegal value in property: ' + path);
  }
  function isNode(v) {
    return typeof Node !== 'undefined' && v instanceof Node;
  }
  // google.script.run's rules: numbers, booleans, strings, null, and objects/arrays of these.
  function check(v, path, seen) {
    if (v === null || v === undefined) return;
    var t = typeof v;
    if (t === 'number' || t === 'boolean' || t === 'string') return;
    if (t === 'function' || t === 'symbol' || t === 'bigint') illegal(path);
    if (Object.prototype.toString.call(v) === '[object Date]' || isNode(v)) illegal(path);
    if (seen.indexOf(v) >= 0) illegal(path);
    seen.push(v);
    for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k)) check(v[k], path + '.' + k, seen);
    seen.pop();
  }
  function formValues(form) {
    var out = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.disabled) continue;
      if (el.type === 'file') throw new TypeError('The emulator bridge does not send files in forms; send the file contents as text.');
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      if (el.type === 'submit' || el.type === 'button' || el.type === 'reset') continue;
      if (el.type === 'select-multiple') {
        var values = [];
        for (var j = 0; j < el.options.length; j++) if (el.options[j].selected) values.push(el.options[j].value);
        out[el.name] = values;
      } else if (out.hasOwnProperty(el.name)) {
        out[el.name] = [].concat(out[el.name], el.value);
      } else out[el.name] = el.value;
    }
    return out;
  }
  function prepare(args) {
    if (args.length === 1 && typeof HTMLFormElement !== 'undefined' && args[0] instanceof HTMLFormElement) return [formValues(args[0])];
    for (var i = 0; i < args.length; i++) check(args[i], String(i), []);
    return args;
  }
  function post(path, body) {
    return fetch(config.origin + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
  function next() {
    inFlight--;
    stats.inFlight = inFlight;
    if (queue.length) queue.shift()();
    stats.queued = queue.length;
  }
  function call(settings, fn, args) {
    var sent = prepare(Array.prototype.slice.call(args));
    var task = function () {
      inFlight++;
      stats.calls++;
      stats.inFlight = inFlight;
      if (inFlight > stats.maxInFlight) stats.maxInFlight = inFlight;
      post('/__gas/run/' + config.page, { fn: fn, args: sent })
        .then(function (r) { return r.json(); })
        .then(
          function (out) {
            next();
            if (out.ok) { if (settings.success) settings.success(out.result, settings.user); }
            else fail(settings, out.error);
          },
          function (e) {
            next();
            fail(settings, { name: 'NetworkError', message: 'NetworkError: Connection failure due to HTTP 0' });
          }
        );
    };
    if (inFlight < MAX_IN_FLIGHT) task();
    else queue.push(task);
    stats.queued = queue.length;
  }
  function fail(settings, info) {
    var err = new Error(info && info.message ? info.message : 'Unknown error');
    if (info && info.name) err.name = info.name;
    if (settings.failure) settings.failure(err, settings.user);
    else if (window.console) console.error(err.message);
  }
  function runner(settings) {
    var r = {
      withSuccessHandler: function (f) { return runner({ success: f, failure: settings.failure, user: settings.user }); },
      withFailureHandler: function (f) { return runner({ success: settings.success, failure: f, user: settings.user }); },
      withUserObject: function (o) { return runner({ success: settings.success, failure: settings.failure, user: o }); }
    };
    config.functions.forEach(function (name) {
      r[name] = function () { call(settings, name, arguments); };
    });
    return r;
  }
  var host = {
    origin: config.origin,
    close: function () {
      post('/__gas/hostcall/' + config.page, { action: 'close' }).then(function () {
        if (window.parent !== window) window.parent.postMessage({ gasClose: config.page }, '*');
        document.documentElement.innerHTML = '';
      });
    },
    setHeight: function (h) { post('/__gas/hostcall/' + config.page, { action: 'setHeight', value: h }); },
    setWidth: function (w) { post('/__gas/hostcall/' + config.page, { action: 'setWidth', value: w }); },
    editor: { focus: function () { post('/__gas/hostcall/' + config.page, { action: 'focusEditor' }); } }
  };
  window.google = window.google || {};
  window.google.script = { run: runner({ success: null, failure: null, user: undefined }), host: host };
})(__CONFIG__);
`;
