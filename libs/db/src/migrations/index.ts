import { Initial1795875759543 } from './1795875759543-Initial';

// Migrations in the order they run. A committed migration is never edited: add a new one.
export const MIGRATIONS: (new () => object)[] = [Initial1795875759543];
