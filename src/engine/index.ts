/**
 * The numerical engine: pure TypeScript, no vscode, DOM or Node imports. Everything in the lecture's notation.
 *
 * THE INDEXING CONVENTION (every per-layer array of the engine, and the InspectedSample the webview receives):
 * arrays are 0-based and hold no empty slots.
 * - Per layer, L entries: `a[l]` = a^(l+1) (a[0] = x, without the bias unit), `sizes[l]` = s_(l+1), `activations[l]`,
 *   `dropout[l]`, dropout `masks[l]`.
 * - Per Θ, L − 1 entries, all with the same l: `theta[l]` = Θ^(l+1), and what it produces and receives:
 *   `z[l]` = z^(l+2) = Θ^(l+1) [1; a[l]], `delta[l]` = δ^(l+2), `Delta[l]` / `D[l]` = Δ^(l+1) / D^(l+1).
 *   So a[l+1] = g(z[l]), delta[l−1] = (theta[l])ᵀ delta[l] .* g'(z[l−1]) without the bias row, Δ term = delta[l] [1 a[l]]ᵀ.
 * Step records (steps.ts) and everything shown to the user use the lecture's 1-based numbers instead.
 *
 * Public API (one line each):
 * - matrix:      `zeros(rows, cols)`, `fromRows(number[][])`, `toRows(M)` (the products are kernels.ts)
 * - random:      `new Random(seed)`: `next()` ∈ [0,1), `normal()`, `int(n)`, `shuffle(Uint32Array)`, `nextUint32()`, static `Random.derive(seed, salt)`
 * - activations: `activate(name, z, out, rows, cols)`, `activationDerivative(name, z, a, out)`, `g(name, z)`,
 *                `gPrime(name, z, a)`, `sigmoid(z)`, `sigmoidGradient(z)`
 * - losses:      `sampleCost(loss, activation, z, a, y, offset, K)`, `crossEntropyClamped(h, y)`,
 *                `regularization(theta, lambda, m)`, `outputDelta(...)`, `outputRule(loss, activation)`, `LOG_EPSILON`
 * - init:        `initTheta(init, fanIn, fanOut, rng)`, `defaultInitSpec(name)`
 * - network:     `createNetwork(layers, weights | null, init, rng)`, `forward(net, X, m, opts?)`, `predict(net, x)`,
 *                `costAndGradient(net, X, Y, m, loss, lambda, opts?)` → { J, D }, `cost(net, X, Y, m, loss, lambda)`,
 *                `new Workspace(net, B)`, `cloneTheta(theta)`, `thetaToRows(theta)`
 * - backprop:    `backpropSample(net, x, y, loss, opts?)` → { z, a, δ, Δ terms, g', … } of one sample (the slides' form;
 *                the reference the batch kernels are tested against)
 * - optimizers:  `createOptimizer(spec)` → { name, step(theta, D, alpha), reset() }, `defaultOptimizerSpec(name)`
 * - trainer:     `new Trainer(spec, dataset)`: `runBatch()`, `runEpoch()`, `setHyper(h)`, `reset()`, `inspect(i)`,
 *                `evaluate()`, `gradientCheck(opts?)`, getters `network`, `theta`, `lastD`, `lastUpdate`, `lastDropped`,
 *                `dropoutMasks`, `epoch`, `iteration`, `bestEpoch`, `trainM`, `validationM`, `hyper` (built from batches.ts,
 *                earlyStopping.ts, evaluation.ts, inspect.ts; it keeps no history: each epoch's result is returned)
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
export * from './backprop';
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
