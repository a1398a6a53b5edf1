import {
  batchNorm,
  conv2d,
  dense,
  flatten,
  globalAvgPool2d,
  type Layer,
  maxPool2d,
  relu,
  residual,
  type Sequential,
  sequential,
} from '@cyclr/onnxruntime';
import type { CreateModelOptions, ModelName } from './types.js';

type Build = (options: CreateModelOptions) => Sequential;

/** A ResNet BasicBlock (He et al. 2016): two 3x3 conv-BN, a 1x1 conv-BN shortcut when the shape changes. */
function basicBlock(channels: number, strides: number, projection: boolean): Layer[] {
  const conv = (kernelSize: number, stride: number, padding: number) =>
    conv2d(channels, {
      kernelSize,
      strides: stride,
      padding,
      useBias: false,
      kernelInitializer: 'heUniform',
    });
  return [
    residual(
      [conv(3, strides, 1), batchNorm(), relu(), conv(3, 1, 1), batchNorm()],
      projection ? { shortcut: [conv(1, strides, 0), batchNorm()] } : {},
    ),
    relu(),
  ];
}

/** The ONNX models by `--model` name (see `models.ts`). */
export const ONNX_MODELS: Readonly<Record<ModelName, Build>> = {
  // 784-256-10, the task of issue 6 and of the PyTorch reference run.
  mlp: ({ inputShape, classCount }) =>
    sequential({
      inputShape: [inputShape.reduce((a, b) => a * b, 1)],
      layers: [dense(256, { kernelInitializer: 'heUniform' }), relu(), dense(classCount)],
    }),
  // A small LeNet-style net: conv5x5(16) - pool - conv5x5(32) - pool - dense.
  cnn: ({ inputShape, classCount }) =>
    sequential({
      inputShape: [1, ...inputShape],
      layers: [
        conv2d(16, { kernelSize: 5, padding: 'same', kernelInitializer: 'heUniform' }),
        relu(),
        maxPool2d({ poolSize: 2 }),
        conv2d(32, { kernelSize: 5, padding: 'same', kernelInitializer: 'heUniform' }),
        relu(),
        maxPool2d({ poolSize: 2 }),
        flatten(),
        dense(classCount),
      ],
    }),
  // The kind of network 1cycle's evidence is on: BatchNorm, residual blocks, global pooling.
  resnet: ({ inputShape, classCount }) =>
    sequential({
      inputShape: [1, ...inputShape],
      layers: [
        conv2d(16, { kernelSize: 3, padding: 1, useBias: false, kernelInitializer: 'heUniform' }),
        batchNorm(),
        relu(),
        ...basicBlock(16, 1, false),
        ...basicBlock(32, 2, true),
        ...basicBlock(64, 2, true),
        globalAvgPool2d(),
        flatten(),
        dense(classCount),
      ],
    }),
};
