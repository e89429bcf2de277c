#!/bin/sh
# A shell "training": records on stdout and on the PROV4ML_EVENTS descriptor.
echo "prov4ml:metric name=loss value=0.9 step=0"
echo '{"kind":"metric","name":"loss","value":0.4,"step":1}' >&"$PROV4ML_EVENTS"
echo "plain output line"
