import { Initial1795876115504 } from './1795876115504-Initial';
import { JobsAndWorkers1795877577008 } from './1795877577008-JobsAndWorkers';
import { Deployments1795878567904 } from './1795878567904-Deployments';
import { Identity1796018110290 } from './1796018110290-Identity';
import { DatasetRawRetention1796018474489 } from './1796018474489-DatasetRawRetention';
import { ArtifactUriIsKey1796019488448 } from './1796019488448-ArtifactUriIsKey';
import { InferenceAudit1796019968881 } from './1796019968881-InferenceAudit';
import { Plugins1796028429626 } from './1796028429626-Plugins';
import { Evaluations1796038041496 } from './1796038041496-Evaluations';

// Migrations in the order they run. A committed migration is never edited: add a new one.
export const MIGRATIONS: (new () => object)[] = [
  Initial1795876115504,
  JobsAndWorkers1795877577008,
  Deployments1795878567904,
  Identity1796018110290,
  DatasetRawRetention1796018474489,
  ArtifactUriIsKey1796019488448,
  InferenceAudit1796019968881,
  Plugins1796028429626,
  Evaluations1796038041496,
];
