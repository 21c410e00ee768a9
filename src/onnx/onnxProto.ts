/**
 * @file The subset of onnx/onnx.proto (IR v8–v10 field numbers) needed to write and read models,
 * parsed at runtime with protobufjs so no code generation step is needed. Kept proto2 like the
 * original, so `optional` fields are written only when set and repeated numerics keep onnx.proto's
 * packing choices (only TensorProto's *_data fields are packed there).
 */
import protobuf from 'protobufjs';

const ONNX_PROTO_SUBSET = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; SPARSE_TENSOR = 11;
    TYPE_PROTO = 13; FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
    SPARSE_TENSORS = 12; TYPE_PROTOS = 14;
  }
  optional string name = 1;
  optional string ref_attr_name = 21;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  optional TypeProto tp = 14;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
  repeated TypeProto type_protos = 15;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  optional string overload = 8;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
  repeated StringStringEntryProto metadata_props = 16;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; COMPLEX64 = 14;
    COMPLEX128 = 15; BFLOAT16 = 16;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
  repeated StringStringEntryProto external_data = 13;
  enum DataLocation { DEFAULT = 0; EXTERNAL = 1; }
  optional DataLocation data_location = 14;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
  repeated StringStringEntryProto metadata_props = 16;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    optional string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  message Sequence { optional TypeProto elem_type = 1; }
  message Optional { optional TypeProto elem_type = 1; }
  oneof value {
    Tensor tensor_type = 1;
    Sequence sequence_type = 4;
    Optional optional_type = 9;
  }
  optional string denotation = 6;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

/** protobufjs root holding the `onnx.*` message types (keepCase keeps onnx.proto's snake_case names). */
export const onnxRoot = protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root;

/** `onnx.ModelProto` message type. */
export const ModelProto = onnxRoot.lookupType('onnx.ModelProto');

/** TensorProto.DataType values from onnx.proto. */
export const TensorDataType = {
  UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8,
  BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
} as const;

/** AttributeProto.AttributeType values from onnx.proto. */
export const AttributeType = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8,
  TENSORS: 9, GRAPHS: 10,
} as const;

/** TensorProto.DataLocation values from onnx.proto. */
export const DataLocation = { DEFAULT: 0, EXTERNAL: 1 } as const;

/** Plain-object shapes of the messages (snake_case like onnx.proto; int64 as number). */
export interface StringStringEntry { key: string; value: string }
export interface TensorObject {
  name?: string;
  dims?: number[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: number[];
  double_data?: number[];
  uint64_data?: number[];
  external_data?: StringStringEntry[];
  data_location?: number;
}
export interface AttributeObject {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorObject;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}
export interface NodeObject {
  input: string[];
  output: string[];
  name?: string;
  op_type: string;
  domain?: string;
  attribute?: AttributeObject[];
  doc_string?: string;
}
export interface DimensionObject { dim_value?: number; dim_param?: string }
export interface TypeObject {
  tensor_type?: { elem_type?: number; shape?: { dim?: DimensionObject[] } };
}
export interface ValueInfoObject { name: string; type?: TypeObject; doc_string?: string }
export interface GraphObject {
  name?: string;
  node?: NodeObject[];
  initializer?: TensorObject[];
  input?: ValueInfoObject[];
  output?: ValueInfoObject[];
  value_info?: ValueInfoObject[];
  doc_string?: string;
}
export interface OpsetObject { domain?: string; version: number }
export interface ModelObject {
  ir_version: number;
  opset_import: OpsetObject[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: number;
  doc_string?: string;
  graph: GraphObject;
  metadata_props?: StringStringEntry[];
}

/** Serialises a plain ModelProto object to protobuf bytes. */
export function encodeModel(model: ModelObject): Uint8Array {
  const out = ModelProto.encode(ModelProto.fromObject(model as unknown as Record<string, unknown>)).finish();
  // protobufjs returns a Node Buffer in Node, whose slice() is a view, not a copy; hand out a plain Uint8Array.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Parses protobuf bytes into a plain ModelProto object. int64 fields become numbers whether or not
 * protobufjs found the `long` package (it does in Node, not in a bundled worker), so callers see one shape.
 * Throws protobufjs' own error on malformed input; see readModel for the user-facing wrapper.
 */
export function decodeModel(bytes: Uint8Array): ModelObject {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, { longs: Number, enums: Number, arrays: true }) as unknown as ModelObject;
}
