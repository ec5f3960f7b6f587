/*
 * Everything of the SDK that runs without Node: what a plugin bundle may include. `alloy-plugin
 * build` resolves `@alloy/plugin-sdk` to this file, so packaging code never enters a bundle.
 */
export * from './types';
export { definePlugin } from './define-plugin';
export { ResponseSegmenter, segmentText } from './segmenter';
export {
  MANIFEST_LIMITS,
  MANIFEST_SCHEMA,
  PLUGIN_ID_PATTERN,
  DOMAIN_SLUG_PATTERN,
  validateManifest,
  effectiveLimits,
  failurePolicyOf,
} from './manifest';
export type { ManifestValidation } from './manifest';
export { resolveConfig } from './config';
export type { ConfigResolution } from './config';
export {
  TOOL_NAME_PATTERN,
  EVALUATOR_NAME_PATTERN,
  FUNCTION_HOOKS,
  chatMessagesProblem,
  datasetRecordProblem,
  normaliseRecordResult,
  normaliseRequestResult,
  normaliseResponseResult,
  validateToolArguments,
  normaliseToolResult,
  evalCasesProblem,
  normaliseScores,
  aggregateMetrics,
  validateDefinition,
} from './results';
export type {
  RecordOutcome,
  RequestOutcome,
  ResponseOutcome,
  ToolArgumentsValidation,
  DefinitionValidation,
} from './results';
export { createTestHarness } from './testing/test-harness';
export type {
  TestHarness,
  TestHarnessOptions,
  TestRequest,
  RequestHookOutcome,
  EvaluatedCase,
  EvaluationResult,
} from './testing/test-harness';
export {
  multipleChoiceCase,
  multipleChoiceAccuracy,
  pickedChoice,
} from './evaluation/multiple-choice';
export type { MultipleChoiceItem, MultipleChoiceExpected } from './evaluation/multiple-choice';
export { numberArg, numberSchema, roundHalfUp } from './tools/tool-arguments';
export type { NumberBounds } from './tools/tool-arguments';
