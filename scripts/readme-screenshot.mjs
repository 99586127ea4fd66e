// Refreshes the README's picture (media/screenshot.png): code-server with the two-spirals example beside its text,
// trained to the end, the decision boundary tab in front. Run: node scripts/readme-screenshot.mjs
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchVSCode } from '../test/e2e/harness.mjs';

const vs = await launchVSCode({ viewport: { width: 1600, height: 1000 } });
try {
  await vs.openFile('spiral.nn.json');
  await vs.runCommand('nnViz.openVisualizer');
  const view = vs.webview();
  await view.locator('#tab-boundary').waitFor({ timeout: 60_000 });
  await vs.runCommand('nnViz.train');
  for (let s = await vs.status(); !(s && s.epoch >= 600); s = await vs.status()) await sleep(200);
  await vs.runCommand('View: Toggle Primary Side Bar Visibility');
  await view.getByText('Hide', { exact: true }).click();
  await view.locator('#tab-boundary').click();
  await view.locator('[data-testid="confusion"]').waitFor({ timeout: 30_000 });
  await view.locator('#tab-boundary').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  const path = await vs.screenshot('readme');
  copyFileSync(path, join(import.meta.dirname, '..', 'media', 'screenshot.png'));
  console.log(`media/screenshot.png from ${path}`);
} finally {
  await vs.close();
}
