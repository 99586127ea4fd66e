/**
 * Frames carry typed arrays (Float64Array, Uint8Array). Depending on how a message was serialised on the way, a
 * typed array may arrive as a plain array or as an object with numeric keys ({"0": …, "1": …}). The views index
 * arrays only, so everything is brought to an ArrayLike<number> with a length here, once per frame.
 */
import type { Frame } from '../src/protocol';

type Numeric = Float64Array | Uint8Array | number[];

/** An array-like of numbers from whatever arrived: typed array and arrays as they are, keyed objects converted. */
export function numbers<T extends Numeric>(v: unknown): T {
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return v as T;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => /^\d+$/.test(k));
    const out = new Array<number>(keys.length);
    for (const k of keys) out[Number(k)] = Number(o[k]);
    return out as T;
  }
  return [] as number[] as T;
}

function list<T extends Numeric>(v: unknown): T[] {
  return Array.isArray(v) ? v.map((x) => numbers<T>(x)) : [];
}

export function normalizeFrame(f: Frame): Frame {
  const ins = f.inspected;
  const b = f.boundary;
  return {
    ...f,
    theta: list<Float64Array>(f.theta),
    D: f.D ? list<Float64Array>(f.D) : null,
    update: f.update ? list<Float64Array>(f.update) : null,
    dropped: f.dropped ? list<Uint8Array>(f.dropped) : null,
    inspected: ins
      ? {
          ...ins,
          x: numbers<Float64Array>(ins.x),
          y: numbers<Float64Array>(ins.y),
          z: list<Float64Array>(ins.z),
          a: list<Float64Array>(ins.a),
          delta: list<Float64Array>(ins.delta),
        }
      : null,
    boundary: b
      ? {
          ...b,
          output: numbers<Float64Array>(b.output),
          confidence: b.confidence ? numbers<Float64Array>(b.confidence) : null,
          margin: b.margin ? numbers<Float64Array>(b.margin) : null,
          predicted: b.predicted ? numbers<Float64Array>(b.predicted) : null,
          hidden: Array.isArray(b.hidden) ? b.hidden.map((layer) => list<Float64Array>(layer)) : [],
        }
      : null,
    table: f.table ?? null,
    history: f.history ?? { epoch: [], J: [], validationJ: [], accuracy: [], validationAccuracy: [] },
  };
}
