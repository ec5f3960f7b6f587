import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { DeploymentWatcher } from '../deployments/deployment-watcher.service';
import { ModelRouter } from '../serving/model-router.service';

@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly watcher: DeploymentWatcher,
    private readonly router: ModelRouter,
  ) {}

  /** Liveness: the process answers. */
  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  /** Readiness: deployments read and the database reachable. */
  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    let database = true;
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = false;
    }
    const ready = database && this.watcher.ready;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      database,
      deployments: this.watcher.catalog.models.length,
      loadedModels: this.router.registry.loadedModels().map((m) => m.modelId),
    });
  }
}
