/**
 * Before/after overlay with a draggable split, built from react-compare-slider's parts so both layers can carry
 * the shared zoom/pan. The split lives in the library's one CSS variable (a percentage, so it stays relative on
 * resize). Only the handle moves the split; dragging anywhere else pans, like the other modes.
 */
import { useImperativeHandle, type Ref } from 'react';
import { Handle, HandleRoot, Item, Provider, Root } from 'react-compare-slider/components';
import { useReactCompareSlider } from 'react-compare-slider/hooks';
import type { CompareImage } from './types';
import type { ZoomPanApi } from './useZoomPan';
import { ZoomLayer } from './ZoomLayer';
import type { Size } from './zoomPan';

/** Imperative control, for the 0/50/100 % keys handled by the compare view. */
export interface SliderControl {
  setSplit: (percent: number) => void;
}

export interface SliderOverlayProps {
  before: CompareImage;
  after: CompareImage;
  size: Size;
  zoom: ZoomPanApi;
  controlRef?: Ref<SliderControl>;
}

export function SliderOverlay({ before, after, size, zoom, controlRef }: SliderOverlayProps) {
  // No transition: the split should track the pointer exactly when comparing fine detail.
  const slider = useReactCompareSlider({ onlyHandleDraggable: true, transition: undefined, defaultPosition: 50 });
  const { setPosition } = slider;
  useImperativeHandle(controlRef, () => ({ setSplit: setPosition }), [setPosition]);

  return (
    <div className="compare-pane compare-slider" ref={zoom.bind}>
      <Provider {...slider}>
        <Root className="compare-slider-root" style={{ width: '100%', height: '100%', touchAction: 'none' }}>
          <Item item="itemOne" className="compare-slider-item">
            <ZoomLayer zoom={zoom} size={size}>
              <img src={before.url} alt={before.label} draggable={false} data-testid="compare-before" />
            </ZoomLayer>
          </Item>
          <Item item="itemTwo" className="compare-slider-item">
            <ZoomLayer zoom={zoom} size={size}>
              <img src={after.url} alt={after.label} draggable={false} data-testid="compare-after" />
            </ZoomLayer>
          </Item>
          <HandleRoot data-testid="compare-slider-handle">
            <Handle />
          </HandleRoot>
        </Root>
      </Provider>
      <span className="compare-pane-label">Before · {before.label}</span>
      <span className="compare-pane-label right">After · {after.label}</span>
    </div>
  );
}
