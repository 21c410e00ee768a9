/**
 * One shared zoom/pan state for every pane of the compare view (squoosh keeps both sides in step the same way).
 * Until the user zooms the view is "fit", recomputed from the pane size, so it follows resizes for free; once
 * zoomed, a resize re-anchors on the pane centre (see `resizeView`). Panes attach with the returned callback ref.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fitView, panBy, resizeView, wheelZoomFactor, zoomAt, zoomPercent, type Size, type ZoomPanView } from './zoomPan';

/** What panes and toolbars need from the shared zoom. */
export interface ZoomPanApi {
  view: ZoomPanView;
  /** Zoom relative to the image's intrinsic size, e.g. 300 for 3×. */
  percent: number;
  /** True when zoomed in past 100 %, so layers should use `image-rendering: pixelated`. */
  pixelated: boolean;
  /** Callback ref for each pane: wheel zooms around the cursor, drag pans, double-click resets. */
  bind: (el: HTMLElement | null) => (() => void) | undefined;
  /** Zooms by a factor around the pane centre (for +/− keys and buttons). */
  zoomBy: (factor: number) => void;
  /** Back to "fit". */
  reset: () => void;
}

/** Pointer-downs on these are the slider's own (its handle), not a pan. */
const NOT_PANNABLE = '[data-rcs="handle-root"], button, input, select';

export function useZoomPan(content: Size): ZoomPanApi {
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [userView, setUserView] = useState<ZoomPanView | null>(null);
  const view = userView ?? fitView(viewport, content);

  // Listeners are attached once per pane, so they read the latest sizes from refs instead of closures.
  // The viewport lives in the ref first: two panes report the same resize back to back, and the second must see
  // the first's update to avoid re-anchoring twice.
  const live = useRef({ viewport, content });
  live.current.content = content;

  // A different image size (the next face) starts from "fit"; the same size keeps the zoomed region.
  useEffect(() => setUserView(null), [content.width, content.height]);

  const bind = useCallback((el: HTMLElement | null) => {
    if (!el) return undefined;
    const current = () => live.current;
    const onResize = () => {
      const next = { width: el.clientWidth, height: el.clientHeight };
      const prev = current().viewport;
      if (next.width === prev.width && next.height === prev.height) return;
      live.current.viewport = next;
      setUserView((v) => v && resizeView(v, prev, next, current().content));
      setViewport(next);
    };
    onResize();
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onResize);
    ro?.observe(el);

    const onWheel = (e: WheelEvent) => {
      e.preventDefault(); // the page must not scroll while zooming
      const rect = el.getBoundingClientRect();
      const at = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      const { viewport: vp, content: c } = current();
      setUserView((v) => zoomAt(v ?? fitView(vp, c), wheelZoomFactor(e.deltaY, e.deltaMode), at, vp, c));
    };

    let drag: { id: number; x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || (e.target as Element | null)?.closest?.(NOT_PANNABLE)) return;
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
      el.setPointerCapture?.(e.pointerId);
      el.dataset.panning = 'true';
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      drag.x = e.clientX;
      drag.y = e.clientY;
      const { viewport: vp, content: c } = current();
      setUserView((v) => panBy(v ?? fitView(vp, c), dx, dy, vp, c));
    };
    const onUp = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag = null;
      delete el.dataset.panning;
    };
    const onDblClick = (e: MouseEvent) => {
      if ((e.target as Element | null)?.closest?.(NOT_PANNABLE)) return;
      setUserView(null);
    };

    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    el.addEventListener('dblclick', onDblClick);
    return () => {
      ro?.disconnect();
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      el.removeEventListener('dblclick', onDblClick);
    };
  }, []);

  const zoomBy = useCallback((factor: number) => {
    const { viewport: vp, content: c } = live.current;
    setUserView((v) => zoomAt(v ?? fitView(vp, c), factor, { x: vp.width / 2, y: vp.height / 2 }, vp, c));
  }, []);
  const reset = useCallback(() => setUserView(null), []);

  return { view, percent: zoomPercent(view), pixelated: view.scale > 1, bind, zoomBy, reset };
}
