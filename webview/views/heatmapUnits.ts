/**
 * For image inputs (the lecture's digits): each hidden unit's weights Θ_j1^(1) … Θ_jn^(1) (without the bias) as a
 * picture, on one colour scale symmetric about zero for all units. Each picture is a button: a click, Enter or Space
 * enlarges it (Escape or the button closes the enlargement), so a class can see what a unit looks for.
 */
import { sub, unitLabel } from '../notation';
import { el } from './shared';

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
  private readonly images = new WeakMap<HTMLCanvasElement, ImageData>();

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
        'Each hidden unit’s weights Θⱼ₁⁽¹⁾ … Θⱼₙ⁽¹⁾ as an image (blue < 0 < red, the scale of Θ⁽¹⁾ below); click one to enlarge it',
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

  /**
   * Paints unit r's picture (h × w) into a canvas of h × w pixels, shown `scale` times larger by CSS (pixelated). The
   * pixels are copied from the Θ⁽¹⁾ heatmap's (row r, columns 1 … n: the same values on the same scale), so 64 units
   * cost 64 copies and putImageData calls, not another 50,000 colour look-ups.
   */
  private paint(
    canvas: HTMLCanvasElement,
    pixels: ImageData,
    r: number,
    [h, w]: [number, number],
    scale: number,
  ): void {
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const css = `${w * scale}px`;
    if (canvas.style.width !== css) {
      canvas.style.width = css;
      canvas.style.height = `${h * scale}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    let img = this.images.get(canvas);
    if (!img || img.width !== w || img.height !== h) {
      img = new ImageData(w, h);
      this.images.set(canvas, img);
    }
    const start = (r * pixels.width + 1) * 4;
    img.data.set(pixels.data.subarray(start, start + w * h * 4));
    ctx.putImageData(img, 0, 0);
  }

  /**
   * Draws every hidden unit from the pixels of the Θ⁽¹⁾ heatmap (rows × (n + 1), one pixel per entry, bias first) and
   * the enlarged one.
   */
  draw(pixels: ImageData, shape: [number, number], selected: number | null): void {
    const rows = pixels.height;
    this.ensureTiles(rows);
    this.tiles.forEach((t, r) => {
      this.paint(t.canvas, pixels, r, shape, Math.max(2, Math.round(TILE / shape[1])));
      t.button.classList.toggle('selected', selected === r + 1);
    });
    const u = this.enlarged;
    const label = `Weights of the ${rows} units of layer 2 as ${shape[1]}×${shape[0]} images`;
    if (this.grid.getAttribute('aria-label') !== label) this.grid.setAttribute('aria-label', label);
    if (u === null || u > rows) return;
    this.paint(this.bigCanvas, pixels, u - 1, shape, Math.max(4, Math.round(BIG / shape[1])));
    const caption = `${unitLabel(2, u)}: its ${shape[1]}×${shape[0]} weights Θ${sub(u)}ᵢ⁽¹⁾; red where a bright pixel raises z${sub(u)}⁽²⁾, blue where it lowers it`;
    if (this.bigCaption.textContent !== caption) {
      this.bigCaption.textContent = caption;
      this.bigCanvas.setAttribute(
        'aria-label',
        `Weights of ${unitLabel(2, u)} as a ${shape[1]}×${shape[0]} image`,
      );
    }
  }
}
