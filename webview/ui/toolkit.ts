/**
 * The ONLY module that uses @vscode/webview-ui-toolkit.
 *
 * The toolkit is deprecated upstream (microsoft/vscode-webview-ui-toolkit, archived January 2025). Every control of
 * the visualizer is created through the thin factories below, so that moving to @vscode-elements/elements
 * (vscode-button, vscode-single-select, vscode-textfield, vscode-checkbox, vscode-tabs…) changes this file only.
 * The factories return plain HTMLElements with `value` / `checked` accessors wrapped in small helpers, and every
 * control gets an accessible name (aria-label).
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the toolkit's custom elements once (they read the --vscode-* variables for their theme). */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeTextField(),
  );
}

export interface ButtonOptions {
  label: string;
  /** Accessible name; defaults to the label. Include the shortcut, e.g. "Step (→)". */
  ariaLabel?: string;
  title?: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  testId?: string;
  onClick: () => void;
}

export function button(o: ButtonOptions): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = o.label;
  b.setAttribute('appearance', o.appearance ?? 'secondary');
  b.setAttribute('aria-label', o.ariaLabel ?? o.label);
  if (o.title) b.title = o.title;
  if (o.testId) b.dataset.testid = o.testId;
  b.addEventListener('click', () => {
    if (!isDisabled(b)) o.onClick();
  });
  return b;
}

export function setLabel(el: HTMLElement, label: string, ariaLabel?: string): void {
  if (el.textContent !== label) el.textContent = label;
  el.setAttribute('aria-label', ariaLabel ?? label);
}

export function setDisabled(el: HTMLElement, disabled: boolean): void {
  if (disabled) el.setAttribute('disabled', '');
  else el.removeAttribute('disabled');
}

export function isDisabled(el: HTMLElement): boolean {
  return el.hasAttribute('disabled');
}

export interface TextFieldOptions {
  label: string;
  ariaLabel: string;
  value: string;
  size?: number;
  testId?: string;
  /** Called on commit (Enter or blur) with the text. */
  onChange: (value: string) => void;
}

interface ValueElement extends HTMLElement {
  value: string;
}

export function textField(o: TextFieldOptions): HTMLElement {
  const f = document.createElement('vscode-text-field') as ValueElement;
  f.setAttribute('aria-label', o.ariaLabel);
  f.setAttribute('value', o.value);
  if (o.size) f.setAttribute('size', String(o.size));
  if (o.testId) f.dataset.testid = o.testId;
  f.textContent = o.label;
  // Enter commits at once; the change event (blur) then commits the same text again: skip such repeats.
  const commit = (): void => {
    if (f.value === f.dataset.committed) return;
    f.dataset.committed = f.value;
    o.onChange(f.value);
  };
  f.addEventListener('change', commit);
  f.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') commit();
  });
  return f;
}

export function getValue(el: HTMLElement): string {
  return (el as ValueElement).value ?? '';
}

export function setValue(el: HTMLElement, v: string): void {
  const f = el as ValueElement;
  if (document.activeElement === f) return; // never overwrite what the user is typing
  if (f.value !== v) f.value = v;
  f.setAttribute('value', v);
  f.dataset.committed = v;
}

export function setInvalid(el: HTMLElement, message: string | null): void {
  if (message) {
    el.setAttribute('aria-invalid', 'true');
    el.title = message;
    el.classList.add('invalid');
  } else {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('title');
    el.classList.remove('invalid');
  }
}

export interface DropdownOptions {
  ariaLabel: string;
  options: { value: string; label: string }[];
  value: string;
  testId?: string;
  onChange: (value: string) => void;
}

export function dropdown(o: DropdownOptions): HTMLElement {
  const d = document.createElement('vscode-dropdown') as ValueElement;
  d.setAttribute('aria-label', o.ariaLabel);
  if (o.testId) d.dataset.testid = o.testId;
  for (const opt of o.options) {
    const e = document.createElement('vscode-option');
    e.setAttribute('value', opt.value);
    e.textContent = opt.label;
    if (opt.value === o.value) e.setAttribute('selected', '');
    d.appendChild(e);
  }
  d.addEventListener('change', () => o.onChange(d.value));
  return d;
}

/** Replace a dropdown's options, selecting `value` (default: the current value, when it is still offered). */
export function setDropdownOptions(
  el: HTMLElement,
  options: { value: string; label: string }[],
  value = (el as ValueElement).value,
): void {
  const d = el as ValueElement;
  d.replaceChildren(
    ...options.map((opt) => {
      const e = document.createElement('vscode-option');
      e.setAttribute('value', opt.value);
      e.textContent = opt.label;
      if (opt.value === value) e.setAttribute('selected', '');
      return e;
    }),
  );
  if (options.some((o) => o.value === value)) d.value = value;
}

/**
 * Show value `v` unless the user is choosing: by default while the dropdown has the focus; with `whileFocused`, only
 * while its list is open (for values the host may change at any time, like the pace).
 */
export function setDropdownValue(el: HTMLElement, v: string, whileFocused = false): void {
  const d = el as ValueElement & { open?: boolean };
  const choosing = whileFocused ? d.open === true : document.activeElement === d;
  if (d.value !== v && !choosing) d.value = v;
}

export interface CheckboxOptions {
  label: string;
  ariaLabel?: string;
  checked: boolean;
  testId?: string;
  onChange: (checked: boolean) => void;
}

interface CheckedElement extends HTMLElement {
  checked: boolean;
}

export function checkbox(o: CheckboxOptions): HTMLElement {
  const c = document.createElement('vscode-checkbox') as CheckedElement;
  c.textContent = o.label;
  c.setAttribute('aria-label', o.ariaLabel ?? o.label);
  if (o.checked) c.setAttribute('checked', '');
  if (o.testId) c.dataset.testid = o.testId;
  c.addEventListener('change', () => o.onChange(c.checked));
  return c;
}

export function setChecked(el: HTMLElement, checked: boolean): void {
  const c = el as CheckedElement;
  if (c.checked !== checked) c.checked = checked;
}

export interface TabSpec {
  id: string;
  label: string;
  content: HTMLElement;
}

export interface Tabs {
  element: HTMLElement;
  /** The id of the active tab. */
  active(): string;
  select(id: string): void;
  setHidden(id: string, hidden: boolean): void;
}

/** Tabs with panels; arrow keys move between tabs (the toolkit implements the ARIA tabs pattern). */
export function tabs(
  ariaLabel: string,
  specs: TabSpec[],
  active: string,
  onChange: (id: string) => void,
): Tabs {
  const p = document.createElement('vscode-panels');
  p.setAttribute('aria-label', ariaLabel);
  for (const s of specs) {
    const t = document.createElement('vscode-panel-tab');
    t.id = `tab-${s.id}`;
    t.textContent = s.label;
    t.dataset.tab = s.id;
    p.appendChild(t);
  }
  for (const s of specs) {
    const v = document.createElement('vscode-panel-view');
    v.id = `view-${s.id}`;
    v.appendChild(s.content);
    p.appendChild(v);
  }
  p.setAttribute('activeid', `tab-${active}`);
  // The property is current when 'change' fires; the attribute is reflected later.
  const current = (): string =>
    String((p as HTMLElement & { activeid?: string }).activeid ?? p.getAttribute('activeid') ?? '').replace(
      /^tab-/,
      '',
    );
  p.addEventListener('change', (e) => {
    if (e.target !== p) return;
    const id = current();
    if (id) onChange(id);
  });
  return {
    element: p,
    active: current,
    select(id: string) {
      if (current() !== id) {
        (p as HTMLElement & { activeid?: string }).activeid = `tab-${id}`;
        p.setAttribute('activeid', `tab-${id}`);
      }
    },
    setHidden(id: string, hidden: boolean) {
      // Only the tab: the toolkit shows and hides the panel views itself.
      const t = p.querySelector(`#tab-${id}`);
      if (!t) return;
      if (hidden) {
        t.setAttribute('hidden', '');
        t.setAttribute('disabled', '');
      } else {
        t.removeAttribute('hidden');
        t.removeAttribute('disabled');
      }
    },
  };
}
