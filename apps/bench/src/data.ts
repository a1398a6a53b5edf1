import { type ImageSet, loadFashionMnist, splitValidation } from '@cyclr/datasets';

/** The three sets of the protocol: train on `train`, tune on `validation`, report on `test`. */
export interface BenchData {
  readonly train: ImageSet;
  readonly validation: ImageSet;
  readonly test: ImageSet;
  /** `fashion-mnist-subset` (shipped) or `fashion-mnist` (a directory given with --data). */
  readonly name: string;
}

export interface DataOptions {
  readonly dataDir: string | undefined;
  readonly validationSize: number;
  readonly splitSeed: number;
}

const cache = new Map<string, Promise<BenchData>>();

/** Loads the dataset and carves the validation split from its training set (cached). */
export function loadBenchData(options: DataOptions): Promise<BenchData> {
  const key = JSON.stringify(options);
  let data = cache.get(key);
  if (!data) {
    data = load(options);
    cache.set(key, data);
  }
  return data;
}

async function load({ dataDir, validationSize, splitSeed }: DataOptions): Promise<BenchData> {
  const { train: full, test } = await loadFashionMnist(
    dataDir === undefined ? {} : { dir: dataDir },
  );
  const { train, validation } = splitValidation(full, { size: validationSize, seed: splitSeed });
  return {
    train,
    validation,
    test,
    name: dataDir === undefined ? 'fashion-mnist-subset' : 'fashion-mnist',
  };
}
