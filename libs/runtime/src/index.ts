// What every Alloy process does at boot: typed configuration from the environment, JSON logs.
export * from './env-config';
export * from './logger';
