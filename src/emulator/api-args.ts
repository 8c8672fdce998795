/**
 * The optional arguments of an advanced service method (Gmail, Calendar, Drive ...), checked
 * against the method's documented query parameters.
 *
 * An advanced service takes "the same objects, methods, and parameters as the public API"
 * (Apps Script, "Advanced Google services"): its last argument holds the method's query
 * parameters. A name the method does not document is an error here, worded as Google's APIs word
 * an unknown query parameter; a value outside a parameter's documented choices is an error too.
 * Whether Apps Script itself forwards an unknown name to Google, or drops it without a word, is
 * not documented (unconfirmed): the emulator takes the worse case for the toolkit, which is that
 * the call fails, so the toolkit cannot come to rely on a parameter that does nothing.
 */
import { Runtime } from './runtime';

/** A parameter's type: 'string', 'number', 'boolean', 'strings' (one or more strings), or its allowed values. */
export type ParamSpec = 'string' | 'number' | 'boolean' | 'strings' | readonly string[];

/** Parameters every Google API method takes (the "system parameters"). */
const SYSTEM: Record<string, ParamSpec> = { fields: 'string', quotaUser: 'string', prettyPrint: 'boolean' };

/**
 * Check `args` against `spec`. `fail` makes the method's error (e.g. "API call to gmail.users.drafts.get
 * failed with error: ..."). Returns the arguments as a plain record.
 */
export function checkArgs(
  rt: Runtime,
  fail: (message: string) => Error,
  args: unknown,
  spec: Record<string, ParamSpec>,
): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) throw rt.error('Invalid argument: optionalArgs');
  const out = args as Record<string, unknown>;
  for (const [name, value] of Object.entries(out)) {
    const type = spec[name] ?? SYSTEM[name];
    if (!type) {
      throw fail(
        `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter. Field '${name}' could not be found in request message.`,
      );
    }
    if (value === undefined || value === null) continue;
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'number'
          ? typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))
          : type === 'boolean'
            ? typeof value === 'boolean' || value === 'true' || value === 'false'
            : type === 'strings'
              ? typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
              : typeof value === 'string' && type.includes(value);
    if (!ok) throw fail(`Invalid value for ${name}: ${Array.isArray(value) ? value.join(',') : String(value)}`);
  }
  return out;
}
