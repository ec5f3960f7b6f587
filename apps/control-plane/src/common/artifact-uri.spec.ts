import type { BaseModelEntity, DatasetVersionEntity, ModelVersionEntity } from '@alloy/db';
import { describe, expect, it } from 'vitest';
import { BaseModelDto } from '../base-models/dto/base-model.dto';
import { DatasetVersionDto } from '../datasets/dto/dataset.dto';
import { ModelVersionDto } from '../model-versions/dto/model-version.dto';

// rows as written before artifactUri held the key: a file URL naming the server's disk
const FILE_URL = 'file:///var/alloy/artifacts/models/fin/1';
const now = new Date();

describe('artifactUri', () => {
  it('is the store key of a base model, never a file URL', () => {
    const dto = BaseModelDto.from({
      artifactKey: 'models/fin/1',
      artifactUri: FILE_URL,
      files: [],
      tokenizer: {},
      createdAt: now,
    } as unknown as BaseModelEntity);
    expect(dto.artifactUri).toBe('models/fin/1');
  });

  it('is the store key of a model version', () => {
    const dto = ModelVersionDto.from(
      {
        artifactKey: 'jobs/j1/output',
        artifactUri: FILE_URL,
        files: [],
        createdAt: now,
        updatedAt: now,
      } as unknown as ModelVersionEntity,
      [],
    );
    expect(dto.artifactUri).toBe('jobs/j1/output');
  });

  it('is the store key of a dataset version, and its error names no path', () => {
    const dto = DatasetVersionDto.from(
      {
        status: 'failed',
        artifactKey: 'datasets/fin/1/data.jsonl',
        artifactUri: FILE_URL,
        error:
          "ingestion failed: Error: ENOENT: no such file or directory, open '/var/alloy/artifacts/datasets/fin/raw/x'",
        report: null,
        rawRetainedUntil: null,
        createdAt: now,
      } as unknown as DatasetVersionEntity,
      null,
    );
    expect(dto.artifactUri).toBe('datasets/fin/1/data.jsonl');
    expect(dto.error).toBe(
      "ingestion failed: Error: ENOENT: no such file or directory, open '…/x'",
    );
  });
});
