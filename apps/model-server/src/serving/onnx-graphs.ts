import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { buildVariant, type Variant } from '@alloy/model-builder';

const FUSED_FILES: Record<Variant, string> = {
  fp32: 'model_fused_fp32.onnx',
  fp16: 'model_fused_fp16.onnx',
  int8: 'model_fused_int8.onnx',
  int4: 'model_fused_q4.onnx',
};

/** Where the engine reads the fused graph of a variant (what the builder writes). */
export function fusedGraphPath(dir: string, variant: Variant): string {
  return path.join(dir, 'onnx', 'alloy', FUSED_FILES[variant]);
}

/**
 * Builds the fused graph beside the model on first use and keeps it there for every later load.
 * Concurrent requests for one directory share one build.
 */
export class OnnxGraphs {
  private readonly builds = new Map<string, Promise<void>>();

  constructor(private readonly onBuild: (dir: string, variant: Variant, ms: number) => void) {}

  ensure(dir: string, variant: Variant): Promise<void> {
    const key = `${dir}\0${variant}`;
    let build = this.builds.get(key);
    if (!build) {
      build = this.build(dir, variant);
      this.builds.set(key, build);
      // A failed build is tried again on the next request.
      build.catch(() => this.builds.delete(key));
    }
    return build;
  }

  private async build(dir: string, variant: Variant): Promise<void> {
    try {
      await access(fusedGraphPath(dir, variant));
      return;
    } catch {
      // not built yet
    }
    const started = performance.now();
    // Build in a scratch folder beside the model (its files linked in), then move the graph into
    // place with rename: another server loading the same artifact never reads a half-written file.
    const scratch = path.join(dir, `.onnx-build-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(scratch);
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isFile())
          await symlink(path.join(dir, entry.name), path.join(scratch, entry.name));
      }
      await buildVariant(scratch, variant, { layouts: ['fused'] });
      const target = path.dirname(fusedGraphPath(dir, variant));
      await mkdir(target, { recursive: true });
      const built = path.dirname(fusedGraphPath(scratch, variant));
      const files = (await readdir(built)).sort(
        (a, b) => Number(a.endsWith('.onnx')) - Number(b.endsWith('.onnx')),
      );
      // External data first, the graph that names it last.
      for (const file of files) await rename(path.join(built, file), path.join(target, file));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    this.onBuild(dir, variant, performance.now() - started);
  }
}
