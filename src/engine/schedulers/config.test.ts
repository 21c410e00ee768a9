import { describe, expect, it } from 'vitest';
import { fixtureExists, listFixtureFolders, readFixtureJson, readFixtureText } from '../../testing/fixtures';
import {
  parseSchedulerConfigJson, resolveSchedulerConfig, SCHEDULER_DEFAULTS, SchedulerConfigError, type SchedulerClassName,
} from './config';
import { createScheduler, RUNNABLE_SCHEDULER_NAMES } from './index';

describe('parseSchedulerConfigJson', () => {
  it('accepts Python json tokens outside strings only', () => {
    const c = parseSchedulerConfigJson('{"a": -Infinity, "b": [Infinity, NaN], "s": "NaN -Infinity \\" Infinity", "n": 1}');
    expect(c.a).toBe(-Infinity);
    expect(c.b).toEqual([Infinity, NaN]);
    expect(c.s).toBe('NaN -Infinity " Infinity');
    expect(c.n).toBe(1);
  });

  it('reads every fixture scheduler_config.json (DPM ones contain -Infinity)', () => {
    for (const folder of listFixtureFolders('schedulers')) {
      const c = parseSchedulerConfigJson(readFixtureText('schedulers', folder, 'scheduler_config.json'));
      expect(typeof c._class_name).toBe('string');
      if (c._class_name === 'DPMSolverMultistepScheduler') expect(c.lambda_min_clipped).toBe(-Infinity);
    }
  });

  it('rejects broken JSON and non-objects with a coded error', () => {
    expect(() => parseSchedulerConfigJson('{"a": ')).toThrow(SchedulerConfigError);
    expect(() => parseSchedulerConfigJson('[1]')).toThrow(/must be a JSON object/);
  });
});

describe('resolveSchedulerConfig (diffusers from_config)', () => {
  const sd15 = parseSchedulerConfigJson(readFixtureText('schedulers', 'sd15_scheduler_config.json'));

  // Every fixture folder's effective config must be what from_config(SD1.5 PNDM config) gives,
  // plus the explicit "timestep_spacing": "leading" for the *_leading folders.
  it.each(listFixtureFolders('schedulers'))('SD1.5 PNDM config -> %s', (folder) => {
    const effective = parseSchedulerConfigJson(readFixtureText('schedulers', folder, 'scheduler_config.json'));
    const cls = effective._class_name as SchedulerClassName;
    const input = folder.endsWith('_leading') ? { ...sd15, timestep_spacing: 'leading' } : sd15;
    const { config, warnings } = resolveSchedulerConfig(cls, input);
    expect(warnings).toEqual([]);
    for (const key of Object.keys(SCHEDULER_DEFAULTS[cls])) {
      expect([key, (config as unknown as Record<string, unknown>)[key]]).toEqual([key, effective[key]]);
    }
  });

  it('drops keys listed in _use_default_values (each class keeps its own timestep_spacing)', () => {
    const pndmEffective = readFixtureJson<{ pndm_effective_config: Record<string, unknown> }>('schedulers', 'summary.json').pndm_effective_config;
    expect(pndmEffective.timestep_spacing).toBe('leading');
    expect(resolveSchedulerConfig('DPMSolverMultistepScheduler', pndmEffective).config.timestep_spacing).toBe('linspace');
    expect(resolveSchedulerConfig('EulerDiscreteScheduler', pndmEffective).config.timestep_spacing).toBe('linspace');
    expect(resolveSchedulerConfig('DDIMScheduler', pndmEffective).config.timestep_spacing).toBe('leading');
    const { _use_default_values: _dropped, ...explicit } = pndmEffective;
    void _dropped;
    expect(resolveSchedulerConfig('DPMSolverMultistepScheduler', explicit).config.timestep_spacing).toBe('leading');
  });

  it('warns on unknown keys, ignores other classes\' keys, rejects wrong types', () => {
    const r = resolveSchedulerConfig('EulerDiscreteScheduler', { skip_prk_steps: true, solver_order: 2, fancy_new_knob: 1, beta_end: 0.012 });
    expect(r.warnings).toEqual(['unknown EulerDiscreteScheduler config key "fancy_new_knob" ignored']);
    expect(r.ignored).toEqual(['skip_prk_steps', 'solver_order']);
    expect(r.config.beta_end).toBe(0.012);
    expect(() => resolveSchedulerConfig('DDIMScheduler', { steps_offset: '1' })).toThrow(/steps_offset must be a number/);
    expect(() => resolveSchedulerConfig('DDIMScheduler', { trained_betas: ['x'] })).toThrow(/trained_betas/);
  });
});

describe('createScheduler', () => {
  it('builds every runnable class from its _class_name', () => {
    for (const name of RUNNABLE_SCHEDULER_NAMES) {
      expect(createScheduler({ _class_name: name }).scheduler.className).toBe(name);
    }
  });

  it('converts a PNDM config when given a target, and explains otherwise', () => {
    const text = readFixtureText('schedulers', 'sd15_scheduler_config.json');
    const { scheduler } = createScheduler(text, 'DPMSolverMultistepScheduler');
    expect(scheduler.config.timestep_spacing).toBe('linspace');
    expect(() => createScheduler(text)).toThrow(/pass a target class/);
    try {
      createScheduler({ _class_name: 'UniPCMultistepScheduler' });
      expect.unreachable();
    } catch (e) {
      expect((e as SchedulerConfigError).code).toBe('UNKNOWN_CLASS');
      expect((e as Error).message).toContain(RUNNABLE_SCHEDULER_NAMES.join(', '));
    }
  });

  it('fixture root is reachable', () => {
    expect(fixtureExists('schedulers', 'inputs.safetensors')).toBe(true);
  });
});
