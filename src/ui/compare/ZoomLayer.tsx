/**
 * A layer drawn at the image's intrinsic size and moved by the shared zoom/pan transform. Every pane wraps its
 * content in one, so before, after, the slider layers and the difference canvas stay pixel-aligned.
 */
import type { ReactNode } from 'react';
import type { ZoomPanApi } from './useZoomPan';
import { viewTransform, type Size } from './zoomPan';

export interface ZoomLayerProps {
  zoom: ZoomPanApi;
  size: Size;
  children: ReactNode;
}

export function ZoomLayer({ zoom, size, children }: ZoomLayerProps) {
  return (
    <div
      className={`compare-layer${zoom.pixelated ? ' pixelated' : ''}`}
      style={{ width: size.width, height: size.height, transform: viewTransform(zoom.view) }}
    >
      {children}
    </div>
  );
}
