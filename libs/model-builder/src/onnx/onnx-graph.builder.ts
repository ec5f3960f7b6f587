import { parse } from 'protobufjs';
import type { Root, Type } from 'protobufjs';
import { ONNX_PROTO_SCHEMA } from './onnx-proto.schema';

/** Element types the builder writes, with their ONNX TensorProto.DataType codes. */
export const ONNX_DTYPE = {
  float32: 1,
  uint8: 2,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
} as const;
export type OnnxDtype = keyof typeof ONNX_DTYPE;

export type AttrValue =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: number[] }
  | { floats: number[] }
  | { t: TensorData };

/** A tensor as raw little-endian bytes, the form ONNX stores in raw_data. */
export interface TensorData {
  dtype: OnnxDtype;
  dims: number[];
  bytes: Uint8Array;
}

export type Dim = number | string;

interface NodeSpec {
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

interface ValueInfoSpec {
  name: string;
  dtype: OnnxDtype;
  shape: Dim[];
}

export interface SerializeOptions {
  opsets: Record<string, number>;
  producerName: string;
  /** Initializers at least this large go to the external data file instead of the protobuf. */
  externalThresholdBytes?: number;
  /** File name of the external data file, relative to the model file. */
  externalDataName?: string;
  metadata?: Record<string, string>;
}

export interface SerializedModel {
  model: Uint8Array;
  /** Present when some initializers were moved out of the protobuf. */
  externalData?: Uint8Array[];
}

let onnxRoot: Root | undefined;
function modelProtoType(): Type {
  onnxRoot ??= parse(ONNX_PROTO_SCHEMA, { keepCase: true }).root;
  return onnxRoot.lookupType('onnx.ModelProto');
}

const ATTR_TYPE = { f: 1, i: 2, s: 3, t: 4, floats: 6, ints: 7 } as const;

/**
 * Collects nodes, initializers and graph inputs/outputs and writes an ONNX ModelProto. Names are
 * generated per operator so that graphs stay readable in Netron.
 */
export class OnnxGraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers = new Map<string, TensorData>();
  private readonly inputs: ValueInfoSpec[] = [];
  private readonly outputs: ValueInfoSpec[] = [];
  private counter = 0;

  constructor(private readonly graphName: string) {}

  get nodeCount(): number {
    return this.nodes.length;
  }

  input(name: string, dtype: OnnxDtype, shape: Dim[]): string {
    this.inputs.push({ name, dtype, shape });
    return name;
  }

  output(name: string, dtype: OnnxDtype, shape: Dim[]): void {
    this.outputs.push({ name, dtype, shape });
  }

  initializer(name: string, tensor: TensorData): string {
    if (this.initializers.has(name)) throw new Error(`duplicate initializer ${name}`);
    this.initializers.set(name, tensor);
    return name;
  }

  /** A small constant stored as an initializer under a generated name. */
  constant(prefix: string, tensor: TensorData): string {
    return this.initializer(`${prefix}_const_${this.counter++}`, tensor);
  }

  ints(prefix: string, values: number[], scalar = false): string {
    return this.constant(prefix, int64Tensor(values, scalar ? [] : [values.length]));
  }

  /** Adds one node; returns its output names (generated unless given). */
  node(
    opType: string,
    inputs: string[],
    options: {
      outputs?: number | string[];
      attrs?: Record<string, AttrValue>;
      domain?: string;
      name?: string;
    } = {},
  ): string[] {
    const name = options.name ?? `${opType}_${this.counter++}`;
    const outs = options.outputs ?? 1;
    const outputs = typeof outs === 'number' ? range(outs).map((i) => `${name}/out${i}`) : outs;
    this.nodes.push({
      opType,
      domain: options.domain ?? '',
      name,
      inputs,
      outputs,
      attrs: options.attrs ?? {},
    });
    return outputs;
  }

  /** Shorthand for a node with a single output. */
  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    domain = '',
    name?: string,
  ): string {
    const [out] = this.node(opType, inputs, { attrs, domain, name });
    return out;
  }

  serialize(options: SerializeOptions): SerializedModel {
    const threshold = options.externalThresholdBytes ?? Number.POSITIVE_INFINITY;
    const externalName = options.externalDataName ?? 'model.onnx_data';
    const externalData: Uint8Array[] = [];
    let externalOffset = 0;
    const initializer = [...this.initializers].map(([name, t]) => {
      if (t.bytes.byteLength < threshold) return tensorProto(name, t);
      // External data offsets are aligned to 4 KiB so that the runtime can map them directly.
      const pad = (4096 - (externalOffset % 4096)) % 4096;
      if (pad) externalData.push(new Uint8Array(pad));
      externalOffset += pad;
      const entry = {
        name,
        data_type: ONNX_DTYPE[t.dtype],
        dims: t.dims,
        data_location: 1,
        external_data: [
          { key: 'location', value: externalName },
          { key: 'offset', value: String(externalOffset) },
          { key: 'length', value: String(t.bytes.byteLength) },
        ],
      };
      externalData.push(t.bytes);
      externalOffset += t.bytes.byteLength;
      return entry;
    });
    const model = {
      ir_version: 8,
      producer_name: options.producerName,
      producer_version: '0.1.0',
      opset_import: Object.entries(options.opsets).map(([domain, version]) => ({
        domain,
        version,
      })),
      metadata_props: Object.entries(options.metadata ?? {}).map(([key, value]) => ({
        key,
        value,
      })),
      graph: {
        name: this.graphName,
        node: this.nodes.map((n) => ({
          name: n.name,
          op_type: n.opType,
          domain: n.domain,
          input: n.inputs,
          output: n.outputs,
          attribute: Object.entries(n.attrs).map(([name, v]) => attributeProto(name, v)),
        })),
        initializer,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
    };
    const type = modelProtoType();
    const bytes = type.encode(type.fromObject(model)).finish();
    return externalData.length ? { model: bytes, externalData } : { model: bytes };
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function tensorProto(name: string, t: TensorData): Record<string, unknown> {
  return { name, data_type: ONNX_DTYPE[t.dtype], dims: t.dims, raw_data: t.bytes };
}

function attributeProto(name: string, v: AttrValue): Record<string, unknown> {
  if ('i' in v) return { name, type: ATTR_TYPE.i, i: v.i };
  if ('f' in v) return { name, type: ATTR_TYPE.f, f: v.f };
  if ('s' in v) return { name, type: ATTR_TYPE.s, s: Buffer.from(v.s, 'utf8') };
  if ('ints' in v) return { name, type: ATTR_TYPE.ints, ints: v.ints };
  if ('floats' in v) return { name, type: ATTR_TYPE.floats, floats: v.floats };
  return { name, type: ATTR_TYPE.t, t: tensorProto('', v.t) };
}

function valueInfo(v: ValueInfoSpec): Record<string, unknown> {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: ONNX_DTYPE[v.dtype],
        shape: {
          dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })),
        },
      },
    },
  };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

export function int64Tensor(values: number[], dims: number[] = [values.length]): TensorData {
  return {
    dtype: 'int64',
    dims,
    bytes: bytesOf(BigInt64Array.from(values.map((v) => BigInt(v)))),
  };
}

export function float32Tensor(values: Float32Array, dims: number[]): TensorData {
  return { dtype: 'float32', dims, bytes: bytesOf(values) };
}

export function float16Tensor(values: Uint16Array, dims: number[]): TensorData {
  return { dtype: 'float16', dims, bytes: bytesOf(values) };
}

export function uint8Tensor(values: Uint8Array, dims: number[]): TensorData {
  return { dtype: 'uint8', dims, bytes: values };
}
