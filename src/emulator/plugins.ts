/**
 * The services beyond SpreadsheetApp that the emulated Workspace offers (Drive, Docs, Gmail,
 * Calendar ...), each a WorkspacePlugin. A fresh list per workspace: plugins hold state.
 */
import { WorkspacePlugin } from './workspace';

export function defaultPlugins(): WorkspacePlugin[] {
  return [];
}
