# Starts TensorBoard 2.21 on Athanor logs (e.g. ./athanor demo --out /tmp/demo --epochs 5; LOGDIR=/tmp/demo/logs)
# and asks its HTTP API what each dashboard sees: scalars, histograms, text, the conceptual graph.
/work/venv/bin/tensorboard --logdir "${1:?usage: tensorboard_server_check.sh LOGDIR}" --port 6123 --host 127.0.0.1 > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:6123/data/plugins_listing && break; sleep 2; done
u=http://127.0.0.1:6123/data
for q in plugins_listing plugin/scalars/tags plugin/histograms/tags plugin/graphs/info 'plugin/scalars/scalars?run=validation&tag=epoch_accuracy' 'plugin/text/tags' 'plugin/graphs/graph?run=train&conceptual=true&tag=keras'; do
  echo "GET /data/$q"; curl -s "$u/$q" | head -c 700; echo
done
kill $pid
