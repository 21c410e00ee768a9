/**
 * @file Scheduler configuration in diffusers' vocabulary (keys verbatim from `scheduler_config.json`),
 * per-class defaults and the from_config merge, matching diffusers v0.29.2 (`configuration_utils.py`
 * `extract_init_dict`): explicit keys win, absent keys take the TARGET class's defaults, keys listed
 * in `_use_default_values` are dropped (so e.g. an SD1.5 PNDM config gives DPM-Solver its own
 * default `timestep_spacing: "linspace"`), keys known to other scheduler classes are ignored quietly,
 * and truly unknown keys become warnings.
 */

export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample';
export type TimestepSpacing = 'linspace' | 'leading' | 'trailing';

/** Keys shared by every scheduler implemented here. */
export interface BaseSchedulerConfig {
  /** Training timesteps T (default 1000). */
  num_train_timesteps: number;
  /** First beta (default 0.0001; SD1.5: 0.00085). */
  beta_start: number;
  /** Last beta (default 0.02; SD1.5: 0.012). */
  beta_end: number;
  /** How betas are spaced (default "linear"; SD1.5: "scaled_linear"). */
  beta_schedule: BetaSchedule;
  /** Explicit betas, overriding beta_start/end/schedule (default null). */
  trained_betas: number[] | null;
  /** What the model predicts (default "epsilon"). */
  prediction_type: PredictionType;
  /** Timestep spacing, Table 2 of arXiv:2305.08891 (default differs per class!). */
  timestep_spacing: TimestepSpacing;
  /** Added to "leading" timesteps (default 0; SD1.5: 1). */
  steps_offset: number;
  /** Rescale betas to zero terminal SNR, arXiv:2305.08891 Alg. 1 (default false). */
  rescale_betas_zero_snr: boolean;
}

/** DDIMScheduler (scheduling_ddim.py). */
export interface DdimSchedulerConfig extends BaseSchedulerConfig {
  /** Clip x0 to ±clip_sample_range (default true). */
  clip_sample: boolean;
  clip_sample_range: number;
  /** Final step's "previous" alpha_cumprod: 1 if true, else alphas_cumprod[0] (default true). */
  set_alpha_to_one: boolean;
  /** Dynamic thresholding (Imagen); not supported here (default false). */
  thresholding: boolean;
  dynamic_thresholding_ratio: number;
  sample_max_value: number;
}

/** EulerDiscreteScheduler (scheduling_euler_discrete.py). */
export interface EulerDiscreteSchedulerConfig extends BaseSchedulerConfig {
  /** "linear" interpolation of sigmas at the timesteps (only value supported here). */
  interpolation_type: 'linear' | 'log_linear';
  /** Karras sigmas (not supported here; default false). */
  use_karras_sigmas: boolean;
  sigma_min: number | null;
  sigma_max: number | null;
  /** "discrete" (default) or "continuous" (v-prediction only). */
  timestep_type: 'discrete' | 'continuous';
  /** Last sigma: "zero" (default) or "sigma_min". */
  final_sigmas_type: 'zero' | 'sigma_min';
}

/** EulerAncestralDiscreteScheduler (scheduling_euler_ancestral_discrete.py). */
export type EulerAncestralDiscreteSchedulerConfig = BaseSchedulerConfig;

/** DPMSolverMultistepScheduler (scheduling_dpmsolver_multistep.py). */
export interface DpmSolverMultistepSchedulerConfig extends BaseSchedulerConfig {
  /** Multistep order (default 2; 1 and 2 supported here). */
  solver_order: number;
  thresholding: boolean;
  dynamic_thresholding_ratio: number;
  sample_max_value: number;
  /** "dpmsolver++" (default; supported), "dpmsolver", "sde-dpmsolver", "sde-dpmsolver++". */
  algorithm_type: 'dpmsolver++' | 'dpmsolver' | 'sde-dpmsolver' | 'sde-dpmsolver++';
  /** Second-order update rule: "midpoint" (default) or "heun". */
  solver_type: 'midpoint' | 'heun';
  /** Use lower-order steps at the end when there are < 15 steps (default true). */
  lower_order_final: boolean;
  /** First-order final step (default false). */
  euler_at_final: boolean;
  use_karras_sigmas: boolean;
  use_lu_lambdas: boolean;
  /** "zero" (default: the last step goes to sigma 0, so it is always first order) or "sigma_min". */
  final_sigmas_type: 'zero' | 'sigma_min';
  /** Clip lambda(t) from below (default -Infinity = no clipping). */
  lambda_min_clipped: number;
  variance_type: string | null;
}

/** LCMScheduler (scheduling_lcm.py). */
export interface LcmSchedulerConfig extends DdimSchedulerConfig {
  /** Distillation schedule length (default 50). */
  original_inference_steps: number;
  /** Multiplies t in the consistency boundary scalings (default 10.0). */
  timestep_scaling: number;
}

/** PNDMScheduler: accepted as input only (SD1.5 ships one), converted to another class. */
export interface PndmSchedulerConfig extends BaseSchedulerConfig {
  skip_prk_steps: boolean;
  set_alpha_to_one: boolean;
}

export interface SchedulerConfigByClass {
  DDIMScheduler: DdimSchedulerConfig;
  EulerDiscreteScheduler: EulerDiscreteSchedulerConfig;
  EulerAncestralDiscreteScheduler: EulerAncestralDiscreteSchedulerConfig;
  DPMSolverMultistepScheduler: DpmSolverMultistepSchedulerConfig;
  LCMScheduler: LcmSchedulerConfig;
  PNDMScheduler: PndmSchedulerConfig;
}
export type SchedulerClassName = keyof SchedulerConfigByClass;
export type SchedulerConfig = SchedulerConfigByClass[SchedulerClassName];

const BASE: BaseSchedulerConfig = {
  num_train_timesteps: 1000, beta_start: 0.0001, beta_end: 0.02, beta_schedule: 'linear', trained_betas: null,
  prediction_type: 'epsilon', timestep_spacing: 'leading', steps_offset: 0, rescale_betas_zero_snr: false,
};
const THRESHOLD = { thresholding: false, dynamic_thresholding_ratio: 0.995, sample_max_value: 1.0 };

/** `__init__` defaults of each class in diffusers v0.29.2. */
export const SCHEDULER_DEFAULTS: { readonly [K in SchedulerClassName]: Readonly<SchedulerConfigByClass[K]> } = {
  DDIMScheduler: { ...BASE, ...THRESHOLD, clip_sample: true, clip_sample_range: 1.0, set_alpha_to_one: true },
  EulerDiscreteScheduler: {
    ...BASE, timestep_spacing: 'linspace', interpolation_type: 'linear', use_karras_sigmas: false,
    sigma_min: null, sigma_max: null, timestep_type: 'discrete', final_sigmas_type: 'zero',
  },
  EulerAncestralDiscreteScheduler: { ...BASE, timestep_spacing: 'linspace' },
  DPMSolverMultistepScheduler: {
    ...BASE, ...THRESHOLD, timestep_spacing: 'linspace', solver_order: 2, algorithm_type: 'dpmsolver++',
    solver_type: 'midpoint', lower_order_final: true, euler_at_final: false, use_karras_sigmas: false,
    use_lu_lambdas: false, final_sigmas_type: 'zero', lambda_min_clipped: -Infinity, variance_type: null,
  },
  LCMScheduler: {
    ...BASE, ...THRESHOLD, beta_start: 0.00085, beta_end: 0.012, beta_schedule: 'scaled_linear',
    original_inference_steps: 50, clip_sample: false, clip_sample_range: 1.0, set_alpha_to_one: true,
    timestep_scaling: 10.0,
  },
  PNDMScheduler: { ...BASE, skip_prk_steps: false, set_alpha_to_one: false },
};

export const SCHEDULER_CLASS_NAMES = Object.keys(SCHEDULER_DEFAULTS) as SchedulerClassName[];

export function isSchedulerClassName(s: unknown): s is SchedulerClassName {
  return typeof s === 'string' && (SCHEDULER_CLASS_NAMES as string[]).includes(s);
}

/**
 * Keys of diffusers scheduler classes we do not implement (DDPM, PNDM, Heun, KDPM2, UniPC, DEIS, LMS…)
 * that appear in real configs; diffusers drops them silently when they belong to a compatible class.
 */
const OTHER_KNOWN_KEYS = new Set([
  'variance_type', 'skip_prk_steps', 'predict_x0', 'solver_p', 'disable_corrector', 'use_exponential_sigmas',
  'use_beta_sigmas', 'use_flow_sigmas', 'flow_shift', 'clip_sample', 'set_alpha_to_one', 'shift', 'lambda_min_clipped',
]);
const ALL_KNOWN_KEYS = new Set<string>([
  ...OTHER_KNOWN_KEYS, ...Object.values(SCHEDULER_DEFAULTS).flatMap((d) => Object.keys(d)),
]);

/** Error with a stable code, for UI help. */
export class SchedulerConfigError extends Error {
  constructor(readonly code: 'BAD_JSON' | 'BAD_VALUE' | 'UNKNOWN_CLASS', message: string) {
    super(message);
    this.name = 'SchedulerConfigError';
  }
}

const PY_TOKENS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * JSON.parse that also accepts Python's json tokens `NaN`, `Infinity`, `-Infinity` outside strings
 * (diffusers writes `"lambda_min_clipped": -Infinity`, which JSON.parse rejects).
 */
export function parseSchedulerConfigJson(text: string): Record<string, unknown> {
  // Replace the bare tokens by unique string markers, then map them back in a reviver.
  const marker = '\u0000pyjson:';
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') { out += text[++i] ?? ''; continue; }
      if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') { inString = true; out += ch; continue; }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token) {
      out += JSON.stringify(marker + token);
      i += token.length - 1;
      continue;
    }
    out += ch;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(out, (_k, v) => (typeof v === 'string' && v.startsWith(marker) ? PY_TOKENS[v.slice(marker.length)] : v));
  } catch (e) {
    throw new SchedulerConfigError('BAD_JSON', `scheduler config is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SchedulerConfigError('BAD_JSON', 'scheduler config must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export interface ResolvedSchedulerConfig<K extends SchedulerClassName> {
  readonly className: K;
  readonly config: Readonly<SchedulerConfigByClass[K]>;
  /** Keys that no known scheduler class understands (diffusers logs these as warnings). */
  readonly warnings: readonly string[];
  /** Keys of other scheduler classes that were ignored, as diffusers does silently. */
  readonly ignored: readonly string[];
}

function sameKind(def: unknown, v: unknown): boolean {
  if (def === null || v === null) return true; // nullable keys (trained_betas, sigma_min, variance_type)
  if (Array.isArray(def)) return Array.isArray(v);
  return typeof def === typeof v;
}

/**
 * Resolves the effective config of `className` from a raw config object (any `_class_name`), as
 * `className.from_config(raw)` does in diffusers v0.29.2.
 */
export function resolveSchedulerConfig<K extends SchedulerClassName>(
  className: K,
  raw: Readonly<Record<string, unknown>>,
): ResolvedSchedulerConfig<K> {
  const defaults = SCHEDULER_DEFAULTS[className] as unknown as Record<string, unknown>;
  const useDefaults = new Set(Array.isArray(raw._use_default_values) ? (raw._use_default_values as string[]) : []);
  const config: Record<string, unknown> = { ...defaults };
  const warnings: string[] = [];
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_') || useDefaults.has(key)) continue;
    if (!(key in defaults)) {
      if (ALL_KNOWN_KEYS.has(key)) ignored.push(key);
      else warnings.push(`unknown ${className} config key "${key}" ignored`);
      continue;
    }
    if (key === 'trained_betas' && value !== null && !(Array.isArray(value) && value.every((x) => typeof x === 'number'))) {
      throw new SchedulerConfigError('BAD_VALUE', `trained_betas must be null or an array of numbers`);
    }
    if (!sameKind(defaults[key], value)) {
      throw new SchedulerConfigError('BAD_VALUE', `${className}.${key} must be a ${typeof defaults[key]}, got ${JSON.stringify(value)}`);
    }
    config[key] = value;
  }
  return { className, config: config as unknown as SchedulerConfigByClass[K], warnings, ignored };
}
