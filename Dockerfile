# One image for the CryptoFlow stack: collector, replicator and api (picked by the compose
# command), plus the Litestream binary for the backup and restore services, all run as the one
# non-root user `cryptoflow` (uid 10001), so every file in the data volume has a single owner.
#
# Two ways to get the jars, chosen with `target` (docker-compose.yml: CRYPTOFLOW_IMAGE_BUILD):
#   maven     (default) builds them with Maven inside the build: needs Maven Central from the build.
#   prebuilt  packages the jars already built on the host (`mvn -B -DskipTests package`), with no
#             network in the build: for machines whose builds cannot reach Maven Central.
# Stage order matters for the classic builder (docker-compose 1.29), which builds every stage up
# to the target: `prebuilt` comes before the Maven stages, and its COPY tolerates missing jars
# (a `[r]` glob may match nothing) so the default build also works on a fresh clone.

FROM litestream/litestream:0.3.13 AS litestream

FROM eclipse-temurin:17-jre AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cryptoflow \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin cryptoflow \
 && mkdir -p /data/litestream \
 && chown -R cryptoflow:cryptoflow /data
COPY --from=litestream /usr/local/bin/litestream /usr/local/bin/litestream
WORKDIR /app
ENV CRYPTOFLOW_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=25"
# A fresh named volume mounted on /data copies this directory's owner (cryptoflow) and its empty
# litestream/ mount point, so the first container on a new or lost volume can write to it. No
# VOLUME line: compose mounts the named volumes, and a service without them (the simulator of the
# compose test) would leave an anonymous volume behind at every `down`.
USER cryptoflow

FROM runtime AS prebuilt
COPY collector/config.yml collector/target/collector.ja[r] /app/collector/
COPY replicator/config.yml replicator/target/replicator.ja[r] /app/replicator/
COPY api/config.yml api/target/api.ja[r] /app/api/

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY common/pom.xml common/pom.xml
COPY simulator/pom.xml simulator/pom.xml
COPY collector/pom.xml collector/pom.xml
COPY replicator/pom.xml replicator/pom.xml
COPY api/pom.xml api/pom.xml
COPY e2e/pom.xml e2e/pom.xml
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=io.cryptoflow || true
COPY . .
RUN mvn -B -q -DskipTests package -pl collector,replicator,api -am

FROM runtime AS maven
COPY collector/config.yml /app/collector/
COPY replicator/config.yml /app/replicator/
COPY api/config.yml /app/api/
COPY --from=build /src/collector/target/collector.jar /app/collector/collector.jar
COPY --from=build /src/replicator/target/replicator.jar /app/replicator/replicator.jar
COPY --from=build /src/api/target/api.jar /app/api/api.jar
