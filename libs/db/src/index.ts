export * from './data-source';
export * from './entities';
export * from './migrations';
export * from './schema-diff';
export * from './seed/seed';
export * from './seed/seed-data';
export * from './roles/app-role-grants';
export * from './queries/enabled-plugins.query';
