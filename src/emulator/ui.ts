/**
 * SpreadsheetApp.getUi(), emulated: menus are recorded, dialogs and sidebars are kept so tests
 * (and the browser preview) can open them, and alerts answer from a queue a test fills.
 */
import { EmuHtmlOutput } from './html';
import { LATENCY, Runtime } from './runtime';

export interface MenuItem {
  caption: string;
  functionName?: string;
  separator?: boolean;
  submenu?: MenuRecord;
}

export interface MenuRecord {
  caption: string;
  items: MenuItem[];
  addon: boolean;
}

export interface ShownHtml {
  kind: 'modal' | 'modeless' | 'sidebar';
  title: string;
  output: EmuHtmlOutput;
}

export interface AlertRecord {
  title: string;
  prompt: string;
  buttons: string;
  kind: 'alert' | 'prompt';
}

export const BUTTON = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;
export const BUTTON_SET = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' } as const;

export class UiState {
  menus: MenuRecord[] = [];
  shown: ShownHtml[] = [];
  alerts: AlertRecord[] = [];
  /** Answers for the next alerts/prompts, in order; when empty, alerts answer OK (or YES). */
  answers: { button: string; text?: string }[] = [];
}

export function createUi(rt: Runtime, state: UiState) {
  const U = 'Ui';
  const ensureInteractive = () => {
    const ex = rt.current;
    if (ex && (ex.kind === 'trigger' || ex.kind === 'simple-trigger') && ex.functionName !== 'onOpen' && ex.functionName !== 'onInstall') {
      throw rt.error('Cannot call SpreadsheetApp.getUi() from this context.');
    }
  };

  const makeMenu = (caption: string, addon: boolean): unknown => {
    const record: MenuRecord = { caption, items: [], addon };
    const menu = {
      addItem(itemCaption: string, functionName: string) {
        rt.call(U, 'Menu.addItem', LATENCY.trivial, 'none');
        record.items.push({ caption: String(itemCaption), functionName: String(functionName) });
        return menu;
      },
      addSeparator() {
        rt.call(U, 'Menu.addSeparator', LATENCY.trivial, 'none');
        record.items.push({ caption: '', separator: true });
        return menu;
      },
      addSubMenu(sub: { __record: MenuRecord }) {
        rt.call(U, 'Menu.addSubMenu', LATENCY.trivial, 'none');
        record.items.push({ caption: sub.__record.caption, submenu: sub.__record });
        return menu;
      },
      addToUi() {
        rt.call(U, 'Menu.addToUi', LATENCY.metadata, 'none');
        state.menus = state.menus.filter((m) => m.caption !== record.caption || m.addon !== record.addon);
        state.menus.push(record);
      },
      __record: record,
    };
    return menu;
  };

  const answer = (fallback: string) => state.answers.shift() ?? { button: fallback, text: '' };

  /**
   * Dialogs and sidebars need the script.container.ui scope, which a simple trigger (onOpen in
   * AuthMode.NONE or LIMITED) does not have: Apps Script refuses with this message.
   */
  const ensureMayShow = (method: string) => {
    const ex = rt.current;
    if (ex && ex.kind === 'simple-trigger') {
      throw rt.error(
        `You do not have permission to call Ui.${method}. Required permissions: https://www.googleapis.com/auth/script.container.ui`,
      );
    }
  };

  return {
    Button: BUTTON,
    ButtonSet: BUTTON_SET,
    createMenu(caption: string) {
      rt.call(U, 'createMenu', LATENCY.trivial, 'none');
      return makeMenu(String(caption), false);
    },
    createAddonMenu() {
      rt.call(U, 'createAddonMenu', LATENCY.trivial, 'none');
      return makeMenu('Add-on', true);
    },
    alert(a: string, b?: string, c?: string) {
      rt.call(U, 'alert', LATENCY.ui, 'none');
      ensureInteractive();
      const [title, prompt, buttons] =
        b === undefined ? ['', a, 'OK'] : c === undefined && b in BUTTON_SET ? ['', a, b] : [a, b, c ?? 'OK'];
      state.alerts.push({ title: String(title), prompt: String(prompt), buttons: String(buttons), kind: 'alert' });
      rt.emit({ type: 'alert', title, prompt });
      return answer(buttons === 'YES_NO' || buttons === 'YES_NO_CANCEL' ? 'YES' : 'OK').button;
    },
    prompt(a: string, b?: string, c?: string) {
      rt.call(U, 'prompt', LATENCY.ui, 'none');
      ensureInteractive();
      const [title, prompt, buttons] =
        b === undefined ? ['', a, 'OK'] : c === undefined && b in BUTTON_SET ? ['', a, b] : [a, b, c ?? 'OK'];
      state.alerts.push({ title: String(title), prompt: String(prompt), buttons: String(buttons), kind: 'prompt' });
      const a2 = answer('OK');
      return { getResponseText: () => a2.text ?? '', getSelectedButton: () => a2.button };
    },
    showModalDialog(output: EmuHtmlOutput, title: string) {
      rt.call(U, 'showModalDialog', LATENCY.ui, 'none');
      ensureInteractive();
      ensureMayShow('showModalDialog');
      state.shown.push({ kind: 'modal', title: String(title), output });
      rt.emit({ type: 'dialog', title });
    },
    showModelessDialog(output: EmuHtmlOutput, title: string) {
      rt.call(U, 'showModelessDialog', LATENCY.ui, 'none');
      ensureInteractive();
      ensureMayShow('showModelessDialog');
      state.shown.push({ kind: 'modeless', title: String(title), output });
      rt.emit({ type: 'dialog', title });
    },
    showSidebar(output: EmuHtmlOutput) {
      rt.call(U, 'showSidebar', LATENCY.ui, 'none');
      ensureInteractive();
      ensureMayShow('showSidebar');
      state.shown.push({ kind: 'sidebar', title: output.getTitle(), output });
      rt.emit({ type: 'sidebar', title: output.getTitle() });
    },
  };
}
