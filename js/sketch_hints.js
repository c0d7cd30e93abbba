// The Sketch editor's completion list: CodeMirror's show-hint addon (vendored), fed by Python
// (py/lab/sketch/completer.py). `ask(code, line, ch)` gives JSON: {"from": the column where the
// typed name starts, "items": [{name, kind, signature, doc}], "said": what the live region
// says, "spoken": each item as said when selected, "loading": true while Jedi loads}; then
// `ready()` resolves once it has (true) or could not (false), and the list opens if the cursor
// is still where it was asked. `preload()` starts that load: on the editor's first focus.
// Arrows choose, Enter or Tab insert, Escape closes (show-hint's keys); text is only ever set
// as text, never as HTML.
"use strict";
window.labHints = {
  attach(cm, ask, ready, status, preload) {
    const say = (text) => { if (text && status.textContent !== text) status.textContent = text; };
    const render = (element, data, entry) => {
      const name = document.createElement("span");
      name.className = "hint-name";
      name.textContent = entry.item.name;
      const detail = document.createElement("span");
      detail.className = "hint-detail";
      const item = entry.item;
      detail.textContent = [item.signature || item.kind, item.doc].filter(Boolean).join(" · ");
      element.append(name, detail);
    };
    // "Loading completions…" under the cursor while Jedi loads: not a list, it takes no keys
    let waiting = null;
    const stopWaiting = () => { if (waiting) { waiting.box.remove(); waiting = null; } };
    const wait = (editor, said) => {
      const cursor = editor.getCursor();
      if (!waiting) {
        const box = document.createElement("div");
        box.className = "hint-loading";
        box.textContent = said;
        const at = editor.cursorCoords(cursor, "page");
        box.style.left = `${at.left}px`;
        box.style.top = `${at.bottom}px`;
        document.body.append(box);
        waiting = { box };
      }
      const mine = waiting;
      mine.line = cursor.line;
      mine.value = editor.getValue();
      ready().then((loaded) => {
        if (waiting !== mine) return;
        stopWaiting();
        // still where it was asked (the same text, the focus in the editor): the list opens
        if (loaded && editor.hasFocus() && editor.getValue() === mine.value) open(editor);
      });
    };
    cm.on("blur", stopWaiting);
    cm.on("keydown", (editor, event) => { if (event.key === "Escape") stopWaiting(); });
    cm.on("cursorActivity", (editor) => {
      if (waiting && editor.getCursor().line !== waiting.line) stopWaiting();
    });
    // the name the user chose with the arrows: a list that comes back later (a slower answer
    // for the same text, or one more letter typed) keeps it chosen rather than the first name
    let chosen = null;
    cm.on("endCompletion", () => { chosen = null; });
    const hint = async (editor) => {
      const cursor = editor.getCursor();
      const answer = JSON.parse(await ask(editor.getValue(), cursor.line, cursor.ch));
      if (!answer.items.length) {
        say(answer.said);
        if (answer.loading) wait(editor, answer.said);
        return null;
      }
      stopWaiting();
      const list = answer.items.map((item, index) => ({
        text: item.name, item, spoken: answer.spoken[index], render }));
      const kept = list.findIndex((entry) => entry.text === chosen);
      const result = { list, from: CodeMirror.Pos(cursor.line, answer.from), to: cursor,
                       selectedHint: Math.max(kept, 0) };
      let opened = true;  // an item is selected as the list opens: say both at once
      CodeMirror.on(result, "select", (entry) => {
        say(opened ? `${answer.said} ${entry.spoken}` : entry.spoken);
        if (!opened) chosen = entry.text;
        opened = false;
      });
      CodeMirror.on(result, "pick", (entry) => say(`Inserted ${entry.text}.`));
      return result;
    };
    const open = (editor) => editor.showHint({ hint, completeSingle: false });
    // after a name and a dot, and what is typed after it (keys typed fast may come as one input)
    cm.on("inputRead", (editor, change) => {
      const cursor = editor.getCursor();
      const before = editor.getLine(cursor.line).slice(0, cursor.ch);
      if (!editor.state.completionActive && /^[\w.]+$/.test(change.text.join("")) &&
          /[A-Za-z_]\w*\.\w*$/.test(before)) open(editor);
    });
    cm.addKeyMap({ "Ctrl-Space": open });
    // when the user last typed: Jedi's long loading steps wait for a pause (completer.py)
    cm.on("changes", (editor) => { editor.state.labChanged = performance.now(); });
    // Jedi loads in the background from the first focus on: not at start, not at the first key
    const first = () => { cm.off("focus", first); preload(); };
    cm.on("focus", first);
    if (cm.hasFocus()) first();
  },
};
