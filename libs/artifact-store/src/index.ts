export * from './artifact-store';
export * from './filesystem-artifact-store';
