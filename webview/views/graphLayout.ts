/**
 * The graph's static picture: one column per layer, units labelled x_i (layer 1) and a_i^(j) after it, bias units (+1)
 * as dashed squares, an image input as one picture node, output units named by their class; and cytoscape's style.
 */
import type cytoscape from 'cytoscape';
import type { Palette } from '../colors';
import { unitLabel } from '../notation';
import { HIT_WIDTH, MIN_FONT_PX, type Topology } from './graphScene';

/** Layers with at most this many units show the activation value under the label. */
const SMALL_LAYER = 12;

export function graphStylesheet(p: Palette): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': p.bg,
        'border-width': 1.5,
        'border-color': p.fg,
        label: 'data(label)',
        color: p.fg,
        'font-size': 'data(fs)',
        'font-family': p.fontFamily,
        'text-valign': 'center',
        'text-halign': 'center',
        'text-wrap': 'wrap',
        width: 'data(size)',
        height: 'data(size)',
        'min-zoomed-font-size': MIN_FONT_PX,
      },
    },
    // Units: the overlay paints fill and label; cytoscape draws the outline and takes hover and clicks.
    { selector: 'node.unit', style: { 'background-opacity': 0, label: '' } },
    {
      selector: 'node.bias',
      style: {
        shape: 'round-rectangle',
        'border-style': 'dashed',
        'border-color': p.muted,
      },
    },
    {
      selector: 'node.image',
      style: {
        shape: 'rectangle',
        'background-opacity': 0,
        'text-valign': 'bottom',
        'text-margin-y': 6,
      } as cytoscape.Css.Node,
    },
    {
      selector: 'node.dropped',
      style: { 'border-style': 'dashed', 'border-color': p.muted, opacity: 0.45 },
    },
    { selector: 'node.selected', style: { 'border-width': 3.5, 'border-color': p.focus } },
    // Edges: painted by the overlay; here only for hit testing (hover texts).
    {
      selector: 'edge',
      style: { 'curve-style': 'haystack', 'haystack-radius': 0, width: HIT_WIDTH, 'line-opacity': 0 },
    },
    { selector: 'node.dim', style: { opacity: 0.18 } },
  ] as cytoscape.StylesheetJson;
}

export function layoutNodes(t: Topology): cytoscape.ElementDefinition[] {
  const L = t.sizes.length;
  const small = Math.max(...t.sizes) <= SMALL_LAYER;
  const colGap = L <= 3 ? 220 : 180;
  const adds: cytoscape.ElementDefinition[] = [];
  for (let l = 0; l < L; l++) {
    const layer = l + 1;
    const hasBias = l < L - 1;
    const x = l * colGap;
    if (l === 0 && t.imageShape) {
      const size = 150;
      adds.push({
        group: 'nodes',
        data: {
          id: 'n-1-img',
          layer: 1,
          unit: -1,
          label: `x (${t.imageShape[1]}×${t.imageShape[0]})`,
          fs: 12,
          size,
        },
        classes: 'image',
        position: { x, y: 0 },
      });
      adds.push(biasNode(layer, x, -size / 2 - 40, 30));
      continue;
    }
    const count = t.sizes[l] + (hasBias ? 1 : 0);
    const rowGap = Math.max(9, Math.min(72, 560 / count));
    const size = Math.max(7, Math.min(46, rowGap * 0.72));
    const top = (-(count - 1) * rowGap) / 2;
    if (hasBias) adds.push(biasNode(layer, x, top, size));
    for (let u = 1; u <= t.sizes[l]; u++) {
      const y = top + (u - (hasBias ? 0 : 1)) * rowGap;
      const cls = l === L - 1 ? (t.classNames?.[u - 1] ?? null) : null;
      adds.push({
        group: 'nodes',
        data: {
          id: `n-${layer}-${u}`,
          layer,
          unit: u,
          name: unitLabel(layer, u),
          fs: small ? size * 0.27 : size * 0.42,
          size,
          small,
          ...(cls ? { cls, cfs: Math.max(18, size * 0.5) } : {}),
        },
        classes: cls ? 'unit named' : 'unit',
        position: { x, y },
      });
    }
  }
  return adds;
}

function biasNode(layer: number, x: number, y: number, size: number): cytoscape.ElementDefinition {
  return {
    group: 'nodes',
    data: {
      id: `n-${layer}-0`,
      layer,
      unit: 0,
      label: '+1',
      fs: Math.max(8, size * 0.34),
      size: Math.max(14, size * 0.8),
    },
    classes: 'bias',
    position: { x, y },
  };
}
