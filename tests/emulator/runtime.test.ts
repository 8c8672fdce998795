/**
 * The emulated runtime: executions with the 6-minute limit, quotas, locks, properties, triggers,
 * HtmlService templates and google.script.run's transfer rules. Scripts here are tiny projects
 * written to a temporary build folder and loaded exactly as the toolkit's bundle is.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadedBundle, ScriptRunError } from '../../src/emulator/bundle';
import { compileTemplate } from '../../src/emulator/html';
import { ExecutionTimeout } from '../../src/emulator/runtime';
import { Workspace } from '../../src/emulator/workspace';

function project(code: string, html: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gas-'));
  writeFileSync(path.join(dir, 'Code.js'), code);
  writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify({ runtimeVersion: 'V8' }));
  for (const [name, content] of Object.entries(html)) writeFileSync(path.join(dir, `${name}.html`), content);
  return dir;
}

function load(code: string, html: Record<string, string> = {}, ws = new Workspace()) {
  return new LoadedBundle(ws, project(code, html));
}

describe('a script is loaded the way Apps Script loads it', () => {
  test('there is no require, module, process or setTimeout in its scope', () => {
    const b = load(
      'function probe() { return [typeof require, typeof module, typeof process, typeof setTimeout, typeof SpreadsheetApp]; }',
    );
    expect(b.run('probe')).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'object']);
  });

  test("new Date() inside the script reads the virtual clock, and service errors are the script's own Error", () => {
    const ws = new Workspace({ start: Date.UTC(2026, 0, 5, 12) });
    const b = load(
      'function probe() { try { SpreadsheetApp.getActiveSheet().getRange(0, 1); } catch (e) { return [new Date().toISOString(), e instanceof Error, e.name, e.message]; } }',
      {},
      ws,
    );
    // A few milliseconds later: the service calls took their (virtual) time.
    expect(b.run('probe')).toEqual([
      expect.stringMatching(/^2026-01-05T12:00:00\.\d{3}Z$/),
      true,
      'Exception',
      'The starting row of the range is too small.',
    ]);
  });
});

describe('the 6-minute limit', () => {
  test('an execution that runs past 6 minutes of service time is stopped, and stays stopped even if it catches the error', () => {
    const b = load(`
      function loop() {
        var n = 0;
        for (;;) {
          try { Utilities.sleep(60000); n++; } catch (e) { PropertiesService.getScriptProperties().setProperty('n', String(n)); }
        }
      }`);
    expect(() => b.run('loop')).toThrow(ExecutionTimeout);
    expect(b.ws.scriptProperties.n).toBeUndefined();
    expect(b.ws.rt.current).toBeNull();
  });
});

describe('daily quotas', () => {
  test('past the quota the real message is thrown, and the quota resets 24 hours after first use', () => {
    const ws = new Workspace();
    for (let i = 0; i < 250; i++) ws.rt.useQuota('documentsCreated');
    expect(() => ws.rt.useQuota('documentsCreated')).toThrow('Service invoked too many times for one day: docs create.');
    ws.rt.now += 24 * 60 * 60 * 1000;
    expect(() => ws.rt.useQuota('documentsCreated')).not.toThrow();
  });

  test('a Workspace account has the larger quota', () => {
    const ws = new Workspace({ account: 'workspace' });
    for (let i = 0; i < 1500; i++) ws.rt.useQuota('documentsCreated');
    expect(() => ws.rt.useQuota('documentsCreated')).toThrow(/too many times/);
  });
});

describe('locks', () => {
  const code = `
    function take(ms) { var l = LockService.getDocumentLock(); return l.tryLock(ms); }
    function wait(ms) { LockService.getDocumentLock().waitLock(ms); return 'got it'; }`;

  test('a lock held by another execution makes tryLock wait and fail, waitLock throw', () => {
    const b = load(code);
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`);
    const before = b.ws.rt.now;
    expect(b.run('take', [5000])).toBe(false);
    expect(b.ws.rt.now - before).toBeGreaterThanOrEqual(5000);
    expect(() => b.run('wait', [1000])).toThrow('Lock timeout: another process was holding the lock for too long.');
  });

  test('a holder that lets go within the timeout lets the waiter in', () => {
    const b = load(code);
    b.ws.locks.hold(`document:${b.ws.activeSpreadsheetId}`, 'other', b.ws.rt.now + 3000);
    expect(b.run('take', [10000])).toBe(true);
  });

  test('locks are released when the execution ends', () => {
    const b = load(code);
    expect(b.run('take', [0])).toBe(true);
    expect(b.run('take', [0])).toBe(true);
  });
});

describe('executions at the same moment', () => {
  const code = `function hold() { var l = LockService.getDocumentLock(); l.tryLock(1000); SpreadsheetApp.getActiveSheet().getRange('A1').setValue('first'); l.releaseLock(); return 'held'; }
     function work() { SpreadsheetApp.getActiveSheet().getRange('A1').setValue('first'); return 'worked'; }
     function other() { var l = LockService.getDocumentLock(); var got = l.tryLock(2000); if (got) l.releaseLock(); return got; }`;

  test('another execution can run in the middle of one: it waits for a lock the first holds, and gets one the first does not', () => {
    const b = load(code);
    const seen: unknown[] = [];
    b.interleave(
      (service, method) => service === 'SpreadsheetApp' && method === 'Range.setValue',
      () => seen.push(b.run('other')),
    );
    expect(b.run('hold')).toBe('held');
    b.interleave(
      (service, method) => service === 'SpreadsheetApp' && method === 'Range.setValue',
      () => seen.push(b.run('other')),
    );
    expect(b.run('work')).toBe('worked');
    expect(seen).toEqual([false, true]);
  });
});

describe('properties', () => {
  test('a missing key is null; values are strings; a value over 9 KB is refused', () => {
    const b = load(`
      function probe() {
        var p = PropertiesService.getDocumentProperties();
        var missing = p.getProperty('nope');
        p.setProperty('n', 5);
        var big = new Array(10 * 1024).join('x');
        var err = '';
        try { p.setProperty('big', big); } catch (e) { err = e.message; }
        return [missing, p.getProperty('n'), err];
      }`);
    const [missing, n, err] = b.run<[null, string, string]>('probe');
    expect(missing).toBeNull();
    expect(n).toBe('5');
    expect(err).toMatch(/Argument too large/);
  });
});

describe('time-driven triggers', () => {
  const code = `
    function schedule() { return ScriptApp.newTrigger('tick').timeBased().after(60 * 1000).create().getUniqueId(); }
    function tick() { var p = PropertiesService.getScriptProperties(); p.setProperty('ticks', String(Number(p.getProperty('ticks') || 0) + 1)); }
    function many() { for (var i = 0; i < 21; i++) ScriptApp.newTrigger('tick').timeBased().everyHours(1).create(); }
    function count() { return ScriptApp.getProjectTriggers().length; }`;

  test("an add-on's one-off trigger fires no sooner than an hour, once, and stays listed until deleted", () => {
    const b = load(code);
    b.run('schedule');
    b.advance(59 * 60 * 1000);
    expect(b.ws.scriptProperties.ticks).toBeUndefined();
    b.advance(2 * 60 * 1000);
    expect(b.ws.scriptProperties.ticks).toBe('1');
    b.advance(5 * 60 * 60 * 1000);
    expect(b.ws.scriptProperties.ticks).toBe('1');
    expect(b.run('count')).toBe(1);
  });

  test("once the day's trigger runtime (90 min consumer) is used up, triggers fail without running until it resets", () => {
    const b = load(`
      function start() { ScriptApp.newTrigger('work').timeBased().everyHours(1).create(); }
      function work() { var p = PropertiesService.getScriptProperties(); p.setProperty('runs', String(Number(p.getProperty('runs') || 0) + 1)); Utilities.sleep(5 * 60 * 1000); }`);
    b.run('start');
    // 18 hourly runs of 5 minutes use the 90 minutes; the 19th to the 24th fail.
    b.advance(24 * 60 * 60 * 1000 - 60 * 1000);
    expect(b.ws.scriptProperties.runs).toBe('18');
    expect(b.failures.map((f) => f.message)).toEqual(new Array(5).fill('Exception: Service using too much computer time for one day'));
    // 24 hours after the first use the quota resets (the first run ended at 1:05; the 25:00 run still fails).
    b.advance(3 * 60 * 60 * 1000);
    expect(b.ws.scriptProperties.runs).toBe('19');
  });

  test('a user may have 20 triggers per script', () => {
    // A script, not an add-on: an add-on has one time-driven trigger per document (below).
    const b = load(code, {}, new Workspace({ isAddOn: false }));
    expect(() => b.run('many')).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
    expect(b.run('count')).toBe(20);
  });

  describe('an add-on has one time-driven trigger per user per document', () => {
    const perDocument = `
      function hourly() { return ScriptApp.newTrigger('docTick').timeBased().everyHours(1).create().getUniqueId(); }
      function daily() { return ScriptApp.newTrigger('other').timeBased().everyDays(1).atHour(6).create().getUniqueId(); }
      function inThisDocument() {
        return ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet()).map(function (t) { return t.getHandlerFunction() + ' ' + t.getTriggerSourceId(); });
      }
      function removeAll() { ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); }); }
      function docTick() { var p = PropertiesService.getDocumentProperties(); p.setProperty('ticks', String(Number(p.getProperty('ticks') || 0) + 1)); }`;
    const TOO_MANY = 'This add-on has created too many time-based triggers in this document for this Google user account.';

    test('a second time-driven trigger in the same spreadsheet fails, whatever its handler or schedule', () => {
      const b = load(code + perDocument);
      b.run('hourly');
      expect(() => b.run('daily')).toThrow(TOO_MANY);
      expect(() => b.run('schedule')).toThrow(TOO_MANY);
      expect(b.run('inThisDocument')).toEqual([`docTick ${b.ws.activeSpreadsheetId}`]);
      b.run('removeAll');
      b.run('daily');
      expect(b.run('count')).toBe(1);
    });

    test('a fired one-off trigger still counts until it is deleted', () => {
      const b = load(code + perDocument);
      b.run('schedule');
      b.advance(2 * 60 * 60 * 1000);
      expect(b.ws.scriptProperties.ticks).toBe('1');
      expect(() => b.run('hourly')).toThrow(TOO_MANY);
    });

    test('another spreadsheet, or another user, has its own; each runs in its spreadsheet, as its owner', () => {
      const b = load(
        code +
          perDocument +
          `function whoAmI() { PropertiesService.getDocumentProperties().setProperty('by', Session.getEffectiveUser().getEmail()); }`,
      );
      const first = b.ws.activeSpreadsheetId!;
      b.run('hourly');
      const second = b.ws.createSpreadsheet('Another school year');
      b.ws.activeSpreadsheetId = second.id;
      b.run('daily');
      expect(b.run('inThisDocument')).toEqual([`other ${second.id}`]);
      b.ws.user = 'lead@district.example.org';
      expect(b.run('inThisDocument')).toEqual([]);
      b.ws.triggers.push({
        id: 'lead-1',
        handler: 'whoAmI',
        kind: 'CLOCK',
        nextAt: b.ws.rt.now + 1000,
        everyMs: null,
        sourceId: second.id,
        owner: b.ws.user,
      });
      expect(() => b.run('hourly')).toThrow(
        'This add-on has created too many time-based triggers in this document for this Google user account.',
      );
      b.ws.activeSpreadsheetId = first;
      b.run('hourly');
      b.ws.user = 'clerk@district.example.org';
      b.ws.activeSpreadsheetId = second.id;
      b.advance(60 * 60 * 1000);
      // The two hourly triggers ran in the first spreadsheet, though the second one is open; the lead's ran as the lead.
      expect(b.ws.documentProperties.get(first)).toEqual({ ticks: '2' });
      expect(b.ws.documentProperties.get(second.id)).toEqual({ by: 'lead@district.example.org' });
      expect(b.ws.activeSpreadsheetId).toBe(second.id);
      expect(b.ws.user).toBe('clerk@district.example.org');
    });

    test('a script that is not an add-on may have several', () => {
      const b = load(code + perDocument, {}, new Workspace({ isAddOn: false }));
      b.run('hourly');
      b.run('daily');
      expect(b.run('count')).toBe(2);
    });
  });

  test('the UI cannot be used from a trigger', () => {
    const b = load(`function fromTrigger() { SpreadsheetApp.getUi().alert('hi'); }`);
    b.fire('fromTrigger', {});
    expect(b.failures[0].message).toMatch(/Cannot call SpreadsheetApp.getUi\(\) from this context/);
  });
});

describe('authorization modes', () => {
  test('in AuthMode.NONE a menu can be built but no data touched', () => {
    const b = load(`
      function onOpen(e) { SpreadsheetApp.getUi().createAddonMenu().addItem('Go', 'go').addToUi(); }
      function peek() { return SpreadsheetApp.getActiveSpreadsheet().getSheets().length; }`);
    b.open('NONE');
    expect(b.ws.ui.menus[0].items[0]).toEqual({ caption: 'Go', functionName: 'go' });
    expect(() => b.run('peek', [], { authMode: 'NONE' })).toThrow(/do not have permission/);
  });

  test('a simple onOpen (NONE or LIMITED) may read this spreadsheet in LIMITED and toast, but never show a dialog or sidebar', () => {
    const b = load(
      `
      function onOpen(e) {
        var out = [];
        if (String(e.authMode) === 'LIMITED') {
          SpreadsheetApp.getActiveSpreadsheet().toast('Hello');
          out.push(PropertiesService.getDocumentProperties().getProperty('x'));
        }
        try { SpreadsheetApp.getUi().showModalDialog(HtmlService.createHtmlOutputFromFile('Page'), 'Hi'); } catch (err) { out.push(err.message); }
        try { SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Page')); } catch (err) { out.push(err.message); }
        PropertiesService.getScriptProperties().setProperty('seen', JSON.stringify(out));
      }`,
      { Page: '<p>Hi</p>' },
    );
    b.open('LIMITED');
    expect(JSON.parse(b.ws.scriptProperties.seen)).toEqual([
      null,
      'You do not have permission to call Ui.showModalDialog. Required permissions: https://www.googleapis.com/auth/script.container.ui',
      'You do not have permission to call Ui.showSidebar. Required permissions: https://www.googleapis.com/auth/script.container.ui',
    ]);
    expect(b.ws.active.toasts.map((t) => t.message)).toEqual(['Hello']);
    expect(b.ws.ui.shown).toEqual([]);
    // The same dialog from a menu item (a FULL execution) is shown.
    b.run('onOpen', [{ authMode: 'FULL' }]);
    expect(b.ws.ui.shown).toHaveLength(2);
  });
});

describe('HtmlService templates', () => {
  test('printing scriptlets escape by context; force-printing does not', () => {
    const src =
      '<p><?= name ?></p><a title="<?= name ?>">x</a><script>var n = <?= name ?>;</script><div><?!= trusted ?></div><? for (var i = 0; i < 2; i++) { ?><i><?= i ?></i><? } ?>';
    const b = load(
      'function page(name) { var t = HtmlService.createTemplateFromFile("Page"); t.name = name; t.trusted = "<b>ok</b>"; return t.evaluate().getContent(); }',
      { Page: src },
    );
    const out = b.run<string>('page', ['</script><img src=x onerror=alert(1)>"']);
    expect(out).toContain('<p>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;</p>');
    expect(out).toContain('title="&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;"');
    expect(out).toContain('var n = "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\"";');
    expect(out).toContain('<div><b>ok</b></div>');
    expect(out).toContain('<i>0</i><i>1</i>');
    expect(compileTemplate('<?= a ?>')).toContain('__esc');
  });

  test('a missing HTML file is the real error', () => {
    const b = load('function open() { HtmlService.createHtmlOutputFromFile("Nope"); }');
    expect(() => b.run('open')).toThrow('No HTML file named Nope was found.');
  });
});

describe('google.script.run', () => {
  test('plain data crosses; a Date fails the call; undefined in arrays becomes null', () => {
    const b = load(`
      function echo(x) { return x; }
      function dated() { return { when: new Date() }; }
      function boom() { throw new Error('nope'); }
      function private_() { return 1; }`);
    expect(b.scriptRun('echo', { a: [1, undefined, 'x'], b: null })).toEqual({ a: [1, null, 'x'], b: null });
    expect(() => b.scriptRun('dated')).toThrow(/cannot pass a Date \(the result.when\)/);
    expect(() => b.scriptRun('boom')).toThrow(ScriptRunError);
    expect(() => b.scriptRun('private_')).toThrow(/not found/);
  });
});

describe('the workspace can be saved and restored', () => {
  test('sheets, values (dates too), properties and triggers survive a snapshot', () => {
    const b = load(`
      function setup() {
        var s = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Log');
        s.getRange(1, 1, 1, 3).setValues([['a', 2, new Date(0)]]);
        PropertiesService.getDocumentProperties().setProperty('k', 'v');
        ScriptApp.newTrigger('setup').timeBased().everyHours(2).create();
      }`);
    b.run('setup');
    const snap = JSON.parse(JSON.stringify(b.ws.snapshot()));
    const ws2 = new Workspace();
    const b2 = new LoadedBundle(ws2, project('function noop() {}'));
    ws2.restore(snap);
    expect(ws2.values('Log')[0][0]).toBe('a');
    expect((ws2.values('Log')[0][2] as Date).getTime()).toBe(0);
    expect([...ws2.documentProperties.values()]).toContainEqual({ k: 'v' });
    expect(ws2.triggers).toHaveLength(1);
    expect(b2).toBeDefined();
  });
});
