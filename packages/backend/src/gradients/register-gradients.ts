// PLACEHOLDER until the gradient registry lands (being written in parallel).
import * as tf from '@tensorflow/tfjs-core';

export function registerGradients(): string[] {
  const done: string[] = [];
  if (!tf.getGradient('Sum')) {
    tf.registerGradient({
      kernelName: 'Sum',
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => ({ x: () => tf.mul(tf.onesLike(saved[0]!), dy as tf.Tensor) }),
    });
    done.push('Sum');
  }
  return done;
}
