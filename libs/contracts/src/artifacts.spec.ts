import { describe, expect, it } from 'vitest';
import { loadableModel } from './artifacts';

const file = (path: string) => ({ path, sha256: path, bytes: 1 });

describe('loadableModel', () => {
  it('is the artifact itself for a model directory', () => {
    const files = [file('config.json'), file('model.safetensors')];
    expect(loadableModel('jobs/a/output', files)).toEqual({ key: 'jobs/a/output', files });
  });

  it('is the merged model of a LoRA adapter, its paths relative to it', () => {
    const files = [
      file('adapter_config.json'),
      file('adapter_model.safetensors'),
      file('merged/config.json'),
      file('merged/model.safetensors'),
    ];
    expect(loadableModel('jobs/a/output', files)).toEqual({
      key: 'jobs/a/output/merged',
      files: [
        { path: 'config.json', sha256: 'merged/config.json', bytes: 1 },
        { path: 'model.safetensors', sha256: 'merged/model.safetensors', bytes: 1 },
      ],
    });
  });

  it('leaves an adapter without a merged model as it is (nothing loadable to point at)', () => {
    const files = [file('adapter_config.json'), file('adapter_model.safetensors')];
    expect(loadableModel('k', files).key).toBe('k');
  });
});
