# Caravan's container image: the steps ./caravan run performs, on a standard JRE image, plus what the bundled FFmpeg
# links against (libpulse0). The CDK app (infra/) takes its URI as the ImageUri parameter.
#   mvn -B -DskipTests package            (target/caravan.jar and target/lib/)
#   docker build -t caravan:0.1.0 .        (or podman build)
# Not built or run on the machine Caravan is developed on (it has no container runtime): see docs/aws.md.
FROM eclipse-temurin:17-jre

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpulse0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /home/caravan caravan \
 && mkdir -p /caravan/data \
 && chown caravan:caravan /caravan/data

# the same layout as a checkout: the jar finds target/lib/, Caravan reads config/ relative to its working folder
WORKDIR /caravan
COPY target/caravan.jar target/caravan.jar
COPY target/lib/ target/lib/
COPY config/ config/

ENV CARAVAN_DATA=/caravan/data
USER caravan
EXPOSE 8080

# On ECS the web task gets the delivery key pair from Secrets Manager and the stack's parameter
# (CARAVAN_DELIVERY_PRIVATE_KEY, CARAVAN_DELIVERY_PUBLIC_KEY): written owner-only into the data folder, where
# caravan.delivery.privateKeyFile and publicKeyFile expect them. JVM options as ./caravan run (config/jvm.options)
# unless JAVA_OPTS is set. exec: Java replaces the shell as PID 1, so ECS's SIGTERM reaches Caravan, which hands its job back.
ENTRYPOINT ["/bin/sh", "-c", "umask 077; \
if [ -n \"${CARAVAN_DELIVERY_PRIVATE_KEY:-}\" ]; then printf '%s\\n' \"$CARAVAN_DELIVERY_PRIVATE_KEY\" > \"$CARAVAN_DATA/delivery-private.pem\"; fi; \
if [ -n \"${CARAVAN_DELIVERY_PUBLIC_KEY:-}\" ]; then printf '%s\\n' \"$CARAVAN_DELIVERY_PUBLIC_KEY\" > \"$CARAVAN_DATA/delivery-public.pem\"; fi; \
exec java ${JAVA_OPTS:-$(grep -v '^#' config/jvm.options | xargs)} -jar target/caravan.jar \"$@\"", "caravan"]
