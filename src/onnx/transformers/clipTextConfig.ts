/**
 * @file transformers `CLIPTextConfig` (models/clip/configuration_clip.py, v4.36): the fields the text
 * encoder graph needs, parsed from a `config.json` with transformers' defaults for missing keys.
 */

/** Activations transformers' ACT2FN offers that CLIP text checkpoints use. */
export type ClipHiddenAct = 'quick_gelu' | 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh';

const KNOWN_ACTS: readonly ClipHiddenAct[] = ['quick_gelu', 'gelu', 'gelu_new', 'gelu_pytorch_tanh'];

/** Keys keep transformers' spelling (they come verbatim from published config.json files). */
export interface ClipTextConfig {
  /** Token embedding rows (default 49408). */
  vocab_size: number;
  /** Width H (default 512; SD1.5: 768). */
  hidden_size: number;
  /** MLP width (default 2048; SD1.5: 3072). */
  intermediate_size: number;
  /** Encoder layers (default 12). */
  num_hidden_layers: number;
  /** Heads; H must be divisible by it (default 8; SD1.5: 12). */
  num_attention_heads: number;
  /** Position embedding rows = context length (default 77). */
  max_position_embeddings: number;
  /** MLP activation (default quick_gelu). */
  hidden_act: ClipHiddenAct;
  /** LayerNorm epsilon (default 1e-5). */
  layer_norm_eps: number;
  /** EOS id; 2 selects the legacy argmax(input_ids) pooling (default 49407 in 4.36; SD1.5 configs say 2). */
  eos_token_id: number;
}

const DEFAULTS: ClipTextConfig = {
  vocab_size: 49408,
  hidden_size: 512,
  intermediate_size: 2048,
  num_hidden_layers: 12,
  num_attention_heads: 8,
  max_position_embeddings: 77,
  hidden_act: 'quick_gelu',
  layer_norm_eps: 1e-5,
  eos_token_id: 49407,
};

/**
 * Reads a CLIPTextConfig JSON object (or a full CLIPConfig, whose `text_config` is used).
 * Unknown keys are ignored; wrong types and unsupported activations throw naming the key.
 */
export function parseClipTextConfig(json: unknown): ClipTextConfig {
  if (typeof json !== 'object' || json === null) throw new Error('CLIP text config: expected a JSON object');
  let obj = json as Record<string, unknown>;
  if (typeof obj.text_config === 'object' && obj.text_config !== null) obj = obj.text_config as Record<string, unknown>;
  const num = (key: keyof ClipTextConfig, integer: boolean): number => {
    const v = obj[key] ?? DEFAULTS[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isSafeInteger(v))) {
      throw new Error(`CLIP text config: "${key}" must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const act = obj.hidden_act ?? DEFAULTS.hidden_act;
  if (!KNOWN_ACTS.includes(act as ClipHiddenAct)) {
    throw new Error(`CLIP text config: hidden_act ${JSON.stringify(act)} is not supported (expected one of ${KNOWN_ACTS.join(', ')})`);
  }
  const config: ClipTextConfig = {
    vocab_size: num('vocab_size', true),
    hidden_size: num('hidden_size', true),
    intermediate_size: num('intermediate_size', true),
    num_hidden_layers: num('num_hidden_layers', true),
    num_attention_heads: num('num_attention_heads', true),
    max_position_embeddings: num('max_position_embeddings', true),
    hidden_act: act as ClipHiddenAct,
    layer_norm_eps: num('layer_norm_eps', false),
    eos_token_id: num('eos_token_id', true),
  };
  if (config.hidden_size % config.num_attention_heads !== 0) {
    throw new Error(`CLIP text config: hidden_size ${config.hidden_size} is not divisible by num_attention_heads ${config.num_attention_heads}`);
  }
  return config;
}
