// The wasm backend starts here, while Python starts, unless the address asks for another
// (?backend=). Python's lab.core.engine.start_backend() then finds it started, or, if it could
// not start, tries again and falls back with a message, as it would have on its own.
//
// With ?backend=auto (the default) wasm starts all the same, and labGpuProbe says whether a
// hardware GPU is there to try (lab.core.backend_pick reads it): a software one (SwiftShader,
// llvmpipe, Microsoft's Basic Render Driver) is ruled out at once, so without a GPU the start
// is exactly the wasm one.
"use strict";
(() => {
  // the wasm binaries sit next to the backend's script; set before any backend starts
  tf.wasm.setWasmPaths(new URL("vendor/tfjs-backend-wasm/", location.href).href);
  const asked = new URLSearchParams(location.search).get("backend");
  if (asked === null || asked === "wasm" || asked === "auto") tf.setBackend("wasm").catch(() => {});
})();

// WebGL's renderer, and whether it is a hardware one; `named`: read the name even when the
// browser already said "no hardware" (only the forced trial needs it: it costs a context)
function labWebglProbe(named) {
  const open = (caveat) => {
    const canvas = document.createElement("canvas");
    const options = {failIfMajorPerformanceCaveat: caveat};
    try {
      return canvas.getContext("webgl2", options) || canvas.getContext("webgl", options);
    } catch (error) {
      return null;
    }
  };
  const close = (gl) => { if (gl) gl.getExtension("WEBGL_lose_context")?.loseContext(); };
  const nameOf = (gl) => {
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || "");
  };
  let gl = open(true);
  const caveat = !gl;  // the browser itself says this WebGL would be much slower than usual
  if (!gl && named) gl = open(false);
  const renderer = gl ? nameOf(gl) : "";
  close(gl);
  return {renderer, caveat, present: Boolean(gl)};  // caveat and no name: software or none
}

// WebGPU's adapter, if any: {present, fallback, renderer}
async function labWebgpuProbe() {
  if (!navigator.gpu) return {present: false, fallback: false, renderer: ""};
  let adapter = null;
  try {
    adapter = await navigator.gpu.requestAdapter({powerPreference: "high-performance"});
  } catch (error) {
    adapter = null;
  }
  if (!adapter) return {present: false, fallback: false, renderer: ""};
  const info = adapter.info || {};
  const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const renderer = [info.vendor, info.architecture, info.device, info.description]
    .filter(Boolean).join(" ");
  return {present: true, fallback, renderer};
}

// {webgl: {...}, webgpu: {...}, registered: backends this TF.js knows}: plain data for Python.
// The WebGPU backend's script loads only where it may be tried (an adapter, or `named`: the
// forced trial), so that a page without a GPU never compiles it.
window.labGpuProbe = async function labGpuProbe(named = false) {
  const webgl = labWebglProbe(named);
  const webgpu = await labWebgpuProbe();
  if (webgpu.present || (named && navigator.gpu)) {
    await labLoadScripts("tfjs-backend-webgpu").catch(() => {});  // then not a candidate
  }
  const registered = Object.keys(tf.engine().registryFactory);
  return {webgl, webgpu, registered};
};

// under auto, probed at once, beside Python's start (lab.core.backend_pick awaits this)
{
  const params = new URLSearchParams(location.search);
  if ([null, "auto"].includes(params.get("backend"))) {
    window.labGpuProbed = labGpuProbe(params.get("trial") === "1");
  }
}
