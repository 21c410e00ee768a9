/**
 * Tests of the restricted PyTorch checkpoint reader on checkpoints written by hand in torch's format
 * (pytorchCheckpointWriter.test-util.ts documents the byte layout), and on malicious/broken files that
 * must be refused with a clear message without anything being executed.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadFixture, maxAbs } from '../testing/fixtures';
import { float32ToFloat16Bits } from '../onnx/float16';
import { readPytorchCheckpoint, PytorchCheckpointError, type PytorchCheckpointErrorCode } from './pytorchCheckpoint';
import { leBytes, PickleWriter, torchStateDictPickle, torchZip, type TorchTensorSpec } from './pytorchCheckpointWriter.test-util';

function expectRefused(fn: () => unknown, code: PytorchCheckpointErrorCode, ...fragments: string[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PytorchCheckpointError);
  const err = error as PytorchCheckpointError;
  expect(err.code).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
}

const storage0 = Float32Array.from({ length: 8 }, (_, i) => i * 1.5 - 2); // [-2, -0.5, 1, 2.5, 4, 5.5, 7, 8.5]
const halfValues = [1, -2.5, 0.1, 65504];
const bf16Values = [1.5, -3, 0.15625, 256];
const bf16Bits = Uint16Array.from(bf16Values, (v) => new Uint32Array(new Float32Array([v]).buffer)[0] >>> 16);

const SPECS: TorchTensorSpec[] = [
  { key: 'a.weight', storageType: 'FloatStorage', storageKey: '0', numel: 8, offset: 2, size: [2, 3], stride: [3, 1] },
  // Same storage, transposed view: exercises the strided gather and storage sharing (tied weights).
  { key: 'a.weight_t', storageType: 'FloatStorage', storageKey: '0', numel: 8, offset: 2, size: [3, 2], stride: [1, 3] },
  { key: 'b.half', storageType: 'HalfStorage', storageKey: '1', numel: 4, offset: 0, size: [4], stride: [1] },
  { key: 'c.bf16', storageType: 'BFloat16Storage', storageKey: '2', numel: 4, offset: 0, size: [2, 2], stride: [2, 1] },
  { key: 'text_model.embeddings.position_ids', storageType: 'LongStorage', storageKey: '3', numel: 5, offset: 0, size: [1, 5], stride: [5, 1] },
  { key: 'd.double', storageType: 'DoubleStorage', storageKey: '4', numel: 2, offset: 1, size: [], stride: [] },
  { key: 'e.int', storageType: 'IntStorage', storageKey: '5', numel: 3, offset: 0, size: [3], stride: [1] },
  { key: 'f.param', storageType: 'FloatStorage', storageKey: '6', numel: 24, offset: 0, size: [2, 3, 2, 2], stride: [12, 4, 2, 1], parameter: true },
  { key: 'g.empty', storageType: 'FloatStorage', storageKey: '7', numel: 0, offset: 0, size: [0, 4], stride: [4, 1] },
];
const STORAGES: Record<string, Uint8Array> = {
  0: leBytes(storage0),
  1: leBytes(Uint16Array.from(halfValues, float32ToFloat16Bits)),
  2: leBytes(bf16Bits),
  3: leBytes(BigInt64Array.from([0n, 1n, 2n, 3n, 4n])),
  4: leBytes(Float64Array.from([0.25, -1e-3])),
  5: leBytes(Int32Array.from([-7, 0, 123456])),
  6: leBytes(Float32Array.from({ length: 24 }, (_, i) => i / 4)),
  7: new Uint8Array(0),
};

function checkpoint(specs = SPECS, storages = STORAGES, archive = 'archive', extra?: (w: PickleWriter) => void): Uint8Array {
  return torchZip(torchStateDictPickle(specs, extra), storages, archive);
}

/** A pickle that would run `os.system(...)` under torch.load; the command would create `marker`. */
function osSystemPickle(marker: string): Uint8Array {
  return new PickleWriter().proto(2).raw(0x63).ascii('os\nsystem\n').raw(0x28).str(`touch ${marker}`).raw(0x74, 0x52, 0x2e).bytes();
}

describe('readPytorchCheckpoint: state dicts in torch.save layout', () => {
  const ckpt = readPytorchCheckpoint(checkpoint(), 'model.bin');
  const t = (k: string) => {
    const v = ckpt.tensors.get(k);
    expect(v, k).toBeDefined();
    return v!;
  };

  it('returns every tensor in pickle order with dtype and shape', () => {
    expect([...ckpt.tensors.keys()]).toEqual(SPECS.map((s) => s.key));
    expect(t('a.weight')).toMatchObject({ dtype: 'F32', shape: [2, 3] });
    expect(t('b.half').dtype).toBe('F16');
    expect(t('c.bf16').dtype).toBe('BF16');
    expect(t('text_model.embeddings.position_ids')).toMatchObject({ dtype: 'I64', shape: [1, 5] });
    expect(t('d.double')).toMatchObject({ dtype: 'F64', shape: [] });
    expect(ckpt.ignoredKeys).toEqual([]);
  });

  it('applies storage offset and strides (contiguous slice and transposed view of one storage)', () => {
    expect(Array.from(t('a.weight').data)).toEqual([1, 2.5, 4, 5.5, 7, 8.5]);
    // [3,2] with stride [1,3] from offset 2: element (i,j) = storage[2 + i + 3j] = a.weight transposed.
    expect(Array.from(t('a.weight_t').data)).toEqual([1, 5.5, 2.5, 7, 4, 8.5]);
    expect(Array.from(t('f.param').data)).toEqual(Array.from({ length: 24 }, (_, i) => i / 4));
    expect(t('f.param').shape).toEqual([2, 3, 2, 2]);
    expect(t('g.empty')).toMatchObject({ shape: [0, 4] });
    expect(t('g.empty').data.length).toBe(0);
  });

  it('converts fp16, bf16, int64, int32 and float64 storages to float32', () => {
    expect(Array.from(t('b.half').data)).toEqual([1, -2.5, 0.0999755859375, 65504]);
    expect(Array.from(t('c.bf16').data)).toEqual(bf16Values);
    expect(Array.from(t('text_model.embeddings.position_ids').data)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(t('d.double').data)).toEqual([Math.fround(-1e-3)]);
    expect(Array.from(t('e.int').data)).toEqual([-7, 0, 123456]);
  });

  it('accepts the archive named after the file (torch uses the file stem), LONG1 ints and non-tensor entries', () => {
    const specs: TorchTensorSpec[] = [{ key: 'w', storageType: 'FloatStorage', storageKey: '0', numel: 8, offset: 1, size: [7], stride: [1] }];
    const pkl = torchStateDictPickle(specs, (w) => {
      w.str('lr').float(1e-3).str('step').int(70000).str('huge').int(2 ** 40, true).str('flag').raw(0x88).str('nothing').raw(0x4e);
    });
    const ck = readPytorchCheckpoint(torchZip(pkl, { 0: leBytes(storage0) }, 'pytorch_model'), 'pytorch_model.bin');
    expect(Array.from(ck.tensors.get('w')!.data)).toEqual(Array.from(storage0.subarray(1)));
    expect(ck.ignoredKeys).toEqual(['lr', 'step', 'huge', 'flag', 'nothing']);
  });

  it('reads LONG1-encoded sizes and offsets', () => {
    const w = new PickleWriter().proto(2);
    const od = w.global('collections', 'OrderedDict');
    w.raw(0x29, 0x52).put();
    w.str('x').global('torch._utils', '_rebuild_tensor_v2');
    w.raw(0x28, 0x28).str('storage');
    w.global('torch', 'FloatStorage');
    w.str('0').str('cpu').int(8, true).raw(0x74, 0x51).int(3, true).int(5, true).raw(0x85).int(1, true).raw(0x85, 0x89).get(od).raw(0x29, 0x52, 0x74, 0x52, 0x73, 0x2e);
    const ck = readPytorchCheckpoint(torchZip(w.bytes(), { 0: leBytes(storage0) }), 'long1.bin');
    expect(Array.from(ck.tensors.get('x')!.data)).toEqual(Array.from(storage0.subarray(3)));
  });

  it('round-trips the CLIP fixture weights exactly', () => {
    const fixture = loadFixture('text_encoder', 'model.safetensors');
    const specs: TorchTensorSpec[] = [];
    const storages: Record<string, Uint8Array> = {};
    fixture.names.forEach((name, i) => {
      const shape = [...fixture.shape(name)];
      const stride = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
      const data = fixture.float32(name);
      specs.push({ key: name, storageType: 'FloatStorage', storageKey: String(i), numel: data.length, offset: 0, size: shape, stride, parameter: false });
      storages[String(i)] = leBytes(data);
    });
    const ck = readPytorchCheckpoint(checkpoint(specs, storages, 'pytorch_model'));
    expect([...ck.tensors.keys()]).toEqual(fixture.names);
    for (const name of fixture.names) {
      expect(ck.tensors.get(name)!.shape).toEqual(fixture.shape(name));
      expect(maxAbs(ck.tensors.get(name)!.data, fixture.float32(name)), name).toBe(0);
    }
  });
});

describe('readPytorchCheckpoint: refuses malicious or broken files, never executing them', () => {
  it('GLOBAL os.system is refused before anything could run', () => {
    const marker = join(tmpdir(), `d2r-pickle-marker-${process.pid}-${Date.now()}`);
    expectRefused(() => readPytorchCheckpoint(torchZip(osSystemPickle(marker), {}), 'evil.bin'), 'UNSAFE_GLOBAL', 'evil.bin', 'archive/data.pkl', '"os.system"', 'never executed');
    expect(existsSync(marker)).toBe(false);
  });

  it('GLOBAL builtins.eval and STACK_GLOBAL posix.system are refused', () => {
    const evalPkl = new PickleWriter().proto(2).raw(0x63).ascii('builtins\neval\n').raw(0x28).str('1+1').raw(0x74, 0x52, 0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(evalPkl, {}), 'eval.bin'), 'UNSAFE_GLOBAL', 'eval.bin', '"builtins.eval"');
    const posix = new PickleWriter().proto(4).shortStr('posix').shortStr('system').raw(0x93).shortStr('id').raw(0x85, 0x52, 0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(posix, {}), 'p4.bin'), 'UNSAFE_GLOBAL', '"posix.system"');
  });

  it('a refused global hidden inside a tensor (as backward hook) is refused too', () => {
    const pkl = torchStateDictPickle(SPECS.slice(0, 1));
    // Replace the hooks' "collections\nOrderedDict" reference by a fresh GLOBAL of subprocess.Popen at the end.
    const w = new PickleWriter();
    w.raw(...pkl.subarray(0, pkl.length - 1)).raw(0x63).ascii('subprocess\nPopen\n').raw(0x2e);
    expectRefused(() => readPytorchCheckpoint(torchZip(w.bytes(), STORAGES), 'hook.bin'), 'UNSAFE_GLOBAL', '"subprocess.Popen"');
  });

  it('torch globals outside the allow-list are refused', () => {
    const pkl = new PickleWriter().proto(2).raw(0x63).ascii('torch\nload\n').raw(0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(pkl, {}), 't.bin'), 'UNSAFE_GLOBAL', '"torch.load"');
  });

  it('unknown opcodes (INST, NEWOBJ, 0xff) are refused by name', () => {
    const inst = new PickleWriter().proto(2).raw(0x28).raw(0x69).ascii('os\nsystem\n').raw(0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(inst, {}), 'inst.bin'), 'UNKNOWN_OPCODE', 'inst.bin', '0x69 (INST)', 'never executed');
    const newobj = new PickleWriter().proto(2).raw(0x81, 0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(newobj, {}), 'n.bin'), 'UNKNOWN_OPCODE', '0x81 (NEWOBJ)');
    const junk = new PickleWriter().proto(2).raw(0xff).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(junk, {}), 'j.bin'), 'UNKNOWN_OPCODE', '0xff');
  });

  it('truncated pickles are refused', () => {
    const pkl = torchStateDictPickle(SPECS);
    for (const cut of [1, 10, Math.floor(pkl.length / 2), pkl.length - 1]) {
      expectRefused(() => readPytorchCheckpoint(torchZip(pkl.subarray(0, cut), STORAGES), 'cut.bin'), 'TRUNCATED', 'cut.bin', 'truncated');
    }
  });

  it('a storage missing from the zip, or too short, is refused naming the record', () => {
    const { 5: _dropped, ...rest } = STORAGES;
    expectRefused(() => readPytorchCheckpoint(checkpoint(SPECS, rest), 'm.bin'), 'MISSING_STORAGE', 'm.bin', '"archive/data/5"', 'missing');
    expectRefused(() => readPytorchCheckpoint(checkpoint(SPECS, { ...STORAGES, 5: new Uint8Array(4) }), 's.bin'), 'MISSING_STORAGE', '"archive/data/5"', 'needs 12');
  });

  it('a view reaching past its storage, or absurdly large, is refused', () => {
    const bad: TorchTensorSpec = { key: 'x', storageType: 'FloatStorage', storageKey: '0', numel: 8, offset: 3, size: [2, 3], stride: [3, 1] };
    expectRefused(() => readPytorchCheckpoint(checkpoint([bad]), 'v.bin'), 'BAD_TENSOR', '"x"', 'element 8');
    const expanded: TorchTensorSpec = { key: 'big', storageType: 'FloatStorage', storageKey: '0', numel: 8, offset: 0, size: [2 ** 16, 2 ** 16], stride: [0, 0] };
    expectRefused(() => readPytorchCheckpoint(checkpoint([expanded]), 'e.bin'), 'BAD_TENSOR', '"big"', '4294967296 elements');
  });

  it('non-zip (legacy torch < 1.6), zips without data.pkl and big-endian archives are refused', () => {
    expectRefused(() => readPytorchCheckpoint(osSystemPickle('/nonexistent/never'), 'old.pt'), 'NOT_ZIP', 'old.pt', 'legacy');
    expectRefused(() => readPytorchCheckpoint(zipSync({ 'x/y.txt': new Uint8Array(1) }), 'z.bin'), 'BAD_ZIP', 'data.pkl');
    const be = torchZip(torchStateDictPickle([]), {}, 'archive', { 'archive/byteorder': new TextEncoder().encode('big') });
    expectRefused(() => readPytorchCheckpoint(be, 'be.bin'), 'UNSUPPORTED', 'big-endian');
  });

  it('calling a storage class or a non-dict root is refused', () => {
    const call = new PickleWriter().proto(2).raw(0x63).ascii('torch\nFloatStorage\n').raw(0x29, 0x52, 0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(call, {}), 'c.bin'), 'BAD_PICKLE', 'torch.FloatStorage cannot be called');
    const list = new PickleWriter().proto(2).raw(0x5d, 0x2e).bytes();
    expectRefused(() => readPytorchCheckpoint(torchZip(list, {}), 'l.bin'), 'BAD_PICKLE', 'does not hold a dict');
  });
});
