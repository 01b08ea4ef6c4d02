"""The `ai` method: Anthropic Claude reads the page (`client`), asked by `prompt`, answering
in `answer`'s JSON schema; `contacts` turns the answer into contacts and `grounding` keeps
only what the page itself prints (`printed` indexes the page, `prose` tells contact lines
from running prose)."""
