from sprag import Module, env, public_env


class Env(Module):
    def on_start(self):
        a = env()  # expect: SPR123
        b = env("SPRAG_PUBLIC_X", cast=list)  # expect: SPR123
        c = public_env("x")  # expect: SPR123
        print(a, b, c)
