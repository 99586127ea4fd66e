/** Command-line arguments of nn-viz: parsed and checked, or a usage error. */

export type Command = 'cost' | 'train' | 'predict' | 'gradcheck';
export const COMMANDS: readonly Command[] = ['cost', 'train', 'predict', 'gradcheck'];

export interface CliArgs {
  command: Command | 'help';
  file: string;
  json: boolean;
  lambda: number | null;
  epochs: number | null;
  out: string | null;
  input: number[] | null;
  mnistDir: string | null;
}

export class UsageError extends Error {}

export const USAGE = `Usage: nn-viz <command> FILE.nn.json [options]

Commands:
  cost FILE [--lambda L] [--json]   J(Θ) and the gradients D^(1), D^(2), … at the file's weights, on all its data
  train FILE [--epochs N] [--out OUT] [--json]
                                    train as the file says; write the file with the trained weights to OUT
  predict FILE --input 0,1 [--json] h_Θ(x) for one input x
  gradcheck FILE                    compare backpropagation with numerical gradients; exit 1 above 1e-7
  export FILE --format pytorch|onnx --out OUT
                                    the network as a PyTorch script (training and all) or an ONNX model
  import MODEL.onnx --out OUT.nn.json
                                    a fully connected network from an ONNX model (e.g. torch.onnx.export's)
  answer FILE --quantity a|z|delta|D|J [--layer l] [--sample i] [--unit j] [--json]
                                    the answer key: one value, or --exercises for the file's worksheet
                                    (nn-viz answer --help)

Options:
  --json          machine-readable output (train: one JSON line per epoch)
  --lambda L      λ for cost (default: the file's training.lambda)
  --epochs N      epochs for train (default: the file's training.epochs)
  --out OUT       where train writes the network with its trained weights (FILE itself only if named)
  --input X       comma-separated x_1,…,x_n for predict
  --mnist-dir D   folder of the MNIST digit files (default: the mnist package, or dist/mnist)
  -h, --help      this help

Exit codes: 0 success, 1 gradient check failed or training diverged, 2 invalid file or arguments.
`;

const VALUE_OPTIONS = new Set(['--lambda', '--epochs', '--out', '--input', '--mnist-dir']);
const ALLOWED: Record<Command, readonly string[]> = {
  cost: ['--lambda', '--json', '--mnist-dir'],
  train: ['--epochs', '--out', '--json', '--mnist-dir'],
  predict: ['--input', '--json'],
  gradcheck: ['--json', '--mnist-dir'],
};

function finite(text: string, option: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v))
    throw new UsageError(`${option} needs a number, got "${text}"`);
  return v;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    command: 'help',
    file: '',
    json: false,
    lambda: null,
    epochs: null,
    out: null,
    input: null,
    mnistDir: null,
  };
  if (argv.length === 0) throw new UsageError('no command given');
  if (argv.includes('--help') || argv.includes('-h')) return args;
  const [command, ...rest] = argv;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}"; commands: ${COMMANDS.join(', ')}`);
  }
  args.command = command as Command;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('='))
      [arg, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (!ALLOWED[args.command].includes(arg)) throw new UsageError(`unknown option ${arg} for ${command}`);
    if (VALUE_OPTIONS.has(arg)) {
      if (value === undefined) {
        value = rest[++i];
        if (value === undefined) throw new UsageError(`${arg} needs a value`);
      }
    } else if (value !== undefined) throw new UsageError(`${arg} takes no value`);
    switch (arg) {
      case '--json':
        args.json = true;
        break;
      case '--lambda':
        args.lambda = finite(value ?? '', arg);
        if (args.lambda < 0) throw new UsageError('--lambda must be ≥ 0');
        break;
      case '--epochs':
        args.epochs = finite(value ?? '', arg);
        if (!Number.isInteger(args.epochs) || args.epochs < 0)
          throw new UsageError('--epochs must be a whole number ≥ 0');
        break;
      case '--out':
        args.out = value ?? '';
        break;
      case '--input':
        args.input = (value ?? '').split(',').map((s) => finite(s, '--input'));
        break;
      case '--mnist-dir':
        args.mnistDir = value ?? '';
        break;
    }
  }
  if (positional.length === 0) throw new UsageError(`${command} needs a FILE`);
  if (positional.length > 1)
    throw new UsageError(`${command} takes one FILE, got ${positional.length}: ${positional.join(' ')}`);
  args.file = positional[0];
  if (args.command === 'predict' && args.input === null)
    throw new UsageError('predict needs --input x1,x2,…');
  return args;
}
