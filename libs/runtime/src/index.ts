// What every Alloy process does at boot: typed configuration from the environment, JSON logs,
// where it listens, and the HTTP protections both servers share.
export * from './env-config';
export * from './logger';
export * from './listen-address';
export * from './http/security-headers';
export * from './http/cross-origin';
export * from './errors/redact-paths';
