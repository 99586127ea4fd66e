/**
 * The worksheet tab: the file's "exercises", one answer box each. An answer is checked against the engine's answer
 * (computed by the host when the file opened, WorksheetInfo) within a relative tolerance; right or wrong, the worked
 * answer follows (the slide's equation, then this network's numbers, KaTeX), and the score counts the right ones.
 */
import katex from 'katex';
import './worksheet.css';
import type { ExerciseSpec, WorksheetInfo, WorksheetItem } from '../../src/protocol';
import { checkAnswer, type CheckResult } from '../answerCheck';
import { sub, sup } from '../notation';
import { button } from '../ui/toolkit';
import { el } from './shared';
import { questionTex, texNum, workedEquations } from './worked';

/** What the student did with one question; kept while the question and its answer stay the same. */
interface Attempt {
  text: string;
  result: CheckResult | null;
}

/** The question in plain text for screen readers and titles: "z₁⁽²⁾ of sample 4", "D₁₁⁽²⁾", "J(Θ)". */
export function questionText(e: ExerciseSpec): string {
  if (e.quantity === 'J') return 'J(Θ)';
  const name = e.quantity === 'delta' ? 'δ' : e.quantity;
  const u = e.unit === null ? '' : Array.isArray(e.unit) ? sub(`${e.unit[0]},${e.unit[1]}`) : sub(e.unit);
  const of = e.sample !== null ? ` of sample ${e.sample}` : e.quantity === 'D' ? ' over all samples' : '';
  return `${name}${u}${sup(`(${e.layer ?? ''})`)}${of}`;
}

function render(tex: string, into: HTMLElement, display: boolean): void {
  katex.render(tex, into, { throwOnError: false, displayMode: display, strict: 'ignore' });
}

export class WorksheetView {
  readonly element = el('section', 'worksheet');
  private readonly score = el('p', 'worksheet-score');
  private readonly intro = el('p', 'worksheet-intro');
  private readonly list = el('ol', 'worksheet-list');
  private info: WorksheetInfo | null = null;
  private readonly attempts = new Map<string, Attempt>();

  /** `saved`: checked answers as typed, by question, from the persisted UI state; `onSave` persists them again. */
  constructor(
    private saved: Record<string, string> = {},
    private readonly onSave: (answers: Record<string, string>) => void = () => {},
  ) {
    const head = el('div', 'panel-head');
    const title = el('h2', '', 'Worksheet');
    title.id = 'worksheet-title';
    this.element.setAttribute('aria-labelledby', title.id);
    this.element.dataset.testid = 'worksheet';
    this.score.setAttribute('role', 'status');
    this.score.setAttribute('aria-live', 'polite');
    head.append(title, el('span', 'spacer'), this.score);
    this.element.append(head, this.intro, this.list);
  }

  /** Whether the current file has a worksheet (the tab is hidden otherwise). */
  applies(): boolean {
    return !!this.info && this.info.items.length > 0;
  }

  set(info: WorksheetInfo | null): void {
    const same = JSON.stringify(info) === JSON.stringify(this.info);
    this.info = info ?? null;
    if (same) return;
    this.draw();
  }

  /** Right answers / questions, for the tests and the status line. */
  stats(): { right: number; checked: number; total: number } {
    const items = this.info?.items ?? [];
    const results = items.map((it, k) => this.attempts.get(this.key(it, k))?.result?.status);
    return {
      right: results.filter((s) => s === 'right').length,
      checked: results.filter((s) => s === 'right' || s === 'wrong').length,
      total: items.length,
    };
  }

  private key(item: WorksheetItem, k: number): string {
    return JSON.stringify([k, item.exercise, item.value]);
  }

  private draw(): void {
    const info = this.info;
    this.list.replaceChildren();
    if (!info) return;
    const tol = info.tolerance;
    const where = info.seededInit ? 'the seeded initial Θ (the file has no "weights")' : "the file's Θ";
    this.intro.textContent =
      `Answers are computed at ${where}, λ = ${info.lambda}${info.m !== null ? `, over m = ${info.m} samples` : ''}, without dropout. ` +
      `Type a number, a vector as 0.1, 0.2 or a matrix row by row as 1, 2; 3, 4. Right within ${tol} relative (setting nnViz.exercises.tolerance).`;
    if (info.error) this.intro.append(el('span', 'worksheet-error', ` ${info.error}`));
    const keys = new Set(info.items.map((it, k) => this.key(it, k)));
    for (const k of [...this.attempts.keys()]) if (!keys.has(k)) this.attempts.delete(k);
    const kept = Object.entries(this.saved).filter(([k]) => keys.has(k));
    if (kept.length !== Object.keys(this.saved).length) {
      this.saved = Object.fromEntries(kept);
      this.onSave(this.saved);
    }
    info.items.forEach((item, k) => this.list.append(this.itemElement(item, k, tol)));
    this.updateScore();
  }

  private itemElement(item: WorksheetItem, k: number, tolerance: number): HTMLLIElement {
    const li = el('li', 'exercise');
    li.dataset.testid = `exercise-${k + 1}`;
    const e = item.exercise;
    if (e.prompt) li.append(el('p', 'exercise-prompt', e.prompt));
    const ask = el('div', 'exercise-ask');
    const label = el('label', 'exercise-label');
    const id = `exercise-answer-${k + 1}`;
    label.htmlFor = id;
    const symbol = el('span', 'exercise-symbol');
    render(questionTex(e), symbol, false);
    symbol.setAttribute('aria-hidden', 'true');
    const of = e.sample !== null ? ` of sample ${e.sample}` : e.quantity === 'D' ? ' (all samples)' : '';
    label.append(symbol, el('span', '', `${of} =`));
    const input = el('input', 'exercise-input');
    input.id = id;
    input.type = 'text';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-label', `Answer ${k + 1}: ${questionText(e)}`);
    const verdict = el('p', 'exercise-verdict');
    verdict.setAttribute('role', 'status');
    const worked = el('div', 'exercise-worked');
    const attempt = this.attempts.get(this.key(item, k)) ?? this.restored(item, k, tolerance);
    if (attempt) input.value = attempt.text;
    const check = (): void => this.check(item, k, input.value, tolerance, li, verdict, worked);
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        check();
      }
    });
    const checkButton = button({ label: 'Check', ariaLabel: `Check answer ${k + 1}`, onClick: check });
    checkButton.dataset.testid = `check-${k + 1}`;
    ask.append(label, input, checkButton);
    li.append(ask, verdict, worked);
    if (item.value === null) {
      input.disabled = true;
      checkButton.setAttribute('disabled', '');
      verdict.textContent = item.problem ?? 'No answer could be computed for this question.';
      li.dataset.state = 'unanswerable';
    } else if (attempt?.result) this.show(item, attempt.result, li, verdict, worked);
    else li.dataset.state = 'open';
    return li;
  }

  private check(
    item: WorksheetItem,
    k: number,
    text: string,
    tolerance: number,
    li: HTMLElement,
    verdict: HTMLElement,
    worked: HTMLElement,
  ): void {
    if (item.value === null) return;
    const result = checkAnswer(text, item.value, tolerance);
    this.attempts.set(this.key(item, k), { text, result });
    if (result.status !== 'unreadable') {
      this.saved = { ...this.saved, [this.key(item, k)]: text };
      this.onSave(this.saved);
    }
    this.show(item, result, li, verdict, worked);
    this.updateScore();
  }

  private show(
    item: WorksheetItem,
    result: CheckResult,
    li: HTMLElement,
    verdict: HTMLElement,
    worked: HTMLElement,
  ): void {
    li.dataset.state = result.status;
    if (result.status === 'unreadable') {
      verdict.textContent = result.message;
      return;
    }
    verdict.textContent = result.status === 'right' ? '✓ Right.' : `✗ ${result.message} The worked answer:`;
    if (item.value === null || !item.worked) return;
    const eq = workedEquations(item.exercise, item.worked, item.value);
    worked.replaceChildren();
    worked.append(el('p', 'exercise-worked-title', 'Worked answer'));
    for (const line of [...eq.general, ...eq.numeric]) {
      const div = el('div', 'exercise-eq');
      render(line, div, true);
      worked.append(div);
    }
    for (const n of eq.notes) worked.append(el('p', 'exercise-note', n));
    const value = typeof item.value === 'number' ? texNum(item.value) : '';
    if (value) worked.dataset.value = value;
  }

  /** An answer checked before the view was reloaded, checked again against the same value. */
  private restored(item: WorksheetItem, k: number, tolerance: number): Attempt | undefined {
    const text = this.saved[this.key(item, k)];
    if (text === undefined || item.value === null) return undefined;
    const attempt = { text, result: checkAnswer(text, item.value, tolerance) };
    this.attempts.set(this.key(item, k), attempt);
    return attempt;
  }

  private updateScore(): void {
    const s = this.stats();
    this.score.textContent = `Score: ${s.right} of ${s.total} right${s.checked > s.right ? ` (${s.checked - s.right} to retry)` : ''}`;
  }
}
