import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { isPassedToTrainer, trainerEnvironment } from './trainer-env';
import { TrainerLauncher } from './trainer.launcher';

const SECRETS = {
  REDIS_URL: 'redis://:pw@redis:6379',
  DATABASE_URL: 'postgres://alloy:pw@db/alloy',
  WORKER_TOKEN: 'wt_secret',
  CONTROL_PLANE_URL: 'http://cp:3000',
  AWS_SECRET_ACCESS_KEY: 'aws',
  HF_TOKEN: 'hf',
  TORCH_HUB_TOKEN: 'hub',
  PYTHON_KEYRING_PASSWORD: 'kr',
  NCCL_AUTH_KEY: 'nccl',
  RANK: '3',
  MASTER_ADDR: '10.0.0.1',
};
const ALLOWED = {
  PATH: '/usr/bin',
  HOME: '/home/w',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  TZ: 'UTC',
  PYTHONHASHSEED: '0',
  CUDA_HOME: '/usr/local/cuda',
  NVIDIA_DRIVER_CAPABILITIES: 'compute',
  NCCL_DEBUG: 'INFO',
  TORCH_HOME: '/cache/torch',
  OMP_NUM_THREADS: '4',
  MKL_NUM_THREADS: '4',
  OPENBLAS_NUM_THREADS: '4',
  ALLOY_TRAINER_THREADS: '2',
};

describe('trainerEnvironment', () => {
  it('passes the allow-list and the launch variables, and no secret', () => {
    const env = trainerEnvironment({ ...SECRETS, ...ALLOWED }, { ALLOY_WORKER_PID: '42' });
    expect(env).toEqual({ ...ALLOWED, ALLOY_WORKER_PID: '42' });
  });

  it('drops credential-like names even under an allowed prefix', () => {
    for (const name of [
      'TORCH_HUB_TOKEN',
      'PYTHON_KEYRING_PASSWORD',
      'NCCL_AUTH_KEY',
      'CUDA_URL',
    ]) {
      expect(isPassedToTrainer(name)).toBe(false);
    }
  });
});

describe('TrainerLauncher.environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("holds none of the worker's secrets", () => {
    Object.assign(process.env, SECRETS);
    const launcher = new TrainerLauncher(
      { python: '/usr/bin/python3', dir: '/opt/trainer', jobSpecSchema: '/opt/schema.json' },
      pino({ level: 'silent' }),
    );
    const env = launcher.environment({ gpus: [0, 1] });
    for (const key of Object.keys(SECRETS)) expect(env).not.toHaveProperty(key);
    for (const value of Object.values(env)) {
      expect(value).not.toMatch(/pw@|wt_secret|postgres:|redis:/);
    }
    expect(env.PYTHONPATH?.split(':')[0]).toBe('/opt/trainer');
    expect(env.CUDA_VISIBLE_DEVICES).toBe('0,1');
    expect(env.ALLOY_JOB_SPEC_SCHEMA).toBe('/opt/schema.json');
    expect(env.ALLOY_WORKER_PID).toBe(String(process.pid));
  });
});
