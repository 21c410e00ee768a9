/**
 * Before/after comparison: side by side, slider overlay or amplified difference, all under one shared zoom/pan,
 * with a variation grid as a sibling. Presentational: the mode is controlled by the caller; zoom, slider split
 * and amplification are view-local state.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { compareKeyAction } from './compareKeys';
import { DEFAULT_AMPLIFICATION } from './difference';
import { DifferenceView } from './DifferenceView';
import { SideBySide } from './SideBySide';
import { SliderOverlay, type SliderControl } from './SliderOverlay';
import { COMPARE_MODES, type CompareImage, type CompareMode, type CompareSimilarity, type CompareVariation } from './types';
import { useZoomPan } from './useZoomPan';
import { VariationGrid } from './VariationGrid';
import { ZOOM_STEP } from './zoomPan';

/** Props for {@link CompareView}. */
export interface CompareViewProps {
  before: CompareImage;
  /** Null until the face has been enhanced: the before image is shown alone. */
  after: CompareImage | null;
  mode: CompareMode;
  onModeChange: (mode: CompareMode) => void;
  variations?: CompareVariation[];
  /** Which variation is being compared, highlighted in the grid. */
  activeVariationId?: string | null;
  onPickVariation?: (id: string) => void;
  onPrev?: () => void;
  onNext?: () => void;
  similarity?: CompareSimilarity | null;
  caption?: string;
  /** Initial difference amplification (default ×4). */
  defaultAmplification?: number;
  /** Height of the image stage (default from CSS, min(60vh, 560px)). */
  height?: number | string;
}

const MODE_LABELS: Record<CompareMode, string> = { 'side-by-side': 'Side by side', slider: 'Slider', difference: 'Difference' };

/** Form fields and the slider handle keep their own keys. */
function ownsKeys(target: EventTarget, key: string): boolean {
  const el = target as HTMLElement;
  if (el.closest?.('input, select, textarea, [contenteditable="true"]')) return true;
  return key.startsWith('Arrow') || key === 'Home' || key === 'End' ? !!el.closest?.('[role="slider"]') : false;
}

export function CompareView({
  before,
  after,
  mode,
  onModeChange,
  variations,
  activeVariationId,
  onPickVariation,
  onPrev,
  onNext,
  similarity,
  caption,
  defaultAmplification = DEFAULT_AMPLIFICATION,
  height,
}: CompareViewProps) {
  // Both sides are drawn at one intrinsic size; the larger one, so a higher-resolution result loses no detail.
  const size = after
    ? { width: Math.max(before.width, after.width), height: Math.max(before.height, after.height) }
    : { width: before.width, height: before.height };
  const zoom = useZoomPan(size);
  const sliderRef = useRef<SliderControl>(null);
  const [amplification, setAmplification] = useState(defaultAmplification);
  const shownMode: CompareMode = after ? mode : 'side-by-side';

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.defaultPrevented || ownsKeys(e.target, e.key)) return;
    const action = compareKeyAction(e, shownMode);
    switch (action.type) {
      case 'none':
        return;
      case 'prev':
        if (!onPrev) return;
        onPrev();
        break;
      case 'next':
        if (!onNext) return;
        onNext();
        break;
      case 'mode':
        if (!after || action.mode === mode) return;
        onModeChange(action.mode);
        break;
      case 'zoom':
        zoom.zoomBy(action.direction > 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
        break;
      case 'reset':
        zoom.reset();
        break;
      case 'split':
        sliderRef.current?.setSplit(action.percent);
        break;
    }
    e.preventDefault();
  };

  return (
    <section className="compare panel" data-testid="compare" data-mode={shownMode} tabIndex={0} onKeyDown={onKeyDown} aria-label="Compare before and after">
      <div className="compare-toolbar">
        <div className="compare-modes" role="group" aria-label="Compare mode">
          {COMPARE_MODES.map((m, i) => (
            <button
              key={m}
              type="button"
              className={shownMode === m ? 'secondary active' : 'secondary'}
              aria-pressed={shownMode === m}
              disabled={!after && m !== 'side-by-side'}
              onClick={() => m !== mode && onModeChange(m)}
              title={`${MODE_LABELS[m]} (${i + 1})`}
              data-testid={`compare-mode-${m}`}
            >
              {MODE_LABELS[m]}
            </button>
          ))}
        </div>
        <div className="compare-zoom-controls row">
          <button type="button" className="secondary" onClick={() => zoom.zoomBy(1 / ZOOM_STEP)} title="Zoom out (−)" aria-label="Zoom out" data-testid="compare-zoom-out">
            −
          </button>
          <span className="compare-zoom-value" data-testid="compare-zoom" aria-live="polite">
            {zoom.percent} %
          </span>
          <button type="button" className="secondary" onClick={() => zoom.zoomBy(ZOOM_STEP)} title="Zoom in (+)" aria-label="Zoom in" data-testid="compare-zoom-in">
            +
          </button>
          <button type="button" className="secondary" onClick={zoom.reset} title="Fit (0, or double-click the image)" data-testid="compare-zoom-reset">
            Fit
          </button>
        </div>
        {shownMode === 'slider' && (
          <div className="row compare-split-controls" role="group" aria-label="Split position">
            {([0, 50, 100] as const).map((p) => (
              <button key={p} type="button" className="link small" onClick={() => sliderRef.current?.setSplit(p)} title={p === 0 ? 'All after (Home)' : p === 100 ? 'All before (End)' : 'Half and half (5)'} data-testid={`compare-split-${p}`}>
                {p} %
              </button>
            ))}
          </div>
        )}
        {(onPrev || onNext) && (
          <div className="row compare-nav">
            <button type="button" className="secondary" onClick={onPrev} disabled={!onPrev} title="Previous (←)" data-testid="compare-prev">
              ‹ Prev
            </button>
            <button type="button" className="secondary" onClick={onNext} disabled={!onNext} title="Next (→)" data-testid="compare-next">
              Next ›
            </button>
          </div>
        )}
      </div>

      <div className="compare-stage" style={height === undefined ? undefined : { height }}>
        {shownMode === 'side-by-side' && <SideBySide before={before} after={after} size={size} zoom={zoom} />}
        {shownMode === 'slider' && after && <SliderOverlay before={before} after={after} size={size} zoom={zoom} controlRef={sliderRef} />}
        {shownMode === 'difference' && after && (
          <DifferenceView before={before} after={after} size={size} zoom={zoom} amplification={amplification} onAmplificationChange={setAmplification} />
        )}
      </div>

      <div className="compare-footer small">
        {caption && (
          <span className="compare-caption" data-testid="compare-caption">
            {caption}
          </span>
        )}
        {!after && (
          <span className="muted" data-testid="compare-not-enhanced">
            Not enhanced yet
          </span>
        )}
        {similarity ? (
          <span data-testid="compare-similarity" data-value={similarity.value}>
            ID similarity {similarity.value.toFixed(2)} ({similarity.model})
          </span>
        ) : (
          <span className="muted" data-testid="compare-similarity">
            ID similarity: needs a face-identity model
          </span>
        )}
      </div>

      {variations && variations.length > 0 && <VariationGrid variations={variations} activeId={activeVariationId} onPick={onPickVariation} />}
    </section>
  );
}
