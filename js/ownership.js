// Which demo run made each tensor (py/ownership.py). While a run's Python code runs, Python
// names the run in labTensors.owner; tensors and variables made then and still alive when the
// run ends are disposed, so a run of edited code cannot leave thousands behind.
// In JavaScript because TF.js makes hundreds of tensors a frame: one Map entry each is cheap,
// a call into Python each would not be.
(() => {
  const engine = window.tf.engine();
  const owners = new Map();  // tensor or variable -> the run that made it
  const api = { owner: null };
  const track = engine.trackTensor.bind(engine);
  const dispose = engine.disposeTensor.bind(engine);
  const makeVariable = engine.makeVariable.bind(engine);
  engine.trackTensor = (tensor, backend) => {
    track(tensor, backend);
    if (api.owner !== null) owners.set(tensor, api.owner);
  };
  engine.disposeTensor = (tensor) => {
    owners.delete(tensor);
    dispose(tensor);
  };
  engine.makeVariable = (...args) => {
    const variable = makeVariable(...args);
    if (api.owner !== null) owners.set(variable, api.owner);
    return variable;
  };
  // alive tensors a run made (kept ones too: tf.keep() says someone else holds them)
  api.count = (run) => {
    let n = 0;
    for (const [tensor, owner] of owners) if (owner === run && !tensor.isDisposed) n++;
    return n;
  };
  // dispose what a run left, except tensors kept with tf.keep(), which a library may cache
  api.free = (run) => {
    let freed = 0;
    for (const [tensor, owner] of owners) {
      if (owner !== run) continue;
      owners.delete(tensor);
      if (!tensor.isDisposed && !tensor.kept) {
        tensor.dispose();
        freed++;
      }
    }
    return freed;
  };
  window.labTensors = api;
})();
