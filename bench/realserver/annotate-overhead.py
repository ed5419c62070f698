"""Adds the framework overhead measured by the overhead-* sweeps to every sweep's meta.json.

frameworkOverheadCpuMsPerRequest = median serverCpuMsPerRequest of the minimal app under the same
server and worker class (overhead-<server>-<class>-1core); run by sweep-all.sh after the sweeps.
"""
import json
import os
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "fixtures")
overhead = {}
for base in ("measured", "measured-other-run"):
    d = os.path.join(root, base)
    if not os.path.isdir(d):
        continue
    for name in sorted(os.listdir(d)):
        if name.startswith("overhead-") and base == "measured":
            m = json.load(open(os.path.join(d, name, "meta.json")))
            vals = [p["serverCpuMsPerRequest"] for p in m["points"] if p["serverCpuMsPerRequest"] is not None]
            overhead[(m["server"], m["workerClass"])] = (round(statistics.median(vals), 4), f"{base}/{name}")
for base in ("measured", "measured-other-run"):
    d = os.path.join(root, base)
    if not os.path.isdir(d):
        continue
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name, "meta.json")
        m = json.load(open(path))
        found = overhead.get((m["server"], m["workerClass"]))
        if found and m.get("app") != "min":
            m["frameworkOverheadCpuMsPerRequest"], m["frameworkOverheadSource"] = found
            json.dump(m, open(path, "w"), indent=2)
print({f"{k[0]}/{k[1]}": v[0] for k, v in overhead.items()})
