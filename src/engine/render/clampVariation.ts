/**
 * Brings explicitly set VariationParams into the supported ranges (poses beyond them break the
 * frontal-hemisphere assumptions of the mesh and the alignment) and rejects non-finite numbers.
 */
import { RenderParamError } from './RenderParamError';
import { VARIATION_RANGES, type VariationParams } from './variationParams';

function clamp(name: string, v: number, [min, max]: readonly [number, number]): number {
  if (!Number.isFinite(v)) throw new RenderParamError('render/invalid-param', `${name} must be a finite number, got ${v}`);
  return Math.min(max, Math.max(min, v));
}

export function clampVariation(v: VariationParams): VariationParams {
  const r = VARIATION_RANGES;
  return {
    yaw: clamp('yaw', v.yaw, r.yaw),
    pitch: clamp('pitch', v.pitch, r.pitch),
    roll: clamp('roll', v.roll, r.roll),
    expression: {
      smile: clamp('smile', v.expression.smile, r.smile),
      mouthOpen: clamp('mouthOpen', v.expression.mouthOpen, r.mouthOpen),
      eyesClosed: clamp('eyesClosed', v.expression.eyesClosed, r.eyesClosed),
    },
    light: {
      direction: v.light.direction,
      color: v.light.color,
      ambient: clamp('ambient', v.light.ambient, [0, 1]),
    },
    background: v.background,
    cameraDistance: clamp('cameraDistance', v.cameraDistance, [3, 20]),
  };
}
