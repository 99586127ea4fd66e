/** The stepper's keys: → step, ← back, Shift+→ finish the sample, Ctrl+Shift+→ one epoch, Home/End first/last step. */

export interface SteppingKeys {
  forward(): void;
  back(): void;
  finishSample(): void;
  epoch(): void;
  first(): void;
  last(): void;
}

/** Keys typed into a field (or moving between tabs) are not the stepper's. */
function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName.toLowerCase();
  return (
    tag === 'input' ||
    tag === 'textarea' ||
    tag === 'select' ||
    tag === 'vscode-text-field' ||
    tag === 'vscode-dropdown' ||
    tag === 'vscode-panel-tab' ||
    t.isContentEditable
  );
}

/** Listens for the stepper's keys on the document while `active()` (the stepper is open and the picture shown). */
export function onStepperKeys(stepper: SteppingKeys, active: () => boolean): void {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || isTyping(e.target) || e.altKey || e.metaKey) return;
    if (!active()) return;
    if (e.key === 'ArrowRight') {
      e.preventDefault();
      if (e.ctrlKey && e.shiftKey) stepper.epoch();
      else if (e.shiftKey) stepper.finishSample();
      else if (!e.ctrlKey) stepper.forward();
    } else if (e.key === 'ArrowLeft' && !e.ctrlKey && !e.shiftKey) {
      e.preventDefault();
      stepper.back();
    } else if (e.key === 'Home' && !e.ctrlKey) {
      stepper.first();
    } else if (e.key === 'End' && !e.ctrlKey) {
      stepper.last();
    }
  });
}
