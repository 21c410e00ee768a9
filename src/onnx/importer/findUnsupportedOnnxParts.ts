/**
 * @file Finds ONNX features the project's protobuf subset (src/onnx/onnxProto.ts) does not model, by
 * walking the raw wire format. Why: renaming a model's IO decodes and re-encodes it, and protobufjs
 * silently drops fields its schema lacks — a model with local functions or sparse initializers would
 * come back broken. Such models are refused instead of being rewritten.
 */

/** ModelProto / GraphProto fields absent from the subset whose loss would change the model. */
const MODEL_FIELDS: Record<number, string> = { 20: 'training_info', 25: 'functions' };
const GRAPH_FIELDS: Record<number, string> = { 14: 'quantization_annotation', 15: 'sparse_initializer' };
const GRAPH_FIELD_IN_MODEL = 7;

/** @returns the names of unsupported parts present (empty when the model can be rewritten safely) */
export function findUnsupportedOnnxParts(bytes: Uint8Array): string[] {
  const found = new Set<string>();
  walk(bytes, 0, bytes.byteLength, (field, start, end) => {
    if (MODEL_FIELDS[field]) found.add(MODEL_FIELDS[field]);
    if (field === GRAPH_FIELD_IN_MODEL && end >= start) {
      walk(bytes, start, end, (f) => {
        if (GRAPH_FIELDS[f]) found.add(`graph.${GRAPH_FIELDS[f]}`);
      });
    }
  });
  return [...found];
}

/** Calls `onField(fieldNumber, payloadStart, payloadEnd)` for each top-level field in [pos, end). */
function walk(b: Uint8Array, pos: number, end: number, onField: (field: number, start: number, end: number) => void): void {
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new Error('truncated varint');
      const byte = b[pos++];
      v += (byte & 0x7f) * mul;
      mul *= 128;
      if (byte < 0x80) return v;
    }
    throw new Error('varint too long');
  };
  while (pos < end) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    const start = pos;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      const s = pos;
      pos += len;
      if (pos > end) throw new Error('truncated field');
      onField(field, s, pos);
      continue;
    } else throw new Error(`unsupported wire type ${wire}`);
    if (pos > end) throw new Error('truncated field');
    onField(field, start, -1);
  }
}
