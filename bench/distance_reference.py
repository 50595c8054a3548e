#!/usr/bin/python3
"""Reference side of bench/distance.mjs: the k nearest rows by cosine, in numpy.

  distance_reference.py make --rows-a N --rows-b M --dims D --real-dims R --seed K --out DIR
  distance_reference.py run --a a.npy --b b.npy --real-dims R --k 10 --out indices.npy
  distance_reference.py compare --workbench wb.npy --reference ref.npy

make: two float32 sets [N, D] and [M, D] from one distribution with structure, so that
neighbours mean something: x = z W + 0.5 e, z ~ N(0, I_32), W ~ N(0, 1/32) [32 x R], e ~ N(0, I),
slots R ... D - 1 zero (padding, as in an encoded tensor).
run: padded slots dropped, rows normalised (float64 norms, float32 unit rows, as the workbench
packs them), the similarity matrix in blocks of 1,024 query rows (float32 matrix products),
np.argpartition for the top k of each row, then those k sorted (larger cosine first, ties by
smaller index), i.e. smaller angular distance arccos(cos)/pi first.
Each command prints one JSON line; run's names the BLAS library numpy loaded (Debian's numpy
falls back to the reference BLAS, ~30x slower than OpenBLAS, unless libopenblas0 is installed).
"""
import argparse
import json
import resource
import time

import numpy as np

LATENT_DIMS = 32
NOISE_SCALE = 0.5
QUERY_BLOCK = 1024


def own_usage():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {'cpuSeconds': usage.ru_utime + usage.ru_stime, 'peakRssBytes': usage.ru_maxrss * 1024}


def loaded_blas():
    """The BLAS shared library mapped into this process (Linux), as a file name."""
    try:
        with open('/proc/self/maps') as maps:
            paths = {line.split()[-1] for line in maps if '/' in line and 'blas' in line.split('/')[-1].lower()}
    except OSError:
        return 'unknown'
    return ', '.join(sorted('/'.join(path.split('/')[-2:]) for path in paths)) or 'unknown'


def make(args):
    rng = np.random.default_rng(args.seed)
    weights = rng.standard_normal((LATENT_DIMS, args.real_dims)) / np.sqrt(LATENT_DIMS)
    for name, rows in (('a', args.rows_a), ('b', args.rows_b)):
        data = np.zeros((rows, args.dims), dtype=np.float32)
        latent = rng.standard_normal((rows, LATENT_DIMS))
        data[:, :args.real_dims] = latent @ weights + NOISE_SCALE * rng.standard_normal((rows, args.real_dims))
        np.save(f'{args.out}/{name}.npy', data)
    print(json.dumps({'rowsA': args.rows_a, 'rowsB': args.rows_b, 'dims': args.dims, 'realDims': args.real_dims}))


def unit_rows(data, real_dims):
    real = data[:, :real_dims]
    norms = np.linalg.norm(real.astype(np.float64), axis=1, keepdims=True)
    return (real / np.where(norms > 0, norms, 1)).astype(np.float32)


def nearest(query, reference, k):
    out = np.empty((query.shape[0], k), dtype=np.int32)
    for start in range(0, query.shape[0], QUERY_BLOCK):
        sims = query[start:start + QUERY_BLOCK] @ reference.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        order = np.lexsort((top, -top_sims), axis=1)
        out[start:start + QUERY_BLOCK] = np.take_along_axis(top, order, axis=1)
    return out


def run(args):
    a = np.load(args.a)
    b = np.load(args.b)
    started, cpu_started = time.perf_counter(), time.process_time()
    indices = nearest(unit_rows(a, args.real_dims), unit_rows(b, args.real_dims), args.k)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    np.save(args.out, indices)
    print(json.dumps({'seconds': seconds, 'cpuSeconds': cpu_seconds, 'numpy': np.__version__, 'blas': loaded_blas(),
                      'process': own_usage()}))


def compare(args):
    ours = np.load(args.workbench)
    ref = np.load(args.reference)
    if ours.shape != ref.shape:
        raise SystemExit(f'shapes differ: workbench {ours.shape}, reference {ref.shape}')
    same_sets = np.array([set(x) == set(y) for x, y in zip(ours.tolist(), ref.tolist())])
    print(json.dumps({
        'rows': int(ours.shape[0]), 'k': int(ours.shape[1]),
        'identicalRows': float(np.mean(np.all(ours == ref, axis=1))),
        'identicalSets': float(np.mean(same_sets)),
        'identicalEntries': float(np.mean(ours == ref)),
        'nearestIdentical': float(np.mean(ours[:, 0] == ref[:, 0])),
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    mk = commands.add_parser('make')
    for name in ('rows-a', 'rows-b', 'dims', 'real-dims', 'seed'):
        mk.add_argument(f'--{name}', type=int, required=True)
    mk.add_argument('--out', required=True)
    rn = commands.add_parser('run')
    rn.add_argument('--a', required=True)
    rn.add_argument('--b', required=True)
    rn.add_argument('--real-dims', type=int, required=True)
    rn.add_argument('--k', type=int, default=10)
    rn.add_argument('--out', required=True)
    cmp = commands.add_parser('compare')
    cmp.add_argument('--workbench', required=True)
    cmp.add_argument('--reference', required=True)
    args = parser.parse_args()
    {'make': make, 'run': run, 'compare': compare}[args.command](args)


if __name__ == '__main__':
    main()
