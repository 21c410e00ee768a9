/**
 * @file Node attribute values and their encoding to AttributeProto. ONNX checks attribute types
 * exactly (Gemm's `alpha` must be FLOAT, Conv's `pads` INTS), so a plain JS number is always an INT
 * and floats must be marked with {@link f} / {@link floats}; a non-integer plain number is an error
 * instead of a silent guess.
 */
import { AttributeType, type AttributeObject, type TensorObject } from './onnxProto';
import type { TensorData } from './tensorData';

/** A FLOAT attribute, made with {@link f}. */
export interface FloatAttr { readonly kind: 'float'; readonly value: number }
/** A FLOATS attribute, made with {@link floats}. */
export interface FloatsAttr { readonly kind: 'floats'; readonly value: readonly number[] }
/** A STRINGS attribute, made with {@link strings}. */
export interface StringsAttr { readonly kind: 'strings'; readonly value: readonly string[] }

/**
 * Attribute value: integer number → INT, integer number[] → INTS, string → STRING,
 * TensorData → TENSOR (e.g. Constant's `value`), plus the tagged float/floats/strings helpers.
 */
export type AttrValue = number | readonly number[] | string | TensorData | FloatAttr | FloatsAttr | StringsAttr;

/** Attribute map passed to GraphBuilder.node; `undefined` entries are skipped (handy for optional attrs). */
export type Attrs = Record<string, AttrValue | undefined>;

/** Marks a number as a FLOAT attribute (`{ alpha: f(0.2) }`). */
export function f(value: number): FloatAttr {
  return { kind: 'float', value };
}

/** Marks a list as a FLOATS attribute (`{ scales: floats([1, 1, 2, 2]) }`). */
export function floats(value: readonly number[]): FloatsAttr {
  return { kind: 'floats', value: [...value] };
}

/** INTS attribute; plain arrays already mean INTS, this only documents intent at the call site. */
export function ints(value: readonly number[]): readonly number[] {
  return [...value];
}

/** Marks a list as a STRINGS attribute. */
export function strings(value: readonly string[]): StringsAttr {
  return { kind: 'strings', value: [...value] };
}

const utf8 = new TextEncoder();

function checkInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v)) {
    throw new Error(`Attribute "${name}": ${v} is not an integer; wrap float attributes with f(x) / floats([...])`);
  }
  return v;
}

/**
 * Encodes one attribute. `tensorToProto` turns TENSOR values into TensorProto objects (the builder
 * passes its own so tensor attributes follow the same raw_data rules as initializers).
 */
export function encodeAttribute(
  name: string,
  value: AttrValue,
  tensorToProto: (t: TensorData) => TensorObject,
): AttributeObject {
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: checkInt(name, value) };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: utf8.encode(value) };
  if (Array.isArray(value)) {
    return { name, type: AttributeType.INTS, ints: (value as readonly number[]).map((v) => checkInt(name, v)) };
  }
  const tagged = value as FloatAttr | FloatsAttr | StringsAttr | TensorData;
  if ('kind' in tagged) {
    switch (tagged.kind) {
      case 'float':
        return { name, type: AttributeType.FLOAT, f: tagged.value };
      case 'floats':
        return { name, type: AttributeType.FLOATS, floats: [...tagged.value] };
      case 'strings':
        return { name, type: AttributeType.STRINGS, strings: tagged.value.map((s) => utf8.encode(s)) };
    }
  }
  if ('dtype' in tagged && 'dims' in tagged && 'data' in tagged) {
    return { name, type: AttributeType.TENSOR, t: tensorToProto(tagged) };
  }
  throw new Error(`Attribute "${name}": unsupported value ${JSON.stringify(value)}`);
}
