/**
 * The browser bridge (needs Debian's Chromium): HtmlService pages from a project run in real
 * headless Chromium, and their google.script.run calls reach the script in the emulator with
 * Google's rules. The last tests open the toolkit's own import dialog, to show any dialog works,
 * and check how it decodes the file it is given.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Page } from 'playwright-core';
import { BrowserBridge } from '../../src/emulator/browser-bridge';
import { LoadedBundle } from '../../src/emulator/bundle';
import { Chromium, launchChromium, openInChromium } from '../../src/emulator/chromium';
import { Workspace } from '../../src/emulator/workspace';
import { decodeWindows1252 } from '../../src/offline/decode';
import { eventually } from '../eventually';
import { csv, psRow, toolkit } from '../helpers';

const OUT = path.resolve(__dirname, '../../test-output');

const CODE = `
  function echo(x) { return x; }
  function boom(message) { throw new Error(message); }
  function dated() { return { when: new Date() }; }
  function private_() { return 'secret'; }
  function who() { return Session.getActiveUser().getEmail(); }
  function show() {
    SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutputFromFile('Page').setWidth(420).setHeight(300), 'Test dialog');
  }`;

const PAGE = `<!doctype html><html><head><title>Test</title></head><body>
  <form id="f"><input name="a" value="1"><input type="checkbox" name="c" value="yes" checked><input type="checkbox" name="d" value="no">
  <select name="s"><option value="x">x</option><option value="y" selected>y</option></select></form>
  <script>
    window.call = function (fn, args) {
      return new Promise(function (resolve) {
        google.script.run
          .withSuccessHandler(function (r, u) { resolve({ ok: true, value: r, user: u }); })
          .withFailureHandler(function (e, u) { resolve({ ok: false, message: e.message, isError: e instanceof Error, user: u }); })
          .withUserObject({ tag: 'mine' })[fn].apply(null, args);
      });
    };
  </script></body></html>`;

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gas-bridge-'));
  writeFileSync(path.join(dir, 'Code.js'), CODE);
  writeFileSync(path.join(dir, 'Page.html'), PAGE);
  writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify({ runtimeVersion: 'V8' }));
  return dir;
}

let chrome: Chromium;
let bridge: BrowserBridge;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  chrome = await launchChromium();
});
afterAll(async () => {
  await chrome?.close();
});

describe('google.script.run in Chromium, against the emulator', () => {
  beforeAll(async () => {
    const bundle = new LoadedBundle(new Workspace(), project());
    bundle.run('show');
    bridge = await new BrowserBridge(bundle).start();
    const served = bridge.serveShown(-1, { user: 'teacher@district.example.org' });
    expect([served.kind, served.title, served.width, served.height]).toEqual(['modal', 'Test dialog', 420, 300]);
    page = (await openInChromium(chrome, served)).page;
  });
  afterAll(async () => {
    await page?.close();
    await bridge?.stop();
  });

  const call = (fn: string, ...args: unknown[]) =>
    page.evaluate(
      ([f, a]) => (window as unknown as { call: (f: string, a: unknown[]) => Promise<unknown> }).call(f as string, a as unknown[]),
      [fn, args],
    );

  test('the success handler gets the result and the user object; calls run as the page\u2019s user', async () => {
    expect(await call('echo', { a: [1, 'two', true, null], b: { c: 'ü 😀 "q"' } })).toEqual({
      ok: true,
      value: { a: [1, 'two', true, null], b: { c: 'ü 😀 "q"' } },
      user: { tag: 'mine' },
    });
    expect(await call('who')).toMatchObject({ ok: true, value: 'teacher@district.example.org' });
  });

  test('the failure handler gets an Error with the server\u2019s message, and the user object', async () => {
    expect(await call('boom', 'No such student')).toEqual({
      ok: false,
      message: 'Error: No such student',
      isError: true,
      user: { tag: 'mine' },
    });
  });

  test('a Date in the result fails the call (send ISO strings)', async () => {
    expect(await call('dated')).toMatchObject({ ok: false, message: expect.stringMatching(/cannot pass a Date \(the result\.when\)/) });
  });

  test('only top-level functions that are not private can be called', async () => {
    expect(
      await page.evaluate(() => [typeof google.script.run.echo, typeof (google.script.run as unknown as Record<string, unknown>).private_]),
    ).toEqual(['function', 'undefined']);
  });

  test('a Date, a function or a DOM element as an argument fails at the call; undefined in an array becomes null', async () => {
    const thrown = await page.evaluate(() => {
      const attempt = (f: () => void) => {
        try {
          f();
          return 'sent';
        } catch (e) {
          return (e as Error).message;
        }
      };
      const run = google.script.run as unknown as Record<string, (...a: unknown[]) => void>;
      return [
        attempt(() => run.echo(new Date())),
        attempt(() => run.echo({ when: new Date() })),
        attempt(() => run.echo(() => 1)),
        attempt(() => run.echo(document.body)),
      ];
    });
    expect(thrown).toEqual([
      'Failed due to illegal value in property: 0',
      'Failed due to illegal value in property: 0.when',
      'Failed due to illegal value in property: 0',
      'Failed due to illegal value in property: 0',
    ]);
    expect(await call('echo', [1, undefined, 3])).toMatchObject({ value: [1, null, 3] });
  });

  test('a form element as the only argument arrives as its named values', async () => {
    const value = await page.evaluate(
      () =>
        new Promise((resolve) => {
          google.script.run.withSuccessHandler(resolve).echo(document.getElementById('f'));
        }),
    );
    expect(value).toEqual({ a: '1', c: 'yes', s: 'y' });
  });

  test('each with... returns a new runner: a kept runner can be reused, and google.script.run itself keeps no handler', async () => {
    const out = await page.evaluate(
      () =>
        new Promise((resolve) => {
          // Calls run concurrently and may finish in any order, as in Apps Script: wait for all four.
          const got: string[] = [];
          const note = (s: string) => {
            got.push(s);
            if (got.length === 4) resolve(got);
          };
          const base = google.script.run.withFailureHandler(() => note('failed'));
          const a = base.withSuccessHandler((r: unknown) => note(`a:${r}`));
          const b = base.withSuccessHandler((r: unknown) => note(`b:${r}`));
          a.echo('1');
          a.echo('2');
          b.echo('3');
          base.withSuccessHandler(() => note('done')).echo('done');
        }),
    );
    expect((out as string[]).slice().sort()).toEqual(['a:1', 'a:2', 'b:3', 'done']);
  });

  test('at most 10 calls are in flight; the others wait their turn and all complete', async () => {
    bridge.pause();
    const started = page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const done: number[] = [];
          for (let i = 0; i < 25; i++)
            google.script.run
              .withSuccessHandler((r: number) => {
                done.push(r);
                if (done.length === 25) resolve(done);
              })
              .echo(i);
        }),
    );
    // The page has 10 calls out and 15 waiting; none has come back. (Chromium itself sends at most 6
    // requests at a time to one host, so the server holds up to 6 of the 10.)
    const stats = () => page.evaluate(() => (window as unknown as { __gasBridge: { inFlight: number; queued: number } }).__gasBridge);
    expect(await eventually(stats, (s) => s.inFlight === 10 && s.queued === 15)).toMatchObject({ inFlight: 10, queued: 15 });
    await eventually(
      () => bridge.heldCalls,
      (n) => n > 0,
    );
    expect(bridge.heldCalls).toBeLessThanOrEqual(10);
    bridge.resume();
    expect((await started).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(await page.evaluate(() => (window as unknown as { __gasBridge: { maxInFlight: number } }).__gasBridge.maxInFlight)).toBe(10);
  });

  test('a call that fails on the way (network or server) reaches the failure handler', async () => {
    bridge.failNext('NetworkError: Connection failure due to HTTP 500');
    expect(await call('echo', 1)).toMatchObject({ ok: false, message: 'NetworkError: Connection failure due to HTTP 500' });
  });

  test('google.script.host: setHeight and close reach the host', async () => {
    const id = bridge.calls.at(-1)!.page;
    await page.evaluate(() => google.script.host.setHeight(500));
    await eventually(
      () => bridge.page(id)!.resized.height,
      (h) => h === 500,
    );
    await page.evaluate(() => google.script.host.close());
    await eventually(
      () => bridge.page(id)!.closed,
      (c) => c,
    );
  });
});

describe('any dialog of the toolkit runs in Chromium through the bridge', () => {
  test('the import dialog imports a file chosen in the browser', async () => {
    const b = toolkit();
    b.run('showImportDialog');
    const dialogBridge = await new BrowserBridge(b).start();
    try {
      const { page: tab, dialogs, errors } = await openInChromium(chrome, dialogBridge.serveShown());
      await tab.setInputFiles('#file', {
        name: 'november.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv([psRow('1001', 'Rivera, Ana', 7), psRow('1002', 'Núñez, José', 12), psRow('', 'No, Id', 1)])),
      });
      await tab.click('#import:not([disabled])');
      await tab.waitForSelector('#status.ok');
      expect(await tab.textContent('#status')).toMatch(/^Imported 2 students from november\.csv\. 1 row was not imported/);
      await tab.screenshot({ path: path.join(OUT, 'import-dialog.png') });
      expect(
        b.ws
          .values('Roster')
          .slice(1)
          .map((r) => r[1]),
      ).toEqual(['Ana Rivera', 'José Núñez']);
      // Done with that file: Import another waits for the next one instead of importing it twice.
      expect(await tab.textContent('#fileInfo')).toMatch(/^november\.csv \(\d+ bytes\)$/);
      expect(await tab.textContent('#import')).toBe('Import another');
      expect(await tab.isDisabled('#import')).toBe(true);
      await tab.setInputFiles('#file', {
        name: 'december.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv([psRow('1001', 'Rivera, Ana', 8)])),
      });
      await tab.waitForSelector('#import:not([disabled])');
      // A file too large to send: the file chosen before is no longer offered for import.
      await tab.setInputFiles('#file', { name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(41 * 1024 * 1024, 'a') });
      await tab.waitForSelector('#status.error');
      expect(await tab.textContent('#status')).toMatch(/larger than 40 MB/);
      expect(await tab.textContent('#fileInfo')).toBe('');
      expect(await tab.isDisabled('#import')).toBe(true);
      await tab.click('#close');
      await eventually(
        () => dialogBridge.page('p1')!.closed,
        (c) => c,
      );
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await dialogBridge.stop();
    }
  });

  // The dialog decodes the file in the browser (its decode function) before sending the text.
  async function chooseFile(buffer: Buffer, name = 'november.csv') {
    const b = toolkit();
    b.run('showImportDialog');
    const dialogBridge = await new BrowserBridge(b).start();
    const opened = await openInChromium(chrome, dialogBridge.serveShown());
    await opened.page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer });
    return { b, dialogBridge, ...opened };
  }

  test('a UTF-8 file with a line in Windows-1252: UTF-8 names stay right and the dialog names the line read as Windows-1252', async () => {
    const lines = csv([psRow('1001', 'Núñez, José', 7), psRow('1002', 'O’Brien, Seán', 12), psRow('1003', 'Zoë, Ana', 3)]).split(
      /(?<=\r\n)/,
    );
    // Line 3 (O'Brien) saved in Windows-1252: ’ is 0x92, á is 0xE1.
    const cp1252 = (l: string) => Buffer.from([...l].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
    const {
      b,
      dialogBridge,
      page: tab,
      errors,
    } = await chooseFile(Buffer.concat(lines.map((l, i) => (i === 2 ? cp1252(l) : Buffer.from(l)))));
    try {
      await tab.waitForSelector('#fileInfo.warning');
      expect(await tab.textContent('#fileInfo')).toMatch(
        /^november\.csv \(\d+ bytes\)\. Line 3 was not saved as UTF-8 and was read as Windows-1252 \(Western\): check the names on that line, or save the file again as CSV UTF-8\.$/,
      );
      await tab.click('#import:not([disabled])');
      await tab.waitForSelector('#status.ok');
      expect(
        b.ws
          .values('Roster')
          .slice(1)
          .map((r) => r[1]),
      ).toEqual(['José Núñez', 'Seán O’Brien', 'Ana Zoë']);
      expect(errors).toEqual([]);
    } finally {
      await tab.close();
      await dialogBridge.stop();
    }
  });

  test('an Excel workbook (.xlsx or .xls) is refused in the dialog with a plain message, before anything is sent', async () => {
    for (const signature of [
      [0x50, 0x4b, 0x03, 0x04],
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    ]) {
      const {
        b,
        dialogBridge,
        page: tab,
      } = await chooseFile(Buffer.concat([Buffer.from(signature), Buffer.from(' "x",1\n')]), 'november.csv');
      try {
        await tab.waitForSelector('#status.error');
        expect(await tab.textContent('#status')).toBe(
          'This file is an Excel workbook, not a CSV file. In Excel, choose File > Save As > CSV UTF-8 (Comma delimited), or in Sheets File > Import it, and import that.',
        );
        expect(await tab.isDisabled('#import')).toBe(true);
        expect(b.ws.sheet('Roster')).toBeFalsy();
      } finally {
        await tab.close();
        await dialogBridge.stop();
      }
    }
  });

  test("the offline run's Windows-1252 table is the browser's (Node 20's decoder reads 0x80-0x9F as latin1)", async () => {
    const bytes = Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const tab = await chrome.context.newPage();
    const browser = await tab.evaluate((b) => new TextDecoder('windows-1252').decode(Uint8Array.from(b)), bytes);
    await tab.close();
    expect(decodeWindows1252(Uint8Array.from(bytes))).toBe(browser);
  });
});

declare const google: {
  script: {
    run: {
      withSuccessHandler: (f: (...a: never[]) => unknown) => typeof google.script.run;
      withFailureHandler: (f: (...a: never[]) => unknown) => typeof google.script.run;
      withUserObject: (o: unknown) => typeof google.script.run;
      echo: (x: unknown) => void;
    };
    host: { close(): void; setHeight(h: number): void };
  };
};
