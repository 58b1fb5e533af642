-- The day a returned task was given again, to another unit or back to its own
-- (Task::handed_again_on); NULL while it stays with the unit first given it.
ALTER TABLE tasks ADD COLUMN handed_again_on DATE;
