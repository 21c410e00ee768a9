/**
 * @file Typed readers for GraphDef node attributes in protobuf-JSON form, each naming the node and the
 * attribute when the value is missing or malformed.
 */
import { TfjsConversionError } from './TfjsConversionError';
import { decodeAttrString, type TfjsNode } from './tfjsModel';

function fail(node: TfjsNode, key: string, what: string): never {
  throw new TfjsConversionError('tfjs-invalid-graph', `node "${node.name}" (${node.op}): attribute "${key}" ${what}`);
}

/** A string attribute (`padding`, `data_format`), decoded from base64; `fallback` when absent. */
export function attrString(node: TfjsNode, key: string, fallback?: string): string {
  const v = node.attr?.[key];
  if (v?.s !== undefined) return decodeAttrString(v.s);
  if (fallback !== undefined) return fallback;
  return fail(node, key, 'is missing');
}

/** A list-of-strings attribute (`fused_ops`), decoded; `[]` when absent. */
export function attrStrings(node: TfjsNode, key: string): string[] {
  return (node.attr?.[key]?.list?.s ?? []).map(decodeAttrString);
}

/** A list-of-ints attribute (`strides`, `ksize`, `dilations`); `fallback` when absent. */
export function attrInts(node: TfjsNode, key: string, fallback?: number[]): number[] {
  const list = node.attr?.[key]?.list;
  if (list?.i !== undefined) return list.i.map(Number);
  if (fallback !== undefined) return fallback;
  return fail(node, key, 'is missing');
}

/** An int attribute; `fallback` when absent. */
export function attrInt(node: TfjsNode, key: string, fallback?: number): number {
  const v = node.attr?.[key]?.i;
  if (v !== undefined) return Number(v);
  if (fallback !== undefined) return fallback;
  return fail(node, key, 'is missing');
}

/** A float attribute (`epsilon`, `alpha`); `fallback` when absent. */
export function attrFloat(node: TfjsNode, key: string, fallback?: number): number {
  const v = node.attr?.[key]?.f;
  if (v !== undefined) return Number(v);
  if (fallback !== undefined) return fallback;
  return fail(node, key, 'is missing');
}

/** A bool attribute (`keep_dims`, `transpose_a`); false when absent, as in TensorFlow. */
export function attrBool(node: TfjsNode, key: string): boolean {
  return node.attr?.[key]?.b === true;
}

/** The dims of a `shape` attribute (Placeholder); -1 marks an unknown size. */
export function attrShape(node: TfjsNode, key: string): number[] | undefined {
  const v = node.attr?.[key]?.shape;
  if (!v || v.unknownRank) return undefined;
  return (v.dim ?? []).map((d) => Number(d.size ?? -1));
}

/** TF `DT_*` name of a type attribute (`dtype`, `T`). */
export function attrType(node: TfjsNode, key: string): string | undefined {
  return node.attr?.[key]?.type;
}
