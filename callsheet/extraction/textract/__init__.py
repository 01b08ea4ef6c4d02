"""The `aws-textract` method: AWS Textract's `AnalyzeDocument` per page (`client`), its
blocks turned into the words the pattern reader reads (`blocks`)."""
