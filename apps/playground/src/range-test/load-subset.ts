import { decodeIdx, type IdxArray } from '@cyclr/datasets/browser';
import imagesUrl from '@cyclr/datasets/data/fashion-mnist-subset/train-images-idx3-ubyte.gz?url';
import labelsUrl from '@cyclr/datasets/data/fashion-mnist-subset/train-labels-idx1-ubyte.gz?url';

async function fetchIdx(url: string): Promise<IdxArray> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`range test: cannot load ${url}: HTTP ${response.status}`);
  return decodeIdx(new Uint8Array(await response.arrayBuffer()), url);
}

/** The first `count` training images of the shipped subset, pixels scaled to [0, 1]. */
export async function loadFashionMnistSubset(
  count: number,
): Promise<{ pixels: Float32Array; labels: Int32Array; count: number }> {
  const [images, labels] = await Promise.all([fetchIdx(imagesUrl), fetchIdx(labelsUrl)]);
  const available = Math.min(count, labels.dims[0] as number);
  const size = (images.dims[1] as number) * (images.dims[2] as number);
  const pixels = new Float32Array(available * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (images.data[i] as number) / 255;
  return { pixels, labels: Int32Array.from(labels.data.subarray(0, available)), count: available };
}
