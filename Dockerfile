# ruralwatch: one image for the four services and the migrations job.
#   docker build -t ruralwatch .
#   docker run -e RW_SERVICE=alerts ... ruralwatch serve alerts
# Production runs against PostgreSQL and Apache Kafka (see docker-compose.yml and deploy/).

# The base is pinned to a full version (bump it deliberately; a registry mirror can pin its digest,
# python:3.11.7-slim-bookworm@sha256:…), and the dependencies to requirements.lock with hashes.
ARG PYTHON_IMAGE=python:3.11.7-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY pyproject.toml README.md requirements.lock ./
COPY services ./services
COPY clients ./clients
# wheels of the locked runtime dependencies (hash-checked) and of the project itself, nothing else
RUN pip wheel --no-cache-dir --require-hashes --wheel-dir /wheels -r requirements.lock \
 && pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    RW_LOG_JSON=true
RUN groupadd --system --gid 10001 ruralwatch \
 && useradd --system --uid 10001 --gid ruralwatch --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin ruralwatch
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels ruralwatch \
 && rm -rf /wheels
USER 10001:10001
WORKDIR /tmp
EXPOSE 8101 8102 8103 8104
# RW_SERVICE names the service the container runs; the check asks it for /healthz on its port
ENV RW_SERVICE=alerts
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "services.common.healthcheck", "/healthz"]
ENTRYPOINT ["ruralwatch"]
CMD ["serve", "alerts"]
