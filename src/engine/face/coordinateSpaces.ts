/**
 * Branded 2-D coordinate spaces for face alignment, so a landmark in the source image cannot be
 * passed where a crop coordinate is expected (pattern after excalidraw's `GlobalPoint`/`LocalPoint`).
 *
 * All spaces use OpenCV's pixel convention: integer coordinates are pixel centres, x to the right,
 * y downwards.
 */

declare const spaceBrand: unique symbol;
declare const fromBrand: unique symbol;
declare const toBrand: unique symbol;

/** Pixels of the input image (where the detector / landmarker found the face). */
export type SourcePx = 'SourcePx';
/** Pixels of the aligned crop (ArcFace template geometry, 112×112 or a multiple). */
export type AlignedPx = 'AlignedPx';

/** A point `[x, y]` in coordinate space `S`. */
export type Point2<S extends string> = readonly [x: number, y: number] & { readonly [spaceBrand]: S };

/** Five facial landmarks in insightface order: eye (image left), eye (image right), nose tip,
 * mouth corner (image left), mouth corner (image right). */
export type Landmarks5<S extends string> = readonly [Point2<S>, Point2<S>, Point2<S>, Point2<S>, Point2<S>];

/**
 * Row-major 2×3 affine matrix `[a, b, c, d, e, f]` mapping a point of space `From` to space `To`:
 * `x' = a·x + b·y + c`, `y' = d·x + e·y + f` — the layout of `cv2.warpAffine`'s `M` and of
 * `skimage` `SimilarityTransform.params[0:2]`.
 */
export type Affine2x3<From extends string, To extends string> = readonly [
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
] & { readonly [fromBrand]: From; readonly [toBrand]: To };

/** Tags `[x, y]` as a point of space `S`. */
export function point2<S extends string>(x: number, y: number): Point2<S> {
  return [x, y] as unknown as Point2<S>;
}

/**
 * Tags points as a list in space `S`. Accepts `[[x, y], ...]` or a flat `[x0, y0, x1, y1, ...]`
 * (e.g. a `[N, 2]` float32 tensor's data).
 */
export function points2<S extends string>(points: ArrayLike<ArrayLike<number>> | ArrayLike<number>): Point2<S>[] {
  const out: Point2<S>[] = [];
  if (points.length > 0 && typeof points[0] === 'number') {
    const flat = points as ArrayLike<number>;
    if (flat.length % 2 !== 0) throw new Error(`points2: flat coordinate list must have even length, got ${flat.length}`);
    for (let i = 0; i < flat.length; i += 2) out.push(point2<S>(flat[i], flat[i + 1]));
  } else {
    const nested = points as ArrayLike<ArrayLike<number>>;
    for (let i = 0; i < nested.length; i++) {
      const p = nested[i];
      if (p.length !== 2) throw new Error(`points2: point ${i} must have 2 coordinates, got ${p.length}`);
      out.push(point2<S>(p[0], p[1]));
    }
  }
  return out;
}

/** Tags exactly five points (see {@link Landmarks5}) as landmarks in space `S`. */
export function landmarks5<S extends string>(points: ArrayLike<ArrayLike<number>> | ArrayLike<number>): Landmarks5<S> {
  const pts = points2<S>(points);
  if (pts.length !== 5) throw new Error(`landmarks5: expected 5 points, got ${pts.length}`);
  return pts as unknown as Landmarks5<S>;
}

/** Tags six numbers `[a, b, c, d, e, f]` (row-major 2×3) as an affine map `From → To`. */
export function affine2x3<From extends string, To extends string>(m: ArrayLike<number>): Affine2x3<From, To> {
  if (m.length !== 6) throw new Error(`affine2x3: expected 6 numbers (row-major 2x3), got ${m.length}`);
  return [m[0], m[1], m[2], m[3], m[4], m[5]] as unknown as Affine2x3<From, To>;
}

/** Applies `m` to point `p`. */
export function applyAffine<From extends string, To extends string>(m: Affine2x3<From, To>, p: Point2<From>): Point2<To> {
  return point2<To>(m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]);
}
