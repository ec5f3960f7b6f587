import type { Action, Resource } from '@alloy/identity/policy';

/** An entry of the side navigation; shown only to roles that may read its resource. */
export interface NavEntry {
  path: string;
  label: string;
  resource: Resource;
  action?: Action;
}

export const NAVIGATION: NavEntry[] = [
  { path: '/', label: 'Overview', resource: 'models' },
  { path: '/models', label: 'Domains & models', resource: 'models' },
  { path: '/datasets', label: 'Datasets', resource: 'datasets' },
  { path: '/jobs', label: 'Jobs', resource: 'jobs' },
  { path: '/workers', label: 'Workers', resource: 'workers' },
  { path: '/deployments', label: 'Deployments', resource: 'deployments' },
  { path: '/playground', label: 'Playground', resource: 'inference', action: 'invoke' },
  { path: '/evaluation', label: 'Evaluation', resource: 'models' },
  { path: '/settings', label: 'Organisation', resource: 'plugins' },
];
