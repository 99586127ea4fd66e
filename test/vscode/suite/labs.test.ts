/**
 * The labs in a real VS Code: each lab runs from its example and its command. nnViz.compare (with the file's Uri and a
 * race kind) streams race frames into the session, a diverging run is marked while the others finish, cancelling stops
 * a race at once; the loss surface is computed in the worker with its centre equal to the session's J(Θ), a slice too
 * costly for the network is refused with its estimate, and a running slice can be cancelled.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import type { TrainingSession } from '../../../src/host/session';
import type { RaceFrame } from '../../../src/protocol';
import {
  closeAllEditors,
  getExtension,
  waitFor,
  workspaceUri,
  writeWorkspaceFile,
  extensionApi,
  VIEW_TYPE,
} from '../helpers';

/** Opens an example in the visualizer and waits until its session is idle. */
async function openExample(name: string): Promise<TrainingSession> {
  const uri = workspaceUri(`${name}.nn.json`);
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const { sessions } = await extensionApi();
  const session = await waitFor(() => sessions.get(uri), {
    timeout: 30_000,
    message: `a session for ${path.basename(uri.path)}`,
  });
  await waitFor(() => session.state === 'idle' && session.latestFrame, {
    timeout: 60_000,
    message: `${name} to load (state ${session.state}, ${session.message ?? '-'})`,
  });
  return session;
}

async function raceUntil(session: TrainingSession, accept: (r: RaceFrame) => boolean, timeout = 90_000) {
  return waitFor(() => (session.labs.race && accept(session.labs.race) ? session.labs.race : undefined), {
    timeout,
    message: `race frames of ${session.label} (now: ${JSON.stringify(session.labs.race?.runs.map((r) => [r.label, r.state, r.epoch]))})`,
  });
}

describe('labs', function () {
  this.timeout(180_000);
  before(closeAllEditors);
  after(closeAllEditors);

  it('nnViz.compare is contributed and registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('nnViz.compare'));
    const pkg = getExtension().packageJSON as {
      contributes: { commands: { command: string; category: string }[] };
    };
    const c = pkg.contributes.commands.find((x) => x.command === 'nnViz.compare');
    assert.equal(c?.category, 'Neural Network');
  });

  it('learning rates: race frames stream in; the diverging run is marked and the others finish', async () => {
    const session = await openExample('learning-rates');
    const id = await vscode.commands.executeCommand<number>(
      'nnViz.compare',
      workspaceUri('learning-rates.nn.json'),
      'learningRate',
    );
    assert.equal(typeof id, 'number');
    const first = await raceUntil(session, (r) => r.raceId === id && r.runs[0].history.epoch.length > 1);
    assert.deepEqual(
      first.runs.map((r) => r.label),
      ['α = 0.01', 'α = 0.3', 'α = 3'],
    );
    assert.equal(first.sameInitialTheta, true);
    const done = await raceUntil(session, (r) => r.raceId === id && r.state === 'finished');
    assert.deepEqual(
      done.runs.map((r) => r.state),
      ['finished', 'finished', 'diverged'],
    );
    // The host merged every frame: each run has every epoch once.
    for (const r of done.runs)
      assert.deepEqual(
        r.history.epoch,
        Array.from({ length: r.history.epoch.length }, (_, i) => i),
      );
    assert.equal(done.runs[1].history.epoch.at(-1), 600);
    assert.ok(done.runs[1].J < done.runs[0].J, 'the stable α ends lower than the slow one');
  });

  it('optimizers: a race is cancelled at once', async () => {
    // The optimizers example at 20 updates of Θ a second (races run at the session's pace): its 300 epochs of 13
    // mini-batches take minutes, so the race is still running when it is cancelled, however fast the machine.
    const spec = JSON.parse(fs.readFileSync(workspaceUri('optimizers.nn.json').fsPath, 'utf8')) as {
      training: { epochs: number; speed?: number };
    };
    spec.training.speed = 20;
    await writeWorkspaceFile('optimizers-long.nn.json', JSON.stringify(spec, null, 2));
    const session = await openExample('optimizers-long');
    const id = await vscode.commands.executeCommand<number>(
      'nnViz.compare',
      workspaceUri('optimizers-long.nn.json'),
      'optimizer',
    );
    await raceUntil(session, (r) => r.raceId === id && r.runs.every((x) => x.epoch >= 1));
    session.labs.cancelRace();
    const cancelled = await raceUntil(session, (r) => r.raceId === id && r.state === 'cancelled', 10_000);
    assert.ok(cancelled.runs.every((r) => r.state === 'cancelled'));
    const epochs = cancelled.runs.map((r) => r.epoch);
    // A round trip through the worker: every race frame it sent before answering has arrived.
    await session.currentWeights();
    assert.deepEqual(
      session.labs.race?.runs.map((r) => r.epoch),
      epochs,
      'no run went on after the cancel',
    );
    assert.ok(
      epochs.every((e) => e < spec.training.epochs),
      'cancelled before the end',
    );
  });

  it('symmetry: zero init keeps the hidden units identical, random init does not', async () => {
    const session = await openExample('symmetry');
    const id = await vscode.commands.executeCommand<number>(
      'nnViz.compare',
      workspaceUri('symmetry.nn.json'),
      'init',
    );
    const done = await raceUntil(session, (r) => r.raceId === id && r.state === 'finished');
    assert.equal(done.sameInitialTheta, false);
    assert.deepEqual(
      done.runs.map((r) => r.label),
      ['init zeros', 'init normal'],
    );
    assert.deepEqual(done.runs[0].equalRows, [1]);
    assert.deepEqual(done.runs[1].equalRows, []);
    assert.ok(done.runs[1].J < done.runs[0].J);
  });

  it('activations: the file’s race (linear, sigmoid, relu) runs with boundaries', async () => {
    const session = await openExample('linear-vs-sigmoid');
    const id = await vscode.commands.executeCommand<number>(
      'nnViz.compare',
      workspaceUri('linear-vs-sigmoid.nn.json'),
      'activation',
    );
    const r = await raceUntil(session, (x) => x.raceId === id && x.runs.every((y) => y.epoch >= 2));
    assert.deepEqual(
      r.runs.map((x) => x.label),
      ['g = linear', 'g = sigmoid', 'g = relu'],
    );
    assert.ok(r.boundaryGrid);
    assert.equal(r.runs[0].boundary?.length, r.boundaryGrid.resolution ** 2);
    session.labs.cancelRace();
  });

  it('loss surface: computed in the worker, centre = J(Θ), the path projected; too costly refused; cancel works', async () => {
    const session = await openExample('loss-surface');
    session.step('stepEpoch');
    await waitFor(() => session.latestFrame?.epoch === 1, { message: 'one epoch' });
    const s = await session.labs.requestSurface({ kind: 'random', seed: 1 }, 21, 2);
    assert.equal(s.J.length, 21 * 21);
    const J = Array.from(s.J as ArrayLike<number>);
    assert.equal(J[10 * 21 + 10], s.J0);
    assert.equal(s.J0, session.latestFrame?.J, 'the centre is the session’s J(Θ) bit for bit');
    assert.deepEqual(s.trajectory.epoch, [0, 1]);
    const w = await session.labs.requestSurface(
      { kind: 'weights', a: { layer: 1, row: 1, col: 1 }, b: { layer: 2, row: 1, col: 0 } },
      11,
      3,
    );
    assert.deepEqual(w.labels, ['ΔΘ₁₁⁽¹⁾', 'ΔΘ₁₀⁽²⁾']);
    // A bad axis is refused with where it is.
    await assert.rejects(
      session.labs.requestSurface(
        { kind: 'weights', a: { layer: 1, row: 3, col: 0 }, b: { layer: 1, row: 1, col: 0 } },
        11,
        1,
      ),
      /row j must be 1..2/,
    );
  });

  it('loss surface: a slice too costly for the network is refused with its estimate; a running one is cancelled', async () => {
    const session = await openExample('digits');
    await assert.rejects(
      session.labs.requestSurface({ kind: 'random', seed: 1 }, 101, 1),
      /costs about [\d.]+e\+\d+ multiply-adds .* over the budget of 2\.0e\+9/,
    );
    assert.equal(session.labs.lastSurface, null);
    // A 101 × 101 slice of the optimizers network (200 samples) takes a while: cancel it right after it started.
    const other = await openExample('optimizers');
    const pending = other.labs.requestSurface({ kind: 'random', seed: 1 }, 101, 1);
    other.labs.cancelSurface();
    await assert.rejects(pending, /The loss surface was cancelled/);
    // The session goes on answering: a small slice after the cancel.
    const small = await other.labs.requestSurface({ kind: 'random', seed: 2 }, 5, 1);
    assert.equal(small.J.length, 25);
  });
});
