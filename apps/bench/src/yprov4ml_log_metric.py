"""The bench workload through yProv4ML: N log_metric calls over 10 names x 2 contexts.

Prints one JSON line: {"ns_per_call": ..., "calls": ..., "end_run_s": ..., "cpu_ns_per_call": ...,
"end_to_end_ns_per_call": ...} -- the training thread's time per call, the process's CPU over all
threads (logging and end_run) and the wall time including end_run, per call.
Run with the bench venv (`.bench-venv`, `pip install yprov4ml==3.2.8`); kept out of CI's venv.
The bench starts it in a scratch working directory: end_run writes requirements.txt there.
"""
import json, sys, tempfile, time, types

# yProv4ML 3.2.8 declares Python >= 3.9 but its prov2card module (model cards, not used here) needs
# Python 3.12 f-string syntax. On an older Python, stand in an empty module for it so the logging
# path can be measured; nothing in that path calls it.
if sys.version_info < (3, 12):
    card = types.ModuleType("yprov4ml.prov2card")
    card.convert = lambda *args, **kwargs: None
    sys.modules["yprov4ml.prov2card"] = card

import yprov4ml

calls = int(sys.argv[1])
names = [f"metric_{i}" for i in range(10)]
contexts = ["training", "validation"]
with tempfile.TemporaryDirectory() as tmp:
    yprov4ml.start_run(
        prov_user_namespace="www.example.org",
        experiment_name="bench",
        provenance_save_dir=tmp,
    )
    cpu_start = time.process_time_ns()
    start = time.perf_counter_ns()
    for i in range(calls):
        yprov4ml.log_metric(names[i % 10], float(i), context=contexts[(i // 10) % 2], step=i // 20)
    elapsed = time.perf_counter_ns() - start
    t0 = time.perf_counter()
    yprov4ml.end_run(create_graph=False, create_svg=False)
    end_run_s = time.perf_counter() - t0
    total = time.perf_counter_ns() - start
    cpu = time.process_time_ns() - cpu_start
print(json.dumps({
    "ns_per_call": elapsed / calls,
    "calls": calls,
    "end_run_s": end_run_s,
    "cpu_ns_per_call": cpu / calls,
    "end_to_end_ns_per_call": total / calls,
}))
