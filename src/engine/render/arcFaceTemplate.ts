/**
 * The ArcFace 5-point alignment template for 112×112 crops (insightface `arcface_dst`, identical in OpenCV's
 * FaceRecognizerSF; face-tooling.md §4): eye on the image's left, image-right eye, nose tip, mouth corner
 * image-left, image-right — pixel coordinates, pixel centres at integers.
 */
export type Point2 = readonly [number, number];
export type Landmarks5 = readonly [Point2, Point2, Point2, Point2, Point2];

export const ARCFACE_TEMPLATE_112: Landmarks5 = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/**
 * The template for a size×size crop, scaled by size/112 (the plain-resize convention: 512 → ×4.571).
 * Note insightface's 128-based rule for sizes not divisible by 112 (512 → ×4 + 32 px in x) is a different
 * convention; which one Arc2Face's 512 outputs follow is unverified (face-tooling.md §4).
 */
export function arcFaceTemplate(size: number): Landmarks5 {
  const s = size / 112;
  return ARCFACE_TEMPLATE_112.map(([x, y]) => [x * s, y * s] as const) as unknown as Landmarks5;
}
