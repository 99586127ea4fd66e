/**
 * What the views in the tab strip share. main.ts keeps them in one list (TabViews) and calls these on all of them
 * instead of naming each view: visibility follows the active tab, the theme goes to every canvas, and one
 * requestAnimationFrame renders whatever changed.
 */
import type { Palette } from '../colors';
import type { TabId } from '../state';

export interface View {
  readonly element: HTMLElement;
  /** Its tab is active and the panel is shown; a hidden view only marks itself dirty and draws once it is visible. */
  visible: boolean;
  /** Draws what changed since the last call (each view keeps its own dirty flag); nothing when hidden or clean. */
  render(): void;
  /** The theme changed: views that paint canvases re-read their colours (DOM-only views follow the CSS). */
  setTheme?(p: Palette): void;
}

/** One tab: its label, its content, and the view behind it (null for content drawn eagerly, such as the worksheet). */
export interface Tab {
  id: TabId;
  label: string;
  element: HTMLElement;
  view: View | null;
  /** The name its render time is profiled under (test-results/webview-frame-times.json). */
  profile?: string;
}

/** The tabs' views in one place: visibility, theme and rendering for all of them. */
export class TabViews {
  constructor(readonly tabs: readonly Tab[]) {}

  get views(): View[] {
    return this.tabs.flatMap((t) => (t.view ? [t.view] : []));
  }

  /** Only the active tab's view is visible, and none while the panel is hidden. */
  show(active: TabId | null, panelVisible: boolean): void {
    for (const t of this.tabs) if (t.view) t.view.visible = panelVisible && t.id === active;
  }

  setTheme(p: Palette): void {
    for (const v of this.views) v.setTheme?.(p);
  }

  render(time: (name: string, fn: () => void) => void): void {
    for (const t of this.tabs) if (t.view) time(t.profile ?? t.id, () => t.view?.render());
  }
}
