// The page's one TF.js engine (vendor/tfjs/), shared by ml5 once a sketch loads it: ml5's
// bundled copy of TF.js finds this engine and joins it (one backend, one count of tensors).
// But its copy of the Layers API counts layer names on its own, so its first dense layer is
// "dense_Dense1" as the page's is, and the engine would refuse a second variable of that name:
// a variable whose name is taken gets the next free "_<n>" suffix instead (the layer keeps
// its own name, which is what models save and load by).
(() => {
  const engine = tf.engine();
  const makeVariable = engine.makeVariable.bind(engine);
  engine.makeVariable = (initialValue, trainable = true, name, dtype) => {
    const taken = engine.state.registeredVariables;
    if (name != null && taken[name] != null) {
      let n = 1;
      while (taken[`${name}_${n}`] != null) n += 1;
      name = `${name}_${n}`;
    }
    return makeVariable(initialValue, trainable, name, dtype);
  };
})();
