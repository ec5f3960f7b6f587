import type { Deployment, TrafficShare } from '@alloy/sdk/types';

/** One revision of a deployment: every change of its split writes one. */
export interface DeploymentRevision {
  revision: number;
  action: 'create' | 'split' | 'promote' | 'rollback' | (string & {});
  traffic: TrafficShare[];
  /** The registry alias a promotion moved, and the version it moved it to. */
  alias: string | null;
  aliasVersion: number | null;
  /** For a rollback: the revision restored. */
  restoredRevision: number | null;
  createdBy: string;
  createdAt: string;
}

/** A deployment as GET /api/v1/deployments/:name answers it, with every revision, newest first. */
export interface DeploymentDetail extends Deployment {
  revisions: DeploymentRevision[];
}
