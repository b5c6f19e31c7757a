# One image for the three CryptoFlow services; docker-compose.yml picks the service by command.
# Stage 1: build the shaded jars with Maven.
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
RUN mvn -B -q -DskipTests package

# Stage 2: JRE 17 runtime, non-root.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cryptoflow \
 && mkdir -p /data && chown cryptoflow /data
WORKDIR /app
COPY --from=build /src/collector/target/collector.jar /app/collector.jar
COPY --from=build /src/replicator/target/replicator.jar /app/replicator.jar
COPY --from=build /src/api/target/api.jar /app/api.jar
COPY collector/config.yml /app/collector/config.yml
COPY replicator/config.yml /app/replicator/config.yml
COPY api/config.yml /app/api/config.yml
ENV CRYPTOFLOW_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50"
USER cryptoflow
VOLUME /data
