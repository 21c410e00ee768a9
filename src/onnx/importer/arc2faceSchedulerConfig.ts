/**
 * @file The scheduler Arc2Face samples with: `DPMSolverMultistepScheduler.from_config(SD1.5 PNDM config)`
 * (method.md §b.5), written out as diffusers v0.29.2 resolves it — identical to
 * fixtures/schedulers/dpmsolver_multistep/scheduler_config.json, except that `lambda_min_clipped`
 * (-Infinity there) is omitted: JSON cannot hold -Infinity, and omitting it is exact because
 * -Infinity is the class default diffusers applies to a missing key.
 */

/** A fresh copy of the config object for a pack manifest's `scheduler` field. */
export function arc2faceSchedulerConfig(): Record<string, unknown> {
  return {
    _class_name: 'DPMSolverMultistepScheduler',
    _diffusers_version: '0.29.2',
    algorithm_type: 'dpmsolver++',
    beta_end: 0.012,
    beta_schedule: 'scaled_linear',
    beta_start: 0.00085,
    clip_sample: false,
    dynamic_thresholding_ratio: 0.995,
    euler_at_final: false,
    final_sigmas_type: 'zero',
    lower_order_final: true,
    num_train_timesteps: 1000,
    prediction_type: 'epsilon',
    rescale_betas_zero_snr: false,
    sample_max_value: 1.0,
    set_alpha_to_one: false,
    skip_prk_steps: true,
    solver_order: 2,
    solver_type: 'midpoint',
    steps_offset: 1,
    thresholding: false,
    timestep_spacing: 'linspace',
    trained_betas: null,
    use_karras_sigmas: false,
    use_lu_lambdas: false,
    variance_type: null,
  };
}
