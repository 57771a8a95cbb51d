"""The test player of the learner site: one question at a time, checkpoints, corrections, results."""
