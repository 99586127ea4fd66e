/** The panel around the network graph: title, exports, the graph's box, the legend of Θ and the selection line. */
import type { ViewFrame } from '../../src/protocol';
import { divergingGradientCss, type Palette } from '../colors';
import { button } from '../ui/toolkit';
import { el } from './shared';

export class GraphPanel {
  readonly element: HTMLElement;
  readonly box: HTMLElement;
  readonly selectedInfo: HTMLElement;
  private readonly legendBar = el('span', 'legend-bar');
  private readonly legendMin = el('span', 'legend-value');
  private readonly legendMax = el('span', 'legend-value');

  constructor(exports: { png(): void; svg(): void }) {
    this.element = el('section', 'graph-panel');
    this.element.setAttribute('aria-labelledby', 'graph-title');
    const head = el('div', 'panel-head');
    const title = el('h2', '', 'Network');
    title.id = 'graph-title';
    head.append(
      title,
      el('span', 'spacer'),
      button({ label: 'PNG', ariaLabel: 'Export the network graph as PNG', onClick: () => exports.png() }),
      button({ label: 'SVG', ariaLabel: 'Export the network graph as SVG', onClick: () => exports.svg() }),
    );
    this.box = el('div', 'graph');
    // A group named after the network; its keyboard path is the tree inside (graphMirror.ts), not the canvas.
    this.box.setAttribute('role', 'group');
    this.box.dataset.testid = 'graph';
    const legend = el('div', 'graph-legend');
    legend.append(
      el('span', 'legend-label', 'Θⱼᵢ⁽ˡ⁾'),
      this.legendMin,
      this.legendBar,
      this.legendMax,
      el(
        'span',
        'legend-text',
        'edge width ∝ |Θ|; unit fill = activation a of the inspected sample; dashed = bias +1 or dropped',
      ),
    );
    this.selectedInfo = el('p', 'selected-info');
    this.selectedInfo.setAttribute('aria-live', 'polite');
    this.element.append(head, this.box, legend, this.selectedInfo);
  }

  /** The edge colour scale from −max|Θ| to +max|Θ| of the frame. */
  setLegend(p: Palette, f: ViewFrame | null): void {
    this.legendBar.style.background = divergingGradientCss(p);
    let max = 0;
    if (f) for (const t of f.theta) for (let i = 0; i < t.length; i++) max = Math.max(max, Math.abs(t[i]));
    this.legendMin.textContent = max ? `−${max.toFixed(2)}` : '−';
    this.legendMax.textContent = max ? `+${max.toFixed(2)}` : '+';
  }
}
