"""Progress tracking: baselines, progress, earned value and earned schedule, milestone gates."""
