/**
 * |after − before| per channel, amplified, on a canvas under the shared zoom/pan, with an amplification control
 * and a one-line summary. Pixels are decoded once per image pair; changing the amplification only recomputes.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { AMPLIFICATIONS, computeDifference, differenceStats, type DifferenceStats } from './difference';
import { loadPixels } from './loadPixels';
import type { CompareImage } from './types';
import type { ZoomPanApi } from './useZoomPan';
import { ZoomLayer } from './ZoomLayer';
import type { Size } from './zoomPan';

export interface DifferenceViewProps {
  before: CompareImage;
  after: CompareImage;
  size: Size;
  zoom: ZoomPanApi;
  amplification: number;
  onAmplificationChange: (amplification: number) => void;
}

type Loaded = { key: string; before: ImageData; after: ImageData; stats: DifferenceStats } | { key: string; error: string };

export function DifferenceView({ before, after, size, zoom, amplification, onAmplificationChange }: DifferenceViewProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const key = `${before.url}|${after.url}|${size.width}x${size.height}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([loadPixels(before.url, size), loadPixels(after.url, size)]).then(
      ([b, a]) => !cancelled && setLoaded({ key, before: b, after: a, stats: differenceStats(b, a) }),
      (err: unknown) => !cancelled && setLoaded({ key, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      cancelled = true;
    };
    // `key` captures every input that changes the pixels.
  }, [key]);

  const current = loaded && loaded.key === key ? loaded : null;
  const pixels = current && 'before' in current ? current : null;

  useLayoutEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx || !pixels) return;
    const out = ctx.createImageData(pixels.before.width, pixels.before.height);
    // Writes straight into the ImageData's buffer, so no copy is made.
    computeDifference(pixels.before, pixels.after, amplification, out.data);
    ctx.putImageData(out, 0, 0);
  }, [pixels, amplification]);

  return (
    <div className="compare-difference">
      <div className="compare-pane" ref={zoom.bind}>
        <ZoomLayer zoom={zoom} size={size}>
          <canvas ref={canvasRef} width={size.width} height={size.height} data-testid="compare-difference" data-ready={pixels ? 'true' : 'false'} aria-label={`Difference ×${amplification}`} />
        </ZoomLayer>
        <span className="compare-pane-label">|After − Before| ×{amplification}</span>
        {current && 'error' in current && <p className="error small compare-pane-note">Could not read the images: {current.error}</p>}
        {!current && <p className="muted small compare-pane-note">Computing difference…</p>}
      </div>
      <div className="row small compare-difference-bar">
        <label className="muted">
          Amplify{' '}
          <select value={amplification} onChange={(e) => onAmplificationChange(Number(e.target.value))} data-testid="compare-amplification">
            {AMPLIFICATIONS.map((a) => (
              <option key={a} value={a}>
                ×{a}
              </option>
            ))}
          </select>
        </label>
        {pixels && (
          <span className="muted" data-testid="compare-difference-stats">
            mean |Δ| {pixels.stats.meanAbs.toFixed(1)} · max {pixels.stats.maxAbs} · {(pixels.stats.changedFraction * 100).toFixed(1)} % of pixels changed by more than 8
          </span>
        )}
      </div>
    </div>
  );
}
