import { type ArtifactStore, FilesystemArtifactStore } from '@alloy/artifact-store';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const ARTIFACT_STORE = Symbol('ARTIFACT_STORE');

@Global()
@Module({
  providers: [
    {
      provide: ARTIFACT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ArtifactStore =>
        new FilesystemArtifactStore(config.artifacts.root),
    },
  ],
  exports: [ARTIFACT_STORE],
})
export class ArtifactsModule {}
