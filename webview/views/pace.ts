/**
 * The pace control: how many updates of Θ a second the worker makes, from slow motion (each change of Θ in its own
 * frame) to max. A choice here applies to the session at once and is not written into the file; the dropdown's
 * title and accessible name say where the pace in force comes from (this view, the file's "training.speed", the
 * setting nnViz.speed).
 */
import { PACES, isPace, paceLabel, type Pace, type PaceChoice } from '../../src/protocol';
import { dropdown, setDropdownOptions, setDropdownValue } from '../ui/toolkit';
import { el } from './shared';

const SOURCE: Record<PaceChoice['source'], string> = {
  view: 'chosen here for this session; the file is not changed',
  file: 'from the file’s "training.speed"',
  setting: 'from your setting nnViz.speed',
  default: 'the default; set nnViz.speed or the file’s "training.speed" to change it',
};

const PRESETS = PACES.map((p) => ({ value: p.name, label: paceLabel(p.name) }));

/** The dropdown's value for a pace: its name, or the number of updates per second. */
function valueOf(p: Pace): string {
  return typeof p === 'number' ? String(p) : p;
}

export class PaceControl {
  readonly element: HTMLElement;
  private readonly select: HTMLElement;
  private readonly source: HTMLElement;
  private current: PaceChoice | null = null;
  private customKey = '';

  constructor(onPace: (pace: Pace) => void) {
    this.element = el('div', 'pace-field');
    const label = el('label', 'field-label', 'Pace');
    this.select = dropdown({
      ariaLabel: 'Pace of training',
      options: PRESETS,
      value: '1x',
      testId: 'pace',
      onChange: (v) => {
        const pace: unknown = PACES.some((p) => p.name === v) ? v : Number(v);
        if (isPace(pace) && valueOf(pace) !== (this.current && valueOf(this.current.pace))) onPace(pace);
      },
    });
    this.source = el('span', 'pace-source');
    this.source.dataset.testid = 'pace-source';
    this.element.append(label, this.select, this.source);
  }

  /** The pace in force and who chose it (null: no session yet). */
  set(choice: PaceChoice | null): void {
    this.current = choice;
    if (!choice) return;
    // A pace given as a number (the file's) is offered beside the named ones.
    const custom = typeof choice.pace === 'number' ? choice.pace : null;
    const key = String(custom);
    if (key !== this.customKey) {
      this.customKey = key;
      setDropdownOptions(
        this.select,
        custom === null ? PRESETS : [...PRESETS, { value: String(custom), label: paceLabel(custom) }],
        valueOf(choice.pace),
      );
    }
    setDropdownValue(this.select, valueOf(choice.pace), true);
    const from = SOURCE[choice.source];
    this.select.title = `${paceLabel(choice.pace)}: ${from}.`;
    this.select.setAttribute('aria-label', `Pace of training: ${paceLabel(choice.pace)}, ${from}`);
    this.source.textContent =
      choice.source === 'view' ? 'this session only' : choice.source === 'file' ? 'from the file' : '';
    this.source.title = from;
    this.element.dataset.source = choice.source;
  }

  /** The value shown (for tests). */
  value(): string {
    return (this.select as HTMLElement & { value: string }).value;
  }
}
