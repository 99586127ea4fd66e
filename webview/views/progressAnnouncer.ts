/**
 * Training progress for screen readers: a polite live region that says "Training: epoch 1,200, J = 0.031" at most
 * every ANNOUNCE_MS while a session runs (the newest values win), and once when it stops. It never interrupts, and
 * it is not rewritten per frame.
 */
import type { ViewFrame } from '../../src/protocol';
import { fmt } from '../notation';
import { Throttle } from '../throttle';
import { el } from './shared';

export const ANNOUNCE_MS = 5000;

const STOPPED: Partial<Record<ViewFrame['state'], string>> = {
  paused: 'Paused',
  finished: 'Finished',
  diverged: 'Diverged',
  crashed: 'Stopped',
};

export class ProgressAnnouncer {
  readonly element = el('div', 'visually-hidden');
  private readonly throttle = new Throttle(ANNOUNCE_MS);
  private running = false;

  constructor() {
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    this.element.dataset.testid = 'progress-live';
  }

  update(f: ViewFrame): void {
    const relation = f.estimated === true ? 'is about' : '=';
    const values = `epoch ${f.epoch.toLocaleString('en-US')}, J ${relation} ${fmt(f.J ?? NaN, 3)}`;
    if (f.state === 'running') {
      this.running = true;
      this.say(`Training: ${values}`);
    } else if (this.running) {
      // The end of a run is said once, after the last progress line.
      this.running = false;
      const word = STOPPED[f.state];
      if (word) this.say(`${word} at ${values}`);
    }
  }

  private say(text: string): void {
    this.throttle.run(() => {
      if (this.element.textContent !== text) this.element.textContent = text;
    });
  }
}
