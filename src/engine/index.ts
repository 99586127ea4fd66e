/**
 * The numerical engine: pure TypeScript, no vscode, DOM or Node imports. Everything in the lecture's notation
 * (0-based arrays: `theta[l]` is Θ^(l+1), `a[l]` is a^(l+1), `z[l]` is z^(l+1) with z[0] unused).
 *
 * Public API (one line each):
 * - matrix:      `zeros(rows, cols)`, `fromRows(number[][])`, `toRows(M)`, `clone(M)`, `copyInto(dst, src)`,
 *                `matmul(A, B, out?)` (A·B), `matmulABt(A, B, out?)` (A·Bᵀ), `matmulAtB(A, B, out?)` (Aᵀ·B),
 *                `frobeniusNorm(M)`, `get(M, i, j)`, `set(M, i, j, v)`
 * - random:      `new Random(seed)`: `next()` ∈ [0,1), `normal()`, `int(n)`, `shuffle(Uint32Array)`, `nextUint32()`, static `Random.derive(seed, salt)`
 * - activations: `activate(name, z, out, rows, cols)`, `activationDerivative(name, z, a, out)`, `g(name, z)`,
 *                `gPrime(name, z, a)`, `sigmoid(z)`, `sigmoidGradient(z)`
 * - losses:      `sampleCost(loss, activation, z, a, y, offset, K)`, `crossEntropyClamped(h, y)`,
 *                `regularization(theta, lambda, m)`, `outputDelta(...)`, `outputRule(loss, activation)`, `LOG_EPSILON`
 * - init:        `initTheta(init, fanIn, fanOut, rng)`, `defaultInitSpec(name)`
 * - network:     `createNetwork(layers, weights | null, init, rng)`, `forward(net, X, m, opts?)`, `predict(net, x)`,
 *                `costAndGradient(net, X, Y, m, loss, lambda, opts?)` → { J, D }, `cost(net, X, Y, m, loss, lambda)`,
 *                `new Workspace(net, B)`, `cloneTheta(theta)`, `thetaToRows(theta)`
 * - optimizers:  `createOptimizer(spec)` → { name, step(theta, D, alpha), reset() }, `defaultOptimizerSpec(name)`
 * - trainer:     `new Trainer(spec, dataset)`: `runBatch()`, `runEpoch()`, `setHyper(h)`, `reset()`, `inspect(i)`,
 *                `evaluate()`, `gradientCheck(opts?)`, getters `network`, `theta`, `lastD`, `lastUpdate`, `lastDropped`,
 *                `dropoutMasks`, `epoch`, `iteration`, `history`, `bestEpoch`, `trainM`, `validationM`, `hyper`
 * - stepper:     `new Stepper(trainer)`: `step()`, `stepSample()`, `stepBatch()`, `stepEpoch()` → { records, restart }
 * - gradcheck:   `gradientCheck(net, X, Y, m, loss, lambda, opts?)` → { relativeDifference[], passed, threshold }
 * - steps:       `StepRecord`, `StepKind` (the step-by-step records)
 * - surface:     `SurfaceSlice` (J(Θ0 + α d1 + β d2) row by row), `surfaceDirections`, `randomDirection` (filter-
 *                normalized), `weightDirection`, `projectOnto`, `ThetaTrail`, `checkSurfaceRequest`, `SURFACE_BUDGET`
 * - race:        `raceRuns(spec, race)`, `raceLabel`, `defaultRace`, `initialWeights`, `equalRows`
 * - answers:     `answerQuestion(net, data, loss, lambda, q)` → { value, worked }, `checkQuestion`, `questionLabel`
 * - kernels:     `setKernelMode('auto' | 'js' | 'wasm')`, `kernelInfo()` → { mode, wasm, reason } (wasm/select.ts)
 */
export * from './matrix';
export * from './random';
export * from './activations';
export * from './losses';
export * from './init';
export * from './network';
export * from './optimizers';
export * from './trainer';
export * from './stepper';
export * from './gradcheck';
export * from './surface';
export * from './race';
export * from './answers';
export { setKernelMode, kernelInfo, kernelModeFromEnv, KERNEL_MODES, type KernelMode } from './wasm/select';
export type { StepRecord, StepKind, StepPosition } from './steps';
export { stepsInSample } from './steps';
