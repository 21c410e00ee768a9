/** Runtime self-test: runs the built-in self-test model on the active backend and checks it against JS. */
import { useState } from 'react';
import { runTrackedJob } from '../../state/actions/runJob';
import { useStudioStore } from '../../state/store';
import type { SelfTestResult } from '../../worker/protocol';
import { formatDuration } from '../common/format';

export function SelfTestPanel() {
  const [result, setResult] = useState<SelfTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const addNotice = useStudioStore((s) => s.addNotice);

  const run = async (iterations: number) => {
    setRunning(true);
    setError(null);
    try {
      const r = await runTrackedJob(`Self-test (${iterations} runs)`, (api, jobId, onProgress) => api.selfTest(jobId, iterations, onProgress));
      if (r) {
        setResult(r);
        if (r.notice) addNotice('warning', r.notice);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="panel" aria-label="Runtime self-test">
      <h2>Runtime self-test</h2>
      <p className="muted small">Runs a small convolutional model in the worker on the active backend and compares every output value with a plain JavaScript computation.</p>
      <div className="row">
        <button type="button" onClick={() => run(1)} disabled={running} data-testid="selftest-run">
          Run self-test
        </button>
        <button type="button" onClick={() => run(200)} disabled={running} data-testid="selftest-bench">
          Run 200 times
        </button>
      </div>
      {result && (
        <p data-testid="selftest-result" data-ok={String(result.ok)}>
          {result.ok ? '✓' : '✗'} {result.backend === 'webgpu' ? 'WebGPU' : 'WASM'}: max abs error {result.maxAbsError.toExponential(2)} over {result.values} values ·{' '}
          {formatDuration(result.msPerRun)} per run
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
