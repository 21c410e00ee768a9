/**
 * @file Scheduler registry: `_class_name` -> factory, with diffusers v0.29.2 `from_config` semantics
 * (see config.ts). A PNDMScheduler config (SD1.5's) is accepted as input and converted to the requested
 * class, as Arc2Face does with `DPMSolverMultistepScheduler.from_config(pipe.scheduler.config)`.
 */
import {
  parseSchedulerConfigJson, resolveSchedulerConfig, SchedulerConfigError,
  type SchedulerClassName, type SchedulerConfigByClass,
} from './config';
import { createDdimScheduler, type DdimOptions } from './ddim';
import { createDpmSolverMultistepScheduler } from './dpmSolverMultistep';
import { createEulerAncestralDiscreteScheduler } from './eulerAncestralDiscrete';
import { createEulerDiscreteScheduler } from './eulerDiscrete';
import { createLcmScheduler } from './lcm';
import type { Scheduler } from './types';

export * from './types';
export * from './config';
export { img2imgStart, type Img2ImgStart } from './img2img';
export { createDdimScheduler, createDpmSolverMultistepScheduler, createEulerAncestralDiscreteScheduler, createEulerDiscreteScheduler, createLcmScheduler };

/** Classes that can run (PNDMScheduler is input-only). */
export type RunnableSchedulerName = Exclude<SchedulerClassName, 'PNDMScheduler'>;

export interface SchedulerOptions extends DdimOptions {}

type Factories = { [K in RunnableSchedulerName]: (config: SchedulerConfigByClass[K], options: SchedulerOptions) => Scheduler };

export const SCHEDULER_FACTORIES: Readonly<Factories> = {
  DDIMScheduler: (c, o) => createDdimScheduler(c, o),
  EulerDiscreteScheduler: (c) => createEulerDiscreteScheduler(c),
  EulerAncestralDiscreteScheduler: (c) => createEulerAncestralDiscreteScheduler(c),
  DPMSolverMultistepScheduler: (c) => createDpmSolverMultistepScheduler(c) as Scheduler,
  LCMScheduler: (c) => createLcmScheduler(c),
};

export const RUNNABLE_SCHEDULER_NAMES = Object.keys(SCHEDULER_FACTORIES) as RunnableSchedulerName[];

export interface CreatedScheduler {
  readonly scheduler: Scheduler;
  readonly warnings: readonly string[];
}

function isRunnable(name: unknown): name is RunnableSchedulerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SCHEDULER_FACTORIES, name);
}

/**
 * Builds a scheduler from a `scheduler_config.json` (text with Python Infinity/NaN allowed, or an
 * already-parsed object).
 * @param target class to build (`Cls.from_config(config)`); defaults to the config's `_class_name`.
 * @throws SchedulerConfigError('UNKNOWN_CLASS') listing the known names.
 */
export function createScheduler(
  configJson: string | Readonly<Record<string, unknown>>,
  target?: RunnableSchedulerName,
  options: SchedulerOptions = {},
): CreatedScheduler {
  const raw = typeof configJson === 'string' ? parseSchedulerConfigJson(configJson) : configJson;
  const name = target ?? raw._class_name;
  if (!isRunnable(name)) {
    const hint = name === 'PNDMScheduler'
      ? 'PNDMScheduler configs are accepted only as input: pass a target class (Arc2Face uses DPMSolverMultistepScheduler). '
      : '';
    throw new SchedulerConfigError('UNKNOWN_CLASS', `${hint}Unknown scheduler class ${JSON.stringify(name)}; known: ${RUNNABLE_SCHEDULER_NAMES.join(', ')}`);
  }
  const resolved = resolveSchedulerConfig(name, raw);
  const factory = SCHEDULER_FACTORIES[name] as (c: unknown, o: SchedulerOptions) => Scheduler;
  return { scheduler: factory(resolved.config, options), warnings: resolved.warnings };
}
