/**
 * @file Test-only writer of torch.save-style checkpoints, so the reader can be tested without Python.
 * It emits the same pickle-protocol-2 opcodes, in the same order, that torch.save(state_dict) produces
 * via CPython's `pickle._Pickler` (save_reduce → REDUCE, then SETITEMS, then BUILD of `_metadata`),
 * and zips the result in torch's archive layout.
 *
 * Byte layout of a one-entry state dict `{"w": tensor}` (memo indices in brackets):
 *
 *   80 02                                  PROTO 2
 *   63 "collections\nOrderedDict\n"  71 00  GLOBAL, BINPUT [0]
 *   29 52  71 01                            EMPTY_TUPLE, REDUCE → the state dict, BINPUT [1]
 *   28                                      MARK (start of the SETITEMS batch)
 *   58 <u32 len> "w"  71 02                 BINUNICODE key
 *   63 "torch._utils\n_rebuild_tensor_v2\n"  71 03
 *   28                                      MARK (argument tuple)
 *     28                                    MARK (persistent id)
 *       58 "storage"  63 "torch\nFloatStorage\n"  58 "0"  58 "cpu"  4b <numel>
 *     74  51                                TUPLE, BINPERSID → storage "data/0"
 *     4b <offset>                           BININT1 storage_offset (BININT2/BININT/LONG1 when larger)
 *     4b 02 4b 03 86                        TUPLE2 size (TUPLE1 85 / TUPLE3 87 / MARK…TUPLE 74 by rank)
 *     4b 03 4b 01 86                        TUPLE2 stride
 *     89                                    NEWFALSE requires_grad
 *     68 00 29 52                           BINGET [0], EMPTY_TUPLE, REDUCE → backward_hooks = OrderedDict()
 *   74 52                                   TUPLE, REDUCE → tensor
 *   75                                      SETITEMS
 *   7d  58 "_metadata"  68 00 29 52         state = {"_metadata": OrderedDict()}
 *   73 62                                   SETITEM, BUILD
 *   2e                                      STOP
 * (every new object is followed by BINPUT <next index>, as the pickler memoizes; omitted above.)
 */
import { zipSync } from 'fflate';

/** Low-level opcode emitter. */
export class PickleWriter {
  private readonly out: number[] = [];
  private nextMemo = 0;

  raw(...bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }
  ascii(s: string): this {
    for (const ch of new TextEncoder().encode(s)) this.out.push(ch);
    return this;
  }
  u32(n: number): this {
    return this.raw(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }
  /** BINPUT (LONG_BINPUT from index 256, as the pickler does) with the next memo index; returns the index. */
  put(): number {
    const i = this.nextMemo++;
    if (i < 256) this.raw(0x71, i);
    else this.raw(0x72).u32(i);
    return i;
  }
  /** BINGET / LONG_BINGET. */
  get(i: number): this {
    return i < 256 ? this.raw(0x68, i) : this.raw(0x6a).u32(i);
  }
  proto(v = 2): this {
    return this.raw(0x80, v);
  }
  /** GLOBAL "module\nname\n" + BINPUT; returns the memo index. */
  global(module: string, name: string): number {
    this.raw(0x63).ascii(`${module}\n${name}\n`);
    return this.put();
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.raw(0x58).u32(b.length).raw(...b);
  }
  shortStr(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.raw(0x8c, b.length, ...b);
  }
  /** Smallest integer opcode, as pickle's save_long picks it; `long1` forces LONG1. */
  int(n: number, long1 = false): this {
    if (!long1 && n >= 0 && n < 256) return this.raw(0x4b, n);
    if (!long1 && n >= 0 && n < 65536) return this.raw(0x4d, n & 0xff, n >> 8);
    if (!long1 && n >= -(2 ** 31) && n < 2 ** 31) return this.raw(0x4a).u32(n >>> 0);
    const bytes: number[] = [];
    let v = BigInt(n);
    do {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    } while (!(v === 0n && (bytes[bytes.length - 1] & 0x80) === 0) && !(v === -1n && (bytes[bytes.length - 1] & 0x80) !== 0));
    return this.raw(0x8a, bytes.length, ...bytes);
  }
  float(x: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, false);
    return this.raw(0x47, ...b);
  }
  /** A tuple of ints the way the pickler writes it for its length. */
  intTuple(values: readonly number[]): this {
    if (values.length === 0) return this.raw(0x29);
    if (values.length > 3) this.raw(0x28);
    for (const v of values) this.int(v);
    this.raw(values.length <= 3 ? [0, 0x85, 0x86, 0x87][values.length] : 0x74);
    this.put();
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** One state-dict entry: a view into a storage. */
export interface TorchTensorSpec {
  key: string;
  storageType: 'FloatStorage' | 'HalfStorage' | 'BFloat16Storage' | 'DoubleStorage' | 'LongStorage' | 'IntStorage';
  storageKey: string;
  numel: number;
  offset: number;
  size: number[];
  stride: number[];
  /** Wrap in torch._utils._rebuild_parameter (what torch.save(module) writes for nn.Parameter). */
  parameter?: boolean;
}

/** A state-dict pickle in torch's opcode order (see the file header). `extra` appends non-tensor items. */
export function torchStateDictPickle(specs: readonly TorchTensorSpec[], extra?: (w: PickleWriter) => void): Uint8Array {
  const w = new PickleWriter().proto(2);
  const orderedDict = w.global('collections', 'OrderedDict');
  w.raw(0x29, 0x52);
  w.put();
  w.raw(0x28); // MARK for SETITEMS
  const globals = new Map<string, number>();
  const memoGlobal = (module: string, name: string): void => {
    const id = `${module}.${name}`;
    const i = globals.get(id);
    if (i === undefined) globals.set(id, w.global(module, name));
    else w.get(i);
  };
  for (const s of specs) {
    w.str(s.key).put();
    if (s.parameter) memoGlobal('torch._utils', '_rebuild_parameter');
    memoGlobal('torch._utils', '_rebuild_tensor_v2');
    w.raw(0x28, 0x28).str('storage');
    memoGlobal('torch', s.storageType);
    w.str(s.storageKey).str('cpu').int(s.numel).raw(0x74);
    w.put();
    w.raw(0x51).int(s.offset).intTuple(s.size).intTuple(s.stride).raw(0x89);
    w.get(orderedDict).raw(0x29, 0x52);
    w.put();
    w.raw(0x74);
    w.put();
    w.raw(0x52);
    w.put();
    if (s.parameter) {
      // _rebuild_parameter(tensor, requires_grad=True, OrderedDict()) as a TUPLE3.
      w.raw(0x88).get(orderedDict).raw(0x29, 0x52, 0x87, 0x52);
      w.put();
    }
  }
  extra?.(w);
  w.raw(0x75); // SETITEMS
  w.raw(0x7d);
  w.put();
  w.str('_metadata');
  w.get(orderedDict).raw(0x29, 0x52);
  w.put();
  w.raw(0x73, 0x62, 0x2e); // SETITEM, BUILD, STOP
  return w.bytes();
}

/** Zips records as torch does (stored, no compression) under `<archive>/`, adding `version` and `byteorder`. */
export function torchZip(pickle: Uint8Array, storages: Record<string, Uint8Array>, archive = 'archive', extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    [`${archive}/data.pkl`]: pickle,
    [`${archive}/byteorder`]: new TextEncoder().encode('little'),
    [`${archive}/version`]: new TextEncoder().encode('3\n'),
    ...extra,
  };
  for (const [k, v] of Object.entries(storages)) files[`${archive}/data/${k}`] = v;
  return zipSync(files, { level: 0 });
}

/** Little-endian bytes of a typed array. */
export function leBytes(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}
