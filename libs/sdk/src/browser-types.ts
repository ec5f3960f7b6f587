/*
 * The SDK's types and nothing else: what a browser app (the console) imports to type its calls
 * without bundling the Node-only client.
 */
export type * from './resource.types';
export type {
  paths as ControlPlanePaths,
  components as ControlPlaneComponents,
} from './generated/control-plane';
export type {
  paths as InferencePaths,
  components as InferenceComponents,
} from './generated/model-server';
