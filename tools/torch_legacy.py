"""A legacy (pre-1.6, non-zip) ``torch.save`` state dict read with numpy alone, never importing
torch: only the globals a plain state dict needs are allowed, so nothing in the file is run.

    from torch_legacy import load_legacy_state_dict
    tensors = load_legacy_state_dict(pth_bytes)    # {"_conv_stem.weight": np.ndarray, ...}

Used by tools/convert_efficientnet.py.
"""

from __future__ import annotations

import collections
import io
import pickle

import numpy as np

_STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
}
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
_LEGACY_PROTOCOL = 1001


class _StorageType:
    def __init__(self, name: str):
        self.dtype = np.dtype(_STORAGE_DTYPES[name]).newbyteorder("<")


class _TensorRef:
    """A tensor whose storage bytes come after the pickle in the legacy format."""

    def __init__(self, key, offset, size, stride):
        self.key, self.offset, self.size, self.stride = key, offset, tuple(size), tuple(stride)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, *_ignored):
    return _TensorRef(storage, storage_offset, size, stride)


class _LegacyUnpickler(pickle.Unpickler):
    """Allows only the handful of globals a plain state dict needs: nothing gets executed."""

    def __init__(self, f):
        super().__init__(f)
        self.storages: dict[str, tuple[np.dtype, int]] = {}

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild_tensor_v2
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in checkpoint")

    def persistent_load(self, pid):
        typename, storage_type, key, _location, numel, view_metadata = pid
        if typename != "storage" or view_metadata is not None:
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        self.storages[key] = (storage_type.dtype, numel)
        return key


def load_legacy_state_dict(data: bytes) -> dict[str, np.ndarray]:
    f = io.BytesIO(data)
    load = lambda: _LegacyUnpickler(f).load()  # noqa: E731
    if load() != _LEGACY_MAGIC or load() != _LEGACY_PROTOCOL:
        raise ValueError("not a legacy (pre-1.6, non-zip) torch.save file")
    sys_info = load()
    if not sys_info.get("little_endian", False):
        raise ValueError("big-endian checkpoint not supported")
    unpickler = _LegacyUnpickler(f)
    state = unpickler.load()
    storage_keys = load()
    # After the key list each storage follows as: int64 element count, then raw elements.
    raw = {}
    for key in storage_keys:
        dtype, numel = unpickler.storages[key]
        (count,) = np.frombuffer(f.read(8), "<i8")
        if count != numel:
            raise ValueError(f"storage {key}: {count} elements on disk, {numel} declared")
        raw[key] = np.frombuffer(f.read(count * dtype.itemsize), dtype)
    tensors = {}
    for name, ref in state.items():
        base = raw[ref.key]
        itemsize = base.dtype.itemsize
        view = np.lib.stride_tricks.as_strided(
            base[ref.offset:], shape=ref.size, strides=[s * itemsize for s in ref.stride])
        tensors[name] = np.array(view, dtype=base.dtype.newbyteorder("="))
    return tensors
