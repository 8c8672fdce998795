// Flesch-Kincaid grade level of texts, with the maintained (ESM-only) flesch-kincaid and syllable
// packages. Run by tests/core/template-readability.test.ts in a child node process, since jest
// here runs CommonJS. Reads a JSON array of strings on stdin, prints a JSON array of results.
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const texts = JSON.parse(input);
  const out = texts.map((text) => {
    // Each line (paragraph) is its own sentence when it has no end mark: headings and sign-offs.
    const sentences = text
      .split('\n')
      .flatMap((line) => line.split(/(?<=[.!?])\s+/))
      .map((s) => s.trim())
      .filter((s) => /[A-Za-z]/.test(s));
    const words = text.match(/[A-Za-z\u00c0-\u024f']+/g) ?? [];
    const counts = { sentence: sentences.length, word: words.length, syllable: words.reduce((n, w) => n + syllable(w), 0) };
    return { words: words.length, grade: fleschKincaid(counts) };
  });
  process.stdout.write(JSON.stringify(out));
});
