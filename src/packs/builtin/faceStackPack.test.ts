import { describe, expect, it } from 'vitest';
import { readModel } from '../../onnx/readModel';
import { parseManifest } from '../manifest';
import { buildFaceStackPack, readFaceStackSources } from './faceStackPack';

describe('face-stack pack', () => {
  it('declares the three components with their I/O, provenance and licences, deterministically', async () => {
    const { manifest, files } = await buildFaceStackPack();
    const again = await buildFaceStackPack();
    for (const [name, bytes] of files) expect(Buffer.compare(Buffer.from(again.files.get(name)!), Buffer.from(bytes)), name).toBe(0);

    const parsed = parseManifest(new TextDecoder().decode(files.get('manifest.json')!), 'face-stack');
    expect(parsed.kind).toBe('face-stack');
    expect(parsed.source).toMatch(/@vladmandic\/human@3\.3\.6/);
    expect(parsed.licences.map((l) => l.name)).toEqual(['Apache-2.0', 'Apache-2.0', 'MIT', 'MIT']);
    expect(Object.keys(manifest.components)).toEqual(['detector', 'landmarks', 'identity']);
    const io = Object.fromEntries(Object.entries(manifest.components).map(([k, c]) => [k, { in: c.inputs, out: c.outputs.map((o) => `${o.name}[${o.shape.join(',')}]`) }]));
    expect(io).toEqual({
      detector: { in: [{ name: 'image', dtype: 'float32', shape: [1, 256, 256, 3] }], out: ['scores_stride16[1,512,1]', 'scores_stride32[1,384,1]', 'boxes_stride16[1,512,16]', 'boxes_stride32[1,384,16]'] },
      landmarks: { in: [{ name: 'image', dtype: 'float32', shape: ['batch', 192, 192, 3] }], out: ['mesh[batch,1404]', 'face_flag[batch,1]', 'contours[batch,266]'] },
      identity: { in: [{ name: 'image', dtype: 'float32', shape: ['batch', 224, 224, 3] }], out: ['descriptor[batch,1024]', 'gender[batch,1]', 'age[batch,100]'] },
    });
    // The ONNX files declare exactly what the manifest says.
    for (const c of Object.values(manifest.components)) {
      const summary = readModel(files.get(c.file)!, c.file);
      expect(summary.inputs.map((v) => [v.name, v.shape])).toEqual(c.inputs.map((v) => [v.name, v.shape]));
      expect(summary.outputs.map((v) => [v.name, v.shape])).toEqual(c.outputs.map((v) => [v.name, v.shape]));
    }
    const provenance = (manifest.preprocessing as { provenance: Record<string, { files: { path: string; sha256: string }[] }> }).provenance;
    expect(provenance.identity.files.map((f) => f.path)).toEqual(['models/faceres.json', 'models/faceres.bin']);
    expect(provenance.identity.files[1].sha256).toMatch(/^[0-9a-f]{64}$/);
    const sizes = Object.fromEntries(Object.entries(manifest.components).map(([k, c]) => [k, `${(c.bytes / 1e6).toFixed(2)} MB ${c.precision}`]));
    console.log('[face-stack] pack components:', JSON.stringify(sizes));
    expect(manifest.components.identity.precision).toBe('mixed');
    expect(manifest.components.identity.bytes).toBeLessThan(8e6);
  }, 120_000);

  it('refuses a different package version and names unreadable files', async () => {
    const pkg = (v: string) => new TextEncoder().encode(JSON.stringify({ version: v }));
    await expect(readFaceStackSources(async () => pkg('3.3.5'))).rejects.toThrow(/expected @vladmandic\/human@3\.3\.6.*found 3\.3\.5/);
    await expect(
      buildFaceStackPack(async (p) => {
        if (p === 'package.json') return pkg('3.3.6');
        throw new Error(`no ${p}`);
      }),
    ).rejects.toThrow(/no models\/blazeface\.json/);
  });
});
