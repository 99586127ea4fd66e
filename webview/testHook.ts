/**
 * The page's one test seam: window.__nnviz, read by the webview tests (test/webview) and the VS Code tests to observe
 * what is drawn (stats, frame times, cell positions) without scraping canvases.
 */
declare global {
  interface Window {
    __nnviz?: unknown;
  }
}

export function exposeForTests(hook: Record<string, unknown>): void {
  window.__nnviz = hook;
}
