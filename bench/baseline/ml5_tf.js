// ml5 bundles TensorFlow.js as ml5.tf and defines no global `tf`. The wasm
// backend and pose-detection are UMD bundles that look for a global `tf` when
// they load, so it must exist before them, and it must be ml5's: a second copy
// of TensorFlow.js would be a second engine with its own backends and tensors.
window.tf = window.ml5.tf;
