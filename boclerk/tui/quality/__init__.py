"""How well the back office works: the queues with their ages (queues.py) and the service
report with its charts (report.py), opened from the home screen."""
