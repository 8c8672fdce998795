/**
 * The emulator's model of overlapping executions (src/emulator/concurrent.ts): workers share
 * one document call by call, so what Apps Script's lock protects against really happens here.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runConcurrently } from '../../src/emulator/concurrent';
import { Workspace } from '../../src/emulator/workspace';

function project(code: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gas-concurrent-'));
  writeFileSync(path.join(dir, 'Code.js'), code);
  writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify({ runtimeVersion: 'V8' }));
  return dir;
}

/**
 * Each execution finds the last row, then waits on the script lock (used here only as a
 * turnstile: the first holder keeps it until the other is waiting, so both have read the last
 * row before either writes), then writes below the row it found.
 */
const RACE = `
  function append(tag, useDocumentLock) {
    var doc = useDocumentLock ? LockService.getDocumentLock() : null;
    if (doc) doc.waitLock(20000);
    var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Log');
    var row = sheet.getLastRow() + 1;
    if (!doc) { var turnstile = LockService.getScriptLock(); turnstile.waitLock(20000); turnstile.releaseLock(); }
    sheet.getRange(row, 1).setValue(tag);
    SpreadsheetApp.flush();
    if (doc) doc.releaseLock();
    return row;
  }
  function whoAmI() { return [Session.getActiveUser().getEmail(), SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Log').getLastRow()]; }
  function fails() { SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Log').getRange(0, 1); }`;

function workbook(): Workspace {
  const ws = new Workspace();
  ws.active.sheets[0].name = 'Log';
  return ws;
}

describe('overlapping executions share one document', () => {
  test('without the document lock, two executions that both read the last row write over each other', async () => {
    const ws = workbook();
    const run = await runConcurrently(
      ws,
      ['a', 'b'].map((tag) => ({ user: `${tag}@district.example.org`, fn: 'append', args: [tag, false] })),
      { buildDir: project(RACE), holdFirstLockUntilWaiting: 1 },
    );
    expect(run.results.map((r) => r.value)).toEqual([1, 1]);
    expect(ws.values('Log')).toHaveLength(1);
  });

  test('with the document lock around read-and-write, both land', async () => {
    const ws = workbook();
    const run = await runConcurrently(
      ws,
      ['a', 'b'].map((tag) => ({ user: `${tag}@district.example.org`, fn: 'append', args: [tag, true] })),
      { buildDir: project(RACE), holdFirstLockUntilWaiting: 1 },
    );
    expect(run.results.map((r) => r.value as number).sort()).toEqual([1, 2]);
    expect(ws.values('Log').flat().sort()).toEqual(['a', 'b']);
    expect(run.lock.contended).toBe(1);
  });

  test('each execution runs as its own user, and the document\u2019s errors reach the script as its own exceptions', async () => {
    const ws = workbook();
    ws.active.sheets[0].values.set(2, 0, 'x');
    const run = await runConcurrently(
      ws,
      [
        { user: 'one@district.example.org', fn: 'whoAmI', args: [] },
        { user: 'two@district.example.org', fn: 'fails', args: [] },
      ],
      { buildDir: project(RACE) },
    );
    expect(run.results[0].value).toEqual(['one@district.example.org', 3]);
    expect(run.results[1]).toMatchObject({ ok: false, error: 'Exception: The starting row of the range is too small.' });
  });
});
