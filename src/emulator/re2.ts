/**
 * Body.replaceText's regular expressions. Apps Script takes the search pattern as a string in
 * Google's RE2 syntax and matches it within each text element (a pattern never spans two
 * paragraphs). RE2 has no lookaround and no backreferences: such patterns are refused.
 *
 * The replacement: Google does not document how "$" and "\" are treated (unconfirmed). The
 * emulator takes the stricter reading, Java's Matcher.replaceAll (the server side is Java):
 * "$n" is group n, "\x" is a literal x, and a "$" not followed by a group number is an error.
 * Code that passes data as a replacement therefore fails here the way it might fail for real.
 */

export function re2ToRegExp(pattern: string, onError: (message: string) => Error): RegExp {
  let flags = 'g';
  let source = pattern;
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('m')) flags += 'm';
    if (inline[1].includes('s')) flags += 's';
    source = source.slice(inline[0].length);
  }
  if (/\(\?<?[=!]/.test(source)) throw onError(`Invalid regular expression: lookaround is not supported (RE2): ${pattern}`);
  if (/\\[1-9]/.test(source.replace(/\\\\/g, '')))
    throw onError(`Invalid regular expression: backreferences are not supported (RE2): ${pattern}`);
  try {
    return new RegExp(source, flags);
  } catch {
    throw onError(`Invalid regular expression: ${pattern}`);
  }
}

/** Java's Matcher.appendReplacement rules for the replacement string. */
export function javaReplacement(replacement: string, match: RegExpExecArray, onError: (message: string) => Error): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '\\') {
      i++;
      if (i >= replacement.length) throw onError('character to be escaped is missing');
      out += replacement[i];
    } else if (ch === '$') {
      const m = /^\d+/.exec(replacement.slice(i + 1));
      if (!m) throw onError('Illegal group reference');
      const g = Number(m[0][0]);
      if (g >= match.length) throw onError(`No group ${g}`);
      out += match[g] ?? '';
      i += 1;
    } else out += ch;
  }
  return out;
}

/** Replace every match in one text element's text. */
export function replaceInText(text: string, pattern: string, replacement: string, onError: (message: string) => Error): string {
  const re = re2ToRegExp(pattern, onError);
  let out = '';
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += text.slice(at, m.index) + javaReplacement(replacement, m, onError);
    at = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  return out + text.slice(at);
}
