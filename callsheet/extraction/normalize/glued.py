"""A role label glued to the name after it: `Property MasterNandini Rao`, `1st ADLena Ortiz`.

Where a sheet changes font between a label and a name (bold role, regular name) the text
layer often has no space there, so one word holds the end of the label and the start of the
name. The word is cut where a capital starts the name, if what comes before it (with the
word before, for two-word labels) is a role label; names with inner capitals (`MacKenzie`,
`DeShawn`, `LeFevre`) are never cut, since their first part is no label.
"""
from __future__ import annotations

from dataclasses import replace

from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.types import Word

__all__ = ["glued_label_end", "unglue_words"]

def glued_label_end(word: str, before: str = "") -> int | None:
    """Where the name starts inside `word` when a role label is glued to it, else None.

    `before` is the previous word on the line (`Property` for `MasterNandini`).
    """
    if len(word) < 5 or word.isupper() or word.islower():
        return None
    lex = lexicon()
    for i in range(2, len(word) - 2):
        # a capital that starts a name (`Nandini`) after a lower-case letter or after capitals (`ADNandini`)
        if not (word[i].isupper() and word[i + 1:i + 3].isalpha() and word[i + 1:i + 3].islower()):
            continue
        head = word[:i]
        if not head.isalpha() and not head.replace(".", "").isalnum():
            continue
        if lex.match_role(head) or (before and lex.match_role(f"{before} {head}")):
            return i
    return None


def unglue_words(words: list[Word]) -> list[Word]:
    """Words with every glued label cut off its name (boxes split by character count)."""
    out: list[Word] = []
    for w in words:
        before = out[-1].text if out and (out[-1].block, out[-1].line) == (w.block, w.line) else ""
        cut = glued_label_end(w.text, before)
        if cut is None:
            out.append(w)
            continue
        x = w.x0 + (w.x1 - w.x0) * cut / len(w.text)
        out.append(replace(w, x1=x, text=w.text[:cut]))
        out.append(replace(w, x0=x, text=w.text[cut:]))
    return out
