/**
 * Hostile messages from the webview: checkFromWebview (src/protocolGuards.ts) drops everything that does not fit
 * FromWebview with a reason, accepts every valid message unchanged, and never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_WEBVIEW_MESSAGE_CHARS, checkFromWebview, isPlainFileName } from '../../../src/protocolGuards';
import { WEBVIEW_COMMANDS, type FromWebview } from '../../../src/protocol';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const VALID: FromWebview[] = [
  { type: 'ready' },
  ...WEBVIEW_COMMANDS.map((command) => ({ type: 'command' as const, command })),
  { type: 'setHyper', hyper: {} },
  { type: 'setHyper', hyper: { learningRate: 0.5, lambda: 0, batchSize: 0, optimizer: 'adam' } },
  { type: 'setHyper', hyper: { learningRate: 1000 } },
  { type: 'setHyper', hyper: { lambda: 1e6, batchSize: 1 } },
  { type: 'setInspected', index: 0 },
  { type: 'setInspected', index: 59_999 },
  { type: 'setPace', pace: 'slow motion' },
  { type: 'setPace', pace: 'max' },
  { type: 'setPace', pace: 0.1 },
  { type: 'setPace', pace: 1_000_000 },
  { type: 'setUnits', layer: 2, units: 1 },
  { type: 'setUnits', layer: 15, units: 4096 },
  { type: 'frameAck', frameId: 0 },
  { type: 'frameAck', frameId: Number.MAX_SAFE_INTEGER },
  { type: 'export', fileName: 'xor-graph.png', format: 'png', data: PNG },
  {
    type: 'export',
    fileName: 'Circle (1)-boundary.svg',
    format: 'svg',
    data: '<svg xmlns="http://www.w3.org/2000/svg"/>',
  },
  { type: 'export', fileName: '.hidden-graph.svg', format: 'svg', data: '  <svg/>' },
  { type: 'viewError', message: 'TypeError: x is undefined' },
  { type: 'viewError', message: '' },
];

/** An independent reading of the FromWebview contract, for the property test. */
function isFromWebview(m: unknown): m is FromWebview {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const r = m as Record<string, unknown>;
  const keys = Object.keys(r).sort().join(',');
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  switch (r.type) {
    case 'ready':
      return keys === 'type';
    case 'command':
      return keys === 'command,type' && (WEBVIEW_COMMANDS as readonly unknown[]).includes(r.command);
    case 'setHyper': {
      if (keys !== 'hyper,type' || typeof r.hyper !== 'object' || r.hyper === null) return false;
      const h = r.hyper as Record<string, unknown>;
      return Object.entries(h).every(([k, v]) =>
        k === 'learningRate'
          ? typeof v === 'number' && v > 0 && Number.isFinite(v)
          : k === 'lambda'
            ? typeof v === 'number' && v >= 0 && Number.isFinite(v)
            : k === 'batchSize'
              ? int(v)
              : k === 'optimizer' &&
                ['gd', 'momentum', 'adagrad', 'adadelta', 'rmsprop', 'adam'].includes(v as string),
      );
    }
    case 'setInspected':
      return keys === 'index,type' && int(r.index);
    case 'setPace':
      return (
        keys === 'pace,type' &&
        (['slow motion', 'slow', '1x', '10x', '100x', 'max'].includes(r.pace as string) ||
          (typeof r.pace === 'number' && r.pace >= 0.1 && r.pace <= 1e6))
      );
    case 'setUnits':
      return (
        keys === 'layer,type,units' &&
        int(r.layer) &&
        (r.layer as number) >= 2 &&
        int(r.units) &&
        (r.units as number) >= 1
      );
    case 'frameAck':
      return keys === 'frameId,type' && int(r.frameId);
    case 'export':
      return (
        keys === 'data,fileName,format,type' &&
        typeof r.fileName === 'string' &&
        !/[\\/]/.test(r.fileName) &&
        !r.fileName.includes('..') &&
        ((r.format === 'png' && typeof r.data === 'string' && r.data.startsWith('data:image/png;base64,')) ||
          (r.format === 'svg' && typeof r.data === 'string' && r.data.trimStart().startsWith('<svg')))
      );
    case 'viewError':
      return keys === 'message,type' && typeof r.message === 'string' && r.message.length <= 2000;
    default:
      return false;
  }
}

function dropped(raw: unknown, size = 0): string {
  const r = checkFromWebview(raw, size);
  assert.equal(r.ok, false, `accepted: ${safe(raw)}`);
  assert.ok(!r.ok && r.reason.trim().length > 0, 'a reason is given');
  return r.ok ? '' : r.reason;
}

function safe(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 200) ?? String(v);
  } catch {
    return typeof v;
  }
}

test('every valid message is accepted unchanged', () => {
  for (const m of VALID) {
    const copy = JSON.parse(JSON.stringify(m)) as unknown;
    const r = checkFromWebview(copy, JSON.stringify(m).length);
    assert.ok(r.ok, `${JSON.stringify(m)} refused: ${r.ok ? '' : r.reason}`);
    assert.deepEqual(r.message, m);
  }
});

test('not an object, no type or an unknown type: dropped', () => {
  for (const raw of [undefined, null, 0, 1, 'ready', true, [], [{ type: 'ready' }], {}, { type: 'Ready' }])
    dropped(raw);
  for (const type of ['train', 'eval', 'openFile', 'postMessage', '', 42, null, [], {}, 'ready ']) {
    assert.match(dropped({ type }), /unknown message type/);
  }
});

test('extra fields are dropped, for every type', () => {
  for (const m of VALID) {
    assert.match(dropped({ ...m, extra: 1 }), /unexpected field "extra"/);
  }
  assert.match(
    dropped({ type: 'setHyper', hyper: { learningRate: 1, alpha: 2 } }),
    /unexpected field "alpha"/,
  );
});

test('prototype-pollution keys are dropped and pollute nothing', () => {
  const texts = [
    '{"type":"ready","__proto__":{"polluted":1}}',
    '{"type":"setHyper","hyper":{"__proto__":{"polluted":1}}}',
    '{"type":"setHyper","hyper":{"constructor":{"prototype":{"polluted":1}}}}',
    '{"type":"command","command":"train","constructor":{"prototype":{"polluted":1}}}',
    '{"type":"export","fileName":"a.png","format":"png","data":"data:image/png;base64,AA==","prototype":1}',
    '{"type":"__proto__"}',
    '{"type":"constructor"}',
    '{"type":"toString"}',
    '{"type":"hasOwnProperty"}',
  ];
  for (const t of texts) dropped(JSON.parse(t));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  // A command name inherited from Object.prototype is not a command.
  dropped({ type: 'command', command: 'constructor' });
  dropped({ type: 'setHyper', hyper: { optimizer: 'constructor' } });
  dropped({ type: 'setHyper', hyper: { optimizer: '__proto__' } });
});

test('wrong types in each field are dropped', () => {
  const wrong: unknown[] = [null, true, '1', '0.5', [], {}, [1], { value: 1 }];
  for (const v of wrong) {
    dropped({ type: 'command', command: v });
    if (!(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
      dropped({ type: 'setHyper', hyper: v }); // {} is a valid (empty) change
    dropped({ type: 'setHyper', hyper: { learningRate: v } });
    dropped({ type: 'setHyper', hyper: { lambda: v } });
    dropped({ type: 'setHyper', hyper: { batchSize: v } });
    dropped({ type: 'setHyper', hyper: { optimizer: v } });
    dropped({ type: 'setInspected', index: v });
    dropped({ type: 'setUnits', layer: v, units: 2 });
    dropped({ type: 'setUnits', layer: 2, units: v });
    dropped({ type: 'frameAck', frameId: v });
    if (typeof v !== 'string') dropped({ type: 'export', fileName: v, format: 'png', data: PNG });
    dropped({ type: 'export', fileName: 'a.png', format: v, data: PNG });
    dropped({ type: 'export', fileName: 'a.png', format: 'png', data: v });
    if (typeof v !== 'string') dropped({ type: 'viewError', message: v });
  }
  // Missing fields.
  dropped({ type: 'command' });
  dropped({ type: 'setHyper' });
  dropped({ type: 'setInspected' });
  dropped({ type: 'setPace' });
  for (const pace of ['fast', '1×', 'Max', 0, -1, 0.05, 2e6, NaN, null, ['max']])
    dropped({ type: 'setPace', pace });
  dropped({ type: 'setPace', pace: 'max', extra: 1 });
  dropped({ type: 'setUnits', layer: 2 });
  dropped({ type: 'frameAck' });
  dropped({ type: 'export', fileName: 'a.png', format: 'png' });
  dropped({ type: 'viewError' });
});

test('NaN, Infinity, negative, non-integer and out-of-range numbers are dropped', () => {
  const bad = [NaN, Infinity, -Infinity, -1, 0.5, -0.5, 2 ** 53, 1e308];
  for (const v of bad) {
    dropped({ type: 'setInspected', index: v });
    dropped({ type: 'setUnits', layer: v, units: 2 });
    dropped({ type: 'setUnits', layer: 2, units: v });
    dropped({ type: 'setHyper', hyper: { batchSize: v } });
    if (!(Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER))
      dropped({ type: 'frameAck', frameId: v });
  }
  for (const v of [NaN, Infinity, -Infinity, 0, -0, -1, 1e-12, 1001, 1e308]) {
    dropped({ type: 'setHyper', hyper: { learningRate: v } });
  }
  for (const v of [NaN, Infinity, -Infinity, -1, -1e-9, 1e7])
    dropped({ type: 'setHyper', hyper: { lambda: v } });
  dropped({ type: 'setUnits', layer: 1, units: 2 }); // the input layer
  dropped({ type: 'setUnits', layer: 2, units: 0 });
  dropped({ type: 'setUnits', layer: 2, units: 4097 });
  dropped({ type: 'frameAck', frameId: 2 ** 53 });
});

test('oversized messages are dropped before they are looked at', () => {
  assert.match(dropped({ type: 'ready' }, MAX_WEBVIEW_MESSAGE_CHARS + 1), /too large/);
  dropped({ type: 'ready' }, NaN);
  dropped({ type: 'ready' }, Infinity);
  assert.ok(checkFromWebview({ type: 'ready' }, MAX_WEBVIEW_MESSAGE_CHARS).ok);
});

test('export: only PNG data URLs or SVG text, only plain file names', () => {
  const png = (data: string) => ({ type: 'export', fileName: 'a.png', format: 'png', data });
  for (const data of [
    '',
    'data:image/svg+xml;base64,PHN2Zy8+',
    'data:text/html;base64,PHNjcmlwdD4=',
    'javascript:alert(1)',
    'iVBORw0KGgo=',
    'data:image/png;base64,',
    'data:image/png;base64,@@@',
    'data:image/png;base64,AAAA\n<script>',
    'DATA:image/png;base64,AAAA',
    'file:///etc/passwd',
  ]) {
    dropped(png(data));
  }
  dropped({
    type: 'export',
    fileName: 'a.svg',
    format: 'svg',
    data: '<html><script>alert(1)</script></html>',
  });
  dropped({ type: 'export', fileName: 'a.svg', format: 'svg', data: '' });
  dropped({ type: 'export', fileName: 'a.gif', format: 'gif', data: PNG });
  for (const fileName of [
    '../evil.png',
    '..',
    '.',
    '...',
    'a/../../b.png',
    'sub/a.png',
    'sub\\a.png',
    '/etc/passwd',
    'C:\\Windows\\a.png',
    'C:a.png',
    '~/.ssh/a.png',
    'a..png',
    'a.png ',
    'a.png.',
    'CON',
    'nul.png',
    'COM1.svg',
    'a\u0000.png',
    'a\n.png',
    'x'.repeat(101),
    '',
    '%2e%2e%2fa.png',
  ]) {
    assert.equal(isPlainFileName(fileName), false, fileName);
    assert.match(dropped({ type: 'export', fileName, format: 'png', data: PNG }), /plain file name/);
  }
  for (const fileName of [
    'xor-graph.png',
    'Circle (1)-boundary.svg',
    'a.b.c.png',
    'console.png',
    'x'.repeat(100),
  ]) {
    assert.equal(isPlainFileName(fileName), true, fileName);
  }
});

test('viewError text is cut to 2,000 characters', () => {
  const r = checkFromWebview({ type: 'viewError', message: 'e'.repeat(10_000) });
  assert.ok(r.ok && r.message.type === 'viewError' && r.message.message.length === 2000);
});

test('values JSON cannot describe (BigInt, cycles) are dropped without throwing', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  for (const v of [10n, cyclic, Symbol('s'), () => 1, new Map([['type', 'ready']]), new Date(0)]) {
    dropped({ type: v });
    dropped({ type: 'command', command: v });
    dropped({ type: 'setHyper', hyper: { learningRate: v } });
    dropped(v);
  }
  const withCycle: Record<string, unknown> = { type: 'setHyper' };
  withCycle.hyper = withCycle;
  dropped(withCycle);
});

/** Messages shaped like FromWebview with any values in their fields (reaches every branch). */
const shaped = fc.oneof(
  fc.record({
    type: fc.constantFrom(
      'ready',
      'command',
      'setHyper',
      'setInspected',
      'setPace',
      'setUnits',
      'frameAck',
      'export',
      'viewError',
    ),
  }),
  fc.record({
    type: fc.constant('command'),
    command: fc.oneof(fc.constantFrom(...WEBVIEW_COMMANDS), fc.jsonValue()),
  }),
  fc.record({
    type: fc.constant('setHyper'),
    hyper: fc.oneof(
      fc.record(
        {
          learningRate: fc.oneof(fc.double(), fc.jsonValue()),
          lambda: fc.oneof(fc.double(), fc.jsonValue()),
          batchSize: fc.oneof(fc.integer({ min: -2, max: 2e6 }), fc.double(), fc.jsonValue()),
          optimizer: fc.oneof(fc.constantFrom('gd', 'adam', 'sgd'), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  }),
  fc.record({
    type: fc.constant('setInspected'),
    index: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
  }),
  fc.record({
    type: fc.constant('setPace'),
    pace: fc.oneof(fc.constantFrom('slow motion', '1x', 'max', 'fast', '1×'), fc.double(), fc.jsonValue()),
  }),
  fc.record({
    type: fc.constant('setUnits'),
    layer: fc.oneof(fc.integer({ min: -1, max: 70 }), fc.double()),
    units: fc.oneof(fc.integer({ min: -1, max: 5000 }), fc.double()),
  }),
  fc.record({
    type: fc.constant('frameAck'),
    frameId: fc.oneof(fc.maxSafeNat(), fc.double(), fc.jsonValue()),
  }),
  fc.record({
    type: fc.constant('export'),
    fileName: fc.oneof(fc.constantFrom('a.png', '../a.png', '..', 'a/b.png'), fc.string()),
    format: fc.oneof(fc.constantFrom('png', 'svg'), fc.jsonValue()),
    data: fc.oneof(fc.constantFrom(PNG, '<svg/>', 'data:image/png;base64,'), fc.string(), fc.jsonValue()),
  }),
  fc.record({ type: fc.constant('viewError'), message: fc.oneof(fc.string(), fc.jsonValue()) }),
);

test('property: for any value checkFromWebview never throws, and what it accepts is a valid FromWebview', () => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (raw) => {
      const r = checkFromWebview(raw);
      if (r.ok) {
        assert.ok(isFromWebview(r.message), `accepted an invalid message: ${safe(r.message)}`);
        // Accepted means unchanged (viewError text aside, which is cut to 2,000 characters).
        // (compared as JSON: fc.anything() also makes objects without a prototype, which are copied as plain ones)
        if (r.message.type !== 'viewError') assert.equal(JSON.stringify(r.message), JSON.stringify(raw));
      } else {
        assert.equal(typeof r.reason, 'string');
        assert.ok(r.reason.length > 0 && r.reason.length < 400);
      }
    }),
    { seed: 7, numRuns: 5000 },
  );
});
