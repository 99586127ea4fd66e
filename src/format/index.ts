/**
 * The .nn.json format: parse and validate with locations, defaults, limits, datasets, and text edits.
 * See docs/FORMAT.md.
 */
export * from '../shared/spec';
export { parseNetwork, locatePointer } from './parse';
export {
  DEFAULTS,
  ACTIVATIONS,
  LOSSES,
  OPTIMIZERS,
  INITS,
  GENERATORS,
  optimizerDefaults,
  validationCount,
} from './defaults';
export { LIMITS, formatCount } from './limits';
export {
  loadDataset,
  DatasetError,
  checkRelativeDataPath,
  NO_DATA_FILES,
  dataFilesFromBytes,
  type DataFiles,
  type DataFileBytes,
} from './dataset';
export { areaWeights, downsample, MNIST_SIDE } from './mnist';
export { generate, CIRCLE, GAUSSIAN_RADIUS, type GeneratedData } from './generators';
export { readCsv, CsvSyntaxError, type CsvCell } from './csv';
export { setWeights, formatWeights, detectStyle } from './edit';
export { parameterCount } from './semantic';
export { NN_SCHEMA } from './schema';
export { dataWidths, classWidth } from './normalize';
export { knownSampleCount } from './sampleCount';
export type { Location } from './json';
export { RACE_VARIES, checkRace, normalizeRace, type RawRace, type RaceProblem } from './race';
export { checkExercises, normalizeExercises, type RawExercise } from './exercises';
