import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { schemaRef } from '../openapi/openapi-schemas';
import { DataSource } from 'typeorm';
import { DeploymentWatcher } from '../deployments/deployment-watcher.service';
import { ModelRouter } from '../serving/model-router.service';
import { StreamDrain } from '../serving/stream-drain';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly watcher: DeploymentWatcher,
    private readonly router: ModelRouter,
    private readonly drain: StreamDrain,
  ) {}

  /** Liveness: the process answers. */
  @Get('healthz')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: schemaRef('Liveness') })
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  /**
   * Readiness: deployments read, the versions of the first table read prepared (so that a new
   * replica takes traffic warm), and the database reachable. Versions deployed later warm up
   * while the server stays ready: their requests are answered 503 until then.
   */
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: deployments read, first versions warm, database reachable' })
  @ApiOkResponse({ schema: schemaRef('Readiness') })
  @ApiServiceUnavailableResponse({ schema: schemaRef('Readiness') })
  async readyz(@Res() res: Response): Promise<void> {
    let database = true;
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = false;
    }
    // A stopping replica leaves the balancer's rotation while its streams drain.
    const ready = database && this.watcher.ready && this.router.warm && !this.drain.draining;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      database,
      deployments: this.watcher.catalog.models.length,
      warmingVersions: this.router.warmup.pending,
      loadedModels: this.router.registry.loadedModels().map((m) => m.modelId),
    });
  }
}
