/**
 * @file ONNX graph of diffusers `AutoencoderKL.decode` (v0.29.2 `autoencoder_kl.py` + `vae.py` Decoder):
 * post_quant_conv → decoder.conv_in → mid_block → UpDecoderBlock2D × n (resnets, 2× nearest upsample
 * + conv) → conv_norm_out → SiLU → conv_out. IO float32: `latents` [B, latent_channels, h, w] — what
 * `decode` receives, i.e. already divided by scaling_factor (not part of this graph) — → `sample`
 * [B, out_channels, h·2^(n−1), w·2^(n−1)], unclamped.
 */
import type { GraphBuilder, Shape } from '../graphBuilder';
import { silu } from '../layers/silu';
import { conv2d } from './conv2d';
import { createGraphContext, fromFloat32, inModule, toFloat32, type DiffusersGraphOptions } from './graphContext';
import { groupNormModule } from './normalization';
import { resnetBlock2D } from './resnetBlock2D';
import { upsample2D } from './upsample2D';
import { vaeMidBlock } from './vaeMidBlock';
import { resolveVaeConfig, type VaeConfig } from './vaeConfig';
import type { WeightSource } from './weightSource';

/** Precision/attention/debug options plus fixed shapes for static-shape sessions. */
export interface VaeGraphOptions extends DiffusersGraphOptions {
  /** Fixed batch and input spatial size (latent size for the decoder, image size for the encoder). */
  staticShape?: { batch: number; height: number; width: number };
}

/**
 * Builds the VAE decoder graph. The weights may be a whole AutoencoderKL file: encoder.* and
 * quant_conv.* are ignored, anything else unused is reported (WeightMismatchError).
 */
export function buildVaeDecoderGraph(config: VaeConfig, weights: WeightSource, options: VaeGraphOptions = {}): GraphBuilder {
  const plan = resolveVaeConfig(config);
  const ctx = createGraphContext(weights, options, {
    name: 'vae_decoder',
    docString: 'diffusers AutoencoderKL.decode (v0.29.2 semantics)',
    ignore: (n) => n.startsWith('encoder.') || n.startsWith('quant_conv.'),
  });
  const { g } = ctx;
  const s = options.staticShape;
  const [B, h, w]: Shape = s ? [s.batch, s.height, s.width] : ['batch', 'latent_height', 'latent_width'];
  const up = 2 ** (plan.blockOutChannels.length - 1);
  const [H, W]: Shape = s ? [s.height * up, s.width * up] : ['height', 'width'];
  const debug = (name: string, value: string, channels: number) => {
    if (options.debugOutputs) g.output(toFloat32(ctx, value), 'float32', [B, channels, `${name}_height`, `${name}_width`], `debug.${name}`);
  };

  const latents = g.input('latents', 'float32', [B, plan.latentChannels, h, w]);
  let z = fromFloat32(ctx, latents);
  const lc = plan.latentChannels;
  if (plan.usePostQuantConv) {
    z = conv2d(ctx, 'post_quant_conv', z, { inChannels: lc, outChannels: lc, kernel: 1 });
    debug('post_quant_conv', z, lc);
  }
  const boc = plan.blockOutChannels;
  const rev = [...boc].reverse();
  const x = inModule(ctx, 'decoder', () => {
    let x = conv2d(ctx, 'conv_in', z, { inChannels: lc, outChannels: rev[0], kernel: 3 });
    debug('decoder.conv_in', x, rev[0]);
    x = vaeMidBlock(ctx, x, rev[0], plan.normGroups, plan.midBlockAddAttention);
    debug('decoder.mid_block', x, rev[0]);
    let outCh = rev[0];
    rev.forEach((channels, i) => {
      const prev = outCh;
      outCh = channels;
      x = inModule(ctx, `up_blocks.${i}`, () => {
        let y = x;
        for (let j = 0; j < plan.layersPerBlock + 1; j++) {
          y = resnetBlock2D(ctx, `resnets.${j}`, y, null, { inChannels: j === 0 ? prev : outCh, outChannels: outCh, tembChannels: null, groups: plan.normGroups, eps: 1e-6 });
        }
        return i < rev.length - 1 ? upsample2D(ctx, 'upsamplers.0', y, outCh, null) : y;
      });
      debug(`decoder.up_blocks.${i}`, x, outCh);
    });
    x = silu(g, groupNormModule(ctx, 'conv_norm_out', x, boc[0], plan.normGroups, 1e-6));
    return conv2d(ctx, 'conv_out', x, { inChannels: boc[0], outChannels: plan.outChannels, kernel: 3 });
  });
  g.output(toFloat32(ctx, x), 'float32', [B, plan.outChannels, H, W], 'sample');
  ctx.w.finish();
  return g;
}
