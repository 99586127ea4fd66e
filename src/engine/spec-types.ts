/**
 * The .nn.json types the engine computes with, from the shared bottom layer (src/shared/spec.ts). The engine imports
 * nothing else from outside itself but the shared name lists (eslint keeps it so).
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
} from '../shared/spec';

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
