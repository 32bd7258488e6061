from sprag import store

counter = store("counter", initial={"count": 0, "label": "Clicks"})
