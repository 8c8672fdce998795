#!/usr/bin/env node
/**
 * npm run deploy: build, then `clasp push` build/ (and only build/: .clasp.json's rootDir) to the
 * Apps Script project named in .clasp.json. See README "Deploy to a spreadsheet".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clasp = JSON.parse(readFileSync(path.join(root, '.clasp.json'), 'utf8'));
if (!clasp.scriptId || clasp.scriptId.startsWith('PASTE-')) {
  console.error(
    'No Apps Script project is set up yet. Open the attendance spreadsheet, choose Extensions > Apps Script,\n' +
      'copy the script ID from Project Settings and paste it as "scriptId" in .clasp.json (see README, step 4).',
  );
  process.exit(1);
}
if (clasp.rootDir !== 'build') {
  console.error('.clasp.json must say "rootDir": "build" so that only the built add-on is uploaded.');
  process.exit(1);
}
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
// Windows names the command npx.cmd, which Node runs only through a shell.
execFileSync('npx', ['clasp', 'push', '--force'], { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
console.log('Pushed build/ to Apps Script. Reload the spreadsheet to see the Attendance Toolkit menu.');
