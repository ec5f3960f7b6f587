import { describe, expect, it } from 'vitest';
import { redactFilesystemPaths } from './redact-paths';

describe('redactFilesystemPaths', () => {
  it.each([
    [
      "ENOENT: no such file or directory, open '/var/artifacts/models/a/1/config.json'",
      "ENOENT: no such file or directory, open '…/config.json'",
    ],
    [
      'loading /srv/alloy/artifacts/models/x/onnx/model.onnx failed: bad graph',
      'loading …/model.onnx failed: bad graph',
    ],
    ['stored at file:///var/artifacts/models/a/1', 'stored at …/1'],
    [
      'File "/usr/lib/python3/dist-packages/torch/serialization.py", line 788, in load',
      'File "…/serialization.py", line 788, in load',
    ],
    [
      "FileNotFoundError: [Errno 2] No such file: '/tmp/x/y.jsonl'",
      "FileNotFoundError: [Errno 2] No such file: '…/y.jsonl'",
    ],
    ['path=/home/alloy/.cache/x', 'path=…/x'],
    ['scandir /var/work/', 'scandir …/work'],
  ])('hides %j', (text, expected) => {
    expect(redactFilesystemPaths(text)).toBe(expected);
    expect(redactFilesystemPaths(text)).not.toMatch(/(^|[\s'"=:])\/(var|usr|tmp|home|srv)\//);
  });

  it.each([
    'Cannot GET /api/v1/nothing',
    'see /v1/models/fin:generate',
    'postgres://alloy@db:5432/alloy and http://127.0.0.1:3000/api/v1',
    'jobs/j1/output/config.json: sha256 differs',
    'a / b and 3/4 and and/or',
    'datasets.0.path: must exist',
  ])('keeps %j', (text) => {
    expect(redactFilesystemPaths(text)).toBe(text);
  });
});
