/**
 * `nn-viz answer`: the answer key of a .nn.json, from the engine's answers module (src/engine/answers.ts).
 *
 *   nn-viz answer FILE --quantity a|z|delta|D|J [--layer l] [--sample i] [--unit j] [--json]
 *   nn-viz answer FILE --exercises [--json]
 *
 * Lecture numbering: layers 1 … L, samples 1 … m (file order, all samples), units 1 … s_l; for D, --unit j is row j
 * and --unit j,i the entry D_ji^(l) (i = 0 the bias column). Exit 2 on a bad argument, saying what is allowed.
 */
import {
  answerQuestion,
  checkQuestion,
  questionLabel,
  QUANTITIES,
  type Answer,
  type AnswerValue,
  type Network,
  type Question,
} from '../engine';
import type { Dataset, ExerciseQuantity, NetworkSpec } from '../shared/spec';
import { CliExit, fileNetwork, loadData, loadSpec } from './load';

export interface AnswerIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd?: string;
}

export const ANSWER_USAGE = `Usage: nn-viz answer FILE --quantity a|z|delta|D|J [--layer l] [--sample i] [--unit j] [--json]
       nn-viz answer FILE --exercises [--json]

  a      a^(l) without the bias unit for sample i (layers 1 … L; a^(1) = x)
  z      z^(l) for sample i (layers 2 … L)
  delta  δ^(l) for sample i (layers 2 … L)
  D      D^(l) = ∂J/∂Θ^(l) over the whole data set with the file's λ, shaped like Θ^(l) (layers 1 … L−1)
  J      J(Θ) over the whole data set with the file's λ
  --unit j        one entry (for D: row j; --unit j,i the entry D_ji, i = 0 the bias)
  --exercises     the answer key of the file's "exercises" (Markdown; JSON with --json)
  --mnist-dir D   folder of the MNIST digit files
Numbering is the lecture's: layers 1 … L, samples 1 … m. Exit 2 on a bad argument.
`;

interface AnswerArgs {
  file: string;
  question: Question | null;
  json: boolean;
  exercises: boolean;
  mnistDir: string | null;
}

function whole(text: string, option: string, min: number): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < min)
    throw new UsageError(`${option} needs a whole number ≥ ${min}, got "${text}"`);
  return v;
}

class UsageError extends Error {}

const VALUE = new Set(['--quantity', '--layer', '--sample', '--unit', '--mnist-dir']);
const FLAGS = new Set(['--json', '--exercises']);

function readOptions(argv: readonly string[]): {
  values: Map<string, string>;
  flags: Set<string>;
  files: string[];
} {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const files: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    let arg = argv[k];
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('='))
      [arg, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    if (!arg.startsWith('-') || arg === '-') files.push(arg);
    else if (FLAGS.has(arg) && value === undefined) flags.add(arg);
    else if (VALUE.has(arg)) {
      value ??= argv[++k];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      values.set(arg, value);
    } else throw new UsageError(`unknown option ${arg} for answer`);
  }
  return { values, flags, files };
}

export function parseAnswerArgs(argv: readonly string[]): AnswerArgs {
  const { values, flags, files } = readOptions(argv);
  if (files.length !== 1)
    throw new UsageError(
      files.length === 0 ? 'answer needs a FILE' : `answer takes one FILE, got ${files.join(' ')}`,
    );
  const exercises = flags.has('--exercises');
  const q = values.get('--quantity');
  const args = {
    file: files[0],
    json: flags.has('--json'),
    exercises,
    mnistDir: values.get('--mnist-dir') ?? null,
  };
  if (exercises) {
    const extra = ['--quantity', '--layer', '--sample', '--unit'].filter((o) => values.has(o));
    if (extra.length > 0)
      throw new UsageError(`--exercises answers the file's own questions: leave out ${extra.join(', ')}`);
    return { ...args, question: null };
  }
  if (q === undefined)
    throw new UsageError(`answer needs --quantity ${QUANTITIES.join('|')} (or --exercises)`);
  if (!(QUANTITIES as readonly string[]).includes(q))
    throw new UsageError(`--quantity must be one of ${QUANTITIES.join(', ')}, got "${q}"`);
  const opt = (name: string, min: number): number | null => {
    const v = values.get(name);
    return v === undefined ? null : whole(v, name, min);
  };
  const unitText = values.get('--unit');
  let unit: Question['unit'] = null;
  if (unitText !== undefined) {
    const parts = unitText.split(',');
    if (parts.length > 2) throw new UsageError(`--unit is j or j,i, got "${unitText}"`);
    unit =
      parts.length === 2
        ? [whole(parts[0], '--unit j', 1), whole(parts[1], '--unit i', 0)]
        : whole(parts[0], '--unit', 1);
  }
  return {
    ...args,
    question: { quantity: q as ExerciseQuantity, layer: opt('--layer', 0), sample: opt('--sample', 0), unit },
  };
}

interface Loaded {
  spec: NetworkSpec;
  data: Dataset;
  net: Network;
}

function load(args: AnswerArgs, io: AnswerIO): Loaded {
  const loaded = loadSpec(io, args.file);
  const data = loadData(io, args.file, loaded, args.mnistDir);
  const spec = loaded.spec;
  if (!spec.weights)
    io.stderr(
      `nn-viz: ${args.file} has no "weights"; answering at the seeded init (${spec.training.init.name}, seed ${spec.training.seed})\n`,
    );
  return { spec, data, net: fileNetwork(spec) };
}

const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6));

/** A value for people: 6 significant digits, vectors in brackets, matrices row by row separated by ";". */
export function formatValue(v: AnswerValue): string {
  if (typeof v === 'number') return num(v);
  if (v.length > 0 && Array.isArray(v[0]))
    return '[' + (v as number[][]).map((r) => r.map(num).join(', ')).join('; ') + ']';
  return '[' + (v as number[]).map(num).join(', ') + ']';
}

function answer(loaded: Loaded, q: Question, what: string, io: AnswerIO): Answer {
  const problem = checkQuestion(q, loaded.net.sizes, loaded.data.m);
  if (problem) {
    io.stderr(`nn-viz: ${what}${problem.message}\n`);
    throw new CliExit(2);
  }
  return answerQuestion(loaded.net, loaded.data, loaded.spec.loss, loaded.spec.training.lambda, q);
}

function answerKey(loaded: Loaded, args: AnswerArgs, io: AnswerIO): void {
  const exercises = loaded.spec.exercises ?? [];
  if (exercises.length === 0) {
    io.stderr(`nn-viz: ${args.file} has no "exercises" (see docs/FORMAT.md, "Exercises")\n`);
    throw new CliExit(2);
  }
  const answers = exercises.map((e, k) => answer(loaded, e, `exercise ${k + 1}: `, io));
  if (args.json) {
    const list = exercises.map((e, k) => ({ ...e, value: answers[k].value }));
    io.stdout(JSON.stringify({ exercises: list }) + '\n');
    return;
  }
  const { spec, data } = loaded;
  const lines = [
    `# Answer key: ${spec.name}`,
    '',
    `${args.file}: at the file's Θ${spec.weights ? '' : ` (the seeded init, seed ${spec.training.seed})`}, λ = ${spec.training.lambda}, m = ${data.m} samples, ${spec.loss}, no dropout.`,
    '',
    '| # | question | answer |',
    '| - | -------- | ------ |',
    ...exercises.map((e, k) => {
      const cell = (e.prompt ? `${e.prompt} (${questionLabel(e)})` : questionLabel(e)).replace(/\|/g, '\\|');
      return `| ${k + 1} | ${cell} | ${formatValue(answers[k].value)} |`;
    }),
  ];
  io.stdout(lines.join('\n') + '\n');
}

/** Runs `nn-viz answer` with the arguments after "answer"; returns the exit code. Never throws. */
export function runAnswer(argv: readonly string[], io: AnswerIO): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(ANSWER_USAGE);
    return 0;
  }
  let args: AnswerArgs;
  try {
    args = parseAnswerArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`nn-viz: ${e.message}\n\n${ANSWER_USAGE}`);
    return 2;
  }
  try {
    const loaded = load(args, io);
    if (args.exercises || !args.question) {
      answerKey(loaded, args, io);
      return 0;
    }
    const a = answer(loaded, args.question, '', io);
    io.stdout(
      args.json
        ? JSON.stringify({ value: a.value }) + '\n'
        : `${questionLabel(a.question)} = ${formatValue(a.value)}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    io.stderr(`nn-viz: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
