/**
 * Controls generated from the active pack's manifest (one slider per control), the seed, presets, reset,
 * and a share link that encodes the settings in the URL.
 */
import { AUGMENT_PRESETS, type AugmentPresetName } from '../../engine/augment/augmentPresets';
import { useLoadedPacks } from '../../state/queries/usePacks';
import { useStudioStore } from '../../state/store';
import { serializeUrlSettings } from '../../state/urlState';
import { ControlSlider } from './ControlSlider';
import { Arc2FaceExtras } from './Arc2FaceExtras';
import { VariationsField } from './VariationsField';

export function ControlsPanel() {
  const packs = useLoadedPacks();
  const activePackId = useStudioStore((s) => s.activePackId);
  const values = useStudioStore((s) => (activePackId ? s.controlValues[activePackId] : undefined));
  const setControl = useStudioStore((s) => s.setControl);
  const applyPreset = useStudioStore((s) => s.applyPreset);
  const resetControls = useStudioStore((s) => s.resetControls);
  const seed = useStudioStore((s) => s.seed);
  const seedLocked = useStudioStore((s) => s.seedLocked);
  const setSeed = useStudioStore((s) => s.setSeed);
  const setSeedLocked = useStudioStore((s) => s.setSeedLocked);
  const variations = useStudioStore((s) => s.variationsPerIdentity);
  const setVariations = useStudioStore((s) => s.setVariationsPerIdentity);
  const addNotice = useStudioStore((s) => s.addNotice);
  const pack = (packs.data ?? []).find((p) => p.id === activePackId);

  if (!pack) {
    return (
      <section className="panel" aria-label="Controls">
        <h2>Controls</h2>
        <p className="muted small">Load a model pack to see its controls.</p>
      </section>
    );
  }
  const current = (input: string, fallback: number) => values?.[input] ?? fallback;
  const defaults = Object.fromEntries(pack.controls.map((c) => [c.input, c.default]));
  const share = async () => {
    const fragment = serializeUrlSettings({ packId: pack.id, seed, variations, controls: { ...defaults, ...values } });
    const url = `${location.origin}${location.pathname}#${fragment}`;
    history.replaceState(null, '', `#${fragment}`);
    try {
      await navigator.clipboard.writeText(url);
      addNotice('info', 'A link with these settings was copied to the clipboard.');
    } catch {
      addNotice('info', `Share this link: ${url}`);
    }
  };

  return (
    <section className="panel controls" aria-label="Controls">
      <h2>Controls · {pack.name}</h2>
      {pack.kind === 'augment' && <p className="muted small">A baseline with no learned model: it applies DigiFace-1M's camera-like augmentations.</p>}
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => resetControls(pack.id, defaults)}
          data-testid="controls-reset"
        >
          Reset to defaults
        </button>
        {pack.kind === 'augment' &&
          (Object.keys(AUGMENT_PRESETS) as AugmentPresetName[]).map((name) => (
            <button key={name} type="button" className="secondary" onClick={() => applyPreset(pack.id, AUGMENT_PRESETS[name])} data-testid={`preset-${name}`}>
              {name}
            </button>
          ))}
      </div>
      {pack.kind === 'arc2face' && <Arc2FaceExtras values={values} onChange={(input, v) => setControl(pack.id, input, v)} />}
      {pack.testOnly && <p className="muted small">Test pack with random weights: its images are noise-like by design.</p>}
      {pack.controls.map((c) => (
        <ControlSlider key={c.input} control={c} value={current(c.input, c.default)} onChange={(v) => setControl(pack.id, c.input, v)} />
      ))}
      <VariationsField value={variations} onChange={setVariations} />
      <div className="seed-row row">
        <label>
          Seed{' '}
          <input
            type="number"
            min={0}
            step={1}
            value={seed}
            data-testid="seed"
            onChange={(e) => {
              const n = Math.floor(Number(e.target.value));
              if (Number.isSafeInteger(n) && n >= 0) setSeed(n);
            }}
          />
        </label>
        <label className="small">
          <input type="checkbox" checked={seedLocked} onChange={(e) => setSeedLocked(e.target.checked)} data-testid="seed-lock" /> lock
        </label>
        <button type="button" className="secondary" onClick={() => setSeed(Math.floor(Math.random() * 2 ** 31))} data-testid="seed-randomise">
          Randomise
        </button>
        <button type="button" className="link" onClick={() => void share()} data-testid="share-link">
          Copy share link
        </button>
      </div>
    </section>
  );
}
