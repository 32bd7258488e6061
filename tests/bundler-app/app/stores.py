from sprag import store

visits = store("visits", initial={"count": 3})
