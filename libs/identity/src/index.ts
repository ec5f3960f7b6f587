export * from './access';
export * from './authenticator';
export * from './hashing';
export * from './policy';
export * from './principal';
export * from './tokens';
export * from './rate-limit';
