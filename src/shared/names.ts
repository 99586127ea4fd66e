/**
 * The names the .nn.json format accepts, listed once: each list is the single source of its type. The format's schema
 * checks (a unit test keeps schemas/nn.schema.json's enums equal to these), the engine's switch statements, the
 * protocol's guards and the view's controls all read them from here.
 */

/** g of a layer: the lecture's logistic unit, tanh, ReLU, the identity, and softmax (output layer only). */
export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'linear', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** J(Θ): the lecture's cross-entropy cost, or the mean squared error. */
export const LOSSES = ['cross-entropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

/** Update rules Θ := Θ − α·(something of D) (see src/engine/optimizers.ts). */
export const OPTIMIZERS = ['gd', 'momentum', 'adagrad', 'adadelta', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** How Θ is drawn when the file gives no "weights". */
export const INITS = ['normal', 'uniform', 'xavier', 'he', 'zeros'] as const;
export type InitName = (typeof INITS)[number];

/** The built-in data sets: the logic gates, then the 2-D point clouds. */
export const GENERATORS = ['and', 'or', 'not', 'xor', 'xnor', 'circle', 'spiral', 'gaussian'] as const;
export type GeneratorName = (typeof GENERATORS)[number];

/** What a race varies: one hyperparameter, or the hidden layers' g, or the init rule. */
export const RACE_VARIES = ['learningRate', 'optimizer', 'batchSize', 'activation', 'init'] as const;
export type RaceVary = (typeof RACE_VARIES)[number];
