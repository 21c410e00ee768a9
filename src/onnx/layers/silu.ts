/**
 * @file SiLU (x · sigmoid(x), torch.nn.SiLU) as two standard ops; ORT fuses the pair where it can.
 */
import type { GraphBuilder } from '../graphBuilder';

/** x · sigmoid(x), same dtype as x. */
export function silu(g: GraphBuilder, x: string): string {
  return g.node('Mul', [x, g.node('Sigmoid', [x])], {}, { name: 'silu' });
}
