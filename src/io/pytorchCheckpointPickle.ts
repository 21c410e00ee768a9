/**
 * @file A restricted pickle reader for the `data.pkl` that `torch.save(state_dict)` writes (pickle
 * protocol 2; protocol-4 framing tolerated). It is an interpreter of data opcodes only: it never imports
 * or calls anything. The few globals a state dict needs (OrderedDict, torch's tensor rebuild helpers,
 * storage classes) are recognised by name and turned into plain records by TypeScript code; any other
 * global (os.system, builtins.eval, …) and any other opcode (INST, OBJ, NEWOBJ, …) is refused on sight.
 * Opcode semantics follow CPython's Lib/pickle.py (`_Unpickler.load_*`) and pickletools.
 */
import { PytorchCheckpointError } from './pytorchCheckpointError';

/** A `(module, name)` global from the allow-list. */
export class PickleGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A pickled tuple (kept apart from lists so argument shapes can be checked). */
export class PickleTuple {
  constructor(readonly items: PickleValue[]) {}
}

/** A dict or OrderedDict, in insertion order; `attributes` holds BUILD state (torch's `_metadata`). */
export class PickleDict {
  readonly entries = new Map<PickleValue, PickleValue>();
  attributes: PickleValue = null;
}

/** A storage named by BINPERSID `('storage', torch.<Type>Storage, key, location, numel)`. */
export interface StorageRef {
  readonly kind: 'storage';
  /** Storage class name, e.g. `FloatStorage`. */
  readonly storageType: string;
  /** Record name under `<archive>/data/`. */
  readonly key: string;
  readonly location: string;
  /** Elements in the storage. */
  readonly numel: number;
}

/** A tensor view rebuilt by `torch._utils._rebuild_tensor_v2` (arguments recorded, nothing run). */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  /** Offset in elements. */
  readonly storageOffset: number;
  readonly size: number[];
  /** Strides in elements. */
  readonly stride: number[];
}

export type PickleValue =
  | null | boolean | number | bigint | string
  | PickleValue[] | PickleTuple | PickleDict | PickleGlobal | StorageRef | TensorRef;

/** Storage classes torch pickles for tensors of each dtype (torch/storage.py legacy names). */
export const ALLOWED_STORAGE_TYPES = ['FloatStorage', 'HalfStorage', 'BFloat16Storage', 'DoubleStorage', 'LongStorage', 'IntStorage'] as const;

const ALLOWED_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...ALLOWED_STORAGE_TYPES.map((t) => `torch.${t}`),
]);

/** Names of refused opcodes, so errors say what was found (pickletools' names). */
const OPCODE_NAMES: Record<number, string> = {
  0x69: 'INST', 0x6f: 'OBJ', 0x81: 'NEWOBJ', 0x92: 'NEWOBJ_EX', 0x50: 'PERSID', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4',
  0x49: 'INT', 0x4c: 'LONG', 0x46: 'FLOAT', 0x53: 'STRING', 0x56: 'UNICODE', 0x70: 'PUT', 0x67: 'GET', 0x8b: 'LONG4',
  0x54: 'BINSTRING', 0x55: 'SHORT_BINSTRING', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES', 0x8e: 'BINBYTES8',
  0x8d: 'BINUNICODE8', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x64: 'DICT', 0x6c: 'LIST',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Interprets `bytes` as a torch state-dict pickle and returns the object before STOP.
 * @param source file name for messages, e.g. `pytorch_model.bin (archive/data.pkl)`
 * @throws PytorchCheckpointError (UNSAFE_GLOBAL, UNKNOWN_OPCODE, TRUNCATED, BAD_PICKLE)
 */
export function unpickleStateDict(bytes: Uint8Array, source: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  // MARK saves the current stack and starts a new one (CPython's metastack), so no sentinel values.
  let stack: PickleValue[] = [];
  const marks: PickleValue[][] = [];
  const memo = new Map<number, PickleValue>();

  const fail = (code: 'BAD_PICKLE' | 'TRUNCATED', at: number, msg: string): never => {
    throw new PytorchCheckpointError(code, `${source}: ${msg} at byte ${at}; refusing to load it`);
  };
  const need = (n: number, what: string): number => {
    if (pos + n > bytes.length) fail('TRUNCATED', pos, `truncated pickle: ${what} needs ${n} more byte(s) but the file ends`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (what: string): number => bytes[need(1, what)];
  const u32 = (what: string): number => view.getUint32(need(4, what), true);
  const text = (n: number, what: string): string => {
    const at = need(n, what);
    try {
      return utf8.decode(bytes.subarray(at, at + n));
    } catch {
      return fail('BAD_PICKLE', at, `${what} is not valid UTF-8`);
    }
  };
  const line = (what: string): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('TRUNCATED', pos, `truncated pickle: ${what} has no terminating newline`);
    const s = text(end - pos, what);
    pos = end + 1;
    return s;
  };
  const pop = (op: string): PickleValue => {
    if (stack.length === 0) fail('BAD_PICKLE', pos - 1, `${op} on an empty stack`);
    return stack.pop()!;
  };
  const top = (op: string): PickleValue => {
    if (stack.length === 0) fail('BAD_PICKLE', pos - 1, `${op} on an empty stack`);
    return stack[stack.length - 1];
  };
  const popMark = (op: string): PickleValue[] => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) return fail('BAD_PICKLE', pos - 1, `${op} without a MARK`);
    stack = prev;
    return items;
  };
  const global = (module: string, name: string, at: number): PickleGlobal => {
    const qualified = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.has(qualified)) {
      throw new PytorchCheckpointError(
        'UNSAFE_GLOBAL',
        `${source}: refusing global "${qualified}" at byte ${at}: only torch state-dict globals are allowed ` +
          `(${[...ALLOWED_GLOBALS].join(', ')}). The checkpoint is never executed; convert it to safetensors if it really needs more.`,
      );
    }
    return new PickleGlobal(module, name);
  };
  const setItems = (target: PickleValue, items: PickleValue[], op: string): void => {
    if (!(target instanceof PickleDict)) fail('BAD_PICKLE', pos - 1, `${op} on a non-dict`);
    if (items.length % 2 !== 0) fail('BAD_PICKLE', pos - 1, `${op} with an odd number of items`);
    for (let i = 0; i < items.length; i += 2) (target as PickleDict).entries.set(items[i], items[i + 1]);
  };

  for (;;) {
    const at = pos;
    const op = u8('opcode');
    switch (op) {
      case 0x80: { // PROTO
        const version = u8('PROTO');
        if (version > 5) fail('BAD_PICKLE', at, `unknown pickle protocol ${version}`);
        break;
      }
      case 0x95: need(8, 'FRAME'); break; // FRAME: a size hint only, the data follows inline
      case 0x2e: { // STOP
        const result = pop('STOP');
        return result;
      }
      case 0x28: marks.push(stack); stack = []; break; // MARK
      case 0x7d: stack.push(new PickleDict()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(new PickleTuple([])); break; // EMPTY_TUPLE
      case 0x74: { // TUPLE (popMark first: it swaps `stack`, so `stack.push(popMark())` would push to the old one)
        const items = popMark('TUPLE');
        stack.push(new PickleTuple(items));
        break;
      }
      case 0x85: stack.push(new PickleTuple([pop('TUPLE1')])); break; // TUPLE1
      case 0x86: { const b = pop('TUPLE2'); stack.push(new PickleTuple([pop('TUPLE2'), b])); break; } // TUPLE2
      case 0x87: { const c = pop('TUPLE3'); const b = pop('TUPLE3'); stack.push(new PickleTuple([pop('TUPLE3'), b, c])); break; } // TUPLE3
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8('BININT1')); break; // BININT1
      case 0x4d: stack.push(view.getUint16(need(2, 'BININT2'), true)); break; // BININT2
      case 0x4a: stack.push(view.getInt32(need(4, 'BININT'), true)); break; // BININT
      case 0x8a: { const n = u8('LONG1 length'); stack.push(readLong1(bytes, need(n, 'LONG1'), n)); break; } // LONG1
      case 0x47: stack.push(view.getFloat64(need(8, 'BINFLOAT'), false)); break; // BINFLOAT (big-endian)
      case 0x58: stack.push(text(u32('BINUNICODE length'), 'BINUNICODE')); break; // BINUNICODE
      case 0x8c: stack.push(text(u8('SHORT_BINUNICODE length'), 'SHORT_BINUNICODE')); break; // SHORT_BINUNICODE
      case 0x71: memo.set(u8('BINPUT'), top('BINPUT')); break; // BINPUT
      case 0x72: memo.set(u32('LONG_BINPUT'), top('LONG_BINPUT')); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top('MEMOIZE')); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const index = op === 0x68 ? u8('BINGET') : u32('LONG_BINGET');
        if (!memo.has(index)) fail('BAD_PICKLE', at, `memo entry ${index} read before it was written`);
        stack.push(memo.get(index)!);
        break;
      }
      case 0x63: { // GLOBAL "module\nname\n"
        const module = line('GLOBAL module');
        stack.push(global(module, line('GLOBAL name'), at));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop('STACK_GLOBAL');
        const module = pop('STACK_GLOBAL');
        if (typeof module !== 'string' || typeof name !== 'string') fail('BAD_PICKLE', at, 'STACK_GLOBAL needs two strings');
        stack.push(global(module as string, name as string, at));
        break;
      }
      case 0x51: stack.push(persistentStorage(pop('BINPERSID'), source, at)); break; // BINPERSID
      case 0x52: { // REDUCE
        const args = pop('REDUCE');
        stack.push(reduceAllowed(pop('REDUCE'), args, source, at));
        break;
      }
      case 0x62: { // BUILD: only a dict's attribute state (OrderedDict._metadata) is accepted
        const state = pop('BUILD');
        const target = top('BUILD');
        if (!(target instanceof PickleDict) || !(state instanceof PickleDict || state === null)) {
          fail('BAD_PICKLE', at, 'BUILD is only accepted on a dict with dict state (state_dict._metadata)');
        }
        (target as PickleDict).attributes = state;
        break;
      }
      case 0x73: { const v = pop('SETITEM'); const k = pop('SETITEM'); setItems(top('SETITEM'), [k, v], 'SETITEM'); break; } // SETITEM
      case 0x75: { const items = popMark('SETITEMS'); setItems(top('SETITEMS'), items, 'SETITEMS'); break; } // SETITEMS
      case 0x61: { const v = pop('APPEND'); const list = top('APPEND'); if (!Array.isArray(list)) fail('BAD_PICKLE', at, 'APPEND on a non-list'); (list as PickleValue[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark('APPENDS'); const list = top('APPENDS'); if (!Array.isArray(list)) fail('BAD_PICKLE', at, 'APPENDS on a non-list'); (list as PickleValue[]).push(...items); break; } // APPENDS
      default: {
        const name = OPCODE_NAMES[op];
        throw new PytorchCheckpointError(
          'UNKNOWN_OPCODE',
          `${source}: refusing pickle opcode 0x${op.toString(16).padStart(2, '0')}${name ? ` (${name})` : ''} at byte ${at}: ` +
            'not one a torch state dict uses. The checkpoint is never executed.',
        );
      }
    }
  }
}

/** LONG1: little-endian two's complement of `n` bytes starting at `at`; a number when safe, else bigint. */
function readLong1(bytes: Uint8Array, at: number, n: number): number | bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]);
  if (n > 0 && bytes[at + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function badPickle(source: string, at: number, msg: string): PytorchCheckpointError {
  return new PytorchCheckpointError('BAD_PICKLE', `${source}: ${msg} at byte ${at}; refusing to load it`);
}

function isIndex(v: PickleValue): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** torch's `persistent_id`: `('storage', storage_type, key, location, numel)`. */
function persistentStorage(pid: PickleValue, source: string, at: number): StorageRef {
  const items = pid instanceof PickleTuple ? pid.items : [];
  const [tag, type, key, location, numel] = items;
  if (items.length !== 5 || tag !== 'storage' || !(type instanceof PickleGlobal) || type.module !== 'torch'
    || typeof key !== 'string' || typeof location !== 'string' || !isIndex(numel)) {
    throw badPickle(source, at, "BINPERSID expects ('storage', torch.<Type>Storage, key, location, numel)");
  }
  if (!(ALLOWED_STORAGE_TYPES as readonly string[]).includes(type.name)) throw badPickle(source, at, `${type.qualifiedName} is not a storage type`);
  return { kind: 'storage', storageType: type.name, key, location, numel };
}

/** REDUCE for the allow-listed callables, reimplemented as data constructors. */
function reduceAllowed(callable: PickleValue, args: PickleValue, source: string, at: number): PickleValue {
  if (!(callable instanceof PickleGlobal) || !(args instanceof PickleTuple)) throw badPickle(source, at, 'REDUCE needs an allowed global and an argument tuple');
  const a = args.items;
  switch (callable.qualifiedName) {
    case 'collections.OrderedDict':
      if (a.length !== 0) throw badPickle(source, at, 'OrderedDict is only accepted with no arguments (items come by SETITEMS)');
      return new PickleDict();
    case 'torch._utils._rebuild_tensor_v2': {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      const [storage, offset, size, stride, , hooks] = a;
      const dims = (v: PickleValue): number[] | undefined =>
        v instanceof PickleTuple && v.items.every(isIndex) ? (v.items as number[]) : undefined;
      const sizes = dims(size);
      const strides = dims(stride);
      if (a.length < 6 || a.length > 7 || typeof storage !== 'object' || storage === null || !('kind' in storage) || storage.kind !== 'storage'
        || !isIndex(offset) || !sizes || !strides || sizes.length !== strides.length) {
        throw badPickle(source, at, '_rebuild_tensor_v2 expects (storage, offset, size tuple, stride tuple, requires_grad, hooks)');
      }
      if (!(hooks instanceof PickleDict) || hooks.entries.size !== 0) throw badPickle(source, at, 'tensors with backward hooks are not accepted');
      return { kind: 'tensor', storage, storageOffset: offset, size: sizes, stride: strides };
    }
    case 'torch._utils._rebuild_parameter': {
      // (data, requires_grad, backward_hooks): a Parameter is just its tensor here.
      const [data] = a;
      if (a.length !== 3 || typeof data !== 'object' || data === null || !('kind' in data) || data.kind !== 'tensor') {
        throw badPickle(source, at, '_rebuild_parameter expects (tensor, requires_grad, hooks)');
      }
      return data;
    }
    default:
      throw badPickle(source, at, `${callable.qualifiedName} cannot be called`);
  }
}
