/**
 * The confusion table of the current Θ: rows are the true classes y, columns the predicted ones (h_Θ(x) ≥ 0.5 for one
 * output, the largest output unit for several), counted over the training samples and, when some are held out, over
 * the validation samples. The diagonal is what the network gets right; every other cell says which class it takes for
 * which.
 */
import type { DatasetInfo } from '../../src/protocol';
import { classNames, predictedClass, targetClass } from '../classes';
import { el } from './shared';

export interface Confusion {
  names: string[];
  /** counts[y][p]: samples of true class y predicted as p. */
  train: number[][];
  validation: number[][] | null;
}

/** Counts the confusion table from the samples' targets and Boundary.predicted (file order). */
export function confusion(d: DatasetInfo, predicted: ArrayLike<number>): Confusion | null {
  if (!d.targets || predicted.length !== d.targets.length) return null;
  const names = classNames(d);
  const C = names.length;
  const zero = (): number[][] => Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const train = zero();
  const hasVal = !!d.isValidation?.some((v) => v);
  const validation = hasVal ? zero() : null;
  d.targets.forEach((y, i) => {
    const t = targetClass(y);
    const p = predictedClass(predicted[i], d.K);
    if (p < 0 || p >= C) return;
    (validation && d.isValidation?.[i] ? validation : train)[t][p]++;
  });
  return { names, train, validation };
}

function table(title: string, names: string[], counts: number[][]): HTMLTableElement {
  const t = el('table', 'confusion-table');
  const total = counts.flat().reduce((s, v) => s + v, 0);
  const right = counts.reduce((s, row, k) => s + row[k], 0);
  t.append(
    el(
      'caption',
      '',
      `${title}: ${right} of ${total} right${total ? ` (${((100 * right) / total).toFixed(1)} %)` : ''}`,
    ),
  );
  const head = el('tr');
  const corner = el('th', 'corner');
  corner.append(el('span', '', 'predicted →'), el('br'), el('span', '', 'true y ↓'));
  head.append(corner);
  for (const n of names) {
    const th = el('th', '', n);
    th.scope = 'col';
    head.append(th);
  }
  t.append(el('thead'));
  t.tHead?.append(head);
  const body = el('tbody');
  counts.forEach((row, y) => {
    const tr = el('tr');
    const th = el('th', '', names[y]);
    th.scope = 'row';
    tr.append(th);
    const rowTotal = row.reduce((s, v) => s + v, 0);
    row.forEach((v, p) => {
      const td = el('td', p === y ? 'hit' : v ? 'miss' : '', String(v));
      // The share of the true class, as a fill: how much of class y goes to column p.
      td.style.setProperty('--share', rowTotal ? String(v / rowTotal) : '0');
      td.title = `${v} sample${v === 1 ? '' : 's'} of class ${names[y]} predicted as ${names[p]}`;
      tr.append(td);
    });
    body.append(tr);
  });
  t.append(body);
  return t;
}

/** The table(s) of a confusion, as DOM: training, then validation when there is any. */
export function confusionTables(c: Confusion): HTMLElement {
  const box = el('div', 'confusion');
  box.dataset.testid = 'confusion';
  box.append(table('Training', c.names, c.train));
  if (c.validation) box.append(table('Validation', c.names, c.validation));
  return box;
}
