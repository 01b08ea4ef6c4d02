"""The storage side: the models (a job's id is its RQ id), engines and pools, migrations
glue, uploaded files (local directory or S3), saved results and the statistics read from
the job rows. Imports nothing from `callsheet.api`.
"""
