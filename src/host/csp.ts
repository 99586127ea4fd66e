/** The visualizer's Content Security Policy (pure, so the hardening tests can check it). */

/**
 * The Content Security Policy of the visualizer: nothing by default; scripts only with this page's nonce (no inline
 * scripts, no eval); styles, images and fonts only from the extension's own folders (inline style attributes are needed by
 * KaTeX and cytoscape); no network access at all.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
