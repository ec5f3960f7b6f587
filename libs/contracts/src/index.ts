export * from './artifacts';
export * from './enums';
export * from './job-event';
export * from './job-spec';
export * from './queues';
export * from './schema-validation';
export * from './worker-protocol';
export * from './hyperparameter-defaults';
