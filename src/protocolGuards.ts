/**
 * Validation of messages that arrive from the webview. The webview is untrusted input: anything it posts is checked here
 * before the host acts on it, and anything that does not fit is dropped with a reason (logged by the host).
 */
import { OPTIMIZERS, RACE_VARIES } from './shared/names';
import { isPace, PACE_NAMES } from './shared/pace';
import {
  WEBVIEW_COMMANDS,
  type FromWebview,
  type Hyper,
  type RaceVary,
  type SurfaceAxes,
  type WebviewCommand,
  type WeightRef,
} from './protocol';

/** Largest message we accept from the webview, in characters of its JSON form (exports carry pictures). */
export const MAX_WEBVIEW_MESSAGE_CHARS = 16 * 1024 * 1024;

export type Checked = { ok: true; message: FromWebview } | { ok: false; reason: string };

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isFiniteIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/** A short, never-throwing description of an untrusted value (JSON.stringify throws on BigInt and cycles). */
function describe(v: unknown): string {
  try {
    const text = JSON.stringify(v);
    return (text ?? typeof v).slice(0, 60);
  } catch {
    return typeof v;
  }
}

/** Names Windows reserves for devices (CON, NUL, COM1 …), with any extension. */
const RESERVED_NAME = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A plain file name for an export: letters, digits, _ . ( ) - and spaces, at most 100 characters; no path
 * separators, no "..", no trailing dot or space (so never "." or ".."), not a Windows device name.
 */
export function isPlainFileName(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    /^[\w.() -]{1,100}$/.test(v) &&
    !v.includes('..') &&
    !/[. ]$/.test(v) &&
    !RESERVED_NAME.test(v)
  );
}

/** Only these keys may appear, so nothing unexpected rides along into the session. */
function onlyKeys(d: Dict, keys: readonly string[]): string | null {
  for (const k of Object.keys(d)) if (!keys.includes(k)) return `unexpected field "${k}"`;
  return null;
}

function checkHyper(v: unknown): { ok: true; hyper: Partial<Hyper> } | { ok: false; reason: string } {
  if (!isDict(v)) return { ok: false, reason: 'hyper must be an object' };
  const extra = onlyKeys(v, ['learningRate', 'lambda', 'batchSize', 'optimizer']);
  if (extra) return { ok: false, reason: `hyper: ${extra}` };
  const hyper: Partial<Hyper> = {};
  if ('learningRate' in v) {
    if (!isFiniteIn(v.learningRate, 1e-9, 1e3) || v.learningRate <= 0)
      return { ok: false, reason: 'learning rate α must be a number in (0, 1000]' };
    hyper.learningRate = v.learningRate;
  }
  if ('lambda' in v) {
    if (!isFiniteIn(v.lambda, 0, 1e6)) return { ok: false, reason: 'λ must be a number in [0, 1e6]' };
    hyper.lambda = v.lambda;
  }
  if ('batchSize' in v) {
    if (!isInt(v.batchSize, 0, 1e6))
      return { ok: false, reason: 'batch size B must be a whole number ≥ 0 (0 = full batch)' };
    hyper.batchSize = v.batchSize;
  }
  if ('optimizer' in v) {
    if (!OPTIMIZERS.includes(v.optimizer as Hyper['optimizer']))
      return { ok: false, reason: `optimizer must be one of ${OPTIMIZERS.join(', ')}` };
    hyper.optimizer = v.optimizer as Hyper['optimizer'];
  }
  return { ok: true, hyper };
}

/** Largest l, j or i of a weight the view may name (the format's limits are lower). */
const MAX_INDEX = 1 << 16;

function checkWeightRef(
  v: unknown,
  what: string,
): { ok: true; w: WeightRef } | { ok: false; reason: string } {
  if (!isDict(v)) return { ok: false, reason: `${what} must be an object {layer, row, col}` };
  const extra = onlyKeys(v, ['layer', 'row', 'col']);
  if (extra) return { ok: false, reason: `${what}: ${extra}` };
  if (!isInt(v.layer, 1, MAX_INDEX) || !isInt(v.row, 1, MAX_INDEX) || !isInt(v.col, 0, MAX_INDEX))
    return { ok: false, reason: `${what}: layer l ≥ 1, row j ≥ 1 and column i ≥ 0 must be whole numbers` };
  return { ok: true, w: { layer: v.layer, row: v.row, col: v.col } };
}

function checkAxes(v: unknown): { ok: true; axes: SurfaceAxes } | { ok: false; reason: string } {
  if (!isDict(v)) return { ok: false, reason: 'axes must be an object' };
  if (v.kind === 'random') {
    const extra = onlyKeys(v, ['kind', 'seed']);
    if (extra) return { ok: false, reason: `axes: ${extra}` };
    if (!isInt(v.seed, 0, 0xffffffff)) return { ok: false, reason: 'axes.seed must be a whole number ≥ 0' };
    return { ok: true, axes: { kind: 'random', seed: v.seed } };
  }
  if (v.kind === 'weights') {
    const extra = onlyKeys(v, ['kind', 'a', 'b']);
    if (extra) return { ok: false, reason: `axes: ${extra}` };
    const a = checkWeightRef(v.a, 'axes.a');
    if (!a.ok) return a;
    const b = checkWeightRef(v.b, 'axes.b');
    if (!b.ok) return b;
    return { ok: true, axes: { kind: 'weights', a: a.w, b: b.w } };
  }
  return { ok: false, reason: 'axes.kind must be "weights" or "random"' };
}

/** Check one message from the webview; `size` is its JSON length when known (the host measures it). */
export function checkFromWebview(raw: unknown, size = 0): Checked {
  if (!(size <= MAX_WEBVIEW_MESSAGE_CHARS))
    return { ok: false, reason: `message of ${size} characters is too large` };
  if (!isDict(raw)) return { ok: false, reason: 'message is not an object' };
  const bad = (reason: string): Checked => ({ ok: false, reason: `${String(raw.type)}: ${reason}` });
  switch (raw.type) {
    case 'ready': {
      const extra = onlyKeys(raw, ['type']);
      return extra ? bad(extra) : { ok: true, message: { type: 'ready' } };
    }
    case 'command': {
      const extra = onlyKeys(raw, ['type', 'command']);
      if (extra) return bad(extra);
      if (!WEBVIEW_COMMANDS.includes(raw.command as WebviewCommand))
        return bad(`unknown command ${describe(raw.command)}`);
      return { ok: true, message: { type: 'command', command: raw.command as WebviewCommand } };
    }
    case 'setHyper': {
      const extra = onlyKeys(raw, ['type', 'hyper']);
      if (extra) return bad(extra);
      const h = checkHyper(raw.hyper);
      return h.ok ? { ok: true, message: { type: 'setHyper', hyper: h.hyper } } : bad(h.reason);
    }
    case 'setInspected': {
      const extra = onlyKeys(raw, ['type', 'index']);
      if (extra) return bad(extra);
      if (!isInt(raw.index, 0, 1e7)) return bad('index must be a whole number ≥ 0');
      return { ok: true, message: { type: 'setInspected', index: raw.index } };
    }
    case 'setPace': {
      const extra = onlyKeys(raw, ['type', 'pace']);
      if (extra) return bad(extra);
      if (!isPace(raw.pace))
        return bad(`pace must be one of ${PACE_NAMES.join(', ')} or updates per second (0.1 to 1,000,000)`);
      return { ok: true, message: { type: 'setPace', pace: raw.pace } };
    }
    case 'setUnits': {
      const extra = onlyKeys(raw, ['type', 'layer', 'units']);
      if (extra) return bad(extra);
      if (!isInt(raw.layer, 2, 64)) return bad('layer must be a hidden layer index (2 … L−1)');
      if (!isInt(raw.units, 1, 4096)) return bad('units must be a whole number from 1 to 4096');
      return { ok: true, message: { type: 'setUnits', layer: raw.layer, units: raw.units } };
    }
    case 'frameAck': {
      const extra = onlyKeys(raw, ['type', 'frameId']);
      if (extra) return bad(extra);
      if (!isInt(raw.frameId, 0, Number.MAX_SAFE_INTEGER)) return bad('frameId must be a whole number');
      return { ok: true, message: { type: 'frameAck', frameId: raw.frameId } };
    }
    case 'export': {
      const extra = onlyKeys(raw, ['type', 'fileName', 'format', 'data']);
      if (extra) return bad(extra);
      if (raw.format !== 'png' && raw.format !== 'svg') return bad('format must be png or svg');
      if (!isPlainFileName(raw.fileName)) return bad('fileName must be a plain file name');
      if (typeof raw.data !== 'string' || raw.data.length === 0)
        return bad('data must be a non-empty string');
      if (raw.format === 'png' && !/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/.test(raw.data))
        return bad('png data must be a PNG data URL (base64)');
      if (raw.format === 'svg' && !raw.data.trimStart().startsWith('<svg'))
        return bad('svg data must start with <svg');
      return {
        ok: true,
        message: { type: 'export', fileName: raw.fileName, format: raw.format, data: raw.data },
      };
    }
    case 'viewError': {
      const extra = onlyKeys(raw, ['type', 'message']);
      if (extra) return bad(extra);
      if (typeof raw.message !== 'string') return bad('message must be a string');
      return { ok: true, message: { type: 'viewError', message: raw.message.slice(0, 2000) } };
    }
    case 'surface': {
      const extra = onlyKeys(raw, ['type', 'axes', 'resolution', 'range']);
      if (extra) return bad(extra);
      const axes = checkAxes(raw.axes);
      if (!axes.ok) return bad(axes.reason);
      if (!isInt(raw.resolution, 5, 101) || raw.resolution % 2 === 0)
        return bad('resolution must be an odd whole number from 5 to 101');
      if (!isFiniteIn(raw.range, 1e-6, 1e3)) return bad('range must be a number in (0, 1000]');
      return {
        ok: true,
        message: { type: 'surface', axes: axes.axes, resolution: raw.resolution, range: raw.range },
      };
    }
    case 'cancelSurface':
    case 'cancelRace': {
      const extra = onlyKeys(raw, ['type']);
      return extra ? bad(extra) : { ok: true, message: { type: raw.type } };
    }
    case 'race': {
      const extra = onlyKeys(raw, ['type', 'vary']);
      if (extra) return bad(extra);
      if (!RACE_VARIES.includes(raw.vary as RaceVary))
        return bad(`vary must be one of ${RACE_VARIES.join(', ')}`);
      return { ok: true, message: { type: 'race', vary: raw.vary as RaceVary } };
    }
    default:
      return { ok: false, reason: `unknown message type ${describe(raw.type)}` };
  }
}
