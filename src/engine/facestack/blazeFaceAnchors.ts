/**
 * @file Anchor centres of MediaPipe BlazeFace for a square input of side S (face-tooling.md §1; same layout as
 * Human's `generateAnchors`): stride S/16 with 2 anchors per cell, then stride S/8 with 6 per cell; row-major
 * cells, anchors of a cell consecutive, centres at stride·(i + 0.5). For S = 256: 512 + 384 = 896 anchors.
 */

/** Flat `[x0, y0, x1, y1, …]` anchor centres in input pixels, in model output order. */
export function blazeFaceAnchors(inputSize: number): Float32Array {
  if (!Number.isInteger(inputSize) || inputSize <= 0 || inputSize % 16 !== 0) {
    throw new Error(`blazeFaceAnchors: input size must be a positive multiple of 16, got ${inputSize}`);
  }
  const layers = [
    { stride: inputSize / 16, perCell: 2 },
    { stride: inputSize / 8, perCell: 6 },
  ];
  const out: number[] = [];
  for (const { stride, perCell } of layers) {
    const cells = Math.ceil(inputSize / stride);
    for (let gy = 0; gy < cells; gy++)
      for (let gx = 0; gx < cells; gx++)
        for (let k = 0; k < perCell; k++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
  }
  return Float32Array.from(out);
}
