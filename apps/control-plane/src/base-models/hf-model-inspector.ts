import {
  type ArtifactStore,
  InvalidArtifactKeyError,
  type StoredFile,
} from '@alloy/artifact-store';
import { SUPPORTED_ARCHITECTURES } from '@alloy/contracts';
import type { TokenizerInfo } from '@alloy/db';
import { ApiError } from '../common/errors/api-error';
import { BaseModelErrorCode } from './base-models.errors';

export interface InspectedModel {
  architecture: string;
  modelType: string;
  parameterCount: number;
  contextLength: number;
  tokenizer: TokenizerInfo;
  config: Record<string, unknown>;
  files: StoredFile[];
}

const MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024;

function invalid(message: string): ApiError {
  return ApiError.badRequest(BaseModelErrorCode.INVALID_MODEL_DIRECTORY, message);
}

async function readJson(store: ArtifactStore, key: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse((await store.readFile(key)).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid(`${key} is not valid JSON`);
  }
}

/** Reads only the JSON header of a .safetensors file (8-byte length + JSON) and sums tensor sizes. */
async function countSafetensorsParameters(store: ArtifactStore, key: string): Promise<number> {
  const chunks: Buffer[] = [];
  let have = 0;
  let need = 8;
  for await (const chunk of store.openRead(key) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    have += chunk.length;
    if (have >= 8 && need === 8) {
      const length = Number(Buffer.concat(chunks).readBigUInt64LE(0));
      if (length > MAX_SAFETENSORS_HEADER) throw invalid(`${key}: safetensors header too large`);
      need = 8 + length;
    }
    if (have >= need && need > 8) break;
  }
  const buffer = Buffer.concat(chunks);
  if (need <= 8 || buffer.length < need) throw invalid(`${key}: truncated safetensors file`);
  const header = JSON.parse(buffer.subarray(8, need).toString('utf8')) as Record<
    string,
    { shape?: number[] }
  >;
  return Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .reduce((sum, [, tensor]) => sum + (tensor.shape ?? []).reduce((a, b) => a * b, 1), 0);
}

/** LLaMA-family parameter count from config.json, for directories without safetensors. */
function estimateParameters(config: Record<string, unknown>): number {
  const n = (key: string) => (typeof config[key] === 'number' ? config[key] : 0);
  const hidden = n('hidden_size');
  const heads = n('num_attention_heads') || 1;
  const kvHeads = n('num_key_value_heads') || heads;
  const headDim = hidden / heads;
  const attention = hidden * hidden * 2 + hidden * kvHeads * headDim * 2;
  const mlp = 3 * hidden * n('intermediate_size');
  const perLayer = attention + mlp + 2 * hidden;
  const embeddings = n('vocab_size') * hidden * (config.tie_word_embeddings ? 1 : 2);
  return n('num_hidden_layers') * perLayer + embeddings + hidden;
}

function tokenizerInfo(
  tokenizer: Record<string, unknown> | null,
  tokenizerConfig: Record<string, unknown> | null,
  files: string[],
): TokenizerInfo {
  const model: { type?: unknown; vocab?: unknown } =
    tokenizer?.model && typeof tokenizer.model === 'object' ? tokenizer.model : {};
  const added = Array.isArray(tokenizer?.added_tokens) ? tokenizer.added_tokens.length : 0;
  const vocab =
    model.vocab && typeof model.vocab === 'object' ? Object.keys(model.vocab).length + added : null;
  return {
    type: typeof model.type === 'string' ? model.type : null,
    vocabSize: vocab,
    hasChatTemplate: typeof tokenizerConfig?.chat_template === 'string',
    files,
  };
}

/** Validates and describes a Hugging Face model directory on the artifact store. */
export async function inspectHfModelDirectory(
  store: ArtifactStore,
  dir: string,
): Promise<InspectedModel> {
  try {
    store.uri(dir);
  } catch (error) {
    if (error instanceof InvalidArtifactKeyError)
      throw ApiError.validation([{ field: 'path', message: error.message }]);
    throw error;
  }
  if (!(await store.exists(dir))) {
    throw ApiError.badRequest(
      BaseModelErrorCode.ARTIFACT_NOT_FOUND,
      `path: no directory "${dir}" on the artifact store`,
    );
  }
  const files = await store.listFiles(dir);
  const names = new Set(files.map((f) => f.path));
  if (!names.has('config.json')) throw invalid(`path: "${dir}" has no config.json`);
  const config = await readJson(store, `${dir}/config.json`);
  const architecture = Array.isArray(config.architectures) ? String(config.architectures[0]) : '';
  if (!(SUPPORTED_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw ApiError.badRequest(
      BaseModelErrorCode.UNSUPPORTED_ARCHITECTURE,
      `architecture "${architecture || '(none)'}" is not supported; supported: ${SUPPORTED_ARCHITECTURES.join(', ')}`,
      { architecture, supported: SUPPORTED_ARCHITECTURES },
    );
  }
  const safetensors = files.filter((f) => f.path.endsWith('.safetensors') && !f.path.includes('/'));
  let parameterCount = 0;
  for (const file of safetensors)
    parameterCount += await countSafetensorsParameters(store, `${dir}/${file.path}`);
  if (parameterCount === 0) parameterCount = estimateParameters(config);
  const tokenizerFiles = [...names].filter((n) =>
    /^(tokenizer|special_tokens_map|vocab|merges)/.test(n),
  );
  const tokenizer = names.has('tokenizer.json')
    ? await readJson(store, `${dir}/tokenizer.json`)
    : null;
  const tokenizerConfig = names.has('tokenizer_config.json')
    ? await readJson(store, `${dir}/tokenizer_config.json`)
    : null;
  const contextLength = Number(config.max_position_embeddings ?? config.max_sequence_length ?? 0);
  if (!Number.isInteger(contextLength) || contextLength <= 0) {
    throw invalid('config.json: max_position_embeddings must be a positive integer');
  }
  return {
    architecture,
    modelType: typeof config.model_type === 'string' ? config.model_type : 'llama',
    parameterCount,
    contextLength,
    tokenizer: tokenizerInfo(tokenizer, tokenizerConfig, tokenizerFiles),
    config,
    files,
  };
}
