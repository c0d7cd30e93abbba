// A file dropped on the page is never opened by the browser in place of the lab.
// The camera demos take a photo dropped anywhere on their section (py/camera.py) and say so;
// elsewhere (another demo, the header) a dropped file is refused: the cursor shows it
// can't be dropped there, and the drop does nothing.
"use strict";
(() => {
  const carriesFiles = (event) => event.dataTransfer !== null &&
    Array.from(event.dataTransfer.types).includes("Files");
  document.addEventListener("dragover", (event) => {
    if (!carriesFiles(event) || event.defaultPrevented) return;  // taken by a demo or the editor
    event.preventDefault();
    event.dataTransfer.dropEffect = "none";
  });
  document.addEventListener("drop", (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
})();
