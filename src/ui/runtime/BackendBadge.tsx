/** Shows which backend runs the models and why, with the setting that forces one. */
import { useBackendInfo } from '../../state/queries/useBackendInfo';
import { useStudioStore } from '../../state/store';
import type { BackendPreference } from '../../worker/protocol';

const choices: { value: BackendPreference; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'wasm', label: 'WASM (CPU)' },
];

export function BackendBadge() {
  const info = useBackendInfo();
  const pref = useStudioStore((s) => s.backendPreference);
  const setPref = useStudioStore((s) => s.setBackendPreference);
  const d = info.data;
  return (
    <section className="backend" aria-label="Execution backend">
      <div className="backend-line">
        <span className={`badge badge-${d?.backend ?? 'pending'}`} data-testid="backend-name">
          {info.isPending ? 'detecting…' : info.isError ? 'unavailable' : d?.backend === 'webgpu' ? 'WebGPU' : 'WASM'}
        </span>
        {d && (
          <span className="muted" data-testid="backend-threads">
            {d.backend === 'wasm' ? `${d.wasmThreads} thread${d.wasmThreads === 1 ? '' : 's'}` : d.adapter?.shaderF16 ? 'fp16 ready' : 'fp32 only'}
          </span>
        )}
        <label className="backend-setting">
          Backend
          <select value={pref} onChange={(e) => setPref(e.target.value as BackendPreference)} data-testid="backend-select">
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small" data-testid="backend-reason">
        {info.isError ? `The model worker could not start: ${(info.error as Error).message}` : d?.reason ?? ''}
      </p>
    </section>
  );
}
