/**
 * The loss-surface lab's controls and figures, built once: the slice's axes (two weights Θ_ji^(l) or two random
 * directions with a seed), its resolution and range, and the canvases the slice is drawn on. surface.ts wires them.
 */
import type { WeightRef } from '../../../src/protocol';
import { SURFACE_RESOLUTIONS, type LabsUi } from '../../state';
import { button, dropdown, textField } from '../../ui/toolkit';
import { el } from '../shared';

export interface SurfaceCallbacks {
  onUi(patch: Partial<LabsUi>): void;
  onCompute(): void;
  onCancel(): void;
}

/** A weight from its option value "l:j:i" (the lecture's 1-based l, j and 0-based i), or null. */
export const parseRef = (v: string): WeightRef | null => {
  const m = /^(\d+):(\d+):(\d+)$/.exec(v);
  return m ? { layer: Number(m[1]), row: Number(m[2]), col: Number(m[3]) } : null;
};

/** What spans the slice: the kind, the two weight pickers (their row) and the seed of random directions (its row). */
export function axisControls(ui: LabsUi, cb: SurfaceCallbacks) {
  const kindSelect = dropdown({
    ariaLabel: 'Axes of the slice',
    options: [
      { value: 'weights', label: 'Two weights Θⱼᵢ⁽ˡ⁾' },
      { value: 'random', label: 'Two random directions (filter-normalized)' },
    ],
    value: ui.surfaceKind,
    testId: 'surface-kind',
    onChange: (v) => cb.onUi({ surfaceKind: v === 'random' ? 'random' : 'weights' }),
  });
  const pick = (ariaLabel: string, testId: string, key: 'a' | 'b') =>
    dropdown({ ariaLabel, options: [], value: '', testId, onChange: (v) => cb.onUi({ [key]: parseRef(v) }) });
  const pickA = pick('First axis: a weight', 'surface-a', 'a');
  const pickB = pick('Second axis: a weight', 'surface-b', 'b');
  const weightsRow = el('div', 'view-toolbar');
  weightsRow.append(
    el('span', 'field-label', 'α along'),
    pickA,
    el('span', 'field-label', 'β along'),
    pickB,
    el('span', 'hint', 'or click two cells of the Θ heatmaps (Weights tab)'),
  );
  const seedField = textField({
    label: 'seed',
    ariaLabel: 'Seed of the random directions',
    value: String(ui.seed),
    size: 5,
    testId: 'surface-seed',
    onChange: (v) => {
      const s = Number(v);
      if (Number.isInteger(s) && s >= 0) cb.onUi({ seed: s });
    },
  });
  const randomRow = el('div', 'view-toolbar');
  randomRow.append(
    seedField,
    el('span', 'hint', 'each row of d⁽ˡ⁾ is scaled to the norm of that row of Θ⁽ˡ⁾ (Li et al., 2018)'),
  );
  return { kindSelect, pickA, pickB, weightsRow, seedField, randomRow };
}

/** The toolbar: resolution, range r (α, β ∈ [−r, r]), Compute and Cancel; `bar` also holds the axes' kind. */
export function sliceControls(ui: LabsUi, cb: SurfaceCallbacks, kindSelect: HTMLElement) {
  const resolutionSelect = dropdown({
    ariaLabel: 'Resolution (points per axis)',
    options: SURFACE_RESOLUTIONS.map((r) => ({ value: String(r), label: `${r} × ${r}` })),
    value: String(ui.resolution),
    testId: 'surface-resolution',
    onChange: (v) => cb.onUi({ resolution: Number(v) }),
  });
  const rangeField = textField({
    label: 'range r',
    ariaLabel: 'Range r: α and β go from −r to r',
    value: String(ui.range),
    size: 5,
    testId: 'surface-range',
    onChange: (v) => {
      const r = Number(v);
      if (Number.isFinite(r) && r > 0 && r <= 1000) cb.onUi({ range: r });
    },
  });
  const compute = button({
    label: 'Compute surface',
    appearance: 'primary',
    testId: 'surface-compute',
    onClick: () => cb.onCompute(),
  });
  const cancel = button({ label: 'Cancel', testId: 'surface-cancel', onClick: () => cb.onCancel() });
  const bar = el('div', 'view-toolbar');
  bar.append(kindSelect, resolutionSelect, rangeField, compute, cancel);
  return { resolutionSelect, rangeField, compute, cancel, bar };
}

/** Progress, status line, the contour and 3-D canvases in their figures (hidden until a slice exists), caption. */
export function sliceOutputs() {
  const progress = el('progress');
  progress.max = 1;
  progress.value = 0;
  progress.setAttribute('aria-label', 'Rows of the slice computed');
  progress.hidden = true;
  const status = el('p', 'note surface-status');
  status.setAttribute('aria-live', 'polite');
  status.dataset.testid = 'surface-status';
  const contour = el('canvas');
  contour.dataset.testid = 'surface-contour';
  contour.setAttribute('role', 'img');
  const mesh = el('canvas');
  mesh.dataset.testid = 'surface-3d';
  mesh.setAttribute('role', 'img');
  mesh.title = 'Drag to turn the surface';
  const caption = el('p', 'note');
  const figures = el('div', 'surface-figures');
  const f1 = el('figure');
  f1.append(
    el('figcaption', '', 'Contours (iso-lines of J), the path of training, Θ₀ at the centre'),
    contour,
  );
  const f2 = el('figure');
  f2.append(el('figcaption', '', 'Surface (drag to turn)'), mesh);
  figures.append(f1, f2);
  figures.hidden = true;
  return { progress, status, contour, mesh, caption, figures };
}
