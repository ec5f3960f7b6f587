import { Module } from '@nestjs/common';
import { PluginRuntime } from './plugin-runtime.service';

/** The plugin sandboxes, shared by installation (test loads) and ingestion (record hooks). */
@Module({ providers: [PluginRuntime], exports: [PluginRuntime] })
export class PluginRuntimeModule {}
