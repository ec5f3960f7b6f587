import path from 'node:path';
import { ModelRegistry } from '@alloy/inference';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../common/logger';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/server-config';
import {
  type CatalogModel,
  type DeploymentCatalog,
  pickWeighted,
  type ServedVersion,
} from '../deployments/deployment-catalog';
import { DeploymentWatcher } from '../deployments/deployment-watcher.service';
import { loadedModelBytes, loadedModels } from '../metrics/metrics';
import { OnnxGraphs } from './onnx-graphs';
import { VersionWarmup } from './version-warmup';
import { currentCaller, mayUse } from '../auth/caller';

/** How a request names what it wants: an exact version, an alias, or neither (the split). */
export interface ModelSelector {
  model: string;
  version?: number;
  alias?: string;
}

/**
 * Where a request was routed, and the registry id of that version's engine: the version id, since
 * model names (and so `<model>@<version>`) are unique only within one organisation.
 */
export interface RoutedModel {
  model: string;
  version: number;
  versionId: string;
  registryId: string;
  route: 'version' | 'alias' | 'split';
  /** The tenant, and the model's domain: which plugins run for the request. */
  organizationId: string;
  domain?: string;
}

/**
 * Routes requests to model versions by the deployments, and keeps the engines of those versions
 * in one ModelRegistry (LRU within the memory budget). Every version the deployments name is
 * prepared (graph built, engine loaded) as soon as the deployment table names it, never on a
 * request; until then requests for it are answered 503. Each version has its own engine; moving
 * traffic sends new requests to another engine while the old one finishes what it has, and a
 * version that leaves every deployment is unloaded once idle.
 */
@Injectable()
export class ModelRouter implements OnApplicationShutdown {
  readonly registry: ModelRegistry;
  readonly graphs: OnnxGraphs;
  readonly warmup: VersionWarmup;
  private firstTablePrepared = false;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly watcher: DeploymentWatcher,
  ) {
    const e = config.engine;
    this.registry = new ModelRegistry({
      memoryBudgetBytes: e.memoryBudgetBytes,
      engine: {
        intraOpNumThreads: e.intraOpThreads || undefined,
        maxBatchSize: e.maxBatchSize,
        maxQueue: e.maxQueue,
      },
      tokenizerThreads: e.tokenizerThreads,
      onEvent: (event) => {
        this.logger.info(event, `model ${event.type}`);
        const loaded = this.registry.loadedModels();
        loadedModels.set(loaded.length);
        loadedModelBytes.set(loaded.reduce((sum, m) => sum + m.bytes, 0));
      },
    });
    this.graphs = new OnnxGraphs((dir, variant, ms) =>
      this.logger.info({ dir, variant, ms: Math.round(ms) }, 'built ONNX graph'),
    );
    this.warmup = new VersionWarmup((version) => this.prepare(version), logger);
    watcher.onChange((catalog) => this.follow(catalog));
  }

  /** True once the versions of the first deployment table read are prepared (or have failed). */
  get warm(): boolean {
    return this.firstTablePrepared;
  }

  /**
   * The deployed model a name refers to, in the caller's organisation and among the deployments its
   * key may use; 404 otherwise (another tenant's model does not exist for this caller).
   */
  find(model: string): CatalogModel {
    const caller = currentCaller();
    const found = caller ? this.watcher.catalog.get(model, caller.organizationId) : undefined;
    if (!found || !mayUse(caller, found.organizationId, found.deployment))
      throw ServingError.notFound(
        ServingErrorCode.MODEL_NOT_FOUND,
        `model "${model}" is not deployed on this server`,
      );
    return found;
  }

  /** Picks the version; 404 when the deployment does not name it, 503 while it warms up. */
  route(selector: ModelSelector, random = Math.random()): RoutedModel {
    const deployed = this.find(selector.model);
    let number: number | undefined;
    let route: RoutedModel['route'];
    if (selector.version !== undefined) {
      number = selector.version;
      route = 'version';
    } else if (selector.alias !== undefined) {
      number = deployed.aliases.get(selector.alias);
      route = 'alias';
      if (number === undefined)
        throw ServingError.notFound(
          ServingErrorCode.ALIAS_NOT_FOUND,
          `model "${deployed.model}" has no alias "${selector.alias}"`,
        );
    } else {
      number = pickWeighted(deployed.traffic, random);
      route = 'split';
    }
    const version = number === undefined ? undefined : deployed.versions.get(number);
    if (!version)
      throw ServingError.notFound(
        ServingErrorCode.VERSION_NOT_FOUND,
        number === undefined
          ? `model "${deployed.model}" has no version taking traffic`
          : `model "${deployed.model}" has no version ${number} in its deployment's traffic or aliases`,
      );
    this.warmup.assertReady(version);
    return {
      model: deployed.model,
      version: version.version,
      versionId: version.versionId,
      registryId: version.versionId,
      route,
      organizationId: deployed.organizationId,
      domain: deployed.domain,
    };
  }

  /** Every model id clients may ask for: `<model>`, `<model>:<alias>`, `<model>@<version>`. */
  listIds(): string[] {
    const caller = currentCaller();
    const usable = this.watcher.catalog.models.filter((m) =>
      mayUse(caller, m.organizationId, m.deployment),
    );
    return usable.flatMap((m) => [
      m.model,
      ...[...m.aliases.keys()].map((alias) => `${m.model}:${alias}`),
      ...[...m.versions.keys()].sort((a, b) => a - b).map((v) => `${m.model}@${v}`),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.warmup.close();
    await this.registry.close();
  }

  /** Builds the graph when missing, registers the version and loads its engine. */
  private async prepare(version: ServedVersion): Promise<void> {
    const dir = path.resolve(this.config.artifacts.root, version.artifactKey);
    const variant = this.config.engine.variant;
    await this.graphs.ensure(dir, variant);
    // Registering again with the same directory is a no-op; another directory swaps the engine.
    this.registry.register(version.versionId, { dir, variant });
    await this.registry.engine(version.versionId);
  }

  /**
   * A new deployment table: prepares the versions it names in the background, and unloads (once
   * idle) those it no longer names. Called before any request can route by the new table.
   */
  private follow(catalog: DeploymentCatalog): void {
    const versions = catalog.models.flatMap((m) => [...m.versions.values()]);
    this.warmup.sync(versions);
    if (!this.firstTablePrepared)
      void this.warmup.whenSettled().then(() => {
        this.firstTablePrepared = true;
      });
    const wanted = new Set(versions.map((v) => v.versionId));
    for (const { modelId } of this.registry.loadedModels()) {
      if (!wanted.has(modelId)) void this.registry.unload(modelId);
    }
  }
}
