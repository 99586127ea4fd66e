/**
 * Explain a number: selection → its equation in the lecture's notation, the same with this number's inputs
 * substituted, the inputs as selections (to explain in turn) and the stepper step that computes it. Pure: no DOM.
 */
import { frameSource, type ExplainContext, type Explanation, type SampleSource } from './context';
import { explainA, explainZ } from './forward';
import { explainAccumulator, explainDelta } from './backward';
import { explainJ } from './cost';
import { recordSource } from './records';
import { selectionLabel, selectionProblem, type Selection } from './selection';
import { explainD, explainTheta, explainUpdate } from './weights';

export type { ExplainContext, Explanation } from './context';

function unavailable(title: string, why: string): Explanation {
  return { title, value: null, general: [], numeric: [], notes: [why], links: [], step: null };
}

/** The sample a unit's number is read from: the stepper record's when the selection has one, else the frame's. */
function sourceFor(ctx: ExplainContext, step: number | undefined): SampleSource | null {
  return step !== undefined ? recordSource(ctx, step) : frameSource(ctx);
}

export function explain(sel: Selection, ctx: ExplainContext): Explanation {
  const title = selectionLabel(sel);
  const problem = selectionProblem(sel, ctx.sizes);
  if (problem) return unavailable(title, `Cannot explain ${title}: ${problem}.`);
  switch (sel.q) {
    case 'J':
      return explainJ(ctx);
    case 'a':
    case 'z':
    case 'delta': {
      const src = sourceFor(ctx, sel.step);
      if (!src)
        return unavailable(
          title,
          sel.step !== undefined
            ? 'The stepper no longer has this step (its history was cleared).'
            : 'No sample is inspected yet: the numbers of a sample arrive with the first frame.',
        );
      if (sel.q === 'a') return explainA(ctx, src, sel.layer, sel.unit);
      if (sel.q === 'z') return explainZ(ctx, src, sel.layer, sel.unit);
      return explainDelta(ctx, src, sel.layer, sel.unit);
    }
    case 'Delta':
      return explainAccumulator(ctx, sel.step, sel.row, sel.col);
    default: {
      if (!ctx.frame) return unavailable(title, 'No frame yet: the weights arrive with the first frame.');
      const e = { l: sel.layer, j: sel.row, i: sel.col };
      if (sel.q === 'theta') return explainTheta(ctx, e);
      if (sel.q === 'D') return explainD(ctx, e);
      return explainUpdate(ctx, e);
    }
  }
}
