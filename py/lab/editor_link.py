"""An editor's code in a link, and a link's code beside the user's own saved edit: neither is lost.

    class Editor(LinkedCode): ...      # lab.editor's Editor takes these methods
    editor.open_shared(source)         # code from a link: shown with a notice, not run, not kept
    editor.leave_link()                # before Run or Reset replaces the saved edit: kept aside
    editor.keep_other_tabs_edit(known) # another tab's newer edit, kept aside before a save
    editor.restore_edit()              # "Restore my edit" (#<demo>-code-restore)
    editor.share()                     # "Copy link" (#<demo>-share)

A link opened over a saved edit leaves that edit saved, and the notice says so. Once
the link's code runs (it is then the saved edit) or Reset brings back the shipped
code, the earlier edit is kept aside in this browser, and the notice offers "Restore
my edit" (which swaps it with what is in the editor) or "Forget it", on every visit
until the user chooses. Links themselves: lab.core.share.
"""

import js

from lab.core import share, storage
from lab.core.ui import document, element

ASIDE_KEY = "browser-ml-lab/edit-aside/{name}"
FROM_LINK = ("This code came from a link and has not run. Read it first: press Run to run it (it "
             "is then kept in this browser), or Reset for the demo's own code.")


class LinkedCode:
    """The link and restore parts of lab.editor.Editor (self.name, cm, from_link, notice...)."""

    _actions = None  # the Restore and Forget buttons, made once

    @property
    def _aside_key(self) -> str:
        return ASIDE_KEY.format(name=self.name)

    def _saved_under_link(self) -> str | None:
        saved = storage.get(self._key)
        return saved if self.from_link is not None and saved != self.from_link else None

    def offer_restore(self, text: str = "", kind: str = "info"):
        """The notice `text`, with "Restore my edit" while an edit of the user's is not shown."""
        restore, forget = self._buttons()
        if self._saved_under_link() is not None:
            text += (" Your own saved edit of this demo is not lost: “Restore my edit” brings it "
                     "back (not run).")
            buttons = (restore,)
        elif storage.get(self._aside_key) is not None:
            text = (text or "An earlier edit of this demo (replaced by a link's code, or saved by "
                    "another tab) is kept aside in this browser.") + " “Restore my edit” brings "
            text += "it back (not run); “Forget "
            text += "it” deletes it."
            buttons, kind = (restore, forget), kind if kind != "info" else "warning"
        else:
            buttons = ()
        self.notice(text, kind)
        if text and buttons:
            self._notice.append(" ", *buttons)

    def _buttons(self):
        if self._actions is None:
            restore = document.createElement("button")
            restore.type, restore.id, restore.textContent = "button", f"{self.name}-code-restore", \
                "Restore my edit"
            restore.addEventListener("click", self._proxies.add(lambda event: self.restore_edit()))
            forget = document.createElement("button")
            forget.type, forget.id, forget.textContent = "button", f"{self.name}-code-forget", \
                "Forget it"
            forget.addEventListener("click", self._proxies.add(lambda event: self._forget()))
            self._actions = (restore, forget)
        return self._actions

    def open_shared(self, source: str):
        """Show code from a link: not run, not kept, until the user presses Run."""
        self.from_link = source
        self.cm.setValue(source)
        self.offer_restore(FROM_LINK, "warning")
        self._show_state()

    def keep_other_tabs_edit(self, known: str | None) -> bool:
        """Before this tab saves over the kept edit: one another tab saved since this tab last
        read or saved `known` goes aside. False (this tab saves nothing, and says so) when the
        aside place already holds another edit."""
        theirs = storage.get(self._key)
        if theirs is None or theirs in (known, self.source):
            return True
        aside = storage.get(self._aside_key)
        if aside is not None and aside != theirs:
            self.offer_restore("Another tab of the lab saved a different edit of this demo, and "
                               "an earlier one is kept aside already, so this tab's code is not "
                               "saved over them: it stays here until this tab closes (copy it to "
                               "keep it).", "warning")
            return False
        storage.put(self._aside_key, theirs)
        self.offer_restore("Another tab of the lab saved a different edit of this demo meanwhile: "
                           "it is kept aside, not overwritten.", "warning")
        return True

    def leave_link(self):
        """The link's code is run or reset: the saved edit it hid is kept aside, not replaced."""
        saved = self._saved_under_link()
        if saved is not None:
            storage.put(self._aside_key, saved)
        self.from_link = None

    def restore_edit(self):
        """The user's edit back in the editor, not run; what it replaces, if edited, goes aside."""
        edit = self._saved_under_link()
        if edit is not None:  # still saved: the link's code just goes (it is still in the link)
            self.from_link = None
        else:
            edit = storage.get(self._aside_key)
            if edit is None:
                return
            if self.edited:
                storage.put(self._aside_key, self.source)
            else:
                storage.remove(self._aside_key)
        self.cm.setValue(edit)  # fires _changed, which saves it as the edit
        self.offer_restore("Your edit is back, not run yet: press Run to run it."
                           + (" The code it replaced is kept aside." if storage.get(self._aside_key)
                              is not None else ""), "ok")

    def _forget(self):
        storage.remove(self._aside_key)
        self.offer_restore(FROM_LINK if self.from_link is not None else "", "warning")

    def share(self):
        location = js.location
        link = (f"{location.origin}{location.pathname}?demo={self.name}"
                f"#{share.fragment(self.name, self.source)}")
        js.history.replaceState(None, "", link)
        element(f"#{self.name}-share").dataset.link = link  # for automation (README)
        said = (f"The link to this code ({len(link):,} characters) is in the address bar. The code "
                "is in the part after #, which the browser never sends to a server.")

        self.notice(said, "ok")
        from asyncio import ensure_future
        ensure_future(self._copy(link, said))

    async def _copy(self, link: str, said: str):
        try:
            await js.navigator.clipboard.writeText(link)
        except Exception:  # no clipboard here (an insecure page, or permission refused)
            self.notice(f"{said} Copy it from there: the clipboard could not be used.", "warning")
            return
        self.notice(f"Link copied. {said}", "ok")
