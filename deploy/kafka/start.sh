#!/bin/bash
# The compose Kafka: the image's own start, then one SCRAM principal per service and the ACLs of
# deploy/kafka/acls.sh, applied over a listener bound to 127.0.0.1 inside the container (nothing
# outside the container reaches it). Clients elsewhere must log in on SASL_PLAINTEXT :9092.
set -euo pipefail
/etc/kafka/docker/run &
broker=$!
until /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server 127.0.0.1:9094 >/dev/null 2>&1; do
  kill -0 "$broker" || exit 1
  sleep 2
done
for principal in admin alerts households loans reports province; do
  var="KAFKA_PASSWORD_${principal^^}"
  password="${!var:?set $var}"
  /opt/kafka/bin/kafka-configs.sh --bootstrap-server 127.0.0.1:9094 --alter \
    --add-config "SCRAM-SHA-512=[password=${password}]" --entity-type users --entity-name "$principal"
done
printf 'security.protocol=PLAINTEXT\n' > /tmp/local.properties
PATH="/opt/kafka/bin:$PATH" BOOTSTRAP=127.0.0.1:9094 ADMIN_CONFIG=/tmp/local.properties sh /opt/ruralwatch/acls.sh
touch /tmp/ruralwatch-ready
wait "$broker"
