"""EfficientNet-Lite0 as TF.js Layers: its architecture, and the PyTorch state dict folded into it
(every batch norm into the convolution before it, ml5's input scaling into the stem).

    from efficientnet_layers import build_model
    layers, weights = build_model(tensors)    # model.json's layers; [(name, float32 array)]

Used by tools/convert_efficientnet.py, whose docstring says why the folding is exact.
"""

from __future__ import annotations

import numpy as np

BN_EPS = 1e-3  # EfficientNet(-Lite) global_params.batch_norm_epsilon
IMAGE_SIZE = 224
# ml5 feeds y = x/127 - 1; the network wants (x - 127)/128 = y * 127/128 (see docstring).
INPUT_SCALE = 127.0 / 128.0
# EfficientNet-Lite0 stages: (repeats, kernel, stride, expand_ratio, in_filters, out_filters).
# Lite keeps the stem (32) and head (1280) unscaled, uses ReLU6 and has no squeeze-excite.
STAGES = [
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
]
STEM_FILTERS = 32
HEAD_FILTERS = 1280
NUM_CLASSES = 1000


# --------------------------------------------------------------------------- folding


class _Weights:
    """State dict access that records use, so that no parameter can be silently dropped."""

    def __init__(self, tensors: dict[str, np.ndarray]):
        self.tensors = tensors
        self.used: set[str] = set()

    def get(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        t = self.tensors[name]
        if t.shape != shape:
            raise ValueError(f"{name}: shape {t.shape}, expected {shape}")
        self.used.add(name)
        return t.astype(np.float64)

    def conv_bn(self, conv: str, bn: str, shape: tuple[int, ...]):
        """PyTorch conv (O, I, kh, kw) + BN -> folded kernel, bias (still in torch layout)."""
        w = self.get(f"{conv}.weight", shape)
        out = shape[0]
        gamma = self.get(f"{bn}.weight", (out,))
        beta = self.get(f"{bn}.bias", (out,))
        mean = self.get(f"{bn}.running_mean", (out,))
        var = self.get(f"{bn}.running_var", (out,))
        self.used.add(f"{bn}.num_batches_tracked")
        scale = gamma / np.sqrt(var + BN_EPS)
        return w * scale[:, None, None, None], beta - mean * scale

    def check_all_used(self):
        unused = sorted(set(self.tensors) - self.used)
        if unused:
            raise ValueError(f"parameters not converted: {unused}")


def _zeros():
    return {"class_name": "Zeros", "config": {}}


def _layer(class_name: str, name: str, inbound: list[str], **config) -> dict:
    config = {"name": name, "trainable": False, "dtype": "float32", **config}
    return {
        "class_name": class_name,
        "config": config,
        "name": name,
        "inbound_nodes": [[[src, 0, 0, {}] for src in inbound]] if inbound else [],
    }


def _conv_config(kernel, stride, activation, weight="kernel", **extra):
    return dict(kernel_size=[kernel, kernel], strides=[stride, stride], padding="same",
                data_format="channels_last", dilation_rate=[1, 1], activation=activation,
                use_bias=True, bias_initializer=_zeros(), bias_regularizer=None,
                bias_constraint=None, activity_regularizer=None,
                **{f"{weight}_initializer": _zeros(), f"{weight}_regularizer": None,
                   f"{weight}_constraint": None},
                **extra)


def build_model(tensors: dict[str, np.ndarray]):
    """Return (layers, weights): Keras layer configs and [(tfjs name, float32 array)] in order."""
    w = _Weights(tensors)
    layers: list[dict] = []
    weights: list[tuple[str, np.ndarray]] = []

    def conv(name, src, conv_key, bn_key, shape, stride, activation, pre_scale=1.0):
        kernel, bias = w.conv_bn(conv_key, bn_key, shape)
        kernel = kernel * pre_scale
        layers.append(_layer("Conv2D", name, [src],
                             **_conv_config(shape[2], stride, activation, filters=shape[0])))
        weights.append((f"{name}/kernel", kernel.transpose(2, 3, 1, 0)))  # -> (kh, kw, I, O)
        weights.append((f"{name}/bias", bias))
        return name

    def depthwise(name, src, conv_key, bn_key, channels, kernel_size, stride):
        kernel, bias = w.conv_bn(conv_key, bn_key, (channels, 1, kernel_size, kernel_size))
        cfg = _conv_config(kernel_size, stride, "relu6", weight="depthwise", depth_multiplier=1)
        layers.append(_layer("DepthwiseConv2D", name, [src], **cfg))
        weights.append((f"{name}/depthwise_kernel", kernel.transpose(2, 3, 0, 1)))  # (kh,kw,C,1)
        weights.append((f"{name}/bias", bias))
        return name

    layers.append(_layer("InputLayer", "input", [],
                         batch_input_shape=[None, IMAGE_SIZE, IMAGE_SIZE, 3], sparse=False))
    x = conv("stem_conv", "input", "_conv_stem", "_bn0", (STEM_FILTERS, 3, 3, 3), 2, "relu6",
             pre_scale=INPUT_SCALE)

    idx = 0
    for repeats, k, stride, expand, c_in, c_out in STAGES:
        for r in range(repeats):
            s, cin = (stride, c_in) if r == 0 else (1, c_out)
            p, hidden, block_in = f"_blocks.{idx}", cin * expand, x
            if expand != 1:
                x = conv(f"block{idx}_expand", x, f"{p}._expand_conv", f"{p}._bn0",
                         (hidden, cin, 1, 1), 1, "relu6")
            x = depthwise(f"block{idx}_dwconv", x, f"{p}._depthwise_conv", f"{p}._bn1",
                          hidden, k, s)
            x = conv(f"block{idx}_project", x, f"{p}._project_conv", f"{p}._bn2",
                     (c_out, hidden, 1, 1), 1, "linear")
            # EfficientNet-PyTorch adds the identity only on repeated (stride 1) blocks.
            if r > 0:
                layers.append(_layer("Add", f"block{idx}_add", [x, block_in]))
                x = f"block{idx}_add"
            idx += 1

    x = conv("head_conv", x, "_conv_head", "_bn1", (HEAD_FILTERS, STAGES[-1][5], 1, 1), 1,
             "relu6")
    layers.append(_layer("GlobalAveragePooling2D", "avg_pool", [x],
                         data_format="channels_last"))
    fc_w = w.get("_fc.weight", (NUM_CLASSES, HEAD_FILTERS))
    fc_b = w.get("_fc.bias", (NUM_CLASSES,))
    # ml5 reports the raw outputs as confidences: end in softmax so they are probabilities.
    layers.append(_layer("Dense", "predictions", ["avg_pool"], units=NUM_CLASSES,
                         activation="softmax", use_bias=True,
                         kernel_initializer=_zeros(), bias_initializer=_zeros(),
                         kernel_regularizer=None, bias_regularizer=None,
                         activity_regularizer=None, kernel_constraint=None,
                         bias_constraint=None))
    weights.append(("predictions/kernel", fc_w.T))
    weights.append(("predictions/bias", fc_b))
    w.check_all_used()
    return layers, [(n, np.ascontiguousarray(a, dtype=np.float32)) for n, a in weights]
