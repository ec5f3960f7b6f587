import { Controller, Get, Header } from '@nestjs/common';
import { ModelRouter } from '../serving/model-router.service';
import { batchSize, loadedModelBytes, loadedModels, metricsRegistry, queueDepth } from './metrics';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly router: ModelRouter) {}

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  async metrics(): Promise<string> {
    const loaded = this.router.registry.loadedModels();
    queueDepth.reset();
    batchSize.reset();
    for (const { modelId } of loaded) {
      // Already loaded: engine() returns at once and loads nothing.
      const stats = (await this.router.registry.engine(modelId)).stats();
      queueDepth.set({ model: modelId }, stats.queued);
      batchSize.set({ model: modelId }, stats.batchSize);
    }
    loadedModels.set(loaded.length);
    loadedModelBytes.set(loaded.reduce((sum, m) => sum + m.bytes, 0));
    return metricsRegistry.metrics();
  }
}
