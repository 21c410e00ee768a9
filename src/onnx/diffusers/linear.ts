/**
 * @file torch.nn.Linear over the last axis: MatMul with the weight stored transposed ([in, out], so
 * no Transpose runs per call) plus Add of the bias. The initializer keeps the checkpoint key
 * `<module>.weight` although its layout is transposed.
 */
import { actInitializer, actWeight, inModule, paramKey, type GraphContext } from './graphContext';

/** Module `name`: x [..., inFeatures] → [..., outFeatures]; weight [out, in], bias [out] when `bias`. */
export function linear(ctx: GraphContext, name: string, x: string, inFeatures: number, outFeatures: number, bias = true): string {
  return inModule(ctx, name, () => {
    const wKey = paramKey(ctx, 'weight');
    const w = ctx.w.take(wKey, [outFeatures, inFeatures]);
    const wt = new Float32Array(w.length);
    for (let o = 0; o < outFeatures; o++) for (let i = 0; i < inFeatures; i++) wt[i * outFeatures + o] = w[o * inFeatures + i];
    const y = ctx.g.node('MatMul', [x, actInitializer(ctx, wKey, wt, [inFeatures, outFeatures])]);
    return bias ? ctx.g.node('Add', [y, actWeight(ctx, 'bias', [outFeatures])]) : y;
  });
}
