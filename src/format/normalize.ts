/**
 * A schema-valid .nn.json value → NetworkSpec with every default filled in (defaults come from defaults.ts).
 */
import { DEFAULTS, optimizerDefaults } from './defaults';
import { normalizeRace, type RawRace } from './race';
import { normalizeExercises, type RawExercise } from './exercises';
import type {
  ActivationName,
  DataSpec,
  EarlyStoppingSpec,
  GeneratorName,
  InitName,
  InitSpec,
  LossName,
  NetworkSpec,
  OptimizerName,
  OptimizerSpec,
  TrainingSpec,
} from '../shared/spec';
import type { Pace } from '../shared/pace';

/** The shape the schema guarantees (optional fields may be absent). */
export interface RawLayer {
  units: number;
  activation?: ActivationName;
  dropout?: number;
}
export interface RawData {
  inputs?: number[][];
  targets?: number[][];
  labels?: number[];
  classes?: string[] | number;
  generator?: GeneratorName;
  samples?: number;
  noise?: number;
  seed?: number;
  csv?: string;
  header?: boolean;
  targetColumns?: (string | number)[];
  labelColumn?: string | number;
  mnist?: { samples?: number; size?: number };
}
export interface RawTraining {
  learningRate?: number;
  lambda?: number;
  epochs?: number;
  batchSize?: number | 'full';
  optimizer?: OptimizerName | ({ name: OptimizerName } & Partial<Omit<OptimizerSpec, 'name'>>);
  init?: InitName | ({ name: InitName } & Partial<Omit<InitSpec, 'name'>>);
  seed?: number;
  validationSplit?: number;
  earlyStopping?: boolean | null | Partial<EarlyStoppingSpec>;
  speed?: Pace;
}
export interface RawNetwork {
  name?: string;
  /** One string, or lines joined with spaces (an empty line is a paragraph break). */
  description?: string | string[];
  layers: RawLayer[];
  weights?: number[][][];
  loss?: LossName;
  data?: RawData;
  training?: RawTraining;
  race?: RawRace | null;
  exercises?: RawExercise[];
}

const GATES: readonly GeneratorName[] = ['and', 'or', 'not', 'xor', 'xnor'];
export const isGate = (g: GeneratorName): boolean => GATES.includes(g);

function normalizeTraining(t: RawTraining): TrainingSpec {
  const d = DEFAULTS.training;
  const opt = t.optimizer ?? d.optimizer;
  const optimizer: OptimizerSpec =
    typeof opt === 'string' ? optimizerDefaults(opt) : { ...optimizerDefaults(opt.name), ...opt };
  const ini = t.init ?? d.init;
  const init: InitSpec =
    typeof ini === 'string'
      ? { name: ini, ...DEFAULTS.init }
      : {
          name: ini.name,
          sigma: ini.sigma ?? DEFAULTS.init.sigma,
          epsilon: ini.epsilon ?? DEFAULTS.init.epsilon,
        };
  const es = t.earlyStopping;
  const earlyStopping: EarlyStoppingSpec | null =
    es === true
      ? { ...DEFAULTS.earlyStopping }
      : es && typeof es === 'object'
        ? { ...DEFAULTS.earlyStopping, ...es }
        : null;
  return {
    learningRate: t.learningRate ?? d.learningRate,
    lambda: t.lambda ?? d.lambda,
    epochs: t.epochs ?? d.epochs,
    batchSize: t.batchSize === 'full' || t.batchSize === undefined ? d.batchSize : t.batchSize,
    optimizer,
    init,
    seed: t.seed ?? d.seed,
    validationSplit: t.validationSplit ?? d.validationSplit,
    earlyStopping,
    ...(t.speed !== undefined ? { speed: t.speed } : {}),
  };
}

function normalizeData(r: RawData | undefined, seed: number): DataSpec {
  if (r === undefined) return { kind: 'none' };
  if (r.generator !== undefined) {
    const g = r.generator;
    const gate = isGate(g);
    return {
      kind: 'generator',
      generator: g,
      samples: r.samples ?? (gate ? (DEFAULTS.generator.gateSamples[g] ?? 4) : DEFAULTS.generator.samples),
      noise: r.noise ?? (gate ? DEFAULTS.generator.gateNoise : DEFAULTS.generator.noise),
      classes: typeof r.classes === 'number' ? r.classes : DEFAULTS.generator.classes,
      seed: r.seed ?? seed,
    };
  }
  if (r.csv !== undefined) {
    return {
      kind: 'csv',
      path: r.csv,
      header: r.header ?? DEFAULTS.csv.header,
      targetColumns: r.targetColumns ?? [],
      labelColumn: r.labelColumn ?? null,
      classes: Array.isArray(r.classes) ? r.classes : null,
    };
  }
  if (r.mnist !== undefined) {
    return {
      kind: 'mnist',
      samples: r.mnist.samples ?? DEFAULTS.mnist.samples,
      size: r.mnist.size ?? DEFAULTS.mnist.size,
    };
  }
  if (r.labels !== undefined) {
    return {
      kind: 'labels',
      inputs: r.inputs ?? [],
      labels: r.labels,
      classes: Array.isArray(r.classes) ? r.classes : [],
    };
  }
  return { kind: 'inline', inputs: r.inputs ?? [], targets: r.targets ?? [] };
}

/** "description" as one text: an array of lines is joined with spaces, and an empty line becomes a paragraph break. */
export function joinDescription(d: string | string[] | undefined): string {
  if (d === undefined) return DEFAULTS.description;
  if (typeof d === 'string') return d;
  const paragraphs: string[][] = [[]];
  for (const line of d) {
    const text = line.trim();
    if (text === '') paragraphs.push([]);
    else paragraphs[paragraphs.length - 1].push(text);
  }
  return paragraphs
    .filter((p) => p.length > 0)
    .map((p) => p.join(' '))
    .join('\n\n');
}

export function normalize(raw: RawNetwork): NetworkSpec {
  const training = normalizeTraining(raw.training ?? {});
  return {
    name: raw.name ?? DEFAULTS.name,
    description: joinDescription(raw.description),
    layers: raw.layers.map((l, i) => ({
      units: l.units,
      activation: i === 0 ? DEFAULTS.inputActivation : (l.activation ?? DEFAULTS.activation),
      dropout: l.dropout ?? DEFAULTS.dropout,
    })),
    weights: raw.weights ?? null,
    loss: raw.loss ?? DEFAULTS.loss,
    data: normalizeData(raw.data, training.seed),
    training,
    race: normalizeRace(raw.race),
    exercises: normalizeExercises(raw.exercises),
  };
}

/** n and K the data source produces, when known without reading files (null for csv). */
export function dataWidths(data: DataSpec, outputUnits: number): { n: number | null; K: number } | null {
  switch (data.kind) {
    case 'inline':
      return { n: data.inputs[0]?.length ?? null, K: data.targets[0]?.length ?? 0 };
    case 'labels':
      return { n: data.inputs[0]?.length ?? null, K: classWidth(data.classes.length, outputUnits) };
    case 'generator':
      if (isGate(data.generator)) return { n: data.generator === 'not' ? 1 : 2, K: 1 };
      if (data.generator === 'circle') return { n: 2, K: 1 };
      return { n: 2, K: classWidth(data.classes, outputUnits) };
    case 'mnist':
      return { n: data.size * data.size, K: 10 };
    case 'csv':
    case 'none':
      return null;
  }
}

/** K outputs for `classes` classes: one per class, or a single output for two classes when s_L = 1. */
export function classWidth(classes: number, outputUnits: number): number {
  return classes === 2 && outputUnits === 1 ? 1 : classes;
}
