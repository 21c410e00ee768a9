import { describe, expect, it } from 'vitest';
import { blazeFaceAnchors } from './blazeFaceAnchors';
import { blazeFaceInput } from './blazeFaceInput';
import { decodeBlazeFace, detectionToSource } from './decodeBlazeFace';
import { faceMeshCropTransform, meshToSource, squareBoxAround } from './faceMeshInput';

describe('blazeFaceAnchors', () => {
  it('lays out 512 stride-16 then 384 stride-32 anchors for 256 input', () => {
    const a = blazeFaceAnchors(256);
    expect(a.length).toBe(896 * 2);
    expect([a[0], a[1], a[2], a[3], a[4], a[5]]).toEqual([8, 8, 8, 8, 24, 8]);
    expect([a[1022], a[1023]]).toEqual([248, 248]);
    expect([a[1024], a[1025]]).toEqual([16, 16]);
    expect([a[1790], a[1791]]).toEqual([240, 240]);
  });
});

describe('decodeBlazeFace', () => {
  function outputs() {
    return { scores16: new Float32Array(512).fill(-10), scores32: new Float32Array(384).fill(-10), boxes16: new Float32Array(512 * 16), boxes32: new Float32Array(384 * 16) };
  }

  it('offsets boxes and keypoints by the anchor centre and keeps the best of overlapping boxes', () => {
    const o = outputs();
    // Anchor 2 is at (24, 8); anchor 3 at the same place (two per cell) — a near-duplicate with a lower score.
    o.scores16[2] = 3;
    o.boxes16.set([1, 2, 40, 50, -5, -3], 2 * 16);
    o.scores16[3] = 2;
    o.boxes16.set([2, 2, 40, 50], 3 * 16);
    // Stride-32 anchor 0 at (16, 16), far box elsewhere via a big offset.
    o.scores32[0] = 1;
    o.boxes32.set([150, 150, 30, 30], 0);
    const d = decodeBlazeFace(o);
    expect(d).toHaveLength(2);
    expect(d[0].score).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
    expect(d[0].box).toEqual({ xMin: 5, yMin: -15, xMax: 45, yMax: 35 });
    expect([...d[0].keypoints[0]]).toEqual([19, 5]);
    expect(d[1].box).toEqual({ xMin: 151, yMin: 151, xMax: 181, yMax: 181 });
    expect(decodeBlazeFace(o, { minScore: 0.8 })).toHaveLength(1);
  });

  it('maps detections back through the letterbox', () => {
    const img = { data: new Uint8Array(200 * 100 * 3), width: 200, height: 100, channels: 3 as const };
    const { tensor, toInput } = blazeFaceInput(img);
    expect(tensor.length).toBe(256 * 256 * 3);
    expect(tensor[0]).toBe(-1);
    const o = outputs();
    o.scores16[0] = 5;
    const d = detectionToSource(decodeBlazeFace(o)[0], toInput);
    // Anchor (8, 8) in the 256 input; the 200×100 image sits in rows 64..192 at scale 1.28.
    expect(d.keypoints[0][0]).toBeCloseTo((8 + 0.5) / 1.28 - 0.5, 9);
    expect(d.keypoints[0][1]).toBeCloseTo((8 - 64 + 0.5) / 1.28 - 0.5, 9);
  });
});

describe('faceMesh crop transform', () => {
  it('maps the box to the crop and mesh points back', () => {
    const box = squareBoxAround({ xMin: 10, yMin: 20, xMax: 110, yMax: 100 }, 1.5);
    expect(box).toEqual({ cx: 60, cy: 60, size: 150 });
    const t = faceMeshCropTransform(box);
    expect(t[0] * 60 + t[2]).toBeCloseTo(95.5, 12);
    const back = meshToSource([95.5, 95.5, 1.28, 0, 0, 0], t);
    expect(Array.from(back.slice(0, 3)).map((v) => +v.toFixed(4))).toEqual([60, 60, 1]);
  });
});
