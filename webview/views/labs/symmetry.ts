/**
 * The symmetry banner: shown while every hidden unit of a layer has the same incoming weights (all rows of Θ^(l) equal,
 * as after "init": "zeros"), with the lecture's explanation of why random initialization breaks the symmetry.
 */
import type { ViewFrame } from '../../../src/protocol';
import { el } from '../shared';

/** The lecture's l of every Θ^(l) (into a hidden layer of ≥ 2 units) whose rows are all equal. */
export function equalRowLayers(theta: readonly ArrayLike<number>[], sizes: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 0; t + 2 < sizes.length; t++) {
    const rows = sizes[t + 1],
      cols = sizes[t] + 1;
    const d = theta[t];
    if (!d || rows < 2 || d.length < rows * cols) continue;
    let equal = true;
    for (let j = 1; j < rows && equal; j++)
      for (let i = 0; i < cols; i++)
        if (d[j * cols + i] !== d[i]) {
          equal = false;
          break;
        }
    if (equal) out.push(t + 1);
  }
  return out;
}

export class SymmetryBanner {
  readonly element: HTMLElement;
  private readonly text: HTMLElement;
  private key = '';

  constructor() {
    this.element = el('div', 'banner warning symmetry-banner');
    this.element.setAttribute('role', 'status');
    this.element.dataset.testid = 'symmetry-banner';
    this.text = el('div', 'banner-text');
    this.element.append(this.text);
    this.element.hidden = true;
  }

  update(frame: ViewFrame | null, sizes: number[] | null): void {
    const layers = frame && sizes ? equalRowLayers(frame.theta, sizes) : [];
    const key = layers.join(',') + (sizes ? `/${sizes.join(',')}` : '');
    if (key === this.key) return;
    this.key = key;
    this.element.hidden = layers.length === 0;
    if (!layers.length || !sizes) return;
    const parts = layers.map(
      (l) => `the ${sizes[l]} units of layer ${l + 1} (every row of Θ⁽${sup(l)}⁾ is the same)`,
    );
    this.text.replaceChildren(
      el('strong', '', 'Symmetry: the hidden units are identical. '),
      document.createTextNode(
        `${cap(parts.join(' and '))}. Units that start equal compute the same a⁽ʲ⁾, receive the same δ⁽ʲ⁾ and the same update, so they stay equal for ever and the layer acts as a single unit. ` +
          'The lecture: “Can we initialize them to 0s? … Randomization helps breaking symmetry.” ' +
          'Use a random init ("init": "normal"), or compare both with Neural Network: Compare Runs → Initialization.',
      ),
    );
  }
}

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number): string => String(n).replace(/\d/g, (d) => SUP[Number(d)]);
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
