/**
 * @file The realism offset Δ enhancement uses for a pack: the calibration attached to it (calibrationStore),
 * else the pack's own `realismDelta` constant, else none. Also attaching, detaching and reading back the
 * attached file; every attach is checked against the pack first.
 */
import { assertCalibrationFitsPack } from '../../engine/calibration/calibrationFitsPack';
import { decodeRealismCalibration, float32Sha256, type RealismCalibrationHeader } from '../../engine/calibration/realismCalibrationFile';
import { l2Norm } from '../../engine/conditioning/l2Normalize';
import type { RealismOffsetSpace } from '../../engine/conditioning/applyRealismOffset';
import type { PackManifest } from '../../packs/manifest';
import { calibrationStore } from './calibrationStore';
import { calibrationTarget } from './calibrationTarget';
import type { RealismOffsetInfo } from './calibrationTypes';

export interface ResolvedRealismOffset {
  delta: Float32Array;
  space: RealismOffsetSpace;
  info: RealismOffsetInfo;
}

// Decoded attachments per pack id + components digest; cleared on attach/detach (this worker is the only writer).
const decoded = new Map<string, Promise<ResolvedRealismOffset | undefined>>();

function keyFor(manifest: PackManifest): { key: string; digest: string } {
  const digest = calibrationTarget(manifest).pack.componentsDigest;
  return { key: `${manifest.id}@${digest}`, digest };
}

/** Checks a calibration file against the pack and stores it as the pack's Δ. @throws RealismCalibrationError */
export async function attachRealismCalibration(manifest: PackManifest, file: Uint8Array): Promise<RealismCalibrationHeader> {
  const target = calibrationTarget(manifest);
  const cal = decodeRealismCalibration(file);
  assertCalibrationFitsPack(cal.header, target);
  await calibrationStore().set(manifest.id, target.pack.componentsDigest, file);
  decoded.delete(keyFor(manifest).key);
  return cal.header;
}

export async function detachRealismCalibration(manifest: PackManifest): Promise<void> {
  const { key, digest } = keyFor(manifest);
  await calibrationStore().delete(manifest.id, digest);
  decoded.delete(key);
}

/** The attached calibration file's bytes (for download), if any. */
export async function attachedRealismCalibrationFile(manifest: PackManifest): Promise<Uint8Array | undefined> {
  return calibrationStore().get(manifest.id, keyFor(manifest).digest);
}

async function loadAttached(manifest: PackManifest): Promise<ResolvedRealismOffset | undefined> {
  const { key, digest } = keyFor(manifest);
  let p = decoded.get(key);
  if (!p) {
    p = (async () => {
      const file = await calibrationStore().get(manifest.id, digest);
      if (!file) return undefined;
      const cal = decodeRealismCalibration(file);
      assertCalibrationFitsPack(cal.header, calibrationTarget(manifest));
      const h = cal.header;
      return { delta: cal.delta, space: h.space, info: { source: 'attached', space: h.space, shape: [...h.shape], digest: h.deltaSha256, norm: h.deltaNorm, header: h } };
    })();
    decoded.set(key, p);
    p.catch(() => decoded.delete(key));
  }
  return p;
}

async function packConstant(manifest: PackManifest, files: Map<string, Blob>): Promise<ResolvedRealismOffset | undefined> {
  const spec = manifest.constants?.realismDelta;
  if (!spec) return undefined;
  const blob = files.get(spec.file);
  if (!blob) throw new Error(`Pack "${manifest.id}" constant "realismDelta" (${spec.file}) is missing`);
  const delta = new Float32Array(await blob.arrayBuffer());
  const space = ((manifest.preprocessing ?? {}) as { realismSpace?: RealismOffsetSpace }).realismSpace ?? 'encoder-output';
  // The manifest's sha256 of the raw file is the same digest an attached calibration quotes for its Δ.
  return { delta, space, info: { source: 'pack', space, shape: [...spec.shape], digest: spec.sha256 || float32Sha256(delta), norm: l2Norm(delta) } };
}

/**
 * The Δ to use for this pack: attached calibration first (the user's explicit choice), else the pack constant.
 * @throws when the attached calibration no longer fits the pack (it names what differs)
 */
export async function resolveRealismOffset(manifest: PackManifest, files: Map<string, Blob>): Promise<ResolvedRealismOffset | undefined> {
  if (manifest.components.arcface && manifest.components.textEncoder && manifest.constants?.uncondEmbedding) {
    const attached = await loadAttached(manifest);
    if (attached) return attached;
  }
  return packConstant(manifest, files);
}

/** The pack's constants with Δ and its space replaced by the resolved offset (unchanged when there is none). */
export function withRealismOffset<P extends { realismDelta?: Float32Array; realismSpace?: RealismOffsetSpace }>(pack: P, offset: ResolvedRealismOffset | undefined): P {
  return offset ? { ...pack, realismDelta: offset.delta, realismSpace: offset.space } : pack;
}
