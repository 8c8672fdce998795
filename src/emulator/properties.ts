/** PropertiesService, emulated: string values, null for missing keys, 9 KB per value, 500 KB per store, daily quota. */
import { LATENCY, Runtime } from './runtime';

export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;

export type PropertyStore = Record<string, string>;

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function createProperties(rt: Runtime, store: () => PropertyStore, scope: string) {
  const P = 'PropertiesService';
  const use = (method: string, access: 'document' | 'full' = 'document') => {
    rt.call(P, `Properties.${method}`, LATENCY.properties, access);
    rt.useQuota('propertiesReadWrite');
  };
  const check = (next: PropertyStore) => {
    let total = 0;
    for (const [k, v] of Object.entries(next)) {
      if (bytes(v) > MAX_VALUE_BYTES) throw rt.error(`Argument too large: value (${scope} property "${k}")`);
      total += bytes(k) + bytes(v);
    }
    if (total > MAX_STORE_BYTES)
      throw rt.error('You have exceeded the property storage quota. Please remove some properties and try again.');
  };
  const props = {
    getProperty(key: string): string | null {
      use('getProperty');
      const v = store()[String(key)];
      return v === undefined ? null : v;
    },
    getProperties(): Record<string, string> {
      use('getProperties');
      return { ...store() };
    },
    getKeys(): string[] {
      use('getKeys');
      return Object.keys(store());
    },
    setProperty(key: string, value: unknown) {
      use('setProperty');
      const s = store();
      const next = { ...s, [String(key)]: String(value) };
      check(next);
      s[String(key)] = String(value);
      return props;
    },
    setProperties(properties: Record<string, unknown>, deleteAllOthers = false) {
      use('setProperties');
      const s = store();
      const next: PropertyStore = deleteAllOthers ? {} : { ...s };
      for (const [k, v] of Object.entries(properties)) next[k] = String(v);
      check(next);
      for (const k of Object.keys(s)) delete s[k];
      Object.assign(s, next);
      return props;
    },
    deleteProperty(key: string) {
      use('deleteProperty');
      delete store()[String(key)];
      return props;
    },
    deleteAllProperties() {
      use('deleteAllProperties');
      const s = store();
      for (const k of Object.keys(s)) delete s[k];
      return props;
    },
  };
  return props;
}
