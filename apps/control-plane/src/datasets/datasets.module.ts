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
import { DATASET_RECORD_CLEANERS, type DatasetRecordCleaners } from './record-cleaners';

@Module({
  imports: [AuditModule, DomainsModule, BaseModelsModule],
  controllers: [DatasetsController, DatasetVersionsController],
  providers: [
    DatasetsService,
    DatasetVersionsService,
    IngestionProcessor,
    IngestionQueue,
    RawUploadRetention,
    // The hook for plugin record cleaners: the plugin loader overrides this provider.
    { provide: DATASET_RECORD_CLEANERS, useValue: [] satisfies DatasetRecordCleaners },
  ],
  exports: [DatasetsService, DatasetVersionsService],
})
export class DatasetsModule {}
