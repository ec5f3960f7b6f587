import type { ModelVersion } from '@alloy/sdk/types';
import { Badge, Group, Paper, Text, useComputedColorScheme } from '@mantine/core';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';

/** A version in a lineage answer (GET /api/v1/model-versions/:id/lineage). */
export interface LineageNode {
  id: string;
  model: string;
  version: number;
  parentVersionId: string | null;
  /** Generations away from the version asked about. */
  depth: number;
  status: string;
}

/** The lineage of one version: its ancestors (parent first) and descendants (breadth first). */
export interface Lineage {
  version: ModelVersion;
  ancestors: LineageNode[];
  descendants: LineageNode[];
}

/** What the registry knows of a version beyond the lineage answer: how it was trained, on what. */
export interface VersionFacts {
  kind?: string;
  method?: string;
  datasetVersionIds?: string[];
}

/** How a version was made, from the hyperparameters a training job records on it. */
export function versionFacts(version: ModelVersion): VersionFacts {
  const h = version.hyperparameters;
  return {
    kind: typeof h.kind === 'string' ? h.kind : undefined,
    method: typeof h.method === 'string' ? h.method : undefined,
    datasetVersionIds: version.datasetVersionIds,
  };
}

interface ModelLineageGraphProps {
  lineage: Lineage;
  /** The base model the oldest version was trained from; drawn as the root when given. */
  baseModel?: string;
  /** Facts by version id, for the versions other than `lineage.version`. */
  facts?: Record<string, VersionFacts>;
  /** Dataset version labels (`fin-corpus@2`) by id; unknown ids show a short id. */
  datasets?: Record<string, string>;
  /** Called when a version's node is chosen (click, or Enter on the focused node). */
  onSelectVersion?: (node: LineageNode) => void;
  height?: number;
}

type VersionNodeData = {
  title: string;
  detail: string;
  status: string;
  focused: boolean;
  node: LineageNode;
};
type LabelNodeData = { title: string; detail: string };
type VersionFlowNode = Node<VersionNodeData, 'version'>;
type BaseFlowNode = Node<LabelNodeData, 'base'>;
type DatasetFlowNode = Node<LabelNodeData, 'dataset'>;
export type LineageFlowNode = VersionFlowNode | BaseFlowNode | DatasetFlowNode;

const COLUMN = 240;
const ROW = 100;
const VERSION_SIZE = { width: 190, height: 70 };
const LABEL_SIZE = { width: 170, height: 48 };

const STATUS_COLOR: Record<string, string> = {
  ready: 'green',
  registered: 'blue',
  failed: 'red',
  archived: 'gray',
};

const KIND_LABEL: Record<string, string> = {
  pretrain: 'pretraining',
  continued_pretraining: 'continued pretraining',
  sft: 'instruction tuning',
  evaluate: 'evaluation',
  export: 'export',
};

function describe(facts: VersionFacts | undefined): string {
  if (!facts?.kind) return 'registered artifact';
  const kind = KIND_LABEL[facts.kind] ?? facts.kind.replace(/_/g, ' ');
  return facts.method ? `${kind} · ${facts.method}` : kind;
}

/**
 * Handles are declared with the nodes' sizes so edges are placed without measuring the DOM: the
 * graph draws the same on first paint, in a test, and before fonts load.
 */
function handles(size: { width: number; height: number }, kinds: ('in' | 'out' | 'data')[]) {
  return kinds.map((kind) =>
    kind === 'in'
      ? { type: 'target' as const, position: Position.Left, x: 0, y: size.height / 2, id: 'in' }
      : kind === 'out'
        ? {
            type: 'source' as const,
            position: Position.Right,
            x: size.width,
            y: size.height / 2,
            id: 'out',
          }
        : {
            type: 'target' as const,
            position: Position.Bottom,
            x: size.width / 2,
            y: size.height,
            id: 'data',
          },
  );
}

/**
 * Lays the lineage out left to right, one column per generation: the base model, the ancestors,
 * the version, then its descendants; the datasets each version was trained on sit below it.
 */
export function buildLineageGraph({
  lineage,
  baseModel,
  facts = {},
  datasets = {},
}: Pick<ModelLineageGraphProps, 'lineage' | 'baseModel' | 'facts' | 'datasets'>): {
  nodes: LineageFlowNode[];
  edges: Edge[];
} {
  const focus = lineage.version;
  const focusNode: LineageNode = {
    id: focus.id,
    model: focus.model,
    version: focus.version,
    parentVersionId: focus.parentVersionId,
    depth: 0,
    status: focus.status,
  };
  const allFacts: Record<string, VersionFacts> = { ...facts, [focus.id]: versionFacts(focus) };
  const generations = lineage.ancestors.length;
  const offset = baseModel ? 1 : 0;
  const column = (n: LineageNode, side: 'ancestor' | 'focus' | 'descendant') =>
    offset +
    (side === 'ancestor'
      ? generations - n.depth
      : side === 'focus'
        ? generations
        : generations + n.depth);

  const placed: { node: LineageNode; col: number }[] = [
    ...lineage.ancestors.map((n) => ({ node: n, col: column(n, 'ancestor') })),
    { node: focusNode, col: column(focusNode, 'focus') },
    ...lineage.descendants.map((n) => ({ node: n, col: column(n, 'descendant') })),
  ];
  const rowsInColumn = new Map<number, number>();
  const nodes: LineageFlowNode[] = [];
  const edges: Edge[] = [];
  const ids = new Set(placed.map((p) => p.node.id));

  for (const { node, col } of placed) {
    const row = rowsInColumn.get(col) ?? 0;
    rowsInColumn.set(col, row + 1);
    const sameModel = node.model === focus.model;
    nodes.push({
      id: node.id,
      type: 'version',
      position: { x: col * COLUMN, y: row * ROW },
      ...VERSION_SIZE,
      handles: handles(VERSION_SIZE, ['in', 'out', 'data']),
      data: {
        title: sameModel ? `v${node.version}` : `${node.model}@${node.version}`,
        detail: describe(allFacts[node.id]),
        status: node.status,
        focused: node.id === focus.id,
        node,
      },
    });
    if (node.parentVersionId && ids.has(node.parentVersionId)) {
      edges.push({
        id: `${node.parentVersionId}->${node.id}`,
        source: node.parentVersionId,
        sourceHandle: 'out',
        target: node.id,
        targetHandle: 'in',
        markerEnd: { type: MarkerType.ArrowClosed },
      });
    }
  }

  const root = lineage.ancestors.at(-1) ?? focusNode;
  if (baseModel && root.parentVersionId === null) {
    nodes.push({
      id: `base:${baseModel}`,
      type: 'base',
      position: { x: 0, y: 0 },
      ...LABEL_SIZE,
      handles: handles(LABEL_SIZE, ['out']),
      data: { title: baseModel, detail: 'base model' },
    });
    edges.push({
      id: `base:${baseModel}->${root.id}`,
      source: `base:${baseModel}`,
      sourceHandle: 'out',
      target: root.id,
      targetHandle: 'in',
      markerEnd: { type: MarkerType.ArrowClosed },
    });
  }

  // Datasets go in a band under the tallest column, each under the version trained on it.
  const datasetTop = Math.max(1, ...rowsInColumn.values()) * ROW + 20;
  const datasetRows = new Map<number, number>();
  for (const { node, col } of placed) {
    for (const datasetId of allFacts[node.id]?.datasetVersionIds ?? []) {
      const id = `dataset:${datasetId}`;
      if (!nodes.some((n) => n.id === id)) {
        const row = datasetRows.get(col) ?? 0;
        datasetRows.set(col, row + 1);
        nodes.push({
          id,
          type: 'dataset',
          position: { x: col * COLUMN + 10, y: datasetTop + row * 64 },
          ...LABEL_SIZE,
          handles: [
            {
              type: 'source',
              position: Position.Top,
              x: LABEL_SIZE.width / 2,
              y: 0,
              id: 'out',
            },
          ],
          data: { title: datasets[datasetId] ?? datasetId.slice(0, 8), detail: 'dataset version' },
        });
      }
      edges.push({
        id: `${id}->${node.id}`,
        source: id,
        sourceHandle: 'out',
        target: node.id,
        targetHandle: 'data',
        style: { strokeDasharray: '4 3' },
      });
    }
  }
  return { nodes, edges };
}

function VersionNodeView({ data }: NodeProps<VersionFlowNode>) {
  return (
    <Paper
      withBorder
      p={6}
      radius="sm"
      w={VERSION_SIZE.width}
      h={VERSION_SIZE.height}
      data-testid={`lineage-version-${data.node.id}`}
      style={{
        borderColor: data.focused ? 'var(--mantine-primary-color-filled)' : undefined,
        borderWidth: data.focused ? 2 : undefined,
      }}
    >
      <Handle type="target" position={Position.Left} id="in" />
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text fw={700} size="sm" truncate>
          {data.title}
        </Text>
        <Badge size="xs" variant="light" color={STATUS_COLOR[data.status] ?? 'gray'}>
          {data.status}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {data.detail}
      </Text>
      <Handle type="source" position={Position.Right} id="out" />
      <Handle type="target" position={Position.Bottom} id="data" />
    </Paper>
  );
}

function BaseNodeView({ data }: NodeProps<BaseFlowNode>) {
  return (
    <Paper
      withBorder
      p={6}
      radius="xl"
      w={LABEL_SIZE.width}
      h={LABEL_SIZE.height}
      bg="var(--mantine-color-default-hover)"
    >
      <Text fw={600} size="sm" ta="center" truncate>
        {data.title}
      </Text>
      <Text size="xs" c="dimmed" ta="center">
        {data.detail}
      </Text>
      <Handle type="source" position={Position.Right} id="out" />
    </Paper>
  );
}

function DatasetNodeView({ data }: NodeProps<DatasetFlowNode>) {
  return (
    <Paper
      withBorder
      p={6}
      radius="sm"
      w={LABEL_SIZE.width}
      h={LABEL_SIZE.height}
      style={{ borderStyle: 'dashed' }}
    >
      <Handle type="source" position={Position.Top} id="out" />
      <Text size="xs" fw={600} truncate>
        {data.title}
      </Text>
      <Text size="xs" c="dimmed">
        {data.detail}
      </Text>
    </Paper>
  );
}

const NODE_TYPES = { version: VersionNodeView, base: BaseNodeView, dataset: DatasetNodeView };

/**
 * A version's lineage as a graph: base model -> continued pretraining -> instruction tuning -> ...,
 * each node with its version, how it was trained and its status, and the dataset versions it was
 * trained on beside it. Read-only: nodes are chosen, not moved.
 */
export function ModelLineageGraph({
  onSelectVersion,
  height = 360,
  ...input
}: ModelLineageGraphProps) {
  const scheme = useComputedColorScheme('light');
  const { nodes, edges } = buildLineageGraph(input);
  return (
    <div style={{ height, width: '100%' }} data-testid="lineage-graph">
      <ReactFlow<LineageFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        colorMode={scheme}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          if (node.type === 'version') onSelectVersion?.(node.data.node);
        }}
        aria-label="model lineage"
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
