export * from './runtime';
export * from './packaging/index';
