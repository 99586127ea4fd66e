/**
 * Problems and messages: the document's errors (message, line:column, JSON pointer) and warnings, the crashed and
 * diverged states with what to do, the gradient-check result, and dismissible notice banners.
 * Never a blank page: when the document is invalid this panel says why, and main.ts dims the last good picture.
 */
import type { DocumentInfo, GradientCheckResult, Hyper, SpecError, ViewState } from '../../src/protocol';
import { fmt, sup } from '../notation';
import { el } from './shared';

export interface ErrorsCallbacks {
  onReset(): void;
}

let noticeSeq = 0;

export class ErrorsView {
  /** Banners (notices, gradient check) at the top. */
  readonly banners: HTMLElement;
  /** Document problems and session trouble. */
  readonly element: HTMLElement;
  private readonly docBox: HTMLElement;
  private readonly sessionBox: HTMLElement;

  constructor(private readonly callbacks: ErrorsCallbacks) {
    this.banners = el('div', 'banners');
    this.banners.setAttribute('aria-live', 'polite');
    this.element = el('section', 'problems');
    this.element.setAttribute('aria-label', 'Problems');
    this.docBox = el('div', 'doc-problems');
    this.sessionBox = el('div', 'session-problem');
    this.element.append(this.sessionBox, this.docBox);
    this.element.hidden = true;
  }

  private sync(): void {
    this.element.hidden = !this.docBox.childElementCount && !this.sessionBox.childElementCount;
  }

  /** Errors (and warnings) of the document; an empty list clears them. */
  setDocument(doc: DocumentInfo): void {
    this.docBox.replaceChildren();
    if (doc.errors.length) {
      const box = el('div', 'error-box');
      box.setAttribute('role', 'alert');
      box.dataset.testid = 'document-errors';
      const n = doc.errors.length;
      box.append(el('h2', '', `${doc.fileName || 'The document'} has ${n} error${n === 1 ? '' : 's'}`));
      box.append(this.list(doc.errors));
      box.append(
        el('p', 'hint', 'Fix the file in the text editor; the picture updates as soon as it is valid again.'),
      );
      this.docBox.append(box);
    }
    if (doc.warnings.length) {
      const box = el('details', 'warning-box');
      const summary = el(
        'summary',
        '',
        `${doc.warnings.length} warning${doc.warnings.length === 1 ? '' : 's'}`,
      );
      box.append(summary, this.list(doc.warnings));
      this.docBox.append(box);
    }
    this.sync();
  }

  private list(problems: SpecError[]): HTMLElement {
    const ul = el('ul', 'problem-list');
    for (const p of problems) {
      const li = el('li', `problem ${p.severity}`);
      const where = el('span', 'where', `${p.line}:${p.column}`);
      where.title = `line ${p.line}, column ${p.column}`;
      li.append(where, el('span', 'message', p.message));
      if (p.pointer) li.append(el('code', 'pointer', p.pointer));
      ul.append(li);
    }
    return ul;
  }

  /** The crashed / diverged states explain themselves and offer a way out. */
  setSession(state: ViewState, message: string | null, hyper: Hyper | null): void {
    this.sessionBox.replaceChildren();
    if (state === 'crashed' || state === 'diverged') {
      const box = el('div', `state-box ${state}`);
      box.setAttribute('role', 'alert');
      box.dataset.testid = `state-${state}`;
      if (state === 'crashed') {
        box.append(el('h2', '', 'The training worker stopped'));
        if (message) box.append(el('p', 'message', message));
        box.append(
          el(
            'p',
            '',
            'Restart it: press Reset below (or run “Neural Network: Restart Training Worker”). The weights start again from the file.',
          ),
        );
      } else {
        box.append(el('h2', '', 'Training diverged: J(Θ) is no longer a finite number'));
        if (message) box.append(el('p', 'message', message));
        const alpha = hyper ? ` (now α = ${fmt(hyper.learningRate)})` : '';
        box.append(
          el(
            'p',
            '',
            `Lower the learning rate α${alpha}, then press Reset and train again. A large λ can also blow up the updates.`,
          ),
        );
      }
      const b = el('button', 'action-button', state === 'crashed' ? 'Restart (Reset)' : 'Reset');
      b.setAttribute('aria-label', state === 'crashed' ? 'Restart the training worker' : 'Reset the weights');
      b.addEventListener('click', () => this.callbacks.onReset());
      box.append(b);
      this.sessionBox.append(box);
    }
    this.sync();
  }

  /** A dismissible banner. */
  notice(level: 'info' | 'warning' | 'error', message: string, testId = 'notice'): HTMLElement {
    const b = el('div', `banner ${level}`);
    b.id = `notice-${++noticeSeq}`;
    b.dataset.testid = testId;
    b.setAttribute('role', level === 'error' ? 'alert' : 'status');
    const text = el('span', 'banner-text', message);
    const close = el('button', 'banner-close', '×');
    close.setAttribute('aria-label', 'Dismiss');
    close.addEventListener('click', () => b.remove());
    b.append(text, close);
    this.banners.append(b);
    // Keep at most five banners.
    while (this.banners.childElementCount > 5) this.banners.firstElementChild?.remove();
    return b;
  }

  gradientCheck(r: GradientCheckResult): void {
    this.banners.querySelector('[data-testid="gradient-check"]')?.remove();
    const parts = r.relativeDifference.map((d, t) => `Θ${sup(`(${t + 1})`)}: ${fmt(d, 3)}`);
    const verdict = r.passed ? 'Gradient check passed' : 'Gradient check FAILED';
    this.notice(
      r.passed ? 'info' : 'error',
      `${verdict}: relative difference ‖D − D_numeric‖ / (‖D‖ + ‖D_numeric‖) ${parts.join(', ')} (threshold ${fmt(r.threshold, 3)}).`,
      'gradient-check',
    );
  }
}
