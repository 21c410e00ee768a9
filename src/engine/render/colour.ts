/** Colour helpers: sRGB-ish [0,1] triples, a gamma-2 linearisation and palette interpolation. */

/** An RGB triple in [0, 1]. Albedo and UI colours are given in (approximately) sRGB. */
export type Rgb = readonly [number, number, number];

/**
 * sRGB → linear with gamma 2 (x²), and back with Math.sqrt. Why gamma 2 and not the sRGB curve: the
 * inverse needs only Math.sqrt, which IEEE-754 makes exact on every engine, so shading stays bit-identical.
 * The shading happens in this linear space; the small error against true sRGB does not matter for stylised faces.
 */
export function toLinear(c: Rgb): [number, number, number] {
  return [c[0] * c[0], c[1] * c[1], c[2] * c[2]];
}

/** Linear interpolation between two colours. */
export function mixRgb(a: Rgb, b: Rgb, t: number): [number, number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Piecewise-linear lookup in an ordered palette at t ∈ [0, 1]. */
export function samplePalette(palette: readonly Rgb[], t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (palette.length - 1);
  const i = Math.min(palette.length - 2, Math.floor(x));
  return mixRgb(palette[i], palette[i + 1], x - i);
}

/** Parses '#rrggbb' into an Rgb in [0, 1]. */
export function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** Clamps each channel into [0, 1]. */
export function clampRgb(c: Rgb): [number, number, number] {
  return [Math.min(1, Math.max(0, c[0])), Math.min(1, Math.max(0, c[1])), Math.min(1, Math.max(0, c[2]))];
}
