import { describe, expect, it } from 'vitest';
import { faceResInput, VGG_MEAN_BGR } from './faceResInput';
import { landmarksTo5Points } from './landmarksTo5Points';

describe('landmarksTo5Points', () => {
  it('averages the eye corners and takes nose tip and mouth corners', () => {
    const mesh = new Float32Array(468 * 3);
    const set = (i: number, x: number, y: number) => mesh.set([x, y, 7], i * 3);
    set(33, 30, 50);
    set(133, 46, 52);
    set(362, 66, 52);
    set(263, 82, 50);
    set(1, 56, 72);
    set(61, 41, 92);
    set(291, 71, 92);
    expect(landmarksTo5Points(mesh).map((p) => [...p])).toEqual([[38, 51], [74, 51], [56, 72], [41, 92], [71, 92]]);
  });

  it('accepts (x, y) pairs and rejects short meshes', () => {
    const mesh = new Float32Array(468 * 2).fill(3);
    expect(landmarksTo5Points(mesh, 2)[2]).toEqual([3, 3]);
    expect(() => landmarksTo5Points(new Float32Array(10))).toThrow(/468 points/);
  });
});

describe('faceResInput', () => {
  it('writes NHWC BGR minus the VGG means', () => {
    const data = new Uint8Array(224 * 224 * 4);
    data.set([10, 20, 30, 255], 0);
    const t = faceResInput({ data, width: 224, height: 224, channels: 4 });
    expect(t.length).toBe(224 * 224 * 3);
    expect(t[0]).toBeCloseTo(30 - VGG_MEAN_BGR[0], 5);
    expect(t[1]).toBeCloseTo(20 - VGG_MEAN_BGR[1], 5);
    expect(t[2]).toBeCloseTo(10 - VGG_MEAN_BGR[2], 5);
    expect(t[3]).toBeCloseTo(-VGG_MEAN_BGR[0], 5);
  });

  it('insists on a 224 crop', () => {
    expect(() => faceResInput({ data: new Uint8Array(112 * 112 * 3), width: 112, height: 112, channels: 3 })).toThrow(/224×224/);
  });
});
