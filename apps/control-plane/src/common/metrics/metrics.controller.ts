import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ForResource, PublicWhen } from '../../auth/auth.decorators';
import { metricsRegistry } from './metrics';

@ApiExcludeController()
@PublicWhen('metrics')
@ForResource('metrics')
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
