/**
 * For image inputs (the lecture's digits): each hidden unit's weights Θ_j1^(1) … Θ_jn^(1) (without the bias) as a
 * picture, on one colour scale symmetric about zero for all units. Each picture is a button: a click, Enter or Space
 * enlarges it (Escape or the button closes the enlargement), so a class can see what a unit looks for.
 */
import { divergingIndex, type Palette } from '../colors';
import { sub, unitLabel } from '../notation';
import { el, sizeCanvas, type Numbers } from './shared';

/** Sizes of a tile in the grid and of the enlargement, in px (a 20 × 20 digit: 4 and 14 px per image pixel). */
const TILE = 80;
const BIG = 280;

export class UnitImages {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly big: HTMLElement;
  private readonly bigCanvas: HTMLCanvasElement;
  private readonly bigCaption: HTMLElement;
  private tiles: { button: HTMLButtonElement; canvas: HTMLCanvasElement }[] = [];
  private enlarged: number | null = null;
  private off = document.createElement('canvas');

  constructor() {
    this.element = el('figure', 'unit-images');
    this.element.dataset.testid = 'unit-images-figure';
    this.grid = el('div', 'unit-image-grid');
    this.big = el('div', 'unit-image-big');
    this.big.hidden = true;
    this.bigCanvas = el('canvas');
    this.bigCanvas.setAttribute('role', 'img');
    this.bigCaption = el('p', 'unit-image-caption');
    const close = el('button', 'unit-image-close', 'Close ✕');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close the enlarged unit image');
    close.addEventListener('click', () => this.enlarge(null));
    this.big.append(this.bigCaption, this.bigCanvas, close);
    this.big.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.enlarge(null);
      }
    });
    this.element.append(
      el(
        'figcaption',
        '',
        'Each hidden unit’s weights Θⱼ₁⁽¹⁾ … Θⱼₙ⁽¹⁾ as an image (blue < 0 < red, one scale for all); click one to enlarge it',
      ),
      this.big,
      this.grid,
    );
  }

  /** The unit shown enlarged (1-based), or null. */
  enlargedUnit(): number | null {
    return this.enlarged;
  }

  private enlarge(unit: number | null): void {
    const was = this.enlarged;
    this.enlarged = unit;
    this.big.hidden = unit === null;
    this.tiles.forEach((t, r) => t.button.setAttribute('aria-pressed', String(r + 1 === unit)));
    if (unit === null && was !== null) this.tiles[was - 1]?.button.focus();
    this.onChange?.();
    if (unit !== null) this.big.querySelector('button')?.focus();
  }

  /** Called when the enlargement opens or closes (the owner redraws). */
  onChange: (() => void) | null = null;

  private ensureTiles(rows: number): void {
    if (this.tiles.length === rows) return;
    this.tiles = Array.from({ length: rows }, (_, r) => {
      const button = el('button', 'unit-image');
      button.type = 'button';
      button.setAttribute('aria-label', `Enlarge the weights of ${unitLabel(2, r + 1)}`);
      button.setAttribute('aria-pressed', 'false');
      const canvas = el('canvas');
      button.append(canvas, el('span', 'unit-image-label', unitLabel(2, r + 1)));
      button.addEventListener('click', () => this.enlarge(this.enlarged === r + 1 ? null : r + 1));
      return { button, canvas };
    });
    this.grid.replaceChildren(...this.tiles.map((t) => t.button));
    if (this.enlarged !== null && this.enlarged > rows) this.enlarge(null);
  }

  /** Paints unit r's picture (h × w) into a canvas at `scale` pixels per image pixel. */
  private paint(
    canvas: HTMLCanvasElement,
    v: Numbers,
    r: number,
    cols: number,
    [h, w]: [number, number],
    max: number,
    scale: number,
    p: Palette,
  ): void {
    const off = this.off;
    off.width = w;
    off.height = h;
    const octx = off.getContext('2d');
    if (!octx) return;
    const img = octx.createImageData(w, h);
    for (let k = 0; k < w * h; k++) {
      const c = p.divergingRgb[divergingIndex(v[r * cols + 1 + k], max)];
      img.data[k * 4] = c[0];
      img.data[k * 4 + 1] = c[1];
      img.data[k * 4 + 2] = c[2];
      img.data[k * 4 + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    const ctx = sizeCanvas(canvas, w * scale, h * scale);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, w * scale, h * scale);
  }

  /** Draws every unit of Θ^(1) (rows × (n + 1), row-major) and the enlarged one. */
  draw(v: Numbers, rows: number, shape: [number, number], selected: number | null, p: Palette): void {
    this.ensureTiles(rows);
    const cols = shape[0] * shape[1] + 1;
    let max = 0;
    for (let r = 0; r < rows; r++)
      for (let c = 1; c < cols; c++) max = Math.max(max, Math.abs(v[r * cols + c]));
    this.tiles.forEach((t, r) => {
      this.paint(t.canvas, v, r, cols, shape, max, Math.max(2, Math.round(TILE / shape[1])), p);
      t.button.classList.toggle('selected', selected === r + 1);
    });
    const u = this.enlarged;
    if (u !== null && u <= rows) {
      this.paint(this.bigCanvas, v, u - 1, cols, shape, max, Math.max(4, Math.round(BIG / shape[1])), p);
      this.bigCaption.textContent = `${unitLabel(2, u)}: its ${shape[1]}×${shape[0]} weights Θ${sub(u)}ᵢ⁽¹⁾; red where a bright pixel raises z${sub(u)}⁽²⁾, blue where it lowers it`;
      this.bigCanvas.setAttribute(
        'aria-label',
        `Weights of ${unitLabel(2, u)} as a ${shape[1]}×${shape[0]} image`,
      );
    }
    this.grid.setAttribute(
      'aria-label',
      `Weights of the ${rows} units of layer 2 as ${shape[1]}×${shape[0]} images`,
    );
  }
}
