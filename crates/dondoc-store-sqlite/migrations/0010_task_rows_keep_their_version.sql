-- A task row read at (id, version) stays that row for good, so that the store may keep
-- rows it has read and answer a list page from them when the database reports the same
-- versions (src/known.rs; BENCHMARKS §1). The store's own writes already keep this;
-- these triggers make the database refuse anything else, whoever writes.
CREATE TRIGGER tasks_version_moves
BEFORE UPDATE ON tasks
WHEN NEW.version <= OLD.version
BEGIN
    SELECT RAISE(ABORT, 'tasks: every change to a task must increase its version');
END;

-- Tasks are records: never deleted (so an id is never given to another task).
CREATE TRIGGER tasks_never_deleted
BEFORE DELETE ON tasks
BEGIN
    SELECT RAISE(ABORT, 'tasks: a task is never deleted');
END;

-- A task's co-operating units are written with it and never changed.
CREATE TRIGGER task_cooperators_fixed_update
BEFORE UPDATE ON task_cooperators
BEGIN
    SELECT RAISE(ABORT, 'task_cooperators: written once, with the task');
END;
CREATE TRIGGER task_cooperators_fixed_delete
BEFORE DELETE ON task_cooperators
BEGIN
    SELECT RAISE(ABORT, 'task_cooperators: written once, with the task');
END;
