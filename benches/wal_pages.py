#!/usr/bin/env python3
"""Which b-trees the last commits of a SQLite database wrote, counted from its WAL.

Used for BENCHMARKS §1 ("WAL pages per group"): run a server on a fresh database, drive
some writes (`dondoc-bench load ... --creates 2000 --updates 0`), stop the server with
`kill -9` (a clean close would checkpoint and delete the WAL), then

    python3 benches/wal_pages.py /path/to/dondoc.db [LAST_COMMITS]

It reads the frames of the WAL's current generation (page number; a commit frame carries
the database size), groups them by commit, and names each page by walking every b-tree of
a checkpointed copy (interior pages, leaves and overflow chains) from `sqlite_master`.
Only the standard library; the original files are not modified.
"""
import collections
import shutil
import sqlite3
import struct
import sys
import tempfile
from pathlib import Path


def wal_commits(wal: bytes):
    """The page numbers written by each commit of the WAL's current generation."""
    _magic, _ver, psz, _seq, s1, s2, _c1, _c2 = struct.unpack(">8I", wal[:32])
    off, commits, cur = 32, [], []
    while off + 24 + psz <= len(wal):
        pg, commit, f1, f2, _k1, _k2 = struct.unpack(">6I", wal[off : off + 24])
        if (f1, f2) != (s1, s2):
            break
        cur.append(pg)
        if commit:
            commits.append(cur)
            cur = []
        off += 24 + psz
    return commits


def varint(b: bytes, i: int):
    v = 0
    for k in range(9):
        x = b[i + k]
        if k == 8:
            return (v << 8) | x, i + 9
        v = (v << 7) | (x & 0x7F)
        if x < 0x80:
            return v, i + k + 1
    raise ValueError("varint")


def btree_pages(path: str):
    """Page number -> name of the table or index it belongs to."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    roots = con.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0").fetchall()
    psz = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = Path(path).read_bytes()
    page = lambda n: data[(n - 1) * psz : n * psz]
    owner = {}

    def walk(n, name):
        owner[n] = name
        p = page(n)
        h = 100 if n == 1 else 0
        kind = p[h]
        ncell = struct.unpack(">H", p[h + 3 : h + 5])[0]
        hdr = 12 if kind in (2, 5) else 8
        cells = [struct.unpack(">H", p[h + hdr + 2 * i : h + hdr + 2 * i + 2])[0] for i in range(ncell)]
        if kind in (2, 5):  # interior: children, then the right-most child
            for c in cells:
                walk(struct.unpack(">I", p[c : c + 4])[0], name)
            walk(struct.unpack(">I", p[h + 8 : h + 12])[0], name)
        if kind in (13, 10, 2):  # cells with a payload: follow overflow chains
            u = psz
            x = u - 35 if kind == 13 else ((u - 12) * 64 // 255) - 23
            m = ((u - 12) * 32 // 255) - 23
            for c in cells:
                i = c + (4 if kind == 2 else 0)
                size, i = varint(p, i)
                if kind == 13:
                    _, i = varint(p, i)
                if size > x:
                    k = m + ((size - m) % (u - 4))
                    local = k if k <= x else m
                    ov = struct.unpack(">I", p[i + local : i + local + 4])[0]
                    while ov:
                        owner[ov] = name + " (overflow)"
                        ov = struct.unpack(">I", page(ov)[:4])[0]

    for name, root in roots:
        walk(root, name)
    return owner


def main():
    db = sys.argv[1]
    last = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    commits = wal_commits(Path(db + "-wal").read_bytes())[-last:]
    if not commits:
        sys.exit("no commit in the WAL (was the server stopped with kill -9?)")
    with tempfile.TemporaryDirectory() as d:
        copy = str(Path(d) / "copy.db")
        shutil.copy(db, copy)
        shutil.copy(db + "-wal", copy + "-wal")
        owner = btree_pages(copy)
    per = collections.Counter()
    for c in commits:
        for pg in c:
            per[owner.get(pg, "page 1 (header)" if pg == 1 else "free or new")] += 1
    n = len(commits)
    print(f"{n} commits, {sum(map(len, commits)) / n:.1f} pages per commit")
    for name, k in per.most_common():
        print(f"  {k / n:5.1f}  {name}")


if __name__ == "__main__":
    main()
