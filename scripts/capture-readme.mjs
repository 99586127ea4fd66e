// The README's animated capture and screenshots, reproducibly, from the real extension in code-server:
//
//   node scripts/capture-readme.mjs [--example spiral.nn.json] [--seconds 12] [--fps 6]
//
// Opens the example in the visualizer (alone in the window), presses Train at the default pace, and records the window until
// training finishes or --seconds pass; the frames become media/readme/training.gif (ImageMagick's convert, 760 px wide,
// 48 colours, optimized layers). Then it writes media/readme/stepper.png (the XNOR network stepped into
// backpropagation) and media/readme/truth-table.png (the AND table with z and g(z)). The images are excluded from the
// .vsix (.vscodeignore); the Marketplace page loads them from the repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { launchVSCode } from '../test/e2e/harness.mjs';
import { ROOT } from './lib/code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    example: { type: 'string', default: 'spiral.nn.json' },
    seconds: { type: 'string', default: '12' },
    fps: { type: 'string', default: '6' },
  },
});
const out = join(ROOT, 'media', 'readme');
mkdirSync(out, { recursive: true });
const frames = mkdtempSync(join(tmpdir(), 'nn-viz-capture-'));
const vs = await launchVSCode({ viewport: { width: 1280, height: 760 } });

/** Opens an example in the visualizer, alone in the window, and waits for the first frame. */
async function openVisualizer(name) {
  await vs.openFile(name);
  await vs.runCommand('nnViz.openVisualizer');
  await vs.webview().locator('[data-testid=cost][data-value]').waitFor({ timeout: 60_000 });
  await vs.runCommand('View: Close Editors in Other Groups');
}

try {
  await openVisualizer(opts.example);
  // The visualizer with the decision boundary, the side bar closed: the picture a class watches.
  await vs.runCommand('View: Toggle Primary Side Bar Visibility');
  await vs.webview().locator('#tab-boundary').click();
  const clip = await vs.page.locator('.part.editor').boundingBox();
  // Chromium's screencast delivers a frame whenever the window repaints, far more often than screenshots could.
  const cdp = await vs.page.context().newCDPSession(vs.page);
  const shots = [];
  cdp.on('Page.screencastFrame', ({ data, metadata, sessionId }) => {
    shots.push({ t: metadata.timestamp ?? Date.now() / 1000, data });
    void cdp.send('Page.screencastFrameAck', { sessionId }).catch(() => {});
  });
  await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 90 });
  const end = Date.now() + Number(opts.seconds) * 1000;
  await vs.runCommand('nnViz.train');
  let finishedAt = 0;
  while (Date.now() < end && (!finishedAt || Date.now() < finishedAt + 1500)) {
    if (!finishedAt && (await vs.statusIcon()) === 'check') finishedAt = Date.now();
    await sleep(200);
  }
  await cdp.send('Page.stopScreencast');
  // One frame every 1/fps seconds of the recording.
  const step = 1 / Number(opts.fps);
  let next = -Infinity;
  let k = 0;
  for (const s of shots) {
    if (s.t < next) continue;
    next = s.t + step;
    writeFileSync(join(frames, `f${String(k++).padStart(4, '0')}.jpg`), Buffer.from(s.data, 'base64'));
  }
  const files = readdirSync(frames)
    .sort()
    .map((f) => join(frames, f));
  const gif = join(out, 'training.gif');
  execFileSync('convert', [
    '-delay',
    String(Math.round(100 / Number(opts.fps))),
    '-loop',
    '0',
    ...files,
    ...(clip
      ? [
          '-crop',
          `${Math.round(clip.width)}x${Math.round(clip.height)}+${Math.round(clip.x)}+${Math.round(clip.y)}`,
          '+repage',
        ]
      : []),
    '-resize',
    '760x',
    '-colors',
    '48',
    '-layers',
    'Optimize',
    gif,
  ]);
  console.log(`${gif}: ${files.length} frames, ${(statSync(gif).size / 1024).toFixed(0)} KB`);

  // The stepper on XNOR: Δ := 0, then into backpropagation.
  await openVisualizer('xnor.nn.json');
  const view = vs.webview();
  await view.locator('[data-testid=step-forward]').click();
  for (let i = 0; i < 5; i++) {
    const count = Number((await view.locator('.stepper').getAttribute('data-count')) ?? 0);
    await view.locator('[data-testid=step-forward]').click();
    await view.locator(`.stepper[data-count="${count + 1}"]`).waitFor({ timeout: 15_000 });
  }
  await view.locator('.stepper').screenshot({ path: join(out, 'stepper.png') });
  console.log('media/readme/stepper.png');

  // The AND table with z and g(z).
  await openVisualizer('and.nn.json');
  await vs.webview().locator('#tab-table').click();
  await vs.webview().locator('[data-testid=truth-table] td[data-value]').first().waitFor({ timeout: 15_000 });
  await vs
    .webview()
    .locator('.truth-table')
    .screenshot({ path: join(out, 'truth-table.png') });
  console.log('media/readme/truth-table.png');
} finally {
  await vs.close();
  rmSync(frames, { recursive: true, force: true });
}
