/**
 * npm run preview [-- --port 8787]
 *
 * The student panel (and the import dialog) in your own browser, without a Google account: the
 * built add-on runs in the emulated Workspace on the bundled sample export (17,721 synthetic
 * students, a few log entries), and a server on this computer serves the sidebar with a
 * google.script.run bridge to it. Saves land in the emulated spreadsheet (kept in memory until
 * you stop the preview with Ctrl+C). Nothing reaches Google.
 */
import { BrowserBridge } from '../src/emulator/browser-bridge';
import { addLogEntries, importedDistrict } from './bench/district';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const port = Number(option('port', '8787'));
  console.log('Importing the sample export into an emulated spreadsheet...');
  const { bundle, studentIds } = importedDistrict(option('user', 'you@district.example.org'));
  // A little history for the first student, so the panel has something to show.
  addLogEntries(bundle, studentIds, 500, studentIds[0]);
  bundle.ws.select('Roster', 2);
  bundle.run('showStudentPanel');
  bundle.run('showImportDialog');

  let bridge: BrowserBridge;
  try {
    bridge = await new BrowserBridge(bundle, { port }).start();
  } catch {
    bridge = await new BrowserBridge(bundle, { port: 0 }).start();
  }
  const panel = bridge.serveShown(0);
  const dialog = bridge.serveShown(1);
  console.log('');
  console.log(`Student panel:  ${panel.hostUrl}`);
  console.log(`  (the sidebar alone, 300 px wide as in Sheets: ${panel.url})`);
  console.log(`Import dialog:  ${dialog.hostUrl}`);
  console.log('');
  console.log(`The panel opens on ${bundle.ws.values('Roster')[1][1]} (the selected Roster row). Search for anyone else by name or ID.`);
  console.log('Press Ctrl+C to stop. Entries you save live only in this preview.');
  const stop = async () => {
    await bridge.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
