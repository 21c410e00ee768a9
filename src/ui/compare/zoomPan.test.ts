import { describe, expect, it } from 'vitest';
import { MAX_SCALE, clampView, fitView, panBy, resizeView, scaleLimits, viewTransform, wheelZoomFactor, zoomAt, zoomPercent } from './zoomPan';

const face = { width: 112, height: 112 };
const pane = { width: 448, height: 336 };

/** Screen position of a content point under a view. */
const toScreen = (v: { scale: number; x: number; y: number }, cx: number, cy: number) => ({ x: v.x + cx * v.scale, y: v.y + cy * v.scale });

describe('fitView', () => {
  it('contains and centres the content', () => {
    expect(fitView(pane, face)).toEqual({ scale: 3, x: 56, y: 0 });
    expect(fitView({ width: 100, height: 200 }, { width: 200, height: 100 })).toEqual({ scale: 0.5, x: 0, y: 75 });
  });
  it('falls back to identity for empty sizes', () => {
    expect(fitView({ width: 0, height: 0 }, face)).toEqual({ scale: 1, x: 0, y: 0 });
  });
});

describe('scaleLimits', () => {
  it('allows fit..32× for small faces and 100 %..32× for large images', () => {
    expect(scaleLimits(pane, face)).toEqual({ min: 1, max: MAX_SCALE });
    expect(scaleLimits(pane, { width: 896, height: 672 })).toEqual({ min: 0.5, max: MAX_SCALE });
    expect(scaleLimits({ width: 4000, height: 4000 }, { width: 10, height: 10 }).max).toBe(400);
  });
});

describe('clampView', () => {
  it('centres an axis smaller than the pane', () => {
    expect(clampView({ scale: 2, x: -500, y: 999 }, pane, face)).toEqual({ scale: 2, x: 112, y: 56 });
  });
  it('keeps a larger axis from leaving gaps', () => {
    const v = clampView({ scale: 8, x: 10, y: -10_000 }, pane, face);
    expect(v).toEqual({ scale: 8, x: 0, y: 336 - 896 });
  });
  it('clamps the scale', () => {
    expect(clampView({ scale: 100, x: 0, y: 0 }, pane, face).scale).toBe(MAX_SCALE);
    expect(clampView({ scale: 0.01, x: 0, y: 0 }, pane, face).scale).toBe(1);
  });
});

describe('zoomAt', () => {
  it('keeps the content point under the cursor fixed', () => {
    const v0 = fitView(pane, face);
    const cursor = { x: 200, y: 100 };
    const content = { x: (cursor.x - v0.x) / v0.scale, y: (cursor.y - v0.y) / v0.scale };
    const v1 = zoomAt(v0, 2, cursor, pane, face);
    expect(v1.scale).toBe(6);
    const s = toScreen(v1, content.x, content.y);
    expect(s.x).toBeCloseTo(cursor.x, 9);
    expect(s.y).toBeCloseTo(cursor.y, 9);
  });
  it('zooming in then out by the same factor around the same point round-trips', () => {
    const v0 = zoomAt(fitView(pane, face), 4, { x: 300, y: 200 }, pane, face);
    const v1 = zoomAt(zoomAt(v0, 1.5, { x: 123, y: 45 }, pane, face), 1 / 1.5, { x: 123, y: 45 }, pane, face);
    expect(v1.scale).toBeCloseTo(v0.scale, 9);
    expect(v1.x).toBeCloseTo(v0.x, 9);
    expect(v1.y).toBeCloseTo(v0.y, 9);
  });
  it('stops at the limits', () => {
    expect(zoomAt(fitView(pane, face), 1000, { x: 0, y: 0 }, pane, face).scale).toBe(MAX_SCALE);
    expect(zoomAt(fitView(pane, face), 0.001, { x: 0, y: 0 }, pane, face)).toEqual({ scale: 1, x: 168, y: 112 });
  });
});

describe('panBy', () => {
  it('moves when zoomed in and is clamped at the edges', () => {
    const v = zoomAt(fitView(pane, face), 4, { x: 224, y: 168 }, pane, face);
    const moved = panBy(v, -10, 5, pane, face);
    expect(moved.x).toBeCloseTo(v.x - 10, 9);
    expect(moved.y).toBeCloseTo(v.y + 5, 9);
    expect(panBy(v, 1e6, 1e6, pane, face)).toMatchObject({ x: 0, y: 0 });
  });
  it('does nothing on an axis that fits', () => {
    expect(panBy(fitView(pane, face), 30, 0, pane, face)).toEqual(fitView(pane, face));
  });
});

describe('resizeView', () => {
  it('keeps the centred content point centred', () => {
    const v = zoomAt(fitView(pane, face), 4, { x: 100, y: 100 }, pane, face);
    const centre = { x: (pane.width / 2 - v.x) / v.scale, y: (pane.height / 2 - v.y) / v.scale };
    const to = { width: 600, height: 300 };
    const r = resizeView(v, pane, to, face);
    const s = toScreen(r, centre.x, centre.y);
    expect(s.x).toBeCloseTo(300, 9);
    expect(s.y).toBeCloseTo(150, 9);
  });
  it('clamps when the old pane was unmeasured', () => {
    expect(resizeView({ scale: 3, x: 0, y: 0 }, { width: 0, height: 0 }, pane, face)).toEqual({ scale: 3, x: 56, y: 0 });
  });
});

describe('wheel, percent, transform', () => {
  it('scroll up zooms in, down zooms out, symmetric', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100)).toBeLessThan(1);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(48), 12);
    expect(wheelZoomFactor(1e6)).toBeCloseTo(wheelZoomFactor(300), 12);
  });
  it('formats', () => {
    expect(zoomPercent({ scale: 3.004, x: 0, y: 0 })).toBe(300);
    expect(viewTransform({ scale: 2, x: 5, y: -3 })).toBe('translate(5px, -3px) scale(2)');
  });
});
