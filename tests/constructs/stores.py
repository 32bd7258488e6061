from sprag import store

counter = store("counter", initial={"count": 0, "label": "Clicks"})
session = store("session", initial={"user": {"name": "ada"}, "tags": ["a", "b"]})
