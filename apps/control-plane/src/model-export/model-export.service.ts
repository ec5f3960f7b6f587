import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ArtifactStore } from '@alloy/artifact-store';
import { loadableModel } from '@alloy/contracts';
import { GgufExportError, type GgufType, planGgufExport } from '@alloy/model-builder';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { ApiError } from '../common/errors/api-error';
import { ModelVersionsService } from '../model-versions/model-versions.service';
import { ModelExportErrorCode } from './model-export.errors';

/** The files of a model directory the exporter reads; onnx/ variants and the rest stay put. */
const STAGED = new Set([
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  // staged so that a LoRA adapter without its merged model is refused as such
  'adapter_config.json',
]);

export interface ExportedFile {
  fileName: string;
  bytes: number;
  stream: Readable;
}

const unsupported = (message: string): ApiError =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, ModelExportErrorCode.EXPORT_NOT_SUPPORTED, message);

@Injectable()
export class ModelExportService {
  constructor(
    private readonly versions: ModelVersionsService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  /**
   * A version as one GGUF file for llama.cpp and Ollama. A LoRA version exports its merged model.
   * Everything is checked and sized before the answer starts, so a refusal is a clean 4xx and the
   * download announces its length; tensors are converted as the client reads.
   */
  async gguf(modelName: string, version: number, type: GgufType): Promise<ExportedFile> {
    const row = await this.versions.findEntityByNumber(modelName, version);
    if (!row.artifactKey) throw unsupported(`${modelName}@${version} has no artifact to export`);
    const model = loadableModel(row.artifactKey, row.files ?? []);
    const wanted = model.files.filter(
      (f) => !f.path.includes('/') && (STAGED.has(f.path) || f.path.endsWith('.safetensors')),
    );
    const dir = await mkdtemp(join(tmpdir(), 'alloy-gguf-'));
    try {
      for (const file of wanted) {
        await pipeline(
          this.store.openRead(`${model.key}/${file.path}`),
          createWriteStream(join(dir, file.path)),
        );
      }
      // The plan holds the weights in memory: the staged copy is not needed past this point.
      const plan = planGgufExport(dir, { type, name: `${modelName}-v${version}` });
      return {
        fileName: `${modelName}-v${version}-${type}.gguf`.replace(/[^\w.-]/g, '_'),
        bytes: plan.bytes,
        stream: Readable.from(plan.chunks(), { objectMode: false }),
      };
    } catch (error) {
      if (error instanceof GgufExportError) throw unsupported(`GGUF export: ${error.message}`);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw unsupported(
          `${modelName}@${version}: a file of its artifact is missing from the store`,
        );
      }
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
