/**
 * @file ONNX graph of diffusers `AutoencoderKL.encode(x).latent_dist` (v0.29.2 `autoencoder_kl.py`,
 * `vae.py` Encoder + DiagonalGaussianDistribution): encoder.conv_in → DownEncoderBlock2D × n (resnets,
 * stride-2 conv after right/bottom padding) → mid_block → conv_norm_out → SiLU → conv_out → quant_conv
 * → moments split into `mean` and `logvar` (clamped to [−30, 20]) and `std` = exp(0.5 · logvar).
 * IO float32: `image` [B, in_channels, H, W] (range [−1, 1]) → each output [B, latent_channels, H/2^(n−1), W/2^(n−1)].
 * No sampling: the caller draws mean + std · ε with its own seeded noise.
 */
import type { GraphBuilder, Shape } from '../graphBuilder';
import { silu } from '../layers/silu';
import { conv2d } from './conv2d';
import { downsample2D } from './downsample2D';
import { createGraphContext, fromFloat32, inModule, toFloat32 } from './graphContext';
import { groupNormModule } from './normalization';
import { resnetBlock2D } from './resnetBlock2D';
import type { VaeGraphOptions } from './buildVaeDecoderGraph';
import { vaeMidBlock } from './vaeMidBlock';
import { resolveVaeConfig, type VaeConfig } from './vaeConfig';
import type { WeightSource } from './weightSource';

/**
 * Builds the VAE encoder graph. The weights may be a whole AutoencoderKL file: decoder.* and
 * post_quant_conv.* are ignored, anything else unused is reported (WeightMismatchError).
 */
export function buildVaeEncoderGraph(config: VaeConfig, weights: WeightSource, options: VaeGraphOptions = {}): GraphBuilder {
  const plan = resolveVaeConfig(config);
  const ctx = createGraphContext(weights, options, {
    name: 'vae_encoder',
    docString: 'diffusers AutoencoderKL.encode().latent_dist (v0.29.2 semantics)',
    ignore: (n) => n.startsWith('decoder.') || n.startsWith('post_quant_conv.'),
  });
  const { g } = ctx;
  const s = options.staticShape;
  const [B, H, W]: Shape = s ? [s.batch, s.height, s.width] : ['batch', 'height', 'width'];
  // Each padding-0 downsample maps n → ⌊n / 2⌋ (right/bottom pad 1, kernel 3, stride 2).
  const halve = (n: number) => plan.blockOutChannels.slice(1).reduce((m) => Math.floor(m / 2), n);
  const [h, w]: Shape = s ? [halve(s.height), halve(s.width)] : ['latent_height', 'latent_width'];
  const debug = (name: string, value: string, channels: number) => {
    if (options.debugOutputs) g.output(toFloat32(ctx, value), 'float32', [B, channels, `${name}_height`, `${name}_width`], `debug.${name}`);
  };

  const image = fromFloat32(ctx, g.input('image', 'float32', [B, plan.inChannels, H, W]));
  const boc = plan.blockOutChannels;
  const lc2 = 2 * plan.latentChannels;
  let moments = inModule(ctx, 'encoder', () => {
    let x = conv2d(ctx, 'conv_in', image, { inChannels: plan.inChannels, outChannels: boc[0], kernel: 3 });
    debug('encoder.conv_in', x, boc[0]);
    let outCh = boc[0];
    boc.forEach((channels, i) => {
      const inCh = outCh;
      outCh = channels;
      x = inModule(ctx, `down_blocks.${i}`, () => {
        let y = x;
        for (let j = 0; j < plan.layersPerBlock; j++) {
          y = resnetBlock2D(ctx, `resnets.${j}`, y, null, { inChannels: j === 0 ? inCh : outCh, outChannels: outCh, tembChannels: null, groups: plan.normGroups, eps: 1e-6 });
        }
        // The Encoder builds its Downsample2D with padding 0 (pad right/bottom, then stride-2 conv).
        return i < boc.length - 1 ? downsample2D(ctx, 'downsamplers.0', y, outCh, 0) : y;
      });
      debug(`encoder.down_blocks.${i}`, x, outCh);
    });
    const last = boc[boc.length - 1];
    x = vaeMidBlock(ctx, x, last, plan.normGroups, plan.midBlockAddAttention);
    debug('encoder.mid_block', x, last);
    x = silu(g, groupNormModule(ctx, 'conv_norm_out', x, last, plan.normGroups, 1e-6));
    x = conv2d(ctx, 'conv_out', x, { inChannels: last, outChannels: lc2, kernel: 3 });
    debug('encoder.conv_out', x, lc2);
    return x;
  });
  if (plan.useQuantConv) {
    moments = conv2d(ctx, 'quant_conv', moments, { inChannels: lc2, outChannels: lc2, kernel: 1 });
    debug('quant_conv', moments, lc2);
  }
  // DiagonalGaussianDistribution in float32: exp() of an fp16 logvar loses precision for no gain.
  const m32 = toFloat32(ctx, moments);
  const [mean, rawLogvar] = g.nodeOutputs('Split', [m32, g.constI64('split', [plan.latentChannels, plan.latentChannels])], { axis: 1 }, { outputs: 2 });
  const logvar = g.node('Clip', [rawLogvar, g.scalarF32('logvar_min', -30), g.scalarF32('logvar_max', 20)]);
  const std = g.node('Exp', [g.node('Mul', [logvar, g.scalarF32('half', 0.5)])]);
  const outShape = [B, plan.latentChannels, h, w];
  g.output(mean, 'float32', outShape, 'mean');
  g.output(logvar, 'float32', outShape, 'logvar');
  g.output(std, 'float32', outShape, 'std');
  ctx.w.finish();
  return g;
}
