"""The `hybrid` method: `pattern` first, then only the pages it read weakly go out to `ai`
or `aws-textract` (`escalation`); `merge` keeps one contact per person across readings."""
