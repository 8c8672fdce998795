/**
 * The services beyond SpreadsheetApp that the emulated Workspace offers (Drive, Docs, Gmail,
 * Calendar ...), each a WorkspacePlugin. A fresh list per workspace: plugins hold state.
 */
import { GmailPlugin } from './gmail';
import { WorkspacePlugin } from './workspace';

export function defaultPlugins(): WorkspacePlugin[] {
  return [new GmailPlugin()];
}

/** A workspace's plugin of a given class (e.g. its GmailPlugin), for tests and the offline run. */
export function pluginOf<T extends WorkspacePlugin>(plugins: readonly WorkspacePlugin[], type: new (...args: never[]) => T): T {
  const p = plugins.find((x) => x instanceof type);
  if (!p) throw new Error(`Emulator: no ${type.name} in this workspace`);
  return p as T;
}
