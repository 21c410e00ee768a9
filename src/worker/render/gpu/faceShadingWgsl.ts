/**
 * WGSL port of the renderer's shading (src/engine/render/faceAlbedo.ts albedo of head, eyes, ears and neck;
 * the Lambert + Blinn–Phong + sky/ground ambient of src/engine/render/renderFace.ts), line for line, so the
 * WebGPU path draws what the CPU path draws. Differences are f32 vs f64 arithmetic and the GPU's sin/exp,
 * measured by e2e/renderer.spec.ts. Keep the two in step: a change to one belongs in the other.
 *
 * Vertices arrive already projected (clip position with w = camera depth, for perspective-correct
 * interpolation); the uniform block is written by packFaceScene.ts in the order below.
 */
export const FACE_SHADING_WGSL = /* wgsl */ `
struct Uniforms {
  skin: vec4f,
  lip: vec4f,
  hair: vec4f,
  brow: vec4f,
  iris: vec4f,
  mottleA: vec4f,
  mottleB: vec4f,
  mottleC: vec4f,
  // noseTipY, mouthHalfWidth, mouthY, cornerLift
  layoutA: vec4f,
  // mouthGap, upperLip, lowerLip, smile
  layoutB: vec4f,
  // eyeX, browY, browThickness, noseWidth
  layoutC: vec4f,
  // hairlineY, eyeY, eyeOpen, unused
  layoutD: vec4f,
  // unit direction toward the light, ambient
  lightDir: vec4f,
  // light colour, key scale
  lightColor: vec4f,
};

@group(0) @binding(0) var<uniform> u: Uniforms;

struct VertexIn {
  @location(0) clip: vec4f,
  @location(1) camPos: vec3f,
  @location(2) camNrm: vec3f,
  @location(3) surf: vec3f,
  @location(4) material: f32,
};

struct VertexOut {
  @builtin(position) position: vec4f,
  @location(0) camPos: vec3f,
  @location(1) camNrm: vec3f,
  @location(2) surf: vec3f,
  @location(3) @interpolate(flat) material: u32,
};

@vertex
fn vs(v: VertexIn) -> VertexOut {
  var o: VertexOut;
  o.position = v.clip;
  o.camPos = v.camPos;
  o.camNrm = v.camNrm;
  o.surf = v.surf;
  o.material = u32(v.material + 0.5);
  return o;
}

const MOUTH_INTERIOR = vec3f(0.03, 0.006, 0.006);
const TEETH = vec3f(0.62, 0.58, 0.5);
const LASH = vec3f(0.012, 0.009, 0.008);
const SCLERA = vec3f(0.7, 0.66, 0.62);

struct Surface {
  c: vec3f,
  ks: f32,
  shininessLog2: f32,
};

// The engine's smoothstep, which allows e0 > e1 (WGSL's builtin does not promise that).
fn sstep(e0: f32, e1: f32, x: f32) -> f32 {
  let t = clamp((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

fn blendTo(c: vec3f, toward: vec3f, t: f32) -> vec3f {
  if (t <= 0.0) { return c; }
  return c + (toward - c) * t;
}

fn mouthLineY(x: f32) -> f32 {
  let t = x / u.layoutA.y;
  return u.layoutA.z + u.layoutA.w * t * t;
}

fn hairBoundaryY(x: f32, alpha: f32) -> f32 {
  let a = abs(alpha);
  let front = u.layoutD.x - 0.09 * (x / 0.45) * (x / 0.45) + 0.02 * sin(x * 9.0);
  let side = u.layoutD.y + 0.04;
  let nape = -0.5;
  let toSide = sstep(1.0, 1.3, a);
  let toBack = sstep(1.65, 2.2, a);
  return front + (side - front) * toSide + (nape - side) * toBack;
}

fn browMask(side: f32, x: f32, y: f32) -> f32 {
  let cx = side * u.layoutC.x * 1.03;
  let uo = ((x - cx) / 0.145) * side;
  if (uo < -1.15 || uo > 1.15) { return 0.0; }
  let centreY = u.layoutC.y + 0.025 * (1.0 - uo * uo) - 0.012 * uo;
  let thick = u.layoutC.z * (1.1 - 0.45 * max(0.0, uo));
  let across = sstep(thick + 0.006, thick - 0.006, abs(y - centreY));
  let ends = sstep(1.12, 0.95, abs(uo));
  return across * ends;
}

fn headAlbedo(x: f32, y: f32, alpha: f32) -> Surface {
  let ma = u.mottleA;
  let mb = u.mottleB;
  let mc = u.mottleC;
  let mottle = 1.0 + 0.035 * sin(ma.x * x + ma.y * y + ma.z) * sin(ma.w * x - mb.x * y + mb.y) + 0.02 * sin(mb.z * (x + y) + mc.x);
  var c = u.skin.xyz * mottle;
  var ks = 0.05;
  var shin = 4.0;
  let ax = abs(x);
  let noseTipY = u.layoutA.x;
  let mouthHalfWidth = u.layoutA.y;
  let mouthGap = u.layoutB.x;
  let noseWidth = u.layoutC.w;
  if (abs(alpha) < 1.3) {
    let blushQ = ((ax - 0.36) * (ax - 0.36)) / 0.03 + ((y - noseTipY) * (y - noseTipY)) / 0.02;
    let noseQ = (x * x) / 0.004 + ((y - noseTipY) * (y - noseTipY)) / 0.004;
    var blush = 0.0;
    if (blushQ < 12.0) { blush += 0.12 * exp(-blushQ); }
    if (noseQ < 12.0) { blush += 0.06 * exp(-noseQ); }
    c = vec3f(c.x, c.y * (1.0 - blush), c.z * (1.0 - blush));

    let my = mouthLineY(x);
    let uu = x / mouthHalfWidth;
    if (uu > -1.15 && uu < 1.15 && y < my + 0.08 && y > my - mouthGap - 0.1) {
      let shape = sqrt(max(0.0, 1.0 - uu * uu));
      let gapHalf = mouthGap * shape;
      let upperEdge = my + u.layoutB.y * (0.35 + 0.65 * shape) * (1.0 + 0.35 * sstep(0.35, 0.0, abs(uu)));
      let lowerEdge = my - gapHalf - u.layoutB.z * (0.3 + 0.7 * shape);
      let inLip = sstep(upperEdge + 0.006, upperEdge - 0.006, y) * sstep(lowerEdge - 0.006, lowerEdge + 0.006, y) * sstep(1.08, 0.9, abs(uu));
      c = blendTo(c, u.lip.xyz, inLip);
      if (inLip > 0.0) { ks = 0.08; }
      if (gapHalf > 0.002) {
        let inGap = sstep(my + 0.004, my - 0.002, y) * sstep(my - gapHalf - 0.004, my - gapHalf + 0.002, y) * sstep(0.95, 0.8, abs(uu));
        let teethY = my - gapHalf * (0.35 + 0.3 * u.layoutB.w);
        let teeth = sstep(teethY - 0.003, teethY + 0.003, y) * sstep(0.75, 0.45, abs(uu));
        c = blendTo(c, MOUTH_INTERIOR, inGap);
        c = blendTo(c, TEETH, inGap * teeth);
        if (inGap > 0.5) { ks = 0.02; }
      } else {
        let line = sstep(0.006, 0.0015, abs(y - my)) * sstep(1.02, 0.85, abs(uu));
        c = blendTo(c, MOUTH_INTERIOR, 0.75 * line);
      }
    }

    let nx = (ax - 0.042 * noseWidth) / (0.022 * noseWidth);
    let ny = (y - (noseTipY - 0.032)) / 0.013;
    let nostril = sstep(1.1, 0.7, nx * nx + ny * ny);
    if (nostril > 0.0) { c = c * (vec3f(1.0) + (vec3f(0.25, 0.18, 0.18) - vec3f(1.0)) * nostril); }

    let brow = max(browMask(-1.0, x, y), browMask(1.0, x, y));
    c = blendTo(c, u.brow.xyz, 0.92 * brow);
  }

  let boundary = hairBoundaryY(x, alpha);
  let hair = sstep(boundary - 0.012, boundary + 0.02, y);
  if (hair > 0.0) {
    let strands = 0.85 + 0.15 * sin(70.0 * x + 7.0 * sin(5.0 * y) + 40.0 * alpha * 0.1) * sin(23.0 * x - 3.0 * y);
    c = c + (u.hair.xyz * strands - c) * hair;
    ks = 0.05 + 0.05 * hair;
    shin = select(4.0, 3.0, hair > 0.5);
  }
  return Surface(c, ks, shin);
}

fn eyeAlbedo(d: vec3f) -> Surface {
  let uu = d.x / 0.8;
  let open = u.layoutD.z * max(0.0, 1.0 - uu * uu);
  let upper = open * 1.05 + 0.02;
  let lower = -open * 0.8 - 0.02;
  var inside = 0.0;
  if (d.z > 0.0 && abs(uu) < 1.0) {
    inside = sstep(upper + 0.04, upper - 0.04, d.y) * sstep(lower - 0.04, lower + 0.04, d.y);
  }
  let rr = d.x * d.x + d.y * d.y;
  var c = vec3f(SCLERA.x * (1.0 - 0.25 * rr), SCLERA.y * (1.0 - 0.3 * rr), SCLERA.z * (1.0 - 0.3 * rr));
  let rho = sqrt(rr);
  let irisR = 0.5;
  let iris = sstep(irisR + 0.03, irisR - 0.03, rho);
  if (iris > 0.0) {
    let ring = 1.0 - 0.55 * sstep(irisR * 0.7, irisR, rho);
    let tex = 0.9 + 0.1 * sin(rho * 60.0);
    c = blendTo(c, u.iris.xyz * ring * tex, iris);
    c = blendTo(c, vec3f(0.008, 0.007, 0.007), sstep(0.22, 0.17, rho));
  }
  var ks = 0.45 * inside;
  var shin = 8.0;
  if (inside < 1.0) {
    let lid = u.skin.xyz * vec3f(0.8, 0.74, 0.74);
    var lash = 0.0;
    if (d.y >= 0.0) { lash = sstep(0.2, 0.0, d.y - upper); } else { lash = sstep(0.08, 0.0, lower - d.y) * 0.6; }
    let lidMix = 1.0 - inside;
    let lidC = lid + (LASH - lid) * lash;
    c = c + (lidC - c) * lidMix;
    ks = ks * inside + 0.04 * lidMix;
    if (lidMix > 0.5) { shin = 4.0; }
  }
  return Surface(c, ks, shin);
}

fn neckAlbedo(y: f32) -> Surface {
  let shade = 0.55 + 0.2 * sstep(-0.5, -1.6, y);
  return Surface(u.skin.xyz * shade, 0.03, 4.0);
}

fn earAlbedo(dx: f32) -> Surface {
  let bowl = 0.8 + 0.15 * sstep(-0.6, 0.4, dx);
  return Surface(u.skin.xyz * bowl * vec3f(1.0, 0.9, 0.9), 0.04, 4.0);
}

@fragment
fn fs(i: VertexOut) -> @location(0) vec4f {
  var n = i.camNrm;
  let nl = length(n);
  if (nl > 0.0) { n = n / nl; }
  let f = i.surf;
  var s: Surface;
  if (i.material == 0u) {
    s = headAlbedo(f.x, f.y, f.z);
  } else if (i.material == 1u) {
    let fl = length(f);
    s = eyeAlbedo(select(f, f / fl, fl > 0.0));
  } else if (i.material == 3u) {
    s = earAlbedo(f.x);
  } else {
    s = neckAlbedo(f.y);
  }
  let l = u.lightDir.xyz;
  let diffuse = max(dot(n, l), 0.0);
  // Ambient from a bright sky above and darker ground below.
  let ambient = u.lightDir.w * (0.8 + 0.25 * n.y);
  var spec = 0.0;
  if (diffuse > 0.0 && s.ks > 0.0) {
    let h = normalize(-i.camPos) + l;
    let hl = length(h);
    let ndh = dot(n, h) / select(1.0, hl, hl > 0.0);
    if (ndh > 0.0) {
      var p = ndh;
      for (var k = 0; k < i32(s.shininessLog2 + 0.5); k++) { p = p * p; }
      spec = s.ks * p;
    }
  }
  let lc = u.lightColor.xyz;
  let key = diffuse * u.lightColor.w;
  // Alpha 1 marks a covered sample; the backdrop is added where alpha stayed 0 (resolveGpuSamples.ts).
  return vec4f(s.c * (ambient + key * lc) + spec * lc, 1.0);
}
`;
