"""The hand, face and person-mask models in the real page: vendored, patched at setup, on ml5's TF.js
(wasm), compared against MediaPipe's own runtime (tests/data/vision_reference.json, made by
tools/make_vision_reference.py from PyPI mediapipe 0.10.14's .tflite models).

The models run from page JS here, through the task packages exactly as the demos will call them:
each bundle is loaded on the page's one TF.js (window.tf === ml5.tf), each model from
vendor/models/ by URL on this server, each photo the very PNG the reference read.
"""

import statistics

import pytest

from vision_reference import REFERENCE, errors, hand_within_tolerance, size

# Runs in the page: load `bundle` (a UMD script that needs the global tf), make the detector,
# run it on each photo (twice: the first run compiles kernels), and say what it found, how long
# the second run took, and how many tensors were left.
DRIVE = """async ({bundle, global, photos, make, run}) => {
  if (!window[global]) {
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = bundle;
      script.onload = resolve;
      script.onerror = () => reject(new Error(bundle + " did not load"));
      document.head.append(script);
    });
  }
  const page = (path) => new URL(path, location.href).href;
  const lib = window[global];
  const before = tf.memory().numTensors;
  const model = await Function("lib", "page", "return (" + make + ")")(lib, page);
  const loaded = tf.memory().numTensors;
  const estimate = Function("lib", "model", "image", "return (" + run + ")");
  // same_tf: the model's weights are tensors of the page's engine
  const out = {backend: tf.getBackend(), same_tf: loaded > before, results: {}, ms: {}};
  for (const name of photos) {
    const image = new Image();
    image.src = page("tests/data/photos/" + name + ".png");
    await image.decode();
    await estimate(lib, model, image);
    const start = performance.now();
    out.results[name] = await estimate(lib, model, image);
    out.ms[name] = Math.round(performance.now() - start);
  }
  out.leaked = tf.memory().numTensors - loaded;
  model.dispose();
  out.left = tf.memory().numTensors - before;
  return out;
}"""


def drive(app, bundle, global_name, photos, make, run):
    app.open(demo="tensors")
    out = app.page.evaluate(DRIVE, {"bundle": bundle, "global": global_name, "photos": photos,
                                    "make": make, "run": run})
    assert out["backend"] == "wasm" and out["same_tf"], out
    assert out["leaked"] == 0 and out["left"] == 0, out  # every frame's tensors freed, then the weights
    return out


HANDS_MAKE = """lib.createDetector(lib.SupportedModels.MediaPipeHands, {runtime: "tfjs",
  modelType: "%s", maxHands: 2, detectorModelUrl: page("vendor/models/hands/handdetect.json"),
  landmarkModelUrl: page("vendor/models/hands/handlandmark-%s.json")})"""
HANDS_RUN = """model.estimateHands(image, {staticImageMode: true}).then(hands => hands.map(h => ({
  handedness: h.handedness, score: h.score, keypoints: h.keypoints.map(k => [k.x, k.y]),
  names: h.keypoints.map(k => k.name)})))"""


@pytest.mark.parametrize("variant", ["lite", "full"])
def test_hands_match_mediapipe(shared_app, variant):
    out = drive(shared_app, "vendor/hand-pose-detection/hand-pose-detection.min.js",
                "handPoseDetection", ["hands", "chelsea"], HANDS_MAKE % (variant, variant), HANDS_RUN)
    assert out["results"]["chelsea"] == []  # a cat: no hand, and no NaN hand either
    found = sorted(out["results"]["hands"], key=lambda hand: hand["keypoints"][0][0])
    reference = REFERENCE["hands"]["hands"][variant]
    assert len(found) == len(reference) == 2, found
    for hand, ref in zip(found, reference, strict=True):
        assert hand["names"][0] == "wrist" and hand["names"][20] == "pinky_finger_tip"
        assert hand["handedness"] == ref["handedness"]
        ok, how_close = hand_within_tolerance(hand["keypoints"], ref["keypoints"])
        print(f"hands {variant}: {how_close}, {out['ms']['hands']} ms")
        assert ok, how_close   # the tolerance and why: vision_reference.hand_within_tolerance


FACE_MAKE = """lib.createDetector(lib.SupportedModels.MediaPipeFaceMesh, {runtime: "tfjs",
  refineLandmarks: %s, maxFaces: 1,
  detectorModelUrl: page("vendor/models/face/facemesh-detection-short.json"),
  landmarkModelUrl: page("vendor/models/face/%s.json")})"""
FACE_RUN = """model.estimateFaces(image, {staticImageMode: true}).then(faces => faces.map(f => ({
  box: f.box, keypoints: f.keypoints.map(k => [k.x, k.y])})))"""


@pytest.mark.parametrize("variant", ["mesh", "irises"])
def test_face_mesh_matches_mediapipe(shared_app, variant):
    irises = variant == "irises"
    out = drive(shared_app, "vendor/face-landmarks-detection/face-landmarks-detection.min.js",
                "faceLandmarksDetection", ["astronaut_640x480", "chelsea"],
                FACE_MAKE % ("true" if irises else "false",
                             "facemesh-attention" if irises else "facemesh"), FACE_RUN)
    assert out["results"]["chelsea"] == []
    [face] = out["results"]["astronaut_640x480"]
    [ref] = REFERENCE["face"]["astronaut_640x480"][variant]
    assert len(face["keypoints"]) == len(ref["keypoints"]) == (478 if irises else 468)
    err = errors(face["keypoints"], ref["keypoints"])
    scale = size(ref["keypoints"])
    print(f"face {variant}: median {statistics.median(err):.1f} px, max {max(err):.1f} px "
          f"(face {scale:.0f} px), {out['ms']['astronaut_640x480']} ms")
    # The same detector and landmark models on both sides; the crops differ by the resize
    # filter and the rounding of the detector's box, so the mesh agrees to about a per cent.
    assert statistics.median(err) <= 0.02 * scale
    assert max(err) <= 0.06 * scale


SEGMENT_MAKE = """lib.createSegmenter(lib.SupportedModels.MediaPipeSelfieSegmentation,
  {runtime: "tfjs", modelType: "general", modelUrl: page("vendor/models/segment/selfie.json")})"""
# the person's probability (the mask's red channel) averaged over 8 x 6 cells, as the reference
SEGMENT_RUN = """model.segmentPeople(image).then(async ([person]) => {
  const rgba = await person.mask.toTensor();
  const [h, w] = rgba.shape;
  const red = tf.tidy(() => rgba.slice([0, 0, 0], [h, w, 1]).reshape([h, w]));
  const p = red.arraySync();
  tf.dispose([red, rgba]);
  const grid = [];
  let inside = 0;
  for (let r = 0; r < 6; r++) for (let c = 0; c < 8; c++) {
    let sum = 0, n = 0;
    for (let y = Math.floor(r * h / 6); y < Math.floor((r + 1) * h / 6); y++)
      for (let x = Math.floor(c * w / 8); x < Math.floor((c + 1) * w / 8); x++) { sum += p[y][x]; n++; }
    grid.push(sum / n);
  }
  for (const row of p) for (const v of row) if (v > 0.5) inside++;
  return {grid, person_fraction: inside / (h * w)};
})"""


def test_person_mask_matches_mediapipe(shared_app):
    out = drive(shared_app, "vendor/body-segmentation/body-segmentation.min.js", "bodySegmentation",
                ["astronaut_640x480", "chelsea"], SEGMENT_MAKE, SEGMENT_RUN)
    for name in ("astronaut_640x480", "chelsea"):
        page, ref = out["results"][name], REFERENCE["segment"][name]
        diff = [abs(a - b) for a, b in zip(page["grid"], ref["grid"], strict=True)]
        print(f"segment {name}: grid max diff {max(diff):.3f}, mean {statistics.mean(diff):.3f}; "
              f"person {page['person_fraction']:.3f} vs {ref['person_fraction']:.3f}, "
              f"{out['ms'][name]} ms")
        # The same model; MediaPipe resizes the input and the mask with its own filters, TF.js
        # with bilinear ones: cells differ only along the person's outline.
        assert max(diff) <= 0.1
        assert abs(page["person_fraction"] - ref["person_fraction"]) <= 0.02
    assert out["results"]["astronaut_640x480"]["person_fraction"] > 0.3
