import * as vscode from 'vscode';

export interface Template {
  id: string;
  label: string;
  detail: string;
  /** The example file it copies, under examples/ in the extension; null for the blank network. */
  example: string | null;
}

/** The lecture's networks, as starting points for a new .nn.json. */
export const TEMPLATES: readonly Template[] = [
  {
    id: 'and',
    label: 'AND',
    detail: 'h_Θ(x) = g(−30 + 20x₁ + 20x₂), the slide’s weights',
    example: 'and.nn.json',
  },
  {
    id: 'xnor',
    label: 'XNOR',
    detail: '2-2-1 with the slide’s weights: x₁ AND x₂, (NOT x₁) AND (NOT x₂), then OR',
    example: 'xnor.nn.json',
  },
  { id: 'xor', label: 'XOR', detail: '2-2-1 to train from a seeded random Θ', example: 'xor.nn.json' },
  {
    id: 'worksheet',
    label: 'XNOR worksheet',
    detail: 'XNOR with soft weights and exercises: compute z, a, δ, D and J(Θ) by hand and check them',
    example: 'worksheet.nn.json',
  },
  {
    id: 'four-class',
    label: 'Four classes',
    detail: 'pedestrian, car, motorcycle, truck: the slide’s one vs. all, 4 sigmoid outputs',
    example: 'four-class.nn.json',
  },
  {
    id: 'four-class-softmax',
    label: 'Four classes (softmax)',
    detail: 'the same classes with one softmax output layer: probabilities that add up to 1',
    example: 'four-class-softmax.nn.json',
  },
  {
    id: 'digits',
    label: 'Handwritten digits',
    detail: '20×20 MNIST digits, one vs. all with 10 sigmoid outputs (0–9)',
    example: 'digits.nn.json',
  },
  {
    id: 'dropout',
    label: 'Dropout',
    detail: 'an oversized network on a noisy circle, half of its hidden units dropped each step',
    example: 'dropout.nn.json',
  },
  {
    id: 'early-stopping',
    label: 'Early stopping',
    detail: 'the same network stops when the validation cost stops improving',
    example: 'early-stopping.nn.json',
  },
  {
    id: 'blank',
    label: 'Blank network',
    detail: '2 inputs, one hidden layer of 3 sigmoid units, 1 output',
    example: null,
  },
];

export const BLANK_NETWORK = `{
  "name": "My network",
  "description": "2 inputs, a hidden layer of 3 sigmoid units, 1 sigmoid output, trained on the XOR truth table.",
  "layers": [
    { "units": 2 },
    { "units": 3, "activation": "sigmoid" },
    { "units": 1, "activation": "sigmoid" }
  ],
  "loss": "cross-entropy",
  "data": {
    "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]],
    "targets": [[0], [1], [1], [0]]
  },
  "training": { "learningRate": 1, "lambda": 0, "epochs": 2000, "seed": 1 }
}
`;

export async function templateText(extensionUri: vscode.Uri, template: Template): Promise<string> {
  if (!template.example) return BLANK_NETWORK;
  const bytes = await vscode.workspace.fs.readFile(
    vscode.Uri.joinPath(extensionUri, 'examples', template.example),
  );
  return new TextDecoder().decode(bytes);
}
