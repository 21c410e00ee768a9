/** Before and after in two equal panes under one zoom/pan; with no `after`, the before image alone. */
import type { CompareImage } from './types';
import type { ZoomPanApi } from './useZoomPan';
import { ZoomLayer } from './ZoomLayer';
import type { Size } from './zoomPan';

export interface SideBySideProps {
  before: CompareImage;
  after: CompareImage | null;
  /** Common intrinsic size both images are drawn at. */
  size: Size;
  zoom: ZoomPanApi;
}

export function SideBySide({ before, after, size, zoom }: SideBySideProps) {
  return (
    <div className={`compare-side-by-side${after ? '' : ' single'}`}>
      <div className="compare-pane" ref={zoom.bind}>
        <ZoomLayer zoom={zoom} size={size}>
          <img src={before.url} alt={before.label} draggable={false} data-testid="compare-before" />
        </ZoomLayer>
        <span className="compare-pane-label">Before · {before.label}</span>
      </div>
      {after && (
        <div className="compare-pane" ref={zoom.bind}>
          <ZoomLayer zoom={zoom} size={size}>
            <img src={after.url} alt={after.label} draggable={false} data-testid="compare-after" />
          </ZoomLayer>
          <span className="compare-pane-label">After · {after.label}</span>
        </div>
      )}
    </div>
  );
}
