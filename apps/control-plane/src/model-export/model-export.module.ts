import { Module } from '@nestjs/common';
import { ModelVersionsModule } from '../model-versions/model-versions.module';
import { ModelExportController } from './model-export.controller';
import { ModelExportService } from './model-export.service';

@Module({
  imports: [ModelVersionsModule],
  controllers: [ModelExportController],
  providers: [ModelExportService],
})
export class ModelExportModule {}
