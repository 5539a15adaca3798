# The Caravel worker image: `caravel worker` with its configuration from CARAVEL_* variables or a
# mounted YAML file (CARAVEL_CONFIG). Build from the repository root:
#   docker build -t caravel-worker .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -pl cli -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/caravel --create-home caravel
COPY --from=build /src/cli/target/caravel.jar /opt/caravel/caravel.jar
USER caravel
ENV CARAVEL_STORAGE_DIR=/var/lib/caravel/storage
VOLUME /var/lib/caravel
EXPOSE 6001 9464
ENTRYPOINT ["java", "-jar", "/opt/caravel/caravel.jar"]
CMD ["worker"]
