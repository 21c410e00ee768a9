/**
 * The live preview: renders the current spec in the worker (debounced, one at a time, latest wins) and keeps
 * an object URL of the newest PNG. `ready` is true once the shown image belongs to the current spec.
 */
import { useEffect, useRef, useState } from 'react';
import { renderPreviewAction } from '../../state/actions/renderActions';
import type { RenderPreviewResult, RenderSpec } from '../../worker/protocol';
import { createLatestOnly, type LatestOnly } from './createLatestOnly';
import { specKey } from './rendererSettings';

/** Long enough to coalesce a slider drag's bursts, short enough to feel immediate. */
const PREVIEW_DEBOUNCE_MS = 120;

export interface RenderPreviewState {
  url: string | null;
  result: RenderPreviewResult | null;
  /** Key of the spec the shown image was rendered from. */
  shownKey: string | null;
  error: string | null;
  ready: boolean;
}

export function useRenderPreview(spec: RenderSpec): RenderPreviewState {
  const key = specKey(spec);
  const [shown, setShown] = useState<{ url: string | null; result: RenderPreviewResult | null; key: string | null; error: string | null }>({
    url: null,
    result: null,
    key: null,
    error: null,
  });
  const runner = useRef<LatestOnly<{ key: string; spec: RenderSpec }> | null>(null);
  const urlRef = useRef<string | null>(null);

  useEffect(() => {
    const r = createLatestOnly<{ key: string; spec: RenderSpec }, RenderPreviewResult>({
      run: (req) => renderPreviewAction(req.spec),
      onResult: (result, req) => {
        const url = URL.createObjectURL(result.png);
        if (urlRef.current) URL.revokeObjectURL(urlRef.current);
        urlRef.current = url;
        setShown({ url, result, key: req.key, error: null });
      },
      onError: (e, req) => setShown((s) => ({ ...s, key: req.key, error: e instanceof Error ? e.message : String(e) })),
      delayMs: PREVIEW_DEBOUNCE_MS,
    });
    runner.current = r;
    return () => {
      r.dispose();
      runner.current = null;
    };
  }, []);

  useEffect(() => {
    runner.current?.request({ key, spec });
    // `key` captures everything in `spec`; the object itself is new on every render.
  }, [key]);

  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      urlRef.current = null;
    },
    [],
  );

  return { url: shown.url, result: shown.result, shownKey: shown.key, error: shown.error, ready: shown.key === key && shown.error === null };
}
