import { describe, expect, it } from 'vitest';
import { planExport, type ExportCandidate } from './planExport';

const face = (identity: string, index: number) => ({ id: `${identity}-${index}`, name: `${identity}/${index}.png`, identity, index, width: 112, height: 112, addedAt: 0 });
const result = (faceId: string, variation: number, seed: number) => ({ faceId, variation, variationCount: 3, packId: 'digiface-augment', seed, params: { blur_sigma: 1 }, ms: 10.4, width: 112, height: 112, finishedAt: 0 });

function candidates(identity: string, faces: number, variations: number, firstSeed: number): ExportCandidate[] {
  const out: ExportCandidate[] = [];
  for (let i = 0; i < faces; i++) for (let k = 0; k < variations; k++) out.push({ face: face(identity, i), result: result(`${identity}-${i}`, k, firstSeed + i * variations + k) });
  return out;
}

describe('planExport', () => {
  it('numbers each identity 0…n−1 with a face’s variations side by side', () => {
    const plan = planExport([...candidates('7', 2, 3, 100), ...candidates('10', 1, 3, 200)]);
    expect(plan.map((p) => p.file)).toEqual(['7/0.png', '7/1.png', '7/2.png', '7/3.png', '7/4.png', '7/5.png', '10/0.png', '10/1.png', '10/2.png']);
    expect(plan.map((p) => [p.manifestEntry.sourceFile, p.manifestEntry.variation, p.manifestEntry.seed])).toEqual([
      ['7/0.png', 0, 100],
      ['7/0.png', 1, 101],
      ['7/0.png', 2, 102],
      ['7/1.png', 0, 103],
      ['7/1.png', 1, 104],
      ['7/1.png', 2, 105],
      ['10/0.png', 0, 200],
      ['10/0.png', 1, 201],
      ['10/0.png', 2, 202],
    ]);
  });

  it('sorts identities naturally and variations in order, whatever order they come in', () => {
    const plan = planExport([...candidates('10', 1, 2, 0), ...candidates('2', 1, 2, 5)].reverse());
    expect(plan.map((p) => `${p.file}<-${p.face.name}#${p.result.variation}`)).toEqual(['2/0.png<-2/0.png#0', '2/1.png<-2/0.png#1', '10/0.png<-10/0.png#0', '10/1.png<-10/0.png#1']);
  });

  it('keeps a face’s own number when there is one variation per face', () => {
    expect(planExport(candidates('a', 4, 1, 0)).map((p) => p.n)).toEqual([0, 1, 2, 3]);
  });

  it('writes metadata.csv columns for source, variation, seed and similarity', () => {
    const [c] = candidates('a', 1, 1, 42);
    const [p] = planExport([{ ...c, result: { ...c.result, similarity: { value: 0.812345, model: 'FaceRes' } } }]);
    expect(p.csvRow).toEqual({ identity: 'a', source_file: 'a/0.png', variation: 0, pack: 'digiface-augment', seed: 42, ms: 10, id_similarity: 0.8123 });
    expect(p.manifestEntry.metrics).toEqual({ idSimilarity: 0.8123, idModel: 'FaceRes' });
  });
});
