/** The built bundle, as `clasp push` would upload it, loads bare and exposes its entry points. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { BUILD_DIR } from '../../src/emulator/bundle';
import { toolkit } from '../helpers';

describe('build/ is exactly what clasp pushes', () => {
  test('only the bundle, the manifest and the HTML files', () => {
    const files = readdirSync(BUILD_DIR).sort();
    expect(files.filter((f) => !/\.(js|html|json)$/.test(f))).toEqual([]);
    expect(files).toContain('Code.js');
    expect(files).toContain('appsscript.json');
    expect(files).toContain('ImportDialog.html');
    const clasp = JSON.parse(readFileSync(path.join(__dirname, '../../.clasp.json'), 'utf8'));
    expect(clasp.rootDir).toBe('build');
  });

  test('the manifest asks for the V8 runtime and narrow scopes only', () => {
    const manifest = JSON.parse(readFileSync(path.join(BUILD_DIR, 'appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    const scopes: string[] = manifest.oauthScopes;
    expect(scopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
    expect(scopes).not.toContain('https://www.googleapis.com/auth/spreadsheets');
    expect(scopes).not.toContain('https://mail.google.com/');
    expect(scopes).not.toContain('https://www.googleapis.com/auth/drive');
  });

  test('the bundle has no module syntax and loads in a scope with no require, module or process', () => {
    const code = readFileSync(path.join(BUILD_DIR, 'Code.js'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const scope = vm.createContext({});
    expect(() => vm.runInContext(code, scope)).not.toThrow();
    for (const name of ['onOpen', 'onInstall', 'showImportDialog', 'importUploadedFile', 'importFromSheet', 'listImportableSheets']) {
      expect(typeof scope[name]).toBe('function');
      // A top-level function declaration, which is what Apps Script lists and google.script.run can call.
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
    }
  });

  test('opening the spreadsheet in AuthMode.NONE builds the menu without touching data', () => {
    const b = toolkit();
    b.open('NONE');
    expect(b.ws.ui.menus).toHaveLength(1);
    expect(b.ws.ui.menus[0].items.map((i) => i.functionName)).toContain('showImportDialog');
    expect(b.ws.rt.calls.get('SpreadsheetApp.getActiveSpreadsheet')).toBeUndefined();
  });

  test('every menu item calls a function the bundle defines', () => {
    const b = toolkit();
    b.open('LIMITED');
    const fns = new Set(b.globalFunctions());
    for (const item of b.ws.ui.menus.flatMap((m) => m.items)) if (item.functionName) expect(fns).toContain(item.functionName);
  });

  test('onInstall builds the same menu', () => {
    const b = toolkit();
    b.run('onInstall', [{ authMode: 'FULL' }]);
    expect(b.ws.ui.menus).toHaveLength(1);
  });
});

describe('clasp uploads build/ and nothing else', () => {
  test("clasp's own file status, run on this project's .clasp.json, lists only the built files", () => {
    // A copy of the project file (with a made-up script ID) beside a copy of build/: clasp reads
    // rootDir from it exactly as `npm run deploy` would, without needing a Google login.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clasp-'));
    const project = JSON.parse(readFileSync(path.join(__dirname, '../../.clasp.json'), 'utf8'));
    writeFileSync(path.join(dir, '.clasp.json'), JSON.stringify({ ...project, scriptId: '1abcDEFmadeUpScriptIdForTheTest' }));
    cpSync(BUILD_DIR, path.join(dir, 'build'), { recursive: true });
    writeFileSync(path.join(dir, 'README.md'), 'not for Apps Script');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'main.ts'), 'export {}');
    const clasp = path.join(__dirname, '../../node_modules/.bin/clasp');
    const out = JSON.parse(execFileSync(clasp, ['show-file-status', '--json'], { cwd: dir, encoding: 'utf8' }));
    expect([...out.filesToPush].sort()).toEqual(
      readdirSync(BUILD_DIR)
        .map((f) => `build/${f}`)
        .sort(),
    );
  });
});
