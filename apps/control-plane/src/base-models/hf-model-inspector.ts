import {
  type ArtifactStore,
  InvalidArtifactKeyError,
  type StoredFile,
} from '@alloy/artifact-store';
import {
  estimateLlamaParameters,
  MAX_MODEL_CONFIG_BYTES,
  MAX_SAFETENSORS_HEADER_BYTES,
  MODEL_CONFIG_LIMITS,
  modelConfigLimitProblem,
  servingFeatureProblem,
  SUPPORTED_ARCHITECTURES,
} from '@alloy/contracts';
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

function invalid(message: string, details?: Record<string, unknown>): ApiError {
  return ApiError.badRequest(BaseModelErrorCode.INVALID_MODEL_DIRECTORY, message, details);
}

/** What the inspector accepts; the control plane configures the parameter limit. */
export interface ModelInspectionLimits {
  maxParameters: number;
}

async function readJson(store: ArtifactStore, key: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse((await store.readFile(key)).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid(`${key} is not valid JSON`);
  }
}

/** Reads a small JSON file, refusing it once it grows past `maxBytes`. */
async function readBoundedJson(
  store: ArtifactStore,
  key: string,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of store.openRead(key) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw invalid(`${key} is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw invalid(`${key} is not valid JSON`);
}

/**
 * Reads only the JSON header of a .safetensors file (8-byte length + JSON) and sums tensor sizes.
 * The length field is checked against the limit and the file's size before the header is read.
 */
async function countSafetensorsParameters(
  store: ArtifactStore,
  key: string,
  fileBytes: number,
): Promise<number> {
  const chunks: Buffer[] = [];
  let have = 0;
  let need = 8;
  for await (const chunk of store.openRead(key) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    have += chunk.length;
    if (have >= 8 && need === 8) {
      const length = Buffer.concat(chunks).readBigUInt64LE(0);
      if (length > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
        throw invalid(
          `${key}: the safetensors header length field says ${length} bytes, above the limit of ${MAX_SAFETENSORS_HEADER_BYTES}`,
          { field: 'safetensors header length', limit: MAX_SAFETENSORS_HEADER_BYTES },
        );
      }
      need = 8 + Number(length);
      if (need > fileBytes) throw invalid(`${key}: truncated safetensors file`);
    }
    if (have >= need && need > 8) break;
  }
  const buffer = Buffer.concat(chunks);
  if (need <= 8 || buffer.length < need) throw invalid(`${key}: truncated safetensors file`);
  let header: Record<string, { shape?: unknown }>;
  try {
    header = JSON.parse(buffer.subarray(8, need).toString('utf8')) as typeof header;
  } catch {
    throw invalid(`${key}: the safetensors header is not valid JSON`);
  }
  let total = 0;
  for (const [name, tensor] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const shape = tensor?.shape ?? [];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw invalid(`${key}: tensor ${name} has a shape that is not a list of sizes`);
    }
    total += (shape as number[]).reduce((a, b) => a * b, 1);
  }
  return total;
}

function checkParameterCount(count: number, limits: ModelInspectionLimits, source: string): void {
  if (count > limits.maxParameters) {
    throw invalid(
      `${source}: ${count} parameters, above the limit of ${limits.maxParameters} (BASE_MODEL_MAX_PARAMETERS)`,
      { field: 'parameterCount', limit: limits.maxParameters },
    );
  }
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
  limits: ModelInspectionLimits,
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
  // config.json first: its sizes are checked before the weights are even hashed
  const configKey = `${dir}/config.json`;
  if (!(await store.exists(configKey))) throw invalid(`path: "${dir}" has no config.json`);
  const config = await readBoundedJson(store, configKey, MAX_MODEL_CONFIG_BYTES);
  const architecture = Array.isArray(config.architectures) ? String(config.architectures[0]) : '';
  if (!(SUPPORTED_ARCHITECTURES as readonly string[]).includes(architecture)) {
    throw ApiError.badRequest(
      BaseModelErrorCode.UNSUPPORTED_ARCHITECTURE,
      `architecture "${architecture || '(none)'}" is not supported; supported: ${SUPPORTED_ARCHITECTURES.join(', ')}`,
      { architecture, supported: SUPPORTED_ARCHITECTURES },
    );
  }
  const limitProblem = modelConfigLimitProblem(config);
  if (limitProblem) {
    throw invalid(limitProblem.message, {
      field: limitProblem.field,
      limit: MODEL_CONFIG_LIMITS[limitProblem.field as keyof typeof MODEL_CONFIG_LIMITS],
    });
  }
  // refused here rather than at the first request: the model server would not reproduce it
  const featureProblem = servingFeatureProblem(config);
  if (featureProblem) throw invalid(featureProblem.message, { field: featureProblem.field });
  const estimated = estimateLlamaParameters(config);
  checkParameterCount(estimated, limits, 'config.json');

  const files = await store.listFiles(dir);
  const names = new Set(files.map((f) => f.path));
  const safetensors = files.filter((f) => f.path.endsWith('.safetensors') && !f.path.includes('/'));
  let parameterCount = 0;
  for (const file of safetensors) {
    parameterCount += await countSafetensorsParameters(store, `${dir}/${file.path}`, file.bytes);
    checkParameterCount(parameterCount, limits, 'the safetensors headers');
  }
  if (parameterCount === 0) parameterCount = estimated;
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
  if (contextLength > MODEL_CONFIG_LIMITS.max_position_embeddings) {
    throw invalid(
      `config.json: max_sequence_length is ${contextLength}, above the limit of ${MODEL_CONFIG_LIMITS.max_position_embeddings}`,
      { field: 'max_sequence_length', limit: MODEL_CONFIG_LIMITS.max_position_embeddings },
    );
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
