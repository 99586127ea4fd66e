/**
 * The only place the engine touches src/format: TYPE-ONLY imports of the .nn.json contract (erased at compile
 * time, so the engine stays free of any runtime dependency); eslint allows type imports only.
 */
import type {
  ActivationName,
  Dataset,
  EarlyStoppingSpec,
  ExerciseQuantity,
  ExerciseSpec,
  InitName,
  InitSpec,
  LayerSpec,
  LossName,
  NetworkSpec,
  OptimizerName,
  OptimizerSpec,
  TrainingSpec,
} from '../format/types';

export type {
  ActivationName,
  Dataset,
  EarlyStoppingSpec,
  ExerciseQuantity,
  ExerciseSpec,
  InitName,
  InitSpec,
  LayerSpec,
  LossName,
  NetworkSpec,
  OptimizerName,
  OptimizerSpec,
  TrainingSpec,
};
