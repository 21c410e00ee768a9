/**
 * @file The MLP activations of transformers' `ACT2FN` (activations.py, v4.36) used by CLIP text
 * configs, as elementwise ONNX nodes (float32).
 */
import type { GraphBuilder } from '../graphBuilder';
import type { ClipHiddenAct } from './clipTextConfig';

/**
 * - `quick_gelu`: x · sigmoid(1.702 x) (`QuickGELUActivation`, OpenAI CLIP / SD1.5)
 * - `gelu`: 0.5 x (1 + erf(x / √2)) (`nn.functional.gelu`, exact)
 * - `gelu_new` / `gelu_pytorch_tanh`: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))
 * @param x float32 [...]; returns the same shape
 */
export function clipActivation(g: GraphBuilder, x: string, act: ClipHiddenAct, name: string): string {
  const c = (hint: string, v: number): string => g.scalarF32(`${name}.${hint}`, v);
  const n = (op: string, inputs: string[], leaf: string): string => g.node(op, inputs, {}, { name: `${name}.${leaf}` });
  switch (act) {
    case 'quick_gelu':
      return n('Mul', [x, n('Sigmoid', [n('Mul', [x, c('k', 1.702)], 'scale')], 'sigmoid')], 'mul');
    case 'gelu': {
      const erf = n('Erf', [n('Mul', [x, c('inv_sqrt2', Math.SQRT1_2)], 'div_sqrt2')], 'erf');
      return n('Mul', [n('Mul', [x, c('half', 0.5)], 'half_x'), n('Add', [erf, c('one', 1)], 'one_plus')], 'mul');
    }
    case 'gelu_new':
    case 'gelu_pytorch_tanh': {
      const cube = n('Mul', [n('Mul', [x, x], 'sq'), x], 'cube');
      const inner = n('Mul', [n('Add', [x, n('Mul', [cube, c('k', 0.044715)], 'k_cube')], 'sum'), c('sqrt_2_pi', Math.sqrt(2 / Math.PI))], 'inner');
      const t = n('Tanh', [inner], 'tanh');
      return n('Mul', [n('Mul', [x, c('half', 0.5)], 'half_x'), n('Add', [t, c('one', 1)], 'one_plus')], 'mul');
    }
  }
}
