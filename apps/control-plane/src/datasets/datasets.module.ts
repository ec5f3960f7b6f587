import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BaseModelsModule } from '../base-models/base-models.module';
import { DomainsModule } from '../domains/domains.module';
import { DatasetVersionsController } from './dataset-versions.controller';
import { DatasetVersionsService } from './dataset-versions.service';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { IngestionProcessor } from './ingestion.processor';
import { IngestionQueue } from './ingestion.queue';
import { RawUploadRetention } from './raw-upload-retention';
import { PluginRuntime } from '../plugins/plugin-runtime.service';
import { PluginRuntimeModule } from '../plugins/plugin-runtime.module';
import { DATASET_RECORD_CLEANERS } from './record-cleaners';

@Module({
  imports: [AuditModule, DomainsModule, BaseModelsModule, PluginRuntimeModule],
  controllers: [DatasetsController, DatasetVersionsController],
  providers: [
    DatasetsService,
    DatasetVersionsService,
    IngestionProcessor,
    IngestionQueue,
    RawUploadRetention,
    // The `dataset.record` hooks of the enabled plugins.
    { provide: DATASET_RECORD_CLEANERS, useExisting: PluginRuntime },
  ],
  exports: [DatasetsService, DatasetVersionsService],
})
export class DatasetsModule {}
