/**
 * @file Exact GELU, 0.5 · x · (1 + erf(x / √2)) (torch.nn.functional.gelu default, approximate='none'),
 * from opset-13 ops: the Gelu op only exists from opset 20 and ORT fuses this pattern itself.
 */
import type { GraphBuilder } from '../graphBuilder';

/**
 * GELU of x. `half` and `invSqrt2` are scalar constants in x's dtype (0.5 and 1/√2): the caller makes
 * them, because only it knows whether the graph runs in float32 or float16.
 */
export function geluErf(g: GraphBuilder, x: string, consts: { half: string; one: string; invSqrt2: string }): string {
  const erf = g.node('Erf', [g.node('Mul', [x, consts.invSqrt2])]);
  return g.node('Mul', [g.node('Mul', [x, consts.half]), g.node('Add', [erf, consts.one])], {}, { name: 'gelu' });
}
