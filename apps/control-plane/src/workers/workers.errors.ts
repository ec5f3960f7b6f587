export enum WorkerErrorCode {
  WORKER_NOT_FOUND = 'WORKER_NOT_FOUND',
  UNSUPPORTED_PROTOCOL = 'UNSUPPORTED_PROTOCOL',
  /** The worker's REDIS_NAMESPACE is not the control plane's: it would wait on a queue nobody fills. */
  REDIS_NAMESPACE_MISMATCH = 'REDIS_NAMESPACE_MISMATCH',
}
