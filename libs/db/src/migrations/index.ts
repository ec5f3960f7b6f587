import { Initial1795875442418 } from './1795875442418-Initial';

// Migrations in the order they run. A committed migration is never edited: add a new one.
export const MIGRATIONS: (new () => object)[] = [Initial1795875442418];
