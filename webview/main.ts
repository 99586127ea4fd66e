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
  ViewFrame,
  History,
  StepRecord,
  ToWebview,
  WebviewCommand,
  ViewState,
} from '../src/protocol';
import { emptyHistory, mergeHistory } from '../src/protocol';
import { classNames } from './classes';
import { readPalette, type Palette } from './colors';
import {
  activations,
  addStepRecords,
  emptyModel,
  layerSizes,
  persistableUiState,
  restoreUiState,
  TABS,
  type StepIntent,
  type TabId,
  type UiState,
  type UnitRef,
} from './state';
import { registerToolkit, tabs as makeTabs } from './ui/toolkit';
import { ActivationsView } from './views/activations';
import { BoundaryView } from './views/boundary';
import { ControlsView } from './views/controls';
import { CurvesView } from './views/curves';
import { ErrorsView } from './views/errors';
import { GraphView } from './views/graph';
import { GraphPanel } from './views/graphPanel';
import { HeatmapView } from './views/heatmap';
import { el, emptyHighlight, exportFileName, type Highlight } from './views/shared';
import { StepperView } from './views/stepper';
import { TruthTableView } from './views/truthTable';
import { WorksheetView } from './views/worksheet';
import { PredictPanel } from './views/predict';
import { LABS_MESSAGES, LabsView, type LabsMessage } from './views/labs';
import { SymmetryBanner } from './views/labs/symmetry';
import { TabViews } from './views/view';
import { FrameTween } from './ease';
import { RenderLoop } from './renderLoop';
import { exposeForTests } from './testHook';
import { onStepperKeys } from './keys';
import { thetaLabel } from './notation';
import { ExplainWiring } from './explain/wire';

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

let pendingFrame: ViewFrame | null = null;
const tween = new FrameTween();
const loop = new RenderLoop(
  draw,
  (frameId) => post({ type: 'frameAck', frameId }),
  (e) => reportError(e),
);
const profile = loop.profile;
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
  onPace: (pace) => post({ type: 'setPace', pace }),
});
const errors = new ErrorsView({ onReset: () => command('reset') });

const graphPanel = new GraphPanel({
  png: () => exportView('graph', 'png', graph.exportPng()),
  svg: () => exportView('graph', 'svg', graph.exportSvg()),
});
const { box: graphBox } = graphPanel;
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
  onSameScale: (on) => {
    ui.sameScale = on;
    heatmap.setMode(ui.heatmapMode, ui.unitImages, on);
    saveUi();
    schedule();
  },
  onExport: (format, data) => exportView('heatmaps', format, data),
  // A click on a cell of a Θ heatmap picks that weight as an axis of the loss surface (Labs tab).
  // It also opens its explanation (Θ, D or the update, as the heatmap shows).
  onPick: (w) => {
    explain.pick(w);
    labs.pick(w);
    errors.notice('info', `${thetaLabel(w.layer, w.row, w.col)} is an axis of the loss surface (Labs tab).`);
  },
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
const worksheet = new WorksheetView(ui.worksheet, (answers) => {
  ui.worksheet = answers;
  saveUi();
});
const predict = new PredictPanel({
  reveal: (records, restart, intent) => revealSteps(records, restart, intent),
});

const tabViews = new TabViews([
  { id: 'weights', label: 'Weights', element: heatmap.element, view: heatmap, profile: 'heatmap' },
  { id: 'curves', label: 'Cost J(Θ)', element: curves.element, view: curves, profile: 'curves' },
  {
    id: 'boundary',
    label: 'Decision boundary',
    element: boundary.element,
    view: boundary,
    profile: 'boundary',
  },
  { id: 'table', label: 'Truth table', element: truthTable.element, view: truthTable },
  { id: 'activations', label: 'Activations', element: activationsView.element, view: activationsView },
  { id: 'labs', label: 'Labs', element: labs.element, view: labs },
  { id: 'worksheet', label: 'Worksheet', element: worksheet.element, view: null },
]);
const tabBar = makeTabs(
  'Views',
  tabViews.tabs.map((t) => ({ id: t.id, label: t.label, content: t.element })),
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
left.append(graphPanel.element, stepper.element);
right.append(tabBar.element);
workspace.append(left, right);
app.replaceChildren(controls.element, errors.banners, symmetry.element, errors.element, empty, workspace);
stepper.element.append(predict.element);
const explain = new ExplainWiring(
  { model, ui, graph, graphPanel, heatmap, curves, controls, stepper, predict, activations: activationsView },
  () => (saveUi(), refreshSteps()),
);
stepper.setOpen(ui.stepperOpen);
heatmap.setMode(ui.heatmapMode, ui.unitImages, ui.sameScale);
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
  explain.update();
  schedule();
}

function revealSteps(records: StepRecord[], restart: boolean, intent: StepIntent): void {
  ui.steps = addStepRecords(ui.steps, records, restart, intent);
  saveUi();
  refreshSteps();
}

function refreshSteps(): void {
  stepper.setSteps(ui.steps.records, ui.steps.cursor);
  refreshHighlight();
}

function refreshTopology(): void {
  const sizes = layerSizes(model);
  const acts = activations(model);
  const shape = imageShape();
  const names =
    sizes && sizes[sizes.length - 1] > 1 ? classNames(model.dataset, sizes[sizes.length - 1]) : null;
  if (graph.setTopology(sizes ? { sizes, activations: acts, imageShape: shape, classNames: names } : null))
    tween.reset();
  if (sizes) {
    heatmap.setTopology(sizes, shape, names);
    const loss = (model.document?.spec ?? model.lastGoodSpec)?.loss ?? 'cross-entropy';
    activationsView.setTopology(acts, { loss, classNames: model.dataset?.classNames ?? null });
    labs.setTopology(sizes);
  }
  stepper.setContext({
    sizes: sizes ?? [],
    activations: acts,
    frameTheta,
    classNames: model.dataset?.classNames ?? null,
  });
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
  tabBar.setHidden('worksheet', !worksheet.applies());
  const hiddenTab = ui.tab === 'worksheet' && !worksheet.applies();
  if ((ui.tab === 'boundary' && !showBoundary) || (ui.tab === 'table' && !showTable) || hiddenTab) {
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
  tabViews.show(tabBar.active() as TabId, document.visibilityState !== 'hidden');
  schedule();
}

function setSessionState(state: ViewFrame['state'], message: string | null): void {
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
  controls.setState(state, model.sessionMessage);
  stepper.setCanStep(state === 'idle' || state === 'paused' || state === 'finished');
  errors.setSession(state, model.sessionMessage, model.hyper);
}

function updateLegend(): void {
  graphPanel.setLegend(palette, model.frame);
}

// ------------------------------------------------------------------------------------------------ drawing

function schedule(): void {
  loop.schedule();
}

function draw(): void {
  const frame = pendingFrame;
  pendingFrame = null;
  if (frame) profile.time('frame', () => drawFrame(frame));
  else if (tween.active) drawEased();
  tabViews.render((name, fn) => profile.time(name, fn));
  if (frame && loop.measureRender)
    profile.time('cytoscape', () =>
      (graph.cy as unknown as { renderer(): { render(): void } }).renderer().render(),
    );
}

function drawFrame(f: ViewFrame): void {
  model.frame = f;
  if (f.state !== model.session || f.message !== model.sessionMessage) setSessionState(f.state, f.message);
  model.earlyStopEpoch = f.earlyStopEpoch;
  controls.setFrame(f);
  if (f.inspected) {
    controls.setInspected(f.inspected.index, f.inspected.validation);
    if (f.inspected.index !== ui.inspected) {
      ui.inspected = f.inspected.index;
      saveUi();
    }
  }
  tween.begin(f, performance.now());
  drawEased();
  curves.setHistory(model.history, f.earlyStopEpoch);
  boundary.setData(f, model.dataset, activations(model));
  truthTable.setData(f, model.dataset, layerSizes(model) ?? []);
  activationsView.setFrame(f);
  symmetry.update(f, layerSizes(model));
  updateLegend();
  explain.update();
}

/** Graph and heatmaps at the tween's current point between the previous picture and the newest frame. */
function drawEased(): void {
  const f = tween.at(performance.now());
  if (!f) return;
  profile.time('graph', () => graph.update(f, currentHighlightForGraph()));
  heatmap.setFrame(f);
  if (tween.active) schedule();
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
      if (doc.spec) labs.setFileRace(doc.spec.race?.vary ?? null);
      errors.setDocument(doc);
      worksheet.set(doc.worksheet ?? null);
      predict.tolerance = doc.exerciseTolerance ?? predict.tolerance;
      predict.layers = doc.spec?.layers.length ?? predict.layers;
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
      if (msg.dataset) controls.setDatasetSize(msg.dataset.m, msg.dataset.m + msg.dataset.validationM);
      controls.setHyper(msg.hyper);
      controls.setPace(msg.pace ?? null);
      setSessionState(msg.state, msg.message);
      refreshTopology();
      boundary.setData(model.frame, model.dataset, activations(model));
      truthTable.setData(model.frame, model.dataset, layerSizes(model) ?? []);
      break;
    }
    case 'frame': {
      const f = msg.frame;
      mergeHistory(model.history, f.historyStart, f.history);
      pendingFrame = f;
      loop.received(f.frameId);
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
      const intent = stepIntent;
      stepIntent = null;
      if (!predict.hold(msg.records as StepRecord[], msg.restart, intent))
        revealSteps(msg.records as StepRecord[], msg.restart, intent);
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
  tabViews.setTheme(palette);
  updateLegend();
  schedule();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

document.addEventListener('visibilitychange', () => updateVisibility());

onStepperKeys(stepper, () => ui.stepperOpen && !workspace.hidden);

// ------------------------------------------------------------------------------------------------ test hook, start

exposeForTests({
  cy: graph.cy,
  /**
   * Post any value to the host as this page would (the hardening tests send hostile messages through it): only when the
   * host runs under tests and marked the page (src/host/testSeam.ts).
   */
  post: document.body.hasAttribute('data-test-seam')
    ? (m: unknown) => vscode.postMessage(m as FromWebview)
    : undefined,
  stats: () => ({
    graph: graph.stats(),
    curves: curves.stats(),
    steps: { count: ui.steps.records.length, cursor: ui.steps.cursor, kind: stepper.current()?.kind ?? null },
    state: viewState(),
    tab: ui.tab,
    frames: loop.frameTimes.length,
  }),
  frameTimes: () => loop.frameTimes.slice(),
  clearFrameTimes: () => void loop.frameTimes.splice(0),
  measureRender: (on: boolean) => void (loop.measureRender = profile.on = on),
  profile: () => profile.stats(),
  clearProfile: () => profile.clear(),
  heatmapCell: (l: number, j: number, i: number) => heatmap.cellCenter(l, j, i),
  heatmapText: (l: number, x: number, y: number) => heatmap.describeAt(l - 1, x, y),
  heatmapMax: () => heatmap.scales(),
  enlargedUnit: () => heatmap.enlargedUnit(),
  graphFocus: () => ({ id: graph.focus.focusedId(), colour: graph.focus.colour() }),
  ui: () => JSON.parse(JSON.stringify(ui)) as unknown,
  labs: () => labs.stats(),
  worksheet: () => worksheet.stats(),
  predict: () => predict.stats(),
  boundary: () => boundary.stats(),
  easing: () => ({ frameId: model.frame?.frameId ?? null, ...tween.stats() }),
  explain: () => explain.stats(),
});

refreshTopology();
refreshSteps();
updateLegend();
post({ type: 'ready' });
