// Accessibility in a real VS Code (code-server): axe-core (WCAG 2.1 A and AA, plus label-content-name-mismatch, which
// VS Code's own checker reported) on the visualizer's page, on every tab, finds no serious or critical violation.
// test/webview/a11y.test.mjs checks the same in the four theme kinds in a bare browser; this one checks the page as VS
// Code hosts it (its webview frame, its theme variables, its CSP).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FLOW = { timeout: 240_000 };
let vs;

before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

/** The serious and critical violations axe finds in the frame's document, and whether the name rule ran. */
async function axe(frame) {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE);
  return frame.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    const ran = [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map((x) => x.id);
    return {
      nameRuleRan: ran.includes('label-content-name-mismatch'),
      serious: r.violations
        .filter((x) => x.impact === 'serious' || x.impact === 'critical')
        .map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  });
}

describe('accessibility in VS Code', () => {
  test(
    'axe-core finds no serious or critical WCAG 2.1 A/AA violation on any tab of the visualizer',
    FLOW,
    screenshotOnFailure('a11y', async () => {
      await vs.openFile('worksheet.nn.json'); // the XNOR network with a worksheet: every tab is there
      await vs.runCommand('nnViz.openVisualizer');
      const view = vs.webview();
      await view.locator('#app[data-state]').waitFor({ timeout: 60_000 });
      await view.locator('[data-testid="graph"]').waitFor({ timeout: 60_000 });
      const frame = await vs.webviewFrame();
      const tabs = await view
        .locator('[role="tab"]')
        .evaluateAll((els) => els.map((e) => e.id).filter(Boolean));
      assert.ok(tabs.length >= 7, `the tab strip: ${tabs.join(', ')}`);
      const found = [];
      for (const id of tabs) {
        if (await view.locator(`#${id}`).evaluate((e) => e.hidden)) continue; // a tab this network does not have
        await view.locator(`#${id}`).click();
        await view.locator(`#${id}[aria-selected="true"]`).waitFor({ timeout: 10_000 });
        const r = await axe(frame);
        assert.ok(r.nameRuleRan, 'label-content-name-mismatch ran');
        found.push(...r.serious.map((s) => `${id}: ${s}`));
      }
      assert.deepEqual(found, [], 'serious or critical violations');
      await vs.screenshot('a11y-vscode');
    }),
  );
});
