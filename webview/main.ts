/**
 * The visualizer webview: wiring and message dispatch.
 *
 * It draws what the host streams (ToWebview) and posts FromWebview messages; nothing else of src/ is imported.
 * Frames are coalesced with requestAnimationFrame: the newest one is drawn, then every frame received since the last
 * draw is acknowledged (frameAck), which is what lets the host send the next one. UI state lives in state.ts and
 * survives hide/reload through getState/setState.
 */
import 'katex/dist/katex.min.css';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type {
  DatasetInfo,
  FromWebview,
  Frame,
  History,
  StepRecord,
  ToWebview,
  WebviewCommand,
  ViewState,
} from '../src/protocol';
import { divergingGradientCss, readPalette, type Palette } from './colors';
import {
  activations,
  addStepRecords,
  emptyHistory,
  emptyModel,
  layerSizes,
  mergeHistory,
  persistableUiState,
  restoreUiState,
  TABS,
  type StepIntent,
  type TabId,
  type UiState,
  type UnitRef,
} from './state';
import { registerToolkit, tabs as makeTabs, button } from './ui/toolkit';
import { ActivationsView } from './views/activations';
import { BoundaryView } from './views/boundary';
import { ControlsView } from './views/controls';
import { CurvesView } from './views/curves';
import { ErrorsView } from './views/errors';
import { GraphView } from './views/graph';
import { HeatmapView } from './views/heatmap';
import { el, emptyHighlight, exportFileName, type Highlight } from './views/shared';
import { StepperView } from './views/stepper';
import { TruthTableView } from './views/truthTable';
import { LABS_MESSAGES, LabsView, type LabsMessage } from './views/labs';
import { SymmetryBanner } from './views/labs/symmetry';
import { normalizeFrame } from './normalize';
import { thetaLabel, unitLabel } from './notation';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);

registerToolkit();

let palette: Palette = readPalette();
const ui: UiState = restoreUiState(vscode.getState());
const model = emptyModel();
let stepIntent: StepIntent = null;

function saveUi(): void {
  vscode.setState(persistableUiState(ui));
}

// ------------------------------------------------------------------------------------------------ layout

const app = document.getElementById('app') ?? document.body.appendChild(el('div'));
app.id = 'app';
app.dataset.state = 'loading';
app.removeAttribute('aria-live');

const controls = new ControlsView({
  onCommand: (c) => command(c),
  onHyper: (hyper) => post({ type: 'setHyper', hyper }),
  onInspected: (index) => inspect(index),
  onUnits: (layer, units) => post({ type: 'setUnits', layer, units }),
});
const errors = new ErrorsView({ onReset: () => command('reset') });

const graphPanel = el('section', 'graph-panel');
graphPanel.setAttribute('aria-labelledby', 'graph-title');
const graphHead = el('div', 'panel-head');
const graphTitle = el('h2', '', 'Network');
graphTitle.id = 'graph-title';
graphHead.append(
  graphTitle,
  el('span', 'spacer'),
  button({
    label: 'PNG',
    ariaLabel: 'Export the network graph as PNG',
    onClick: () => exportView('graph', 'png', graph.exportPng()),
  }),
  button({
    label: 'SVG',
    ariaLabel: 'Export the network graph as SVG',
    onClick: () => exportView('graph', 'svg', graph.exportSvg()),
  }),
);
const graphBox = el('div', 'graph');
graphBox.tabIndex = 0;
graphBox.setAttribute('role', 'img');
graphBox.dataset.testid = 'graph';
const legend = el('div', 'graph-legend');
const legendBar = el('span', 'legend-bar');
const legendMin = el('span', 'legend-value');
const legendMax = el('span', 'legend-value');
legend.append(
  el('span', 'legend-label', 'Θⱼᵢ⁽ˡ⁾'),
  legendMin,
  legendBar,
  legendMax,
  el(
    'span',
    'legend-text',
    'edge width ∝ |Θ|; unit fill = activation a of the inspected sample; dashed = bias +1 or dropped',
  ),
);
const selectedInfo = el('p', 'selected-info');
selectedInfo.setAttribute('aria-live', 'polite');
graphPanel.append(graphHead, graphBox, legend, selectedInfo);

const graph = new GraphView(graphBox, palette, { onSelectUnit: (u) => selectUnit(u) });

const stepper = new StepperView(
  {
    onCursor: (c) => {
      ui.steps = { ...ui.steps, cursor: c };
      saveUi();
      refreshSteps();
    },
    onCommand: (c, intent) => command(c, intent),
    onToggle: (open) => {
      ui.stepperOpen = open;
      stepper.setOpen(open);
      saveUi();
      refreshHighlight();
    },
  },
  { sizes: [], activations: [], frameTheta: frameTheta },
);

const heatmap = new HeatmapView(palette, {
  onMode: (mode) => {
    ui.heatmapMode = mode;
    heatmap.setMode(mode, ui.unitImages);
    saveUi();
    schedule();
  },
  onUnitImages: (on) => {
    ui.unitImages = on;
    heatmap.setMode(ui.heatmapMode, on);
    saveUi();
    schedule();
  },
  onExport: (format, data) => exportView('heatmaps', format, data),
});
const curves = new CurvesView(palette, {
  onLogScale: (on) => {
    ui.logScale = on;
    curves.setLogScale(on);
    saveUi();
    schedule();
  },
  onExport: (format, data) => exportView('curves', format, data),
});
const boundary = new BoundaryView(palette, {
  onExport: (format, data) => exportView('boundary', format, data),
  onInspect: (i) => inspect(i),
});
const truthTable = new TruthTableView({ onInspect: (i) => inspect(i) });
const activationsView = new ActivationsView(palette);
const labs = new LabsView(palette, ui.labs, model, {
  post,
  onUi: (l) => {
    ui.labs = l;
    saveUi();
    schedule();
  },
  onRaceStarted: () => {
    ui.tab = 'labs';
    saveUi();
    tabBar.select('labs');
    updateVisibility();
  },
});
const symmetry = new SymmetryBanner();

const TAB_LABELS: Record<TabId, string> = {
  weights: 'Weights',
  curves: 'Cost J(Θ)',
  boundary: 'Decision boundary',
  table: 'Truth table',
  activations: 'Activations',
  labs: 'Labs',
};
const tabContent: Record<TabId, HTMLElement> = {
  weights: heatmap.element,
  curves: curves.element,
  boundary: boundary.element,
  table: truthTable.element,
  activations: activationsView.element,
  labs: labs.element,
};
const tabBar = makeTabs(
  'Views',
  TABS.map((id) => ({ id, label: TAB_LABELS[id], content: tabContent[id] })),
  ui.tab,
  (id) => {
    if ((TABS as readonly string[]).includes(id)) {
      ui.tab = id as TabId;
      saveUi();
      updateVisibility();
    }
  },
);

const empty = el('div', 'empty-state');
empty.setAttribute('role', 'status');
empty.textContent = 'Waiting for the network…';

const workspace = el('main', 'workspace');
const left = el('div', 'column left');
const right = el('div', 'column right');
left.append(graphPanel, stepper.element);
right.append(tabBar.element);
workspace.append(left, right);
app.replaceChildren(controls.element, errors.banners, symmetry.element, errors.element, empty, workspace);
stepper.setOpen(ui.stepperOpen);
heatmap.setMode(ui.heatmapMode, ui.unitImages);
curves.setLogScale(ui.logScale);

// ------------------------------------------------------------------------------------------------ actions

function command(c: WebviewCommand, intent: StepIntent = null): void {
  if (c === 'step') stepIntent = intent ?? 'next';
  else if (c === 'stepSample') stepIntent = 'last';
  else stepIntent = intent;
  post({ type: 'command', command: c });
}

function inspect(index: number): void {
  ui.inspected = index;
  controls.setInspected(index);
  saveUi();
  post({ type: 'setInspected', index });
}

function selectUnit(u: UnitRef | null): void {
  ui.selectedUnit = u;
  saveUi();
  refreshHighlight();
}

function exportView(view: string, format: 'png' | 'svg', data: string): void {
  if (!data) return;
  const base = (model.document?.fileName ?? '').split(/[\\/]/).pop() ?? 'network';
  post({ type: 'export', fileName: exportFileName(base, view, format), format, data });
}

function frameTheta(l: number): number[][] | null {
  const f = model.frame;
  const sizes = layerSizes(model);
  if (!f || !sizes || !f.theta[l - 1]) return null;
  const cols = sizes[l - 1] + 1;
  const rows = sizes[l];
  const th = f.theta[l - 1];
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => th[r * cols + c]));
}

// ------------------------------------------------------------------------------------------------ derived views

function imageShape(): [number, number] | null {
  return model.dataset?.imageShape ?? null;
}

function currentHighlight(): Highlight | null {
  const h = ui.stepperOpen && model.session !== 'running' ? stepper.highlight() : null;
  return h ?? (ui.selectedUnit ? emptyHighlight() : null);
}

function refreshHighlight(): void {
  const h = currentHighlight();
  graph.setSelected(ui.selectedUnit, h && (h.units.size || h.thetas.size) ? h : null);
  heatmap.setHighlight(h, ui.selectedUnit);
  describeSelected();
  schedule();
}

function describeSelected(): void {
  const u = ui.selectedUnit;
  if (!u) {
    selectedInfo.textContent =
      'Click a unit (or focus the graph and use ↑/↓) to highlight its row of Θ in the heatmaps.';
    return;
  }
  const a = model.frame?.inspected?.a[u.layer - 1]?.[u.unit - 1];
  const name = unitLabel(u.layer, u.unit);
  selectedInfo.textContent = `Selected ${name} (unit ${u.unit} of layer ${u.layer})${a !== undefined ? ` = ${a.toFixed(4)}` : ''}; its weights are outlined in the heatmaps.`;
}

function refreshSteps(): void {
  stepper.setSteps(ui.steps.records, ui.steps.cursor);
  refreshHighlight();
}

function refreshTopology(): void {
  const sizes = layerSizes(model);
  const acts = activations(model);
  const shape = imageShape();
  graph.setTopology(sizes ? { sizes, activations: acts, imageShape: shape } : null);
  if (sizes) {
    heatmap.setTopology(sizes, shape);
    activationsView.setTopology(acts);
    labs.setTopology(sizes);
  }
  stepper.setContext({ sizes: sizes ?? [], activations: acts, frameTheta });
  stepper.setSteps(ui.steps.records, ui.steps.cursor);
  graphBox.setAttribute(
    'aria-label',
    sizes
      ? `Network graph with layers of ${sizes.join(', ')} units (plus a bias unit in each layer but the last)`
      : 'Network graph (no network yet)',
  );
  const showBoundary = BoundaryView.applies(model.dataset, sizes);
  const showTable = TruthTableView.applies(model.dataset);
  tabBar.setHidden('boundary', !showBoundary);
  tabBar.setHidden('table', !showTable);
  if ((ui.tab === 'boundary' && !showBoundary) || (ui.tab === 'table' && !showTable)) {
    // Fall back without forgetting the user's choice once the view applies again.
    tabBar.select('weights');
  } else tabBar.select(ui.tab);
  const hasPicture = !!sizes;
  empty.hidden = hasPicture;
  workspace.hidden = !hasPicture;
  if (!hasPicture) {
    empty.textContent = model.document?.errors.length
      ? 'No picture yet: the document has errors (listed above).'
      : 'Waiting for the network…';
  }
  updateVisibility();
}

function updateVisibility(): void {
  const visible = document.visibilityState !== 'hidden';
  const active = tabBar.active();
  heatmap.visible = visible && active === 'weights';
  curves.visible = visible && active === 'curves';
  boundary.visible = visible && active === 'boundary';
  truthTable.visible = visible && active === 'table';
  activationsView.visible = visible && active === 'activations';
  labs.visible = visible && active === 'labs';
  schedule();
}

function setSessionState(state: Frame['state'], message: string | null): void {
  model.session = state;
  model.sessionMessage = message;
  showState();
}

/**
 * The state the view shows is a function of (document, session): the document being checked or invalid comes first,
 * otherwise the session's own last state. Nothing is overwritten, so when the text validates again (typing, undo,
 * revert, a change on disk) the view is live again with the first document message that says so.
 */
function viewState(): ViewState {
  const doc = model.document;
  if (doc?.checking) return 'checking';
  if (doc && doc.errors.length > 0) return 'invalid';
  return model.session;
}

function showState(): void {
  const state = viewState();
  app.dataset.state = state;
  controls.setState(state);
  stepper.setCanStep(state === 'idle' || state === 'paused' || state === 'finished');
  errors.setSession(state, model.sessionMessage, model.hyper);
}

function updateLegend(): void {
  legendBar.style.background = divergingGradientCss(palette);
  const f = model.frame;
  let max = 0;
  if (f) for (const t of f.theta) for (let i = 0; i < t.length; i++) max = Math.max(max, Math.abs(t[i]));
  legendMin.textContent = max ? `−${max.toFixed(2)}` : '−';
  legendMax.textContent = max ? `+${max.toFixed(2)}` : '+';
}

// ------------------------------------------------------------------------------------------------ drawing

let pendingFrame: Frame | null = null;
let pendingAcks: number[] = [];
let scheduled = false;
const frameTimes: number[] = [];
let measureRender = false;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(draw);
}

function draw(): void {
  scheduled = false;
  const t0 = performance.now();
  try {
    const frame = pendingFrame;
    pendingFrame = null;
    if (frame) drawFrame(frame);
    heatmap.render();
    curves.render();
    boundary.render();
    truthTable.render();
    activationsView.render();
    labs.render();
    if (frame && measureRender)
      (graph.cy as unknown as { renderer(): { render(): void } }).renderer().render();
  } catch (e) {
    reportError(e);
  }
  if (pendingAcks.length) {
    frameTimes.push(performance.now() - t0);
    if (frameTimes.length > 1000) frameTimes.splice(0, frameTimes.length - 1000);
    for (const id of pendingAcks) post({ type: 'frameAck', frameId: id });
    pendingAcks = [];
  }
}

function drawFrame(f: Frame): void {
  model.frame = f;
  if (f.state !== model.session || f.message !== model.sessionMessage) setSessionState(f.state, f.message);
  model.earlyStopEpoch = f.earlyStopEpoch;
  controls.setFrame(f);
  if (f.inspected && f.inspected.index !== ui.inspected) {
    ui.inspected = f.inspected.index;
    controls.setInspected(f.inspected.index);
    saveUi();
  }
  graph.update(f, currentHighlightForGraph());
  heatmap.setFrame(f);
  curves.setHistory(model.history, f.earlyStopEpoch);
  boundary.setData(f, model.dataset, activations(model));
  truthTable.setData(f, model.dataset, layerSizes(model) ?? []);
  activationsView.setFrame(f);
  symmetry.update(f, layerSizes(model));
  updateLegend();
  if (ui.selectedUnit) describeSelected();
}

function currentHighlightForGraph(): Highlight | null {
  const h = currentHighlight();
  return h && (h.units.size || h.thetas.size) ? h : null;
}

// ------------------------------------------------------------------------------------------------ messages

function onMessage(msg: ToWebview): void {
  if ((LABS_MESSAGES as readonly string[]).includes(msg.type)) {
    labs.onMessage(msg as LabsMessage);
    schedule();
    return;
  }
  switch (msg.type) {
    case 'document': {
      const doc = msg.document;
      model.document = doc;
      if (doc.spec) model.lastGoodSpec = doc.spec;
      if (doc.spec) controls.setLayers(doc.spec.layers.map((l) => l.units));
      errors.setDocument(doc);
      const stale = doc.errors.length > 0 || doc.checking === true;
      workspace.classList.toggle('stale', stale);
      workspace.setAttribute('aria-disabled', String(stale));
      showState();
      refreshTopology();
      break;
    }
    case 'session': {
      model.dataset = msg.dataset as DatasetInfo | null;
      model.hyper = msg.hyper;
      if (msg.dataset) controls.setDatasetSize(msg.dataset.m);
      controls.setHyper(msg.hyper);
      setSessionState(msg.state, msg.message);
      refreshTopology();
      boundary.setData(model.frame, model.dataset, activations(model));
      truthTable.setData(model.frame, model.dataset, layerSizes(model) ?? []);
      break;
    }
    case 'frame': {
      const f = normalizeFrame(msg.frame);
      mergeHistory(model.history, f.historyStart, f.history);
      pendingFrame = f;
      pendingAcks.push(f.frameId);
      schedule();
      return;
    }
    case 'history': {
      const h: History = emptyHistory();
      mergeHistory(h, 0, msg.history);
      model.history = h;
      curves.setHistory(h, model.earlyStopEpoch);
      break;
    }
    case 'steps': {
      ui.steps = addStepRecords(ui.steps, msg.records as StepRecord[], msg.restart, stepIntent);
      stepIntent = null;
      saveUi();
      refreshSteps();
      break;
    }
    case 'gradientCheck':
      model.gradientCheck = msg.result;
      errors.gradientCheck(msg.result);
      break;
    case 'notice':
      errors.notice(msg.level, msg.message);
      break;
  }
  schedule();
}

function reportError(e: unknown): void {
  const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  post({ type: 'viewError', message: message.slice(0, 2000) });
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = event.data as ToWebview | null;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  try {
    onMessage(msg);
  } catch (e) {
    reportError(e);
    errors.notice(
      'error',
      `The view could not show a “${msg.type}” message: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
});
window.addEventListener('error', (e) => reportError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportError(e.reason));

// ------------------------------------------------------------------------------------------------ theme, keys, visibility

new MutationObserver(() => {
  palette = readPalette();
  graph.setTheme(palette);
  heatmap.setTheme(palette);
  curves.setTheme(palette);
  boundary.setTheme(palette);
  activationsView.setTheme(palette);
  labs.setTheme(palette);
  updateLegend();
  schedule();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

document.addEventListener('visibilitychange', () => updateVisibility());

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

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || isTyping(e.target) || e.altKey || e.metaKey) return;
  if (!ui.stepperOpen || workspace.hidden) return;
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

// ------------------------------------------------------------------------------------------------ test hook, start

declare global {
  interface Window {
    __nnviz?: unknown;
  }
}

window.__nnviz = {
  cy: graph.cy,
  /** Post any value to the host as this page would: the hardening tests send hostile messages through it. */
  post: (m: unknown) => vscode.postMessage(m as FromWebview),
  stats: () => ({
    graph: graph.stats(),
    curves: curves.stats(),
    steps: { count: ui.steps.records.length, cursor: ui.steps.cursor, kind: stepper.current()?.kind ?? null },
    state: viewState(),
    tab: ui.tab,
    frames: frameTimes.length,
  }),
  frameTimes: () => frameTimes.slice(),
  clearFrameTimes: () => void frameTimes.splice(0),
  measureRender: (on: boolean) => void (measureRender = on),
  heatmapCell: (l: number, j: number, i: number) => heatmap.cellCenter(l, j, i),
  heatmapText: (l: number, x: number, y: number) => heatmap.describeAt(l - 1, x, y),
  ui: () => JSON.parse(JSON.stringify(ui)) as unknown,
  labs: () => labs.stats(),
};

// A click on a cell of a Θ heatmap picks that weight as an axis of the loss surface (Labs tab).
heatmap.element.addEventListener('click', (e) => {
  const canvas = (e.target as HTMLElement | null)?.closest('canvas[data-theta]');
  const sizes = layerSizes(model);
  if (!(canvas instanceof HTMLCanvasElement) || !sizes) return;
  const l = Number(canvas.dataset.theta);
  const rows = sizes[l],
    cols = sizes[l - 1] + 1;
  if (!(rows * cols <= 4096)) return;
  let best: { j: number; i: number; d: number } | null = null;
  for (let j = 1; j <= rows; j++)
    for (let i = 0; i < cols; i++) {
      const c = heatmap.cellCenter(l, j, i);
      if (!c) continue;
      const d = (c.x - e.clientX) ** 2 + (c.y - e.clientY) ** 2;
      if (!best || d < best.d) best = { j, i, d };
    }
  const r = canvas.getBoundingClientRect();
  if (best && heatmap.describeAt(l - 1, e.clientX - r.left, e.clientY - r.top) !== null) {
    labs.pick({ layer: l, row: best.j, col: best.i });
    errors.notice('info', `${thetaLabel(l, best.j, best.i)} is an axis of the loss surface (Labs tab).`);
  }
});

refreshTopology();
refreshSteps();
describeSelected();
updateLegend();
post({ type: 'ready' });
