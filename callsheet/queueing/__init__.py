"""The queue side: RQ queue names in priority order, enqueue and retry policies, the job
functions (ids in, ids out), the worker classes, the Redis connection and embedded server,
circuit breakers, heartbeats, the reconciler and the periodic jobs.

Data flows one way: api -> queueing -> (Redis) -> job -> extraction -> store.
"""
