/**
 * @file The realism-offset calibration file: a small self-describing binary that carries Δ together with
 * what it was computed with, so it can be attached to a pack, downloaded and uploaded again.
 *
 * Layout (little-endian): 8 bytes magic "D2RDELTA" · uint32 header length N · N bytes UTF-8 JSON header ·
 * zero padding to a multiple of 4 · float32 Δ, row-major in `header.shape`.
 * Why JSON + raw float32 and not all-JSON: a [77 × 768] Δ is 59,136 floats — 231 KB raw, about 1 MB as
 * decimal text — and raw float32 keeps the exact bits whose sha256 the header and export manifests quote.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { RealismOffsetSpace } from '../conditioning/applyRealismOffset';
import { l2Norm } from '../conditioning/l2Normalize';
import { RealismCalibrationError } from './realismCalibrationError';

export const REALISM_CALIBRATION_FORMAT = 'digi2real-realism-offset';
export const REALISM_CALIBRATION_VERSION = 1;
/** File name extension for downloads. */
export const REALISM_CALIBRATION_EXTENSION = '.d2rdelta';
const MAGIC = 'D2RDELTA';
const PREFIX_BYTES = MAGIC.length + 4;
/** A header is a few hundred bytes; anything far larger is not one of ours. */
const MAX_HEADER_BYTES = 64 * 1024;

/** The pack a calibration belongs to: its id, and the sha256 of the components that produced the samples. */
export interface CalibrationPackRef {
  readonly id: string;
  readonly version: string;
  /** sha256 (hex) of the `arcface` and `textEncoder` component files. */
  readonly components: Readonly<Record<string, string>>;
  /** sha256 over the sorted `name=sha` lines of `components`: the storage key beside the pack id. */
  readonly componentsDigest: string;
}

export interface RealismCalibrationHeader {
  readonly format: typeof REALISM_CALIBRATION_FORMAT;
  readonly formatVersion: number;
  readonly pack: CalibrationPackRef;
  readonly space: RealismOffsetSpace;
  /** [77, C] ('encoder-output') or [D] ('id-vector'). */
  readonly shape: readonly number[];
  /** Images that contributed to each mean. */
  readonly counts: { readonly real: number; readonly synthetic: number };
  /** Images left out of each set (undecodable, no face found…). */
  readonly skipped: { readonly real: number; readonly synthetic: number };
  /** ISO 8601 time of the calibration. */
  readonly createdAt: string;
  /** ‖Δ‖₂ over all values. */
  readonly deltaNorm: number;
  /** sha256 (hex) of the float32 Δ bytes: the digest export manifests record. */
  readonly deltaSha256: string;
}

export interface RealismCalibration {
  readonly header: RealismCalibrationHeader;
  readonly delta: Float32Array;
}

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** sha256 (hex) of float32 values as little-endian bytes — equal to a pack constant file's sha256 for the same Δ. */
export function float32Sha256(values: Float32Array): string {
  return toHex(sha256(float32LeBytes(values)));
}

function float32LeBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** sha256 over the sorted `name=sha256` lines of a pack's components. */
export function calibrationComponentsDigest(components: Readonly<Record<string, string>>): string {
  const lines = Object.keys(components)
    .sort()
    .map((k) => `${k}=${components[k]}\n`)
    .join('');
  return toHex(sha256(new TextEncoder().encode(lines)));
}

export interface NewCalibration {
  readonly pack: Omit<CalibrationPackRef, 'componentsDigest'>;
  readonly space: RealismOffsetSpace;
  readonly shape: readonly number[];
  readonly delta: Float32Array;
  readonly counts: RealismCalibrationHeader['counts'];
  readonly skipped: RealismCalibrationHeader['skipped'];
  readonly createdAt: Date;
}

/** Fills in the derived header fields (digests, norm). */
export function makeRealismCalibration(c: NewCalibration): RealismCalibration {
  const n = c.shape.reduce((a, b) => a * b, 1);
  if (n !== c.delta.length) throw new RealismCalibrationError('calibration/wrong-shape', `Δ has ${c.delta.length} values but shape [${c.shape.join(', ')}] needs ${n}`);
  return {
    header: {
      format: REALISM_CALIBRATION_FORMAT,
      formatVersion: REALISM_CALIBRATION_VERSION,
      pack: { ...c.pack, components: { ...c.pack.components }, componentsDigest: calibrationComponentsDigest(c.pack.components) },
      space: c.space,
      shape: [...c.shape],
      counts: { ...c.counts },
      skipped: { ...c.skipped },
      createdAt: c.createdAt.toISOString(),
      deltaNorm: l2Norm(c.delta),
      deltaSha256: float32Sha256(c.delta),
    },
    delta: c.delta,
  };
}

/** @returns the file's bytes */
export function encodeRealismCalibration(c: RealismCalibration): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(c.header));
  const dataOffset = Math.ceil((PREFIX_BYTES + json.length) / 4) * 4;
  const out = new Uint8Array(dataOffset + c.delta.length * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, PREFIX_BYTES);
  out.set(float32LeBytes(c.delta), dataOffset);
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isSha = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

function corrupt(why: string): never {
  throw new RealismCalibrationError('calibration/corrupt', `This realism calibration file is damaged: ${why}`);
}

function checkHeader(h: unknown): RealismCalibrationHeader {
  if (!isObj(h) || h.format !== REALISM_CALIBRATION_FORMAT) {
    throw new RealismCalibrationError('calibration/not-a-calibration', `Not a realism calibration file (format must be "${REALISM_CALIBRATION_FORMAT}")`);
  }
  if (h.formatVersion !== REALISM_CALIBRATION_VERSION) {
    throw new RealismCalibrationError('calibration/unsupported-version', `Realism calibration format version ${JSON.stringify(h.formatVersion)} is not supported (this studio reads ${REALISM_CALIBRATION_VERSION})`);
  }
  const p = h.pack;
  if (!isObj(p) || typeof p.id !== 'string' || typeof p.version !== 'string' || !isObj(p.components) || !Object.values(p.components).every(isSha) || !isSha(p.componentsDigest)) {
    corrupt('the pack it belongs to (id, version, component sha256s) is missing');
  }
  if (calibrationComponentsDigest(p.components as Record<string, string>) !== p.componentsDigest) corrupt('pack.componentsDigest does not match pack.components');
  if (h.space !== 'encoder-output' && h.space !== 'id-vector') corrupt(`space must be "encoder-output" or "id-vector" (got ${JSON.stringify(h.space)})`);
  if (!Array.isArray(h.shape) || h.shape.length === 0 || !h.shape.every((d) => isCount(d) && d > 0)) corrupt('shape must list positive sizes');
  for (const k of ['counts', 'skipped'] as const) {
    const v = h[k];
    if (!isObj(v) || !isCount(v.real) || !isCount(v.synthetic)) corrupt(`${k} must give real and synthetic image counts`);
  }
  if (typeof h.createdAt !== 'string' || Number.isNaN(Date.parse(h.createdAt))) corrupt('createdAt must be a date');
  if (typeof h.deltaNorm !== 'number' || !Number.isFinite(h.deltaNorm)) corrupt('deltaNorm must be a number');
  if (!isSha(h.deltaSha256)) corrupt('deltaSha256 must be 64 hex digits');
  return h as unknown as RealismCalibrationHeader;
}

/** Reads and checks a calibration file. @throws RealismCalibrationError naming what is wrong */
export function decodeRealismCalibration(bytes: Uint8Array): RealismCalibration {
  if (bytes.length < PREFIX_BYTES || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) {
    throw new RealismCalibrationError('calibration/not-a-calibration', `Not a realism calibration file (it does not start with "${MAGIC}")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(MAGIC.length, true);
  if (headerBytes > MAX_HEADER_BYTES || PREFIX_BYTES + headerBytes > bytes.length) corrupt(`header length ${headerBytes} runs past the file (${bytes.length} bytes)`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)));
  } catch (e) {
    corrupt(`the header is not valid JSON (${(e as Error).message})`);
  }
  const header = checkHeader(json);
  const dataOffset = Math.ceil((PREFIX_BYTES + headerBytes) / 4) * 4;
  const n = header.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== dataOffset + n * 4) corrupt(`shape [${header.shape.join(', ')}] needs ${n * 4} bytes of Δ, the file has ${bytes.length - dataOffset}`);
  const delta = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    delta[i] = view.getFloat32(dataOffset + i * 4, true);
    if (!Number.isFinite(delta[i])) corrupt(`Δ value ${i} is ${delta[i]}`);
  }
  if (float32Sha256(delta) !== header.deltaSha256) corrupt('the Δ values do not match their sha256 (truncated or edited file)');
  return { header, delta };
}
