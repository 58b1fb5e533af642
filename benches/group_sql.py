#!/usr/bin/env python3
"""Times the SQL of one group commit of 4 task creations, outside dondoc (BENCHMARKS §1).

The statements are those `SqliteGroup::run_all` sends for 4 creates (4 task rows, one
4-row audit insert, COMMIT), run from Python's sqlite3 on a *copy* of a dondoc database,
500 groups per mode:

    python3 benches/group_sql.py /path/to/dondoc.db [full|nosync|nofk|notrig]

- full:   `synchronous=FULL`, as dondoc runs (the WAL is synced at each commit);
- nosync: `synchronous=OFF` (what the SQL costs without the sync);
- nofk:   nosync, and foreign keys off;
- notrig: nosync, and the statistics counters' triggers dropped (the copy only).

It prints the median per group and per part (task inserts, event insert, commit), in
microseconds. Only the standard library; the database given is copied, never modified.
"""
import hashlib
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

TASK = """INSERT INTO tasks (id, org_id, document_id, section, title, lead_unit, assignee,
            parent_task, deadline, due_date, assigned_on, status, is_open, done_late,
            completed_on, progress, urgency, secret, status_reason, version, updated_at, search)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'assigned', 1, NULL, NULL, 0, ?, ?, NULL, 1, ?, ?)"""
EVENTS = (
    "INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash) VALUES "
    + ",".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * 4)
)


def main() -> None:
    src = Path(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else "full"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.db"
        for suffix in ("", "-wal"):
            if Path(f"{src}{suffix}").exists():
                shutil.copy(f"{src}{suffix}", f"{db}{suffix}")
        c = sqlite3.connect(db, isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA foreign_keys=%s" % ("OFF" if mode == "nofk" else "ON"))
        c.execute("PRAGMA synchronous=%s" % ("FULL" if mode == "full" else "OFF"))
        c.execute("PRAGMA wal_autocheckpoint=0")
        if mode == "notrig":
            names = c.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' "
                "AND tbl_name IN ('tasks', 'task_counts')"
            ).fetchall()
            for (n,) in names:
                c.execute(f"DROP TRIGGER {n}")
        org, lead = c.execute("SELECT org_id, lead_unit FROM tasks LIMIT 1").fetchone()
        after, prev = c.execute("SELECT after, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        nid = c.execute("SELECT max(id) FROM tasks").fetchone()[0] + 1
        at = "2026-12-07T13:30:53.064620364+00:00"
        whole, tasks, events, commit = [], [], [], []
        for g in range(500):
            t0 = time.perf_counter()
            c.execute("BEGIN IMMEDIATE")
            rows = []
            for _ in range(4):
                title = f"Nhiệm vụ kiểm thử tải số {nid}: rà soát hồ sơ và báo cáo kết quả thực hiện"
                c.execute(TASK, (nid, org, None, None, title, lead, None, None,
                                 '{"type":"on_date","date":"2027-01-24"}', "2027-01-24",
                                 "2026-12-07", "normal", 0, at, title.lower()))
                h = hashlib.sha256(f"{prev}{nid}".encode()).hexdigest()
                rows += [at, None, "task", nid, "assign", None, after, prev, h]
                prev, nid = h, nid + 1
            t1 = time.perf_counter()
            c.execute(EVENTS, rows)
            t2 = time.perf_counter()
            c.execute("COMMIT")
            t3 = time.perf_counter()
            whole.append(t3 - t0)
            tasks.append(t1 - t0)
            events.append(t2 - t1)
            commit.append(t3 - t2)
            if g % 50 == 49:
                c.execute("PRAGMA wal_checkpoint(PASSIVE)")
        med = lambda xs: round(statistics.median(xs) * 1e6)
        print(f"{mode}: group {med(whole)} µs (tasks {med(tasks)}, events {med(events)}, "
              f"commit {med(commit)}), median of 500")


if __name__ == "__main__":
    main()
