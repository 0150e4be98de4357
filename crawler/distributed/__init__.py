"""A crawl spread over machines: workers on scrapy-redis, one ingesting writer (docs/scaling.md).

- `keys`: the Redis keys a run uses, and how to connect (`redis://host:port/db`).
- `messages`: what travels through Redis (a court's job, a court's result) as JSON.
- `worker`: `sealtrail worker --redis URL`: a Scrapy process whose spider takes court jobs
  from Redis (scrapy-redis's spider-idle path) and pushes each court's records back; it
  never opens the SQLite store.
- `ingest`: `sealtrail crawl ... --redis URL`: puts the run's courts on Redis, gives the jobs
  of dead workers back to the queue, and writes what the workers return through the same
  `crawler.pipelines.StorePipeline` a single-process crawl uses (the one writer).
- `hostlock`: politeness across workers: one request at a time per host, with the delay,
  Retry-After and robots.txt Crawl-delay shared through Redis.

Everything here needs the optional extra: `pip install .[distributed]`.
"""
