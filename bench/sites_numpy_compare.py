#!/usr/bin/python3
"""Independent check of `haven sites` on real data: the site assignment,
occupancies, jump counts and residence times recomputed with numpy from the
raw XDATCAR and haven's own site list (sites.csv), following the definitions
of docs/structure.md (on a site inside a sphere of radius r; between spheres
an ion belongs to the site it last sat on; a jump when it settles on another
site). Only the site positions are shared; reading, minimum-image distances,
assignment and counting are done here.

usage: /usr/bin/python3 bench/sites_numpy_compare.py XDATCAR SITES_DIR DT_PS
  (SITES_DIR: the --csv DIR and the --json output saved as DIR/sites.json)
"""
import json
import sys

import numpy as np


def read_xdatcar(path):
    lines = open(path).read().split("\n")
    scale = float(lines[1])
    cell = scale * np.array([[float(x) for x in lines[k].split()] for k in (2, 3, 4)])
    names, counts = lines[5].split(), [int(x) for x in lines[6].split()]
    n = sum(counts)
    species = np.repeat(names, counts)
    frames, i = [], 7
    while i < len(lines) and lines[i].strip().startswith("Direct"):
        frames.append(np.array([[float(x) for x in lines[i + 1 + a].split()[:3]] for a in range(n)]))
        i += n + 1
    return cell, species, np.array(frames)


def main():
    xdatcar, d, dt_ps = sys.argv[1], sys.argv[2], float(sys.argv[3])
    cell, species, frac = read_xdatcar(xdatcar)
    h = json.load(open(d + "/sites.json"))
    rows = [r.split(",") for r in open(d + "/sites.csv").read().strip().split("\n")[1:]]
    site_frac = np.array([[float(r[2]), float(r[3]), float(r[4])] for r in rows])
    site_type = [r[1] for r in rows]
    li = frac[:, species == h["species"], :]
    T, N, S = li.shape[0], li.shape[1], len(rows)
    radius = h["radius_A"]
    # minimum-image distance of every ion to every site, every frame
    d = li[:, :, None, :] - site_frac[None, None, :, :]
    d -= np.round(d)
    dist = np.linalg.norm(d @ cell, axis=-1)  # T x N x S
    nearest = dist.argmin(axis=2)
    inside = dist.min(axis=2) <= radius
    on = np.where(inside, nearest, -1)
    belong = np.full(N, -1)
    since = np.zeros(N, int)
    entered = np.zeros(N, bool)
    jumps, residences = 0, []
    for t in range(T):
        for q in range(N):
            s = on[t, q]
            if s >= 0 and s != belong[q]:
                if belong[q] >= 0:
                    jumps += 1
                    if entered[q]:
                        residences.append((site_type[belong[q]], t - since[q]))
                    entered[q] = True
                belong[q], since[q] = s, t
    occ = {}
    for name in sorted(set(site_type)):
        idx = [k for k in range(S) if site_type[k] == name]
        occ[name] = float(np.isin(on, idx).sum()) / (T * len(idx))
    duration = (T - 1) * dt_ps * 1e-12
    print("%-26s %14s %14s" % ("quantity", "haven", "numpy"))
    print("%-26s %14d %14d" % ("jumps", h["jumps"], jumps))
    print("%-26s %14.6g %14.6g" % ("jump rate per ion 1/s", h["jump_rate"]["value"],
                                    jumps / (N * duration)))
    print("%-26s %14.6g %14.6g" % ("on-site fraction", h["on_site_fraction"], inside.mean()))
    worst = 0.0
    for t in h["types"]:
        worst = max(worst, abs(t["occupancy"]["value"] - occ[t["name"]]))
        print("%-26s %14.6g %14.6g" % ("occupancy " + t["name"], t["occupancy"]["value"],
                                        occ[t["name"]]))
        res = [f * dt_ps for name, f in residences if name == t["name"]]
        mine = np.mean(res) if res else float("nan")
        theirs = t["residence"]["value"]
        theirs = float("nan") if theirs is None else theirs
        if res or theirs == theirs:
            worst = max(worst, abs(mine - theirs) if res else 1.0)
            print("%-26s %14.6g %14.6g" % ("residence ps " + t["name"], theirs, mine))
    ok = jumps == h["jumps"] and worst < 1e-9
    print("agree exactly" if ok else "DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
