// The Kubernetes manifests of infra/k8s: each overlay rendered, every object validated against its
// Kubernetes schema offline (kubernetes-models), and the references between objects checked.
//
// No maintained npm package renders kustomize offline, so renderKustomization below applies the
// few kustomization fields the manifests use, in kustomize's order (generators, then patches,
// namespace, replicas, images), and refuses any other field, so that a kustomization can't use a
// feature this rendering would silently skip. Where kubectl is installed, the rendering is also
// compared with `kubectl kustomize`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const K8S = path.join(ROOT, 'infra/k8s');
const OVERLAYS = ['dev', 'production'] as const;

type Json = any;
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: Json;
}

// ---------------------------------------------------------------------------------------------
// Rendering: the kustomize features the manifests use, and no others.

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'replicas',
  'patches',
  'generatorOptions',
  'secretGenerator',
]);
const CLUSTER_SCOPED = new Set(['Namespace']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job']);

function loadYaml(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

/** kustomize's env file: KEY=VALUE lines, blank lines and # comments skipped. */
function readEnvFile(file: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${file}: "${line}" is not KEY=VALUE`);
    const value = line.slice(eq + 1);
    // kustomize keeps quotes as part of the value: keep the file free of them.
    if (/^["']/.test(value)) throw new Error(`${file}: quoted value for ${line.slice(0, eq)}`);
    result[line.slice(0, eq)] = value;
  }
  return result;
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** RFC 6902 add / remove / replace, failing like kustomize when a path is not there. */
function applyJsonPatch(target: Json, ops: Json[], where: string): void {
  for (const op of ops) {
    const parts = String(op.path).split('/').slice(1).map(unescapePointer);
    const last = parts.pop();
    if (last === undefined) throw new Error(`${where}: empty path`);
    let parent = target;
    for (const part of parts) {
      parent = parent?.[Array.isArray(parent) ? Number(part) : part];
      if (parent === undefined || parent === null)
        throw new Error(`${where}: ${op.path} does not exist`);
    }
    const exists = Array.isArray(parent)
      ? Number(last) < parent.length
      : Object.prototype.hasOwnProperty.call(parent, last);
    switch (op.op) {
      case 'add':
        if (Array.isArray(parent))
          parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
        else parent[last] = op.value;
        break;
      case 'replace':
        if (!exists) throw new Error(`${where}: replace ${op.path}, which does not exist`);
        parent[Array.isArray(parent) ? Number(last) : last] = op.value;
        break;
      case 'remove':
        if (!exists) throw new Error(`${where}: remove ${op.path}, which does not exist`);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      default:
        throw new Error(`${where}: op "${op.op}" is not supported by this rendering`);
    }
  }
}

function podSpecOf(obj: K8sObject): Json {
  if (obj.kind === 'Deployment' || obj.kind === 'StatefulSet' || obj.kind === 'Job')
    return obj.spec?.template?.spec;
  return undefined;
}

function containersOf(obj: K8sObject): Json[] {
  const spec = podSpecOf(obj);
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}

function splitImage(image: string): { name: string; tag?: string } {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/')
    ? { name: image.slice(0, at), tag: image.slice(at + 1) }
    : { name: image };
}

function renderKustomization(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8'));
  for (const field of Object.keys(k))
    if (!KUSTOMIZATION_FIELDS.has(field))
      throw new Error(`${file}: "${field}" is not rendered by this test; add it to the renderer`);

  const objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const target = path.resolve(dir, resource);
    objects.push(
      ...(statSync(target).isDirectory() ? renderKustomization(target) : loadYaml(target)),
    );
  }

  for (const gen of k.secretGenerator ?? []) {
    if (k.generatorOptions?.disableNameSuffixHash !== true)
      throw new Error(`${file}: name suffix hashes are not rendered; disable them`);
    for (const field of Object.keys(gen))
      if (!['name', 'envs', 'options'].includes(field))
        throw new Error(`${file}: secretGenerator.${field} is not rendered`);
    const data: Record<string, string> = {};
    for (const env of gen.envs ?? [])
      for (const [key, value] of Object.entries(readEnvFile(path.resolve(dir, env))))
        data[key] = Buffer.from(value).toString('base64');
    const metadata: K8sObject['metadata'] = { name: gen.name };
    if (gen.options?.labels) metadata.labels = { ...gen.options.labels };
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data });
  }

  for (const patch of k.patches ?? []) {
    const { kind, name, ...rest } = patch.target ?? {};
    if (!kind || !name || Object.keys(rest).length || patch.patch || !patch.path)
      throw new Error(`${file}: only patches with path and target {kind, name} are rendered`);
    const ops = parse(readFileSync(path.resolve(dir, patch.path), 'utf8'));
    if (!Array.isArray(ops)) throw new Error(`${patch.path}: only JSON 6902 patches are rendered`);
    const matches = objects.filter((o) => o.kind === kind && o.metadata.name === name);
    if (!matches.length) throw new Error(`${file}: patch ${patch.path} matches nothing`);
    for (const obj of matches) applyJsonPatch(obj, ops, `${dir}/${patch.path}`);
  }

  if (k.namespace)
    for (const obj of objects) {
      if (obj.kind === 'Namespace') obj.metadata.name = k.namespace;
      else if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = k.namespace;
    }

  for (const { name, count } of k.replicas ?? []) {
    const matches = objects.filter(
      (o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name,
    );
    if (!matches.length) throw new Error(`${file}: replicas for ${name} match nothing`);
    for (const obj of matches) obj.spec.replicas = count;
  }

  for (const image of k.images ?? []) {
    for (const obj of objects)
      for (const container of containersOf(obj)) {
        const current = splitImage(container.image);
        if (current.name !== image.name) continue;
        const tag = image.newTag !== undefined ? String(image.newTag) : current.tag;
        container.image = `${image.newName ?? current.name}${tag ? `:${tag}` : ''}`;
      }
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Validation against the schemas, and the checks between objects.

const MODELS: Record<string, { new (data: Json): { validate(): void } }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

function validateObject(obj: K8sObject): void {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind} ${obj.metadata?.name}`);
  new Model(structuredClone(obj)).validate();
}

const id = (obj: K8sObject) => `${obj.kind}/${obj.metadata.name}`;

/** The Secrets README.md tells the user to create: name -> keys. */
function documentedSecrets(): Map<string, Set<string>> {
  const readme = readFileSync(path.join(K8S, 'README.md'), 'utf8');
  const secrets = new Map<string, Set<string>>();
  const command = /create secret generic ([a-z0-9-]+)((?:[^\n]*\\\n)*[^\n]*)/g;
  for (const match of readme.matchAll(command)) {
    const keys = secrets.get(match[1]) ?? new Set<string>();
    for (const key of match[2].matchAll(/--from-(?:literal|file)=([A-Za-z0-9_.-]+)=/g))
      keys.add(key[1]);
    secrets.set(match[1], keys);
  }
  return secrets;
}

/** Every reference to a Secret or ConfigMap key that the overlay does not satisfy. */
function brokenReferences(objects: K8sObject[], documented: Map<string, Set<string>>): string[] {
  const keysOf = (kind: string, name: string): Set<string> | undefined => {
    const obj = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (obj) return new Set([...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {})]);
    return kind === 'Secret' ? documented.get(name) : undefined;
  };
  const problems: string[] = [];
  for (const obj of objects)
    for (const container of containersOf(obj)) {
      const where = `${id(obj)} container ${container.name}`;
      for (const env of container.env ?? []) {
        for (const [kind, ref] of [
          ['Secret', env.valueFrom?.secretKeyRef],
          ['ConfigMap', env.valueFrom?.configMapKeyRef],
        ] as const) {
          if (!ref) continue;
          const keys = keysOf(kind, ref.name);
          if (!keys) problems.push(`${where}: ${env.name} refers to ${kind} ${ref.name}: none`);
          else if (!keys.has(ref.key))
            problems.push(`${where}: ${env.name} refers to ${kind} ${ref.name} key ${ref.key}`);
        }
      }
      for (const from of container.envFrom ?? []) {
        if (from.secretRef && !keysOf('Secret', from.secretRef.name))
          problems.push(`${where}: envFrom Secret ${from.secretRef.name}: none`);
        if (from.configMapRef && !keysOf('ConfigMap', from.configMapRef.name))
          problems.push(`${where}: envFrom ConfigMap ${from.configMapRef.name}: none`);
      }
    }
  for (const obj of objects) {
    const spec = podSpecOf(obj);
    const templates = new Set<string>(
      (obj.spec?.volumeClaimTemplates ?? []).map((t: Json) => t.metadata.name),
    );
    for (const volume of spec?.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (
        claim &&
        !objects.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claim)
      )
        problems.push(`${id(obj)}: volume ${volume.name} claims ${claim}: no such claim`);
    }
    for (const container of containersOf(obj))
      for (const mount of container.volumeMounts ?? [])
        if (!spec.volumes?.some((v: Json) => v.name === mount.name) && !templates.has(mount.name))
          problems.push(
            `${id(obj)} container ${container.name}: mounts unknown volume ${mount.name}`,
          );
  }
  return problems;
}

const matchesSelector = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** Services whose selector picks no workload's pods, or whose targetPort those pods lack. */
function brokenServices(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const selector: Record<string, string> = service.spec?.selector ?? {};
    if (!Object.keys(selector).length) {
      problems.push(`${id(service)}: no selector`);
      continue;
    }
    const workloads = objects.filter(
      (o) => WORKLOADS.has(o.kind) && matchesSelector(selector, o.spec?.template?.metadata?.labels),
    );
    if (!workloads.length) problems.push(`${id(service)}: its selector matches no workload's pods`);
    for (const port of service.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const served = workloads.some((w) =>
        containersOf(w).some((c) =>
          (c.ports ?? []).some((p: Json) => p.name === target || p.containerPort === target),
        ),
      );
      if (!served)
        problems.push(`${id(service)}: port ${port.name} targets ${target}: not a containerPort`);
    }
  }
  return problems;
}

/** Probes on ports their container does not declare; workloads whose selector misses their pods. */
function brokenWorkloads(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const obj of objects.filter((o) => WORKLOADS.has(o.kind))) {
    const selector = obj.spec?.selector?.matchLabels;
    if (obj.kind !== 'Job' && !matchesSelector(selector ?? {}, obj.spec.template.metadata?.labels))
      problems.push(`${id(obj)}: selector does not match its pod template`);
    for (const container of containersOf(obj))
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const handler = container[probe];
        const port = handler?.httpGet?.port ?? handler?.tcpSocket?.port ?? handler?.grpc?.port;
        if (port === undefined) continue;
        const declared = (container.ports ?? []).some(
          (p: Json) => p.name === port || p.containerPort === port,
        );
        if (!declared)
          problems.push(
            `${id(obj)} container ${container.name}: ${probe} port ${port} not declared`,
          );
      }
  }
  return problems;
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const obj = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!obj) throw new Error(`${kind}/${name} is not rendered`);
  return obj;
}

function envOf(container: Json, name: string): Json {
  return (container.env ?? []).find((e: Json) => e.name === name);
}

// ---------------------------------------------------------------------------------------------

const rendered = Object.fromEntries(
  OVERLAYS.map((o) => [o, renderKustomization(path.join(K8S, 'overlays', o))]),
) as Record<(typeof OVERLAYS)[number], K8sObject[]>;

describe('the kustomize base', () => {
  const base = renderKustomization(path.join(K8S, 'base'));

  it('carries no Secret, PostgreSQL or Redis: the user brings them', () => {
    expect(base.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(base.map((o) => o.metadata.name)).not.toContain('postgres');
    expect(base.map((o) => o.metadata.name)).not.toContain('redis');
  });

  it('puts every namespaced object in the namespace alloy', () => {
    for (const obj of base)
      if (obj.kind !== 'Namespace') expect(obj.metadata.namespace, id(obj)).toBe('alloy');
    expect(find(base, 'Namespace', 'alloy')).toBeTruthy();
  });

  it('shares the artifact store ReadWriteMany, mounted at ARTIFACT_ROOT in every app', () => {
    expect(find(base, 'PersistentVolumeClaim', 'alloy-artifacts').spec.accessModes).toEqual([
      'ReadWriteMany',
    ]);
    const root = find(base, 'ConfigMap', 'alloy-config').data.ARTIFACT_ROOT;
    for (const [kind, name] of [
      ['Deployment', 'control-plane'],
      ['Deployment', 'model-server'],
      ['StatefulSet', 'gpu-worker'],
    ]) {
      const obj = find(base, kind, name);
      const volume = podSpecOf(obj).volumes.find(
        (v: Json) => v.persistentVolumeClaim?.claimName === 'alloy-artifacts',
      );
      const [container] = containersOf(obj);
      expect(envOf(container, 'ARTIFACT_ROOT').valueFrom.configMapKeyRef.key).toBe('ARTIFACT_ROOT');
      expect(container.volumeMounts).toContainEqual({ name: volume.name, mountPath: root });
    }
  });

  it('runs the migrate and seed commands of package.json in the migration Job', () => {
    const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    const [container] = containersOf(find(base, 'Job', 'alloy-migrate'));
    const command = container.command.join(' ');
    expect(command).toContain(scripts.migrate);
    expect(command).toContain(scripts.seed);
    expect(command.indexOf(scripts.migrate)).toBeLessThan(command.indexOf(scripts.seed));
    expect(envOf(container, 'DATABASE_URL').valueFrom.secretKeyRef.key).toBe(
      'MIGRATOR_DATABASE_URL',
    );
    expect(container.image).toBe('alloy-control-plane');
  });

  it("uses docker-compose.yml's ports and the apps' own health routes", () => {
    const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
    for (const app of ['control-plane', 'model-server']) {
      const container = containersOf(find(base, 'Deployment', app))[0];
      const composeEnv = compose.services[app].environment;
      expect(envOf(container, 'PORT').value).toBe(composeEnv.PORT);
      expect(envOf(container, 'GRPC_PORT').value).toBe(composeEnv.GRPC_PORT);
      const ports = container.ports.map((p: Json) => String(p.containerPort));
      expect(ports).toEqual([composeEnv.PORT, composeEnv.GRPC_PORT]);
      const controller = readFileSync(
        path.join(ROOT, `apps/${app}/src/health/health.controller.ts`),
        'utf8',
      );
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const route = container[probe].httpGet.path.replace(/^\//, '');
        expect(controller, `${app} ${probe}`).toContain(`@Get('${route}')`);
      }
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    }
  });

  it('gives each GPU worker a stable WORKER_ID and time to checkpoint', () => {
    const worker = find(base, 'StatefulSet', 'gpu-worker');
    const [container] = containersOf(worker);
    expect(envOf(container, 'WORKER_ID').valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    expect(container.resources.limits['nvidia.com/gpu']).toBeGreaterThanOrEqual(1);
    expect(worker.spec.template.spec.tolerations).toContainEqual(
      expect.objectContaining({ key: 'nvidia.com/gpu' }),
    );
    const grace = find(base, 'ConfigMap', 'alloy-config').data.WORKER_CANCEL_GRACE_MS;
    expect(envOf(container, 'CANCEL_GRACE_MS').valueFrom.configMapKeyRef.key).toBe(
      'WORKER_CANCEL_GRACE_MS',
    );
    expect(worker.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      Number(grace),
    );
    // The StatefulSet's serviceName is a rendered headless Service.
    expect(find(base, 'Service', worker.spec.serviceName).spec.clusterIP).toBe('None');
  });
});

describe.each(OVERLAYS)('the %s overlay', (overlay) => {
  const objects = rendered[overlay];

  it('validates every object against its Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const obj of objects) expect(() => validateObject(obj), id(obj)).not.toThrow();
    const ids = objects.map((o) => `${id(o)}`);
    expect(new Set(ids).size, 'no object twice').toBe(ids.length);
  });

  it('satisfies every secretKeyRef and configMapKeyRef (rendered, or created per the README)', () => {
    expect(brokenReferences(objects, documentedSecrets())).toEqual([]);
  });

  it("selects a workload's pods with every Service, on ports those pods declare", () => {
    expect(brokenServices(objects)).toEqual([]);
  });

  it('probes only declared container ports; workload selectors match their pods', () => {
    expect(brokenWorkloads(objects)).toEqual([]);
  });

  it('autoscales the model-server Deployment on CPU utilisation', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'model-server');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'model-server',
    });
    expect(hpa.spec.metrics).toContainEqual(
      expect.objectContaining({
        type: 'Resource',
        resource: expect.objectContaining({ name: 'cpu' }),
      }),
    );
    const target = find(objects, 'Deployment', 'model-server');
    // the autoscaler owns the replicas; utilisation is a share of the CPU request
    expect(target.spec.replicas).toBeUndefined();
    for (const c of containersOf(target)) expect(c.resources.requests.cpu).toBeDefined();
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
  });

  it('sets requests and limits on every container, and room above the model memory budget', () => {
    for (const obj of objects)
      for (const c of containersOf(obj)) {
        expect(c.resources?.requests, `${id(obj)} ${c.name}`).toBeDefined();
        expect(c.resources?.limits?.memory, `${id(obj)} ${c.name}`).toBeDefined();
      }
    const budgetMb = Number(find(objects, 'ConfigMap', 'alloy-config').data.MEMORY_BUDGET_MB);
    const limit = containersOf(find(objects, 'Deployment', 'model-server'))[0].resources.limits
      .memory as string;
    const limitMb = Number(limit.replace(/Gi$/, '')) * 1024;
    expect(limit).toMatch(/^\d+Gi$/);
    expect(limitMb).toBeGreaterThan(budgetMb);
  });
});

describe('the overlays differ where they should', () => {
  it('production: pinned registry images, replicas, GPUs, ReadWriteMany, no Secret', () => {
    const objects = rendered.production;
    for (const obj of objects)
      for (const c of containersOf(obj)) {
        const { name, tag } = splitImage(c.image);
        expect(name, c.image).toMatch(/\//);
        expect(tag, c.image).toMatch(/^\d+\.\d+\.\d+/);
      }
    expect(find(objects, 'Deployment', 'control-plane').spec.replicas).toBeGreaterThan(1);
    expect(
      find(objects, 'HorizontalPodAutoscaler', 'model-server').spec.minReplicas,
    ).toBeGreaterThan(1);
    const worker = find(objects, 'StatefulSet', 'gpu-worker');
    expect(worker.spec.replicas).toBeGreaterThan(1);
    expect(containersOf(worker)[0].resources.limits['nvidia.com/gpu']).toBeGreaterThanOrEqual(1);
    expect(worker.spec.template.spec.nodeSelector).toBeDefined();
    expect(find(objects, 'PersistentVolumeClaim', 'alloy-artifacts').spec.accessModes).toEqual([
      'ReadWriteMany',
    ]);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('dev: its own PostgreSQL and Redis, dev-only placeholder secrets, a CPU-only worker', () => {
    const objects = rendered.dev;
    expect(find(objects, 'Service', 'postgres')).toBeTruthy();
    expect(find(objects, 'Service', 'redis')).toBeTruthy();
    const secret = find(objects, 'Secret', 'alloy-secrets');
    expect(secret.metadata.labels?.['app.kubernetes.io/component']).toBe('dev-only-secrets');
    const decoded = (key: string) => Buffer.from(secret.data[key], 'base64').toString();
    for (const key of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'SIGNING_SECRET'])
      expect(decoded(key)).toMatch(/dev-only/);
    expect(decoded('SIGNING_SECRET').length).toBeGreaterThanOrEqual(32);
    expect(decoded('BOOTSTRAP_ADMIN_API_KEY')).toMatch(/^alloy_ak_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
    expect(decoded('REDIS_URL')).toContain(decoded('REDIS_PASSWORD'));
    expect(decoded('CONTROL_PLANE_DATABASE_URL')).toContain(decoded('POSTGRES_PASSWORD'));
    const worker = find(objects, 'StatefulSet', 'gpu-worker');
    expect(containersOf(worker)[0].resources.limits['nvidia.com/gpu']).toBeUndefined();
    expect(worker.spec.template.spec.nodeSelector).toBeUndefined();
    for (const obj of objects)
      for (const c of containersOf(obj))
        if (c.image.startsWith('alloy-')) expect(c.image).toMatch(/:dev$/);
  });
});

describe('the checks bite', () => {
  const deployment = () => structuredClone(find(rendered.production, 'Deployment', 'model-server'));

  it('the schema rejects a Deployment with replicas: "two" and a container without a name', () => {
    expect(() => validateObject(deployment())).not.toThrow();
    const bad = deployment();
    bad.spec.replicas = 'two';
    expect(() => validateObject(bad)).toThrow(/replicas/);
    const nameless = deployment();
    delete nameless.spec.template.spec.containers[0].name;
    expect(() => validateObject(nameless)).toThrow(/name/);
    expect(() => validateObject({ ...deployment(), apiVersion: 'extensions/v1beta1' })).toThrow(
      /no schema/,
    );
  });

  it('the cross-reference checks catch a missing key, a stray selector and an undeclared probe port', () => {
    const objects = structuredClone(rendered.production);
    const model = find(objects, 'Deployment', 'model-server');
    const container = model.spec.template.spec.containers[0];
    envOf(container, 'DATABASE_URL').valueFrom.secretKeyRef.key = 'DATABASE_URL_TYPO';
    container.readinessProbe.httpGet.port = 'metrics';
    find(objects, 'Service', 'control-plane').spec.selector['app.kubernetes.io/component'] = 'cp';
    expect(brokenReferences(objects, documentedSecrets())).toEqual([
      expect.stringContaining('DATABASE_URL_TYPO'),
    ]);
    expect(brokenWorkloads(objects)).toEqual([
      expect.stringContaining('readinessProbe port metrics'),
    ]);
    expect(brokenServices(objects)).toEqual([
      expect.stringContaining('Service/control-plane: its selector matches no workload'),
      expect.stringContaining('Service/control-plane: port http'),
      expect.stringContaining('Service/control-plane: port grpc'),
    ]);
  });

  it('the renderer refuses a kustomization field it does not render, and a patch that misses', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alloy-k8s-'));
    try {
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'commonLabels:\n  team: ml\n');
      expect(() => renderKustomization(dir)).toThrow(/"commonLabels" is not rendered/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() =>
      applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/replicas', value: 2 }], 'x'),
    ).toThrow(/does not exist/);
  });
});

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(kubectlAvailable())('the rendering agrees with kubectl kustomize', () => {
  it.each(OVERLAYS)('%s', (overlay) => {
    const output = execFileSync('kubectl', ['kustomize', path.join(K8S, 'overlays', overlay)], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    const theirs = parseAllDocuments(output).map((d) => d.toJS() as K8sObject);
    // kubectl folds long base64 values over several lines; base64 ignores the line breaks.
    for (const obj of theirs)
      for (const key of Object.keys(obj.data ?? {}))
        if (obj.kind === 'Secret') obj.data[key] = obj.data[key].replace(/\s+/g, '');
    const byId = (list: K8sObject[]) =>
      Object.fromEntries(list.map((o) => [`${o.apiVersion}/${id(o)}`, o]));
    expect(byId(rendered[overlay])).toEqual(byId(theirs));
  });
});
