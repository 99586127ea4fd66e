import * as vscode from 'vscode';
import type { Sessions } from './sessions';
import type { TrainingSession } from './session';
import { formatRate, paceLabel, type PaceChoice, type SessionState } from '../protocol';

const PACE_SOURCE: Record<PaceChoice['source'], string> = {
  view: 'chosen in the visualizer for this session',
  file: 'the file’s "training.speed"',
  setting: 'the setting nnViz.speed',
  default: 'the default (setting nnViz.speed)',
};

const ICONS: Record<SessionState, string> = {
  loading: '$(loading~spin)',
  idle: '$(circle-large-outline)',
  running: '$(pulse)',
  paused: '$(debug-pause)',
  finished: '$(check)',
  diverged: '$(warning)',
  crashed: '$(error)',
  invalid: '$(error)',
};

/** "epoch 120 · J = 0.0312" — the lecture's J(Θ), four significant digits. */
export function statusText(session: TrainingSession): string {
  const f = session.latestFrame;
  const icon = ICONS[session.state];
  if (session.state === 'loading') return `${icon} ${session.label}: loading`;
  if (session.state === 'crashed') return `${icon} ${session.label}: worker stopped`;
  if (session.state === 'invalid') return `${icon} ${session.label}: cannot train`;
  if (!f) return `${icon} ${session.label}: ready`;
  // ≈: a running estimate while the worker trains at full speed (Frame.estimated).
  return `${icon} epoch ${f.epoch} · J ${f.estimated ? '≈' : '='} ${formatCost(f.J)}`;
}

export function formatCost(J: number): string {
  if (!Number.isFinite(J)) return String(J);
  if (J !== 0 && (Math.abs(J) < 1e-3 || Math.abs(J) >= 1e6)) return J.toExponential(3);
  const s = J.toPrecision(4);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * One status bar item while a network is active: its state, epoch and cost; clicking pauses or resumes.
 * Updates are coalesced to a few a second so streaming never floods the UI.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'nnViz.status',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly disposables: vscode.Disposable[] = [this.item];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sessions: Sessions) {
    this.item.name = 'Neural Network Training';
    this.item.command = 'nnViz.toggleTraining';
    this.disposables.push(
      sessions.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.update()),
    );
    this.update();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 100);
  }

  update(): void {
    const doc = this.sessions.activeDocument();
    const session = doc ? this.sessions.get(doc.uri) : undefined;
    void vscode.commands.executeCommand('setContext', 'nnViz.activeIsNetwork', doc !== undefined);
    void vscode.commands.executeCommand('setContext', 'nnViz.running', session?.isRunning ?? false);
    void vscode.commands.executeCommand('setContext', 'nnViz.hasSession', session !== undefined);
    if (!session) {
      this.item.hide();
      return;
    }
    this.item.text = statusText(session);
    const f = session.latestFrame;
    const lines = [
      `**${session.label}**: ${session.state}`,
      f
        ? `epoch ${f.epoch}, iteration ${f.iteration}, J(Θ) ${f.estimated ? '≈' : '='} ${f.J}` +
          (f.estimated ? ' (a running estimate; pause for the exact value)' : '')
        : '',
      f && f.validationJ !== null ? `validation cost ${f.validationJ}` : '',
      f && f.accuracy !== null ? `accuracy ${(f.accuracy * 100).toFixed(1)} %` : '',
      `pace ${paceLabel(session.pace.pace)} (${PACE_SOURCE[session.pace.source]})` +
        (session.isRunning && f?.updatesPerSecond ? `, now ${formatRate(f.updatesPerSecond)} updates/s` : ''),
      session.message ?? '',
      session.isRunning ? 'Click to pause.' : 'Click to train.',
    ].filter(Boolean);
    this.item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    this.item.backgroundColor =
      session.state === 'diverged' || session.state === 'crashed'
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
