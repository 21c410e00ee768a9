/**
 * @file sin and cos of an angle in degrees, as ONNX nodes built only from Floor, Mul and Add, for the
 * `digiface-augment` graph.
 *
 * Why not the ONNX Sin and Cos ops: WGSL's sin/cos only promise an absolute error of 2⁻¹¹ on [−π, π], and
 * onnxruntime-web's WebGPU kernels map straight onto them. On SwiftShader, cos(12°) came out as 0.977965
 * instead of 0.978148 (error 1.8e-4), which is enough to move the hue matrix and the motion-blur kernel
 * visibly away from the WASM result. Floor, Mul and Add are exact or correctly rounded in float32 on
 * every backend, so this version gives the same numbers on WASM, WebGPU and in Node.
 */
import type { GraphBuilder } from '../../onnx/graphBuilder';

/**
 * Taylor coefficients of sin h (odd powers h¹ … h¹³) and cos h (even powers h⁰ … h¹⁴). On the half-angle
 * range |h| ≤ π/2 the first omitted terms are below 7e-10, far under float32's own rounding.
 */
const SIN_TAYLOR = [1, -1 / 6, 1 / 120, -1 / 5040, 1 / 362880, -1 / 39916800, 1 / 6227020800];
const COS_TAYLOR = [1, -1 / 2, 1 / 24, -1 / 720, 1 / 40320, -1 / 3628800, 1 / 479001600, -1 / 87178291200];

/** Horner's rule in h²: c₀ + h²·(c₁ + h²·(c₂ + …)). */
function hornerInSquare(g: GraphBuilder, hSq: string, coefficients: readonly number[], name: string): string {
  let acc = g.scalarF32(`${name}_c${coefficients.length - 1}`, coefficients[coefficients.length - 1]);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = g.node('Add', [g.node('Mul', [acc, hSq]), g.scalarF32(`${name}_c${i}`, coefficients[i])]);
  return acc;
}

/**
 * sin θ and cos θ of `degrees` (any float32 shape, any finite value). The angle is first reduced to
 * t = deg/360 − floor(deg/360 + ½) ∈ [−½, ½), so θ = 2πt ∈ [−π, π); the half angle h = πt ∈ [−π/2, π/2]
 * goes through the series, and the double-angle formulas sin θ = 2·sin h·cos h, cos θ = 1 − 2·sin²h give
 * the result. engine/augment/referenceAugment.ts uses Math.sin/Math.cos; the two agree within ~2e-7.
 */
export function sinCosDegrees(g: GraphBuilder, degrees: string): { sin: string; cos: string } {
  return g.scope('sin_cos', () => {
    const turns = g.node('Mul', [degrees, g.scalarF32('per_turn', 1 / 360)]);
    const reduced = g.node('Sub', [turns, g.node('Floor', [g.node('Add', [turns, g.scalarF32('half', 0.5)])])]);
    const h = g.node('Mul', [reduced, g.scalarF32('pi', Math.PI)]);
    const hSq = g.node('Mul', [h, h]);
    const sinH = g.node('Mul', [h, hornerInSquare(g, hSq, SIN_TAYLOR, 'sin')]);
    const cosH = hornerInSquare(g, hSq, COS_TAYLOR, 'cos');
    const two = g.scalarF32('two', 2);
    return {
      sin: g.node('Mul', [two, g.node('Mul', [sinH, cosH])]),
      cos: g.node('Sub', [g.scalarF32('one', 1), g.node('Mul', [two, g.node('Mul', [sinH, sinH])])]),
    };
  });
}
