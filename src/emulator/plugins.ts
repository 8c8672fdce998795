/**
 * The services beyond SpreadsheetApp that the emulated Workspace offers (Drive, Docs, Gmail,
 * Calendar ...), each a WorkspacePlugin. A fresh list per workspace: plugins hold state.
 */
import { CalendarPlugin } from './calendar';
import { DocsPlugin } from './docs';
import { DrivePlugin } from './drive';
import { GmailPlugin } from './gmail';
import { WorkspacePlugin } from './workspace';

export function defaultPlugins(): WorkspacePlugin[] {
  const drive = new DrivePlugin();
  return [new GmailPlugin(), drive, new DocsPlugin(drive), new CalendarPlugin()];
}

/** A workspace's plugin of a given class (e.g. its GmailPlugin), for tests and the offline run. */
export function pluginOf<T extends WorkspacePlugin>(plugins: readonly WorkspacePlugin[], type: new (...args: never[]) => T): T {
  const p = plugins.find((x) => x instanceof type);
  if (!p) throw new Error(`Emulator: no ${type.name} in this workspace`);
  return p as T;
}
