// The Sketch editor's completion list: CodeMirror's show-hint addon (vendored), fed by Python
// (py/lab/sketch/completer.py). `ask(code, line, ch)` gives a promise of JSON: {"from": the
// column where the typed name starts, "items": [{name, kind, signature, doc}], "said": what the
// live region says, "spoken": each item as said when selected}. Arrows choose, Enter or Tab
// insert, Escape closes (show-hint's keys); text is only ever set as text, never as HTML.
"use strict";
window.labHints = {
  attach(cm, ask, status) {
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
    const hint = async (editor) => {
      const cursor = editor.getCursor();
      const answer = JSON.parse(await ask(editor.getValue(), cursor.line, cursor.ch));
      if (!answer.items.length) {
        say(answer.said);
        return null;
      }
      const list = answer.items.map((item, index) => ({
        text: item.name, item, spoken: answer.spoken[index], render }));
      const result = { list, from: CodeMirror.Pos(cursor.line, answer.from), to: cursor };
      let opened = true;  // the list's first item is selected as it opens: say both at once
      CodeMirror.on(result, "select", (entry) => {
        say(opened ? `${answer.said} ${entry.spoken}` : entry.spoken);
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
  },
};
