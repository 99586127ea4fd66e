/**
 * Size limits of a .nn.json file and of what it asks for. Every limit is checked before the memory it
 * guards is allocated, and the error message quotes the estimate next to the limit.
 * Documented in docs/FORMAT.md ("Limits").
 */
export const LIMITS = {
  /**
   * Characters of .nn.json text; longer texts are refused before they are read (one error at the start). A valid file
   * is bounded by the other limits: 100,000 inline numbers take about 2 MB even at full precision, and the trained Θ
   * of a 784-64-10 network about 1 MB; 8 MiB leaves room for both with a wide margin. Checking a text at this limit
   * takes the validation worker a few seconds (RELIABILITY.md), which is as long as a keystroke should wait.
   */
  maxTextLength: 8 * 1024 * 1024,
  /** Depth of nested arrays/objects; refused before parsing (the format needs 5). */
  maxNestingDepth: 32,
  /** L, the number of layers including the input and output layers. */
  maxLayers: 16,
  /** s_l for any layer. */
  maxUnitsPerLayer: 4096,
  /** Σ_l s_{l+1} × (s_l + 1): every Θ_ji^(l), bias weights included. */
  maxParameters: 2_000_000,
  /** m, the number of samples from any data source. */
  maxSamples: 60_000,
  /** Numbers written inline under "data" (inputs, targets and labels together). */
  maxInlineNumbers: 100_000,
  /** m × (n + K): the numbers of a loaded dataset (X and Y together, 8 bytes each). */
  maxDatasetValues: 32_000_000,
  /** Bytes of a CSV file; larger files are refused before they are read. */
  maxCsvBytes: 64 * 1024 * 1024,
  /** Digits in the MNIST package. */
  maxMnistSamples: 10_000,
  /** Upper bound of training.epochs. */
  maxEpochs: 1_000_000,
  /** Classes of the gaussian and spiral generators. */
  maxGeneratorClasses: 16,
  /** Runs of one race ("race": {"vary": …, "values": […]}): each run is a whole training in the worker. */
  maxRaceRuns: 6,
  /** Questions of one worksheet ("exercises"); each is answered when the file opens. */
  maxExercises: 100,
  /**
   * Problems listed per file; the rest are counted in one last message. A file of 16 MiB can hold millions of
   * mistakes, and listing (and locating) each one would keep the editor and the CLI busy for minutes.
   */
  maxErrors: 100,
  /**
   * Multiply-adds of one parameter update, B × (every Θ_ji) × 3 (forward, δ, Δ). The worker answers commands only
   * between updates, so one update must stay short: 3·10⁹ is a few seconds on one core.
   */
  maxWorkPerUpdate: 3_000_000_000,
} as const;

/** 1234567 → "1,234,567" (for messages). */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
