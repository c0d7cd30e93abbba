// labHandNumbers(hands): what hand-pose-detection's estimateHands found, as one Float64Array
// of HAND_NUMBERS numbers a hand, which lab.hands.keypoints.plain_hands reads:
//
//     score, handedness (0: "Left", 1: "Right", -1: another word, as MediaPipe names it),
//     x0, y0, x1, y1, ... x20, y20 (keypoints: the frame's pixels), z0 ... z20 (keypoints3D)
//
// NaN where the package gave no number (a hand without its 21 keypoints: its score is NaN).
// On the page and in the vision worker (js/vision_worker.js): one typed array crosses the
// bridge (or the worker's message) instead of JSON of 42 named points a hand, each read as a
// Python dict on every frame.
"use strict";
self.labHandNumbers = (() => {
  const POINTS = 21, HAND_NUMBERS = 2 + 3 * POINTS;
  const number = (value) => (typeof value === "number" ? value : NaN);
  return (hands) => {
    const numbers = new Float64Array(hands.length * HAND_NUMBERS).fill(NaN);
    hands.forEach((hand, i) => {
      const at = i * HAND_NUMBERS, points = hand.keypoints || [], deep = hand.keypoints3D || [];
      numbers[at] = points.length === POINTS ? number(hand.score) : NaN;
      numbers[at + 1] = hand.handedness === "Left" ? 0 : hand.handedness === "Right" ? 1 : -1;
      for (let k = 0; k < POINTS && k < points.length; k++) {
        numbers[at + 2 + 2 * k] = number(points[k].x);
        numbers[at + 3 + 2 * k] = number(points[k].y);
      }
      for (let k = 0; k < POINTS && k < deep.length; k++) {
        numbers[at + 2 + 2 * POINTS + k] = number(deep[k].z);
      }
    });
    return numbers;
  };
})();
