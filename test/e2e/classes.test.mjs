// Class names in the view, as a teacher opens the lecture's four-class example in a real VS Code (code-server): the
// output units of the graph, the rows of the last Θ, the boundary's legend and the confusion table say pedestrian,
// car, motorcycle and truck.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchVSCode, screenshotOnFailure } from './harness.mjs';

const FLOW = { timeout: 180_000 };
const CLASSES = ['pedestrian', 'car', 'motorcycle', 'truck'];
let vs;

before(async () => {
  vs = await launchVSCode();
});
after(async () => {
  await vs?.close();
});

describe('class names in the visualizer', () => {
  test(
    'four-class example: the graph, the boundary legend and the confusion table name the classes',
    FLOW,
    screenshotOnFailure('classes', async () => {
      const names = JSON.parse(vs.readWorkspaceFile('four-class.nn.json')).data.classes;
      assert.deepEqual(names, CLASSES, 'the example names its classes');
      await vs.openFile('four-class.nn.json');
      await vs.runCommand('nnViz.openVisualizer');
      const view = vs.webview();
      await view.locator('#app[data-state]').waitFor({ timeout: 60_000 });
      // The graph: the output units carry the class names (cytoscape labels, read through the page's test hook).
      await view.locator('[data-testid="graph"]').waitFor({ timeout: 60_000 });
      const deadline = Date.now() + 60_000;
      let graphNames = [];
      while (Date.now() < deadline) {
        graphNames = await view.locator('#app').evaluate(() =>
          window.__nnviz.cy
            .nodes('.named')
            .toArray()
            .sort((a, b) => a.position().y - b.position().y)
            .map((n) => n.data('cls')),
        );
        if (graphNames.length === CLASSES.length) break;
        await view.locator('#app').evaluate(() => new Promise((r) => requestAnimationFrame(r)));
      }
      assert.deepEqual(graphNames, CLASSES, 'the output units are named by class');
      // The decision boundary tab: the legend and the confusion table.
      await view.locator('#tab-boundary').click();
      const legend = view.locator('[data-testid="boundary-legend"]');
      await legend.waitFor({ timeout: 60_000 });
      for (const c of CLASSES) await legend.getByText(c, { exact: true }).waitFor({ timeout: 30_000 });
      const table = view.locator('[data-testid="confusion"] table').first();
      await table.waitFor({ timeout: 60_000 });
      const header = await table.locator('thead th').allTextContents();
      assert.deepEqual(header.slice(1), CLASSES, 'the confusion table’s columns are the classes');
      await vs.screenshot('classes-four-class');
    }),
  );
});
