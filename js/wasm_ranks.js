// Right answers from the wasm backend for tensors of more than 6 dimensions.
//
// TensorFlow.js's wasm backend hands Add, Sub, Multiply, RealDiv, SquaredDifference and PadV2
// to XNNPACK, which takes at most 6 dimensions. With 7 or more it refuses ("XNN status … Got
// status 4" in the console) and the kernel returns its output unwritten: wrong numbers, silently
// (tf.add of two [1,1,1,1,1,1,2] tensors gives zeros or garbage). This wraps those kernels:
// up to 6 dimensions they run as before; above, the same data is laid out flat (broadcast in
// JavaScript where needed), the wasm kernel runs on that, and the answer gets its full shape
// back. Loaded after the wasm backend registers its kernels, before Python selects it.
"use strict";
(() => {
  const MOST_DIMENSIONS = 6;  // XNNPACK's XNN_MAX_TENSOR_DIMS
  const BINARY = ["Add", "Sub", "Multiply", "RealDiv", "SquaredDifference"];
  const size = (shape) => shape.reduce((product, dim) => product * dim, 1);

  function broadcastShape(a, b) {
    const rank = Math.max(a.length, b.length), shape = [];
    for (let d = 0; d < rank; d++) {
      const da = a[d - rank + a.length] ?? 1, db = b[d - rank + b.length] ?? 1;
      shape.push(da === 1 ? db : da);
    }
    return shape;
  }

  // `values` (of `shape`) broadcast to `outShape` into `target`, in row-major order
  function broadcastInto(target, values, shape, outShape) {
    const rank = outShape.length, strides = new Array(rank);
    const padded = new Array(rank - shape.length).fill(1).concat(shape);
    for (let d = rank - 1, stride = 1; d >= 0; d--) {
      strides[d] = padded[d] === 1 ? 0 : stride;
      stride *= padded[d];
    }
    const index = new Array(rank).fill(0), count = target.length;
    for (let i = 0, from = 0; i < count; i++) {
      target[i] = values[from];
      for (let d = rank - 1; d >= 0; d--) {  // next index, last dimension fastest
        from += strides[d];
        if (++index[d] < outShape[d]) break;
        from -= strides[d] * index[d];
        index[d] = 0;
      }
    }
  }

  // x as a flat tensor of `count` values: a view of the same data when nothing is broadcast
  function flat(backend, x, outShape, count, temporary) {
    if (size(x.shape) === count) return {dataId: x.dataId, shape: [count], dtype: x.dtype};
    const values = backend.readSync(x.dataId);
    const copy = backend.makeOutput([count], x.dtype);
    broadcastInto(backend.typedArrayFromHeap(copy), values, x.shape, outShape);
    temporary.push(copy);
    return copy;
  }

  function wrapBinary(config) {
    const kernelFunc = config.kernelFunc;
    return {...config, kernelFunc(args) {
      const {a, b} = args.inputs;
      if (Math.max(a.shape.length, b.shape.length) <= MOST_DIMENSIONS) return kernelFunc(args);
      const backend = args.backend, outShape = broadcastShape(a.shape, b.shape);
      const count = size(outShape), temporary = [];
      try {
        const inputs = {a: flat(backend, a, outShape, count, temporary),
                        b: flat(backend, b, outShape, count, temporary)};
        const out = kernelFunc({...args, inputs});
        return {dataId: out.dataId, shape: outShape, dtype: out.dtype};
      } finally {
        for (const copy of temporary) backend.disposeData(copy.dataId);
      }
    }};
  }

  function wrapPad(config) {
    const kernelFunc = config.kernelFunc;
    return {...config, kernelFunc(args) {
      const {inputs: {x}, backend, attrs: {paddings, constantValue}} = args;
      if (x.shape.length <= MOST_DIMENSIONS) return kernelFunc(args);
      const outShape = x.shape.map((dim, d) => paddings[d][0] + dim + paddings[d][1]);
      const out = backend.makeOutput(outShape, x.dtype);
      const values = backend.readSync(x.dataId), target = backend.typedArrayFromHeap(out);
      target.fill(constantValue);
      const rank = x.shape.length, strides = new Array(rank);
      for (let d = rank - 1, stride = 1; d >= 0; d--) {
        strides[d] = stride;
        stride *= outShape[d];
      }
      const index = new Array(rank).fill(0);
      let to = paddings.reduce((offset, [before], d) => offset + before * strides[d], 0);
      for (let i = 0; i < values.length; i++) {
        target[to] = values[i];
        for (let d = rank - 1; d >= 0; d--) {
          to += strides[d];
          if (++index[d] < x.shape[d]) break;
          to -= strides[d] * index[d];
          index[d] = 0;
        }
      }
      return out;
    }};
  }

  const wrap = (name, wrapper) => {
    const config = tf.getKernel(name, "wasm");
    if (config === undefined) return;  // no wasm backend loaded: nothing to correct
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(wrapper(config));
  };
  BINARY.forEach((name) => wrap(name, wrapBinary));
  wrap("PadV2", wrapPad);
})();
