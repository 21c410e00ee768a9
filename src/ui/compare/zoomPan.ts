/**
 * Pure zoom/pan maths for the compare view. One view is shared by every pane (before, after, slider layers,
 * difference canvas), so these functions work in pane coordinates: a content pixel (cx, cy) is drawn at
 * screen (x + cx·scale, y + cy·scale) relative to the pane's top-left corner.
 */

/** Scale and translation of the content inside a pane. */
export interface ZoomPanView {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Deepest zoom: 32× makes each pixel of a 112×112 face a clearly visible block. */
export const MAX_SCALE = 32;
/** Zoom step for +/− keys and buttons. */
export const ZOOM_STEP = 1.25;

function validSize(s: Size): boolean {
  return s.width > 0 && s.height > 0;
}

/** The scale at which the whole content fits the pane (contain), centred. */
export function fitView(viewport: Size, content: Size): ZoomPanView {
  if (!validSize(viewport) || !validSize(content)) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(viewport.width / content.width, viewport.height / content.height);
  return { scale, x: (viewport.width - content.width * scale) / 2, y: (viewport.height - content.height * scale) / 2 };
}

/**
 * Allowed scale range: never smaller than both "fit" and 100 % (zooming out past that only shows empty pane),
 * never beyond {@link MAX_SCALE} unless fitting already needs more (a tiny image in a huge pane).
 */
export function scaleLimits(viewport: Size, content: Size): { min: number; max: number } {
  const fit = fitView(viewport, content).scale;
  return { min: Math.min(fit, 1), max: Math.max(fit, MAX_SCALE) };
}

/**
 * Keeps the content on screen: an axis smaller than the pane is centred, a larger one may not leave a gap at
 * either edge. The scale is clamped to {@link scaleLimits} first.
 */
export function clampView(view: ZoomPanView, viewport: Size, content: Size): ZoomPanView {
  if (!validSize(viewport) || !validSize(content)) return view;
  const { min, max } = scaleLimits(viewport, content);
  const scale = Math.min(max, Math.max(min, view.scale));
  const clampAxis = (pos: number, pane: number, size: number) => {
    const scaled = size * scale;
    if (scaled <= pane) return (pane - scaled) / 2;
    return Math.min(0, Math.max(pane - scaled, pos));
  };
  return { scale, x: clampAxis(view.x, viewport.width, content.width), y: clampAxis(view.y, viewport.height, content.height) };
}

/**
 * Zooms by `factor` keeping the content point under `at` (pane coordinates) fixed — the "zoom around the
 * cursor" behaviour — then clamps.
 */
export function zoomAt(view: ZoomPanView, factor: number, at: Point, viewport: Size, content: Size): ZoomPanView {
  const { min, max } = scaleLimits(viewport, content);
  const scale = Math.min(max, Math.max(min, view.scale * factor));
  const k = scale / view.scale;
  return clampView({ scale, x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k }, viewport, content);
}

/** Moves the content by a screen-space delta, then clamps. */
export function panBy(view: ZoomPanView, dx: number, dy: number, viewport: Size, content: Size): ZoomPanView {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, viewport, content);
}

/**
 * Re-anchors a view after the pane resized so the content point at the old pane's centre stays at the new
 * pane's centre (what users expect when a window is resized or the mode changes pane width).
 */
export function resizeView(view: ZoomPanView, from: Size, to: Size, content: Size): ZoomPanView {
  if (!validSize(from)) return clampView(view, to, content);
  const cx = (from.width / 2 - view.x) / view.scale;
  const cy = (from.height / 2 - view.y) / view.scale;
  return clampView({ scale: view.scale, x: to.width / 2 - cx * view.scale, y: to.height / 2 - cy * view.scale }, to, content);
}

/**
 * Zoom factor for a wheel event: exponential so that equal scroll distances give equal ratios, with line/page
 * deltas converted to pixels. Positive deltaY (scroll down) zooms out.
 */
export function wheelZoomFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  // Cap one event's effect so a fast flick on a coarse wheel does not jump 10×.
  const capped = Math.max(-300, Math.min(300, px));
  return Math.exp(-capped * 0.002);
}

/** Scale as a whole percentage of the image's intrinsic size. */
export function zoomPercent(view: ZoomPanView): number {
  return Math.round(view.scale * 100);
}

/** CSS transform for a layer whose transform-origin is its top-left corner. */
export function viewTransform(view: ZoomPanView): string {
  return `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
}
