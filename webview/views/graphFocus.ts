/**
 * The keyboard focus drawn on the graph: a ring around the focused unit, or a line along the focused weight's edge,
 * on a canvas of its own above cytoscape's (no pointer events), following pan and zoom. A weight that the graph
 * thinned out (top-k edges of wide layers) rings its target unit instead. Under forced colours it uses the system's
 * Highlight colour.
 */
import type cytoscape from 'cytoscape';
import type { MirrorTarget } from './graphMirror';
import { sizeCanvas } from './shared';

function elementId(t: MirrorTarget): string[] {
  switch (t.kind) {
    case 'layer':
      return [`n-${t.layer}-1`, `n-${t.layer}-img`];
    case 'unit':
      return [`n-${t.layer}-${t.unit}`];
    case 'picture':
      return ['n-1-img'];
    case 'weight':
      return [`e-${t.l}-${t.j}-${t.i}`, `e-${t.l}-${t.j}-img`, `n-${t.l + 1}-${t.j}`];
  }
}

export class GraphFocus {
  readonly canvas: HTMLCanvasElement;
  private target: MirrorTarget | null = null;

  constructor(
    private readonly cy: cytoscape.Core,
    private readonly container: HTMLElement,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'graph-focus';
    this.canvas.setAttribute('aria-hidden', 'true');
    Object.assign(this.canvas.style, {
      position: 'absolute',
      left: '0',
      top: '0',
      pointerEvents: 'none',
      zIndex: '10',
    });
    container.append(this.canvas);
    cy.on('viewport resize', () => this.draw());
  }

  set(target: MirrorTarget | null): void {
    this.target = target;
    this.draw();
  }

  /** The focused element's cytoscape id, or null (for the tests). */
  focusedId(): string | null {
    return this.element()?.id() ?? null;
  }

  private element(): cytoscape.SingularElementArgument | null {
    if (!this.target) return null;
    for (const id of elementId(this.target)) {
      const e = this.cy.$id(id);
      if (e.nonempty()) return e;
    }
    return null;
  }

  /** The ring's colour: the theme's focus border, or the system Highlight under forced colours. */
  colour(): string {
    if (matchMedia('(forced-colors: active)').matches) return 'Highlight';
    const css = getComputedStyle(this.container).getPropertyValue('--vscode-focusBorder').trim();
    return css || '#0078d4';
  }

  private draw(): void {
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    const ctx = sizeCanvas(this.canvas, w, h);
    ctx.clearRect(0, 0, w, h);
    const e = this.element();
    if (!e) return;
    ctx.strokeStyle = this.colour();
    ctx.lineWidth = 3;
    if (e.isEdge()) {
      const a = e.source().renderedPosition();
      const b = e.target().renderedPosition();
      ctx.setLineDash([6, 3]);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.stroke();
      return;
    }
    const box = e.renderedBoundingBox({ includeLabels: false });
    const r = Math.max(box.w, box.h) / 2 + 4;
    ctx.beginPath();
    ctx.arc((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, r, 0, Math.PI * 2);
    ctx.stroke();
  }
}
