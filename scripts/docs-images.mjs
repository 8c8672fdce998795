#!/usr/bin/env node
/**
 * npm run docs:images: refresh the screenshots in docs/images/ from the ones the browser tests
 * take (test-output/). Run `npm test` first. The screenshots show synthetic students only.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(root, 'test-output');
const to = path.join(root, 'docs/images');
const IMAGES = {
  'student-panel-1-opened.png': 'student-panel.png',
  'student-panel-3-all-forms.png': 'student-panel-forms.png',
  'report-top.png': 'report.png',
  'outreach-dialog-preview.png': 'outreach-dialog.png',
  'import-dialog.png': 'import-dialog.png',
  'setup-wizard-empty.png': 'setup-wizard.png',
};

mkdirSync(to, { recursive: true });
const missing = Object.keys(IMAGES).filter((f) => !existsSync(path.join(from, f)));
if (missing.length) {
  console.error(`Run npm test first: test-output/ has no ${missing.join(', ')}.`);
  process.exit(1);
}
for (const [src, dest] of Object.entries(IMAGES)) copyFileSync(path.join(from, src), path.join(to, dest));
console.log(`docs/images: ${Object.values(IMAGES).join(', ')}`);
